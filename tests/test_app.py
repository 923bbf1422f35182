"""The review app driven by keys (Textual's Pilot), as an editor uses it."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

from textual.widgets import Input

from pagedesk.core.analysis import analyze_page
from pagedesk.core.editing import edits as E
from pagedesk.core.evaluation import load_gold, score_page
from pagedesk.core.text.page import LineTable
from pagedesk.db.export import export_gold
from pagedesk.db.ingest import ingest
from pagedesk.db.store import Store
from pagedesk.tui.app import PagedeskApp
from pagedesk.tui.dialogs import Choose, Confirm, Form
from pagedesk.tui.review import ReviewScreen

from .conftest import ROOT, SEED, ingested, open_first_page


async def goto(pilot, line: int) -> None:
    await pilot.press("colon")
    await pilot.pause()
    for ch in str(line):
        await pilot.press(ch)
    await pilot.press("enter")
    await pilot.pause()


async def choose(pilot, index: int) -> None:
    """Pick option `index` of an open Choose dialog with the arrow keys."""
    assert isinstance(pilot.app.screen, Choose)
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def save(pilot, review: ReviewScreen) -> None:
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert not review.saving and not review.history.modified


async def cursor_to(pilot, review: ReviewScreen, line: int) -> None:
    """Put the cursor on a line through the app's own call (the keys that get
    there are tested on their own): what follows is the edit under test."""
    review.go_to(line)
    await pilot.pause()


ROLE_KEY = {
    "headline": "h",
    "kicker": "k",
    "subtitle": "t",
    "byline": "y",
    "dateline": "d",
    "subhead": "u",
    "body": "b",
    "caption": "c",
    "signature": "g",
    "furniture": "f",
}


async def correct_to_gold(pilot, review: ReviewScreen, gold_json: dict) -> None:
    """Correct the page to its gold by keys only: moves, splits into new
    articles, roles, figure rejections and additions. What to press is read
    from the state; every change goes through the keyboard."""
    s = review.state
    table = s.table
    gold = load_gold(gold_json, table)
    gold_of = {ln: ga.id for ga in gold.articles for ln in ga.lines}
    # 1. every line into the article that holds most of its gold article
    for _ in range(200):
        home = {}
        for ga in gold.articles:
            # its body decides; failing that (the body sits inside another
            # article's home) the article that its first moved line opened
            for lines in (ga.body, ga.lines):
                c = Counter(s.article_of.get(ln) for ln in lines if s.article_of.get(ln) is not None)
                a = next((a for a, _n in c.most_common() if a not in home.values()), None)
                if a is not None:
                    home[ga.id] = a
                    break
        wrong = [
            ln
            for ln in sorted(s.role_of)
            if (gold_of.get(ln) is None and ln in s.article_of)
            or (gold_of.get(ln) is not None and s.article_of.get(ln) != home.get(gold_of[ln]))
        ]
        if not wrong:
            break
        # the run of neighbouring lines that go to the same place, marked and moved at once
        ln, order_of = wrong[0], sorted(s.role_of)
        wrong_set, run = set(wrong), [wrong[0]]
        for nxt in order_of[order_of.index(ln) + 1 :]:
            if nxt not in wrong_set or gold_of.get(nxt) != gold_of.get(ln):
                break
            run.append(nxt)
        await cursor_to(pilot, review, ln)
        if len(run) > 1:
            await pilot.press("space")
            await cursor_to(pilot, review, run[-1])
        await pilot.press("m")
        await pilot.pause()
        view_numbers = review.query_one("PageView").numbers
        order = [a for a, _ in sorted(view_numbers.items(), key=lambda t: t[1])]
        target = home.get(gold_of.get(ln)) if gold_of.get(ln) is not None else "out"
        if target is None:
            index, key = len(order), "n"  # a new article
        elif target == "out":
            index, key = len(order) + 1, "o"
        else:
            index, key = order.index(target), str(order.index(target) + 1)
        if len(order) <= 9:
            await pilot.press(key)  # one more key in the status line
            await pilot.pause()
        else:
            await choose(pilot, index)
    # 2. roles of headline, byline and dateline lines as the gold gives them
    want = {}
    for a in gold_json["articles"]:
        for key, role in (
            ("kicker_lines", "kicker"),
            ("subtitle_lines", "subtitle"),
            ("byline_lines", "byline"),
            ("dateline_lines", "dateline"),
        ):
            for ln in a.get(key, []):
                want[ln] = role
        for ln in a.get("headline_lines", []):
            want.setdefault(ln, "headline" if s.role_of.get(ln) not in ("kicker", "subtitle") else s.role_of[ln])
    for ln, role in sorted(want.items()):
        if s.role_of.get(ln) != role:
            await cursor_to(pilot, review, ln)
            await pilot.press("r")
            await pilot.pause()
            await pilot.press(ROLE_KEY[role])
            await pilot.pause()
    # 3. figures: reject what the gold does not list, add what it lists and we missed
    if gold.figures is not None:

        def matches(f, g):
            return f.start < g.end and g.start < f.end

        for f in sorted(s.figures.values(), key=lambda f: f.start):
            if f.status == "rejected":
                continue
            hits = [g for g in gold.figures if matches(f, g)]
            good = any(g.optional or abs(g.value - f.value) < 1e-6 for g in hits)
            if not good:
                await cursor_to(pilot, review, f.line)
                review.figure_cursor = f.id
                await pilot.press("x")
                await pilot.pause()
        for g in gold.figures:
            if g.optional or any(
                matches(f, g) and f.status != "rejected" and abs(f.value - g.value) < 1e-6 for f in s.figures.values()
            ):
                continue
            first, last = table.line_of(g.start), table.line_of(g.end - 1)
            await cursor_to(pilot, review, first)
            if last != first:
                await pilot.press("space")
                await cursor_to(pilot, review, last)
            await pilot.press("plus")
            await pilot.pause()
            # the figure's text typed in (the keys of this form are tested on their own)
            pilot.app.screen.query_one(Input).value = g.text.replace("\n", "")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, Form), "the figure text was not found in the marked lines"
            await pilot.press("ctrl+s")
            await pilot.pause()


def _score_export(db: Path, tmp_path: Path, gold_json: dict) -> tuple:
    """The saved page scored against the original gold, and against its own gold export."""
    out = tmp_path / "gold-export"
    with Store(db) as store:
        export_gold(store, out)
        analysis = store.load(store.all_page_ids()[0]).state.to_analysis()
    (g,) = out.glob("*.gold.json")
    text = g.with_name(g.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    exported = json.loads(g.read_text(encoding="utf-8"))
    return (
        score_page(analysis, load_gold(gold_json, LineTable.of(text))),
        score_page(analysis, load_gold(exported, LineTable.of(text))),
    )


async def test_the_seed_page_corrected_to_its_gold_saves_and_exports_perfectly(seed_db, tmp_path):
    gold_json = json.loads(SEED.with_name(SEED.name + ".gold.json").read_text(encoding="utf-8"))
    app = PagedeskApp(seed_db, "editor")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        # an editor's pass: approve each article (a), then the page (A saves)
        await correct_to_gold(pilot, review, gold_json)
        for _ in range(3):
            await pilot.press("a")
            await pilot.pause()
        await save(pilot, review)
    s, s_self = _score_export(seed_db, tmp_path, gold_json)
    for sc in (s, s_self):
        assert (sc.pair_f1, sc.exact_rate, sc.attachment, sc.fig_precision, sc.fig_recall) == (1.0, 1.0, 1.0, 1.0, 1.0)
    # the export carries each figure's label, period and ISO form, and they score as saved
    assert s_self.fig_labels > 20 and s_self.fig_isos > 5
    assert (s_self.label_rate, s_self.period_rate, s_self.iso_rate) == (1.0, 1.0, 1.0)


async def test_a_page_with_detection_errors_is_corrected_by_keys(rebuilt_test_pages, tmp_path):
    """Rebuilt pages the detector gets wrong, corrected to their gold through the app."""
    fixed = 0
    for gold_path in sorted(rebuilt_test_pages.glob("*.gold.json")):
        gold_json = json.loads(gold_path.read_text(encoding="utf-8"))
        txt = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        text = txt.read_text(encoding="utf-8")
        before = score_page(analyze_page(text), load_gold(gold_json, LineTable.of(text)))
        if before.pair_f1 >= 0.97 or len(text) > 6000:
            continue
        db = tmp_path / f"{gold_path.stem}.db"
        with Store(db) as store:
            ingest(store, [str(txt)])
        app = PagedeskApp(db, "editor")
        async with app.run_test(size=(120, 40)) as pilot:
            review = await open_first_page(pilot)
            await correct_to_gold(pilot, review, gold_json)
            await save(pilot, review)
        with Store(db) as store:
            analysis = store.load(store.all_page_ids()[0]).state.to_analysis()
        after = score_page(analysis, load_gold(gold_json, LineTable.of(text)))
        assert (after.pair_f1, after.exact_rate, after.attachment) == (1.0, 1.0, 1.0), (gold_path.name, after.misses)
        fixed += 1
        if fixed == 2:
            break
    assert fixed == 2


async def test_undo_of_every_operation_restores_the_state(seed_db):
    app = PagedeskApp(seed_db, "editor")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        steps = [
            (84, ["s"]),  # split
            (215, ["less_than_sign"]),  # merge with previous
            (215, ["greater_than_sign"]),  # merge with next
            (84, ["m", "2"]),  # move the line to article 2
            (84, ["space", "j", "j", "m", "n"]),  # move a marked range to a new article
            (84, ["r", "h"]),  # role
            (84, ["e", "X", "enter", "enter", "enter", "enter"]),  # edit the kicker (X appended)
            (195, ["f", "c"]),  # confirm figure
            (195, ["f", "x"]),  # reject figure
            (195, ["f", "E", "enter", "enter", "enter", "L", "ctrl+s"]),  # edit figure label
            (3, ["a"]),  # approve article
            (3, ["A"]),  # approve page (then saves: undone before)
        ]
        for line, keys in steps:
            await cursor_to(pilot, review, line)
            before = review.state.copy()
            for k in keys[:-1] if keys == ["A"] else keys:
                await pilot.press(k)
                await pilot.pause()
            if keys == ["A"]:
                review.do(lambda: E.approve_page(review.state))
            assert review.state != before, keys
            await pilot.press("u")
            await pilot.pause()
            assert review.state == before, keys
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert review.state != before, keys
            await pilot.press("u")
            await pilot.pause()
            assert review.state == before, keys


async def test_adding_a_figure_from_marked_text(seed_db):
    app = PagedeskApp(seed_db, "editor")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        await goto(pilot, 63)
        n = len(review.state.figures)
        await pilot.press("plus")
        for ch in "冠军企业":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Form)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        # "冠军企业" has no number: nothing guessed, the editor typed none: refused with a notice
        assert len(review.state.figures) == n
        await pilot.press("space", "j")  # the figure runs on to the next line: mark both
        await pilot.press("plus")
        for ch in "2家":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        added = [f for f in review.state.figures.values() if f.status == "added"]
        assert added and added[0].text == "2\n家" and added[0].value == 2 and added[0].unit == "家"


async def test_quitting_with_unsaved_changes_asks(seed_db):
    app = PagedeskApp(seed_db, "editor")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert review.history.modified
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("c")  # cancel
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("s")  # save, then back to the pages (it once saved and stayed)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not review.history.modified and not isinstance(app.screen, (ReviewScreen, Confirm))
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
    conn = sqlite3.connect(seed_db)
    assert conn.execute("select count(*) from edits").fetchone()[0] == 1


async def test_keys_are_listed_with_ids_and_a_user_keymap_changes_them(seed_db):
    app = PagedeskApp(seed_db, "editor", keymap={"review.split": "S"})
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = app.screen.rows
        ids = {r[2] for r in rows}
        assert {"review.split", "review.undo", "review.save", "review.approve_article", "app.quit"} <= ids
        await pilot.press("escape")
        await goto(pilot, 84)
        before = len(review.state.articles)
        await pilot.press("s")
        await pilot.pause()
        assert len(review.state.articles) == before  # s no longer splits
        await pilot.press("S")
        await pilot.pause()
        assert len(review.state.articles) == before + 1


async def test_markup_and_escapes_in_page_text_are_shown_literally(tmp_path):
    page = tmp_path / "evil.txt"
    page.write_text("恶意[bold]标题[/bold]\n\n本报讯 全市新增就业5.2万人[link=http://x]点[/link]。\n", encoding="utf-8")
    app = PagedeskApp(ingested(tmp_path / "evil.db", page), "editor")
    async with app.run_test(size=(120, 30)) as pilot:
        await open_first_page(pilot)
        view = app.screen.query_one("PageView")
        rendered = "".join(seg.text for y in range(3) for seg in view.render_line(y))
        assert "[bold]标题[/bold]" in rendered and "[link=http://x]" in rendered


async def test_opening_an_analysed_database_does_not_load_jieba(seed_db):
    import subprocess
    import sys

    code = (
        "import asyncio, sys\n"
        "from pagedesk.tui.app import PagedeskApp\n"
        "from pagedesk.core.text import words as tokens\n"
        "async def main():\n"
        f"    app = PagedeskApp({str(seed_db)!r}, 'x')\n"
        "    async with app.run_test(size=(80, 24)) as pilot:\n"
        "        await pilot.pause(); await pilot.press('enter'); await pilot.pause()\n"
        "        await pilot.press('f'); await pilot.press('c'); await pilot.press('ctrl+s'); await pilot.pause(0.3)\n"
        "    print('jieba' in sys.modules, tokens.is_loaded())\n"
        "asyncio.run(main())\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.split() == ["False", "False"], r.stderr


async def test_the_queue_searches_sorts_and_filters(tmp_path):
    app = PagedeskApp(ingested(tmp_path / "q.db", ROOT / "sample_pages"), "editor")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        queue = app.screen
        assert len(queue.rows) == 5
        await pilot.press("slash")
        await pilot.pause()
        for ch in "港口集团":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert [r.name for r in queue.rows] == ["001_harbour_logistics.txt"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(queue.rows) == 5
        await pilot.press("o")  # riskiest first
        await pilot.pause()
        assert queue.sort == "risk" and queue.rows[0].n_low == max(r.n_low for r in queue.rows)
        await pilot.press("t")  # only new pages
        await pilot.pause()
        assert queue.status_filter == "new" and len(queue.rows) == 5
        await pilot.press("home")
        first = queue.current_id()
        await pilot.press("j", "j", "k")  # moving the cursor opens nothing; enter opens its page
        await pilot.pause()
        assert app.screen is queue and queue.current_id() not in (None, first)
        want = queue.current_id()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not queue and app.screen.page.row.id == want


async def test_figure_keys_visit_every_figure_in_text_order(seed_db):
    app = PagedeskApp(seed_db, "editor")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_first_page(pilot)
        order = [f.id for f in sorted(review.state.figures.values(), key=lambda f: f.start)]
        if review.figure is not None:  # the page opens on a figure: f goes on from there
            order = order[order.index(review.figure.id) + 1 :]
        seen = []
        for _ in order:
            await pilot.press("f")
            seen.append(review.figure.id)
        assert seen == order
        back = []
        for _ in order[:-1]:  # and back, into each previous article at its last figure
            await pilot.press("F")
            back.append(review.figure.id)
        assert back == order[-2::-1]


async def test_edits_made_while_a_save_waits_for_the_lock_stay_unsaved(seed_db):
    """The save's completion once marked every edit saved, those made while it
    waited included: the status said saved, q quit without asking, and the
    database held the first split only."""
    app = PagedeskApp(seed_db, "editor")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("j", "j", "s")
        other = sqlite3.connect(seed_db, isolation_level=None)
        other.execute("begin immediate")  # another writer holds the lock
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert review.saving
        await pilot.press("j", "j", "s", "a")
        other.execute("commit")
        other.close()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert review.history.unsaved == 2 and "●2 unsaved" in str(review.query_one("#status").render())
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
    conn = sqlite3.connect(seed_db)
    assert [op for (op,) in conn.execute("select operation from edits order by id")] == ["split"]


async def test_a_save_that_fails_unexpectedly_keeps_the_app_and_the_edits(seed_db, monkeypatch):
    """A failed COMMIT once escaped the save as an OperationalError: the app
    exited (with status 0) and the unsaved edits were gone."""

    def fails(*args, **kwargs):
        raise sqlite3.OperationalError("cannot rollback - no transaction is active")

    app = PagedeskApp(seed_db, "editor")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("j", "j", "s")
        monkeypatch.setattr(Store, "save", fails)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and app.screen is review
        assert review.history.unsaved == 1 and not review.saving
        assert "●1 unsaved" in str(review.query_one("#status").render())
