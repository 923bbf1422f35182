"""The review pass as an editor goes through it: keys in bursts, every way out,
one cursor, the counter, the layout, the queue, one letter per role, and two
editors on one page."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual import events
from textual.color import Color

from pagedesk.core.editing import edits as E
from pagedesk.core.lines import roles as R
from pagedesk.core.text.safe import printable
from pagedesk.db.ingest import ingest
from pagedesk.db.store import Store
from pagedesk.tui.app import PagedeskApp
from pagedesk.tui.dialogs import Confirm
from pagedesk.tui.pageview import PageView
from pagedesk.tui.review import ReviewScreen

from .conftest import ROOT, SEED, ingested, open_first_page

SAMPLES = ROOT / "sample_pages"


async def burst(pilot, *keys: str) -> None:
    """Keys as a slow SSH link delivers them: all in one write, none waiting for the one before."""
    for key in keys:
        char = key if len(key) == 1 else None
        if key == "space":
            char = " "
        pilot.app._driver.send_message(events.Key(key, char))
    await pilot.pause()
    await pilot.pause()


def _status(review: ReviewScreen) -> str:
    return str(review.query_one("#status").render())


async def _cursor(pilot, review: ReviewScreen, line: int) -> None:
    review.go_to(line)
    await pilot.pause()


# --- 1. a two-key command takes its second key whatever the timing -------------------------


async def test_a_role_and_its_key_in_one_burst_set_the_role(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_first_page(pilot)
        await _cursor(pilot, review, 27)
        statuses = {a: m.status for a, m in review.state.articles.items()}
        await burst(pilot, "r", "a")  # once: article 1 approved, the role prompt left behind
        assert review.state.role_of[27] == R.AD
        assert {a: m.status for a, m in review.state.articles.items()} == statuses
        await burst(pilot, "u", "r", "k")  # once: k moved the cursor and left the prompt open
        assert review.state.role_of[27] == R.KICKER and review.query_one(PageView).cursor == 27
        assert review._pending is None


async def test_a_move_and_its_target_in_one_burst_move(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_first_page(pilot)
        line = review.state.lines_of(review.state.ordered_articles()[0])[5]
        await _cursor(pilot, review, line)
        target = review.state.ordered_articles()[1]
        await burst(pilot, "m", "2", "j")
        assert review.state.article_of[line] == target
        assert review.query_one(PageView).cursor > line  # j ran, after the move


# --- 2 and 7. every way out asks, and "save" then does what was asked -------------------


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c", "q"])
async def test_every_quit_key_asks_about_unsaved_edits(seed_db, key):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("a")
        await pilot.press(key)
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, Confirm), key
        await pilot.press("s")  # save, and then quit (it once saved and stayed)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
    assert not app.is_running and not review.history.modified
    assert sqlite3.connect(seed_db).execute("select count(*) from edits").fetchone()[0] == 1


# --- 5. one cursor --------------------------------------------------------------------------


async def test_arrows_and_page_keys_move_the_cursor(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_first_page(pilot)
        view = review.query_one(PageView)
        start = view.cursor
        await pilot.press("down", "down")
        assert view.cursor > start
        here = view.cursor
        await pilot.press("pagedown")
        assert view.cursor > here
        await pilot.press("up")
        assert view.cursor < review.state.table.__len__()
        await burst(pilot, "G")
        assert view.cursor == max(view._rows)
        await burst(pilot, "g", "g")
        assert view.cursor == min(view._rows)


async def test_f_goes_to_the_next_figure_after_the_cursor(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("f", "f", "f")
        figs = sorted(review.state.figures.values(), key=lambda f: f.start)
        with_figures = {f.line for f in figs}
        plain = next(ln for ln in sorted(review.state.role_of) if ln > figs[len(figs) // 2].line
                     and ln not in with_figures)  # fmt: skip
        await _cursor(pilot, review, plain)  # after going elsewhere: f starts from the cursor
        await pilot.press("f")
        want = next(f for f in figs if f.line > plain)
        assert review.figure.id == want.id
        table = review.query_one("#figures")
        assert table.current_key == review.figure.id  # the list's ▶ is the figure c, x and E act on
        await pilot.press("x")
        assert review.state.figures[want.id].status == "rejected"


async def test_a_figure_form_filled_in_one_burst_edits_label_iso_and_range(seed_db):
    """Enter steps one field per key even when the keys arrive in one write, and
    the new fields (ISO form, range) are edited and shown in the figures table."""
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(160, 40)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("f")
        f = review.figure
        # value unit kind label period | iso | low high: new label, then ISO, then the range
        # a field reached by enter has its text selected: typing replaces it
        await burst(pilot, "E", "enter", "enter", "enter", "量", "enter", "enter",
                    *"2024-03", "enter", "2", "enter", "3", "ctrl+s")  # fmt: skip
        await pilot.pause()
        edited = review.state.figures[f.id]
        assert (edited.label, edited.iso, edited.low, edited.high) == ("量", "2024-03", 2.0, 3.0)
        assert edited.status == "edited"
        row = next(r for r in review.query_one("#figures").rows if r.key == f.id)
        assert "2024-03" in row.cells and "量" in row.cells


async def test_keys_after_a_form_s_ctrl_s_in_the_same_burst_reach_the_screen_behind(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        view = review.query_one(PageView)
        await burst(pilot, "colon", "9", "0", "ctrl+s", "j")  # go to line 90, then one line down
        assert app.screen is review
        assert view.cursor > 90


async def test_a_figure_added_through_two_forms_in_one_burst(seed_db):
    """`+`, the figure's text, enter, then the second form's ctrl+s and a key
    for the page, all in one write: each reaches the screen it was meant for."""
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        await burst(pilot, "colon", "6", "3", "enter", "space", "j", "plus", "2", "家", "enter", "ctrl+s", "j")
        await pilot.pause()
        added = [f for f in review.state.figures.values() if f.status == "added"]
        assert [(f.text, f.value, f.unit) for f in added] == [("2\n家", 2, "家")]
        assert app.screen is review


async def test_the_current_article_follows_the_cursor_after_a_split(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        first = review.state.ordered_articles()[0]
        line = review.state.lines_of(first)[10]
        await _cursor(pilot, review, line)
        await pilot.press("s")
        new = review.state.article_of[line]
        assert new != first and review.query_one(PageView).current_article == new
        assert " A2/4 " in _status(review)
        await pilot.press("less_than_sign")  # merges the new article back into the one above it
        assert review.state.article_of[line] == first and " A1/3 " in _status(review)


# --- 6. the counter shows the net change --------------------------------------------------


async def test_the_counter_shows_the_net_change(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("j", "j", "s", "j", "j", "s")
        assert "●2 unsaved" in _status(review)
        await pilot.press("u", "u")
        assert "saved" in _status(review) and "●" not in _status(review)
        await pilot.press("f", "c")
        fid = next(f.id for f in review.state.figures.values() if f.status == "confirmed")
        review.go_to(review.state.figures[fid].line, fid)
        await pilot.press("c")  # confirming a confirmed figure changes nothing, and is not logged
        assert "●1 unsaved" in _status(review) and len(review.history.log) == 5


# --- 8. what the screen shows ---------------------------------------------------------------


async def test_a_long_name_and_title_are_cut_with_an_ellipsis_never_dropped(tmp_path):
    page = tmp_path / "cnooc_pdfminer_0190_front_page_evening_edition.txt"
    page.write_text(SEED.with_suffix(".txt").read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "n.db"
    with Store(db) as store:
        ingest(store, [str(page)])
    for width in (80, 200):
        app = PagedeskApp(db, "ana")
        async with app.run_test(size=(width, 30)) as pilot:
            review = await open_first_page(pilot)
            status = review.query_one("#status").render_line(0).text
            assert "cnooc_pdfminer_0190" in status  # once cut to 18 characters at every width
            if width == 200:
                assert "cnooc_pdfminer_0190_front_page_evening_edition" in status and "A1/3" in status
            else:
                assert status.rstrip().endswith("…")


async def test_on_a_wide_screen_the_text_takes_its_column_and_the_titles_the_rest(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        view = review.query_one(PageView)
        # the seed's column is 20 characters of Chinese: 40 cells and the gutter
        assert view.size.width < 60
        titles = review.query_one("#articles")
        first = titles.render_line(0).text
        assert "威海火炬高新区推动“织造" in first  # was cut to 威海火炬 when the text took 3/5


async def test_the_role_question_names_every_role_at_80_columns(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        review = await open_first_page(pilot)
        await pilot.press("r")
        await pilot.pause()
        status = review.query_one("#status")
        shown = "".join(status.render_line(y).text for y in range(status.size.height))
        for role, letter in R.ROLE_LETTER.items():
            assert f"{letter.lower()}:{role[:4]}" in shown, role
        await pilot.press("escape")


async def test_no_colour_means_no_colour_codes(seed_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_page(pilot)
        segments = list(app.screen.query_one(PageView).render_line(0))
        for f in app._filters:
            segments = f.apply(segments, Color(0, 0, 0))
        # Textual's own NO_COLOR filter turned colours grey: 256-colour codes all the same
        assert all(s.style is None or s.style.color is None or s.style.color.is_default for s in segments)
        assert all(s.style is None or s.style.bgcolor is None or s.style.bgcolor.is_default for s in segments)


# --- 9. the queue's search counts every page ----------------------------------------------


def test_search_finds_every_page_not_the_first_200(tmp_path):
    db = ingested(tmp_path / "many.db", SAMPLES / "001_harbour_logistics.txt")
    conn = sqlite3.connect(db)
    for k in range(250):  # the same text under 250 more names
        conn.execute(
            "insert into pages (sha256, name, path, text, status, version, note) select sha256 || ?, name || ?, path,"
            " text, status, version, '' from pages where id = 1",
            [str(k), str(k)],
        )
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert len(store.search("港口集团")) == 251


# --- 10. one letter per role ----------------------------------------------------------------


async def test_each_role_s_key_is_its_letter_in_the_gutter(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(100, 30)) as pilot:
        review = await open_first_page(pilot)
        view = review.query_one(PageView)
        line = review.state.lines_of(review.state.ordered_articles()[0])[4]
        for role, letter in R.ROLE_LETTER.items():
            await _cursor(pilot, review, line)
            await burst(pilot, "r", letter.lower())
            assert review.state.role_of[line] == role
            row = view._row_of(line) - view.scroll_offset.y
            assert f"{letter} │" in view.render_line(row).text, role
            if role in R.UNASSIGNED_ROLES:
                await pilot.press("u")


# --- 4. two editors on one page ---------------------------------------------------------------


def _save_other(db: Path, build) -> None:
    with Store(db) as other:
        page = other.load(1)
        op = build(page.state)
        other.save(1, page.state, page.version, [(op, op.apply(page.state))], user="bob")


async def test_two_editors_of_different_lines_both_keep_their_changes(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        first, second = review.state.ordered_articles()[:2]
        mine = review.state.lines_of(first)[10]
        theirs = review.state.lines_of(second)[0]
        await _cursor(pilot, review, mine)
        await pilot.press("s")
        _save_other(seed_db, lambda s: E.set_role(s, [theirs], R.SUBHEAD))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, Confirm) and not review.history.modified
    with Store(seed_db) as store:
        s = store.load(1).state
        assert s.role_of[theirs] == R.SUBHEAD and s.article_of[mine] != first
        assert [e["user"] for e in store.history(1)] == ["bob", "ana"]


async def test_two_editors_of_one_line_are_asked_per_clash(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        line = review.state.lines_of(review.state.ordered_articles()[0])[3]
        await _cursor(pilot, review, line)
        await burst(pilot, "r", "c")
        _save_other(seed_db, lambda s: E.set_role(s, [line], R.SUBHEAD))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        question = app.screen.question
        assert "000_8627e98ea5b30c4b.txt" in question and f"line {line}" in question and "bob" in question
        await pilot.press("m")  # mine on top
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not review.history.modified
    with Store(seed_db) as store:
        assert store.load(1).state.role_of[line] == R.CAPTION


# --- 3. a dropped terminal loses nothing -----------------------------------------------------

EDITOR = """
import asyncio, json, sys, time
from dataclasses import asdict
from pagedesk.tui.app import PagedeskApp

def canonical(s):
    return json.dumps([sorted(s.article_of.items()), sorted(s.role_of.items()),
                       sorted((a, asdict(m)) for a, m in s.articles.items()),
                       sorted((f, asdict(x)) for f, x in s.figures.items()), s.status, s.note], ensure_ascii=False)

async def main(db, out):
    app = PagedeskApp(db, "ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(); await pilot.press("enter"); await pilot.pause()
        review = app.screen
        for keys in (["j", "j", "j", "s"], ["f", "c"], ["f", "x"], ["j", "r", "s"], ["a"], ["j", "j", "s"],
                     ["f", "c"], ["number_sign"], ["u"], ["j", "r", "c"]):
            await pilot.press(*keys)
            if keys == ["number_sign"]:
                await pilot.press("x", "enter", "enter")
                await pilot.pause()
        review.journal.flush()
        open(out, "w").write(canonical(review.state))
        print(len(review.history.log), flush=True)
        time.sleep(600)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def test_a_killed_app_s_unsaved_edits_are_offered_back_whole(seed_db, tmp_path):
    import json
    import signal
    import subprocess
    import sys
    from dataclasses import asdict

    out = tmp_path / "state.json"
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(seed_db), str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    logged = int(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert logged >= 10
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and f"restore {logged} unsaved edits" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        s = app.screen.state
        mine = json.dumps([sorted(s.article_of.items()), sorted(s.role_of.items()),
                           sorted((a, asdict(m)) for a, m in s.articles.items()),
                           sorted((f, asdict(x)) for f, x in s.figures.items()), s.status, s.note],
                          ensure_ascii=False)  # fmt: skip
        assert json.loads(mine) == json.loads(out.read_text(encoding="utf-8"))
        assert app.screen.history.modified
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.journal.flush()
    with Store(seed_db) as store:
        assert store.db.execute("select count(*) from journal").fetchone()[0] == 0


async def test_another_editor_s_unsaved_edits_show_in_the_queue(seed_db):
    from pagedesk.db.journal import Journal

    journal = Journal(seed_db, 1, "bob", 1)
    journal.record(0, E.SetPageNote("x"), E.SetPageNote(""))
    journal.flush()
    journal.close()
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        pages = app.screen.query_one("#pages")
        assert "editing: bob" in pages.render_line(0).text


async def test_compilation_items_join_and_split_with_one_key_each(tmp_path):
    app = PagedeskApp(ingested(tmp_path / "harvest.db", SAMPLES / "002_county_harvest.txt"), "ana")
    async with app.run_test(size=(120, 40)) as pilot:
        review = await open_first_page(pilot)
        first, second = [a for a in review.state.ordered_articles() if review.state.lines_of(a)]
        title = [ln for ln in review.state.lines_of(second) if review.state.role_of[ln] == R.HEADLINE]
        await _cursor(pilot, review, review.state.lines_of(first)[3])
        await burst(pilot, "I")  # the next article joins this one as its second item
        assert review.state.article_of[title[0]] == first and review.state.role_of[title[0]] == R.SUBHEAD
        await burst(pilot, "i")  # and leaves it again, under its own headline
        assert review.state.article_of[title[0]] != first and review.state.role_of[title[0]] == R.HEADLINE
        assert " A1/2 " in _status(review)


async def test_the_next_doubtful_key_says_what_to_check_there(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(80, 24)) as pilot:  # the figures table is behind v here
        review = await open_first_page(pilot)
        await _cursor(pilot, review, 1)
        for _ in range(8):
            app.clear_notifications()
            await burst(pilot, "l")
            (said,) = [n.message for n in app._notifications]
            if said.startswith("doubtful figure"):
                break
        else:
            pytest.fail("l never stopped on a doubtful figure of the seed page")
        f = review.figure
        assert f is not None and f.confidence < 0.6
        assert printable(f.text) in said and f"label {printable(f.label) or 'no label'}" in said


async def test_the_current_row_still_says_it_is_doubtful(seed_db):
    app = PagedeskApp(seed_db, "ana")
    async with app.run_test(size=(160, 48)) as pilot:
        review = await open_first_page(pilot)
        listing = review.query_one("#articles")
        doubtful = [k for k, row in enumerate(listing.rows) if row.mark == "!"]
        assert doubtful, "the seed page has a doubtful article"
        listing.cursor = doubtful[0]
        await pilot.pause()
        drawn = "".join(seg.text for seg in listing.draw_row(doubtful[0], 80))
        assert drawn.startswith("▶!")  # the cursor's sign and the doubt, both
