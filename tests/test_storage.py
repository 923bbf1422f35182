"""Storage: ingest, corrections, conflicts, crashes, export, stats, migrations, bad databases."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pagedesk.core.editing import edits as E
from pagedesk.core.editing.state import PageState
from pagedesk.core.evaluation import load_gold, score_page
from pagedesk.core.text.page import LineTable
from pagedesk.db.ingest import ingest
from pagedesk.db.schema import MIGRATIONS, SCHEMA_VERSION, ConflictError, StoreError, open_db
from pagedesk.db.store import Store

from .conftest import ROOT, Ran, run_cli

SAMPLES = ROOT / "sample_pages"


def dump(db_path: Path) -> dict:
    conn = sqlite3.connect(db_path)
    out = {}
    for table in ("pages", "articles", "lines", "figures", "edits", "detections"):
        cols = [
            r[1] for r in conn.execute(f"pragma table_info({table})") if r[1] not in ("added_at", "updated_at", "at")
        ]
        out[table] = conn.execute(f"select {', '.join(cols)} from {table} order by 1, 2").fetchall()
    conn.close()
    return out


@pytest.fixture()
def db_path(tmp_path) -> Path:
    return tmp_path / "pagedesk.db"


@pytest.fixture()
def filled(db_path) -> Path:
    with Store(db_path) as store:
        report = ingest(store, [str(SAMPLES)])
    assert report.added == 5 and not report.failed
    return db_path


def test_ingesting_twice_gives_the_same_rows(filled):
    before = dump(filled)
    with Store(filled) as store:
        report = ingest(store, [str(SAMPLES)], jobs=2)
    assert report.added == 0 and report.skipped == 5
    assert dump(filled) == before


def test_parallel_ingest_stores_what_serial_ingest_stores(tmp_path, filled):
    other = tmp_path / "parallel.db"
    with Store(other) as store:
        ingest(store, [str(SAMPLES)], jobs=2)
    strip = lambda d: {k: [r[1:] for r in v] if k != "pages" else [r[1:] for r in v] for k, v in d.items()}  # noqa: E731
    assert strip(dump(other))["lines"] == strip(dump(filled))["lines"]
    assert dump(other)["figures"] == dump(filled)["figures"]


def _correct(store: Store, page_id: int) -> PageState:
    page = store.load(page_id)
    s = page.state
    done = []
    for build in (  # each edit built on the state the one before left, as the app does
        lambda: E.set_field(s, s.ordered_articles()[0], "title", "编辑改过的标题"),
        lambda: E.reject_figure(s, sorted(s.figures)[0]),
        lambda: E.approve_article(s, s.ordered_articles()[0]),
    ):
        op = build()
        done.append((op, op.apply(s)))
    store.save(page_id, s, page.version, done, user="ana")
    return s


def test_a_save_is_loaded_back_exactly_and_logged(filled):
    with Store(filled) as store:
        saved = _correct(store, 1)
        back = store.load(1)
        assert back.state == saved and back.version == 2 and back.row.last_editor == "ana"
        log = store.history(1)
        assert [h["operation"] for h in log] == ["edit title", "reject figure", "approve article"]
        assert all(h["user"] == "ana" and h["version"] == 2 for h in log)
        assert E.Edit.from_json(log[0]["after"]).label == "edit title"


def test_reanalyze_keeps_human_changes(filled):
    with Store(filled) as store:
        saved = _correct(store, 1)
        untouched_version = store.row(2).version
        report = ingest(store, [str(SAMPLES)], reanalyze=True)
        assert report.kept == 1 and report.reanalyzed == 4
        assert store.load(1).state == saved
        assert store.row(2).version == untouched_version + 1


def test_two_editors_saving_the_same_page_the_second_gets_a_conflict(filled):
    a, b = Store(filled), Store(filled)
    try:
        pa, pb = a.load(1), b.load(1)
        op = E.set_field(pa.state, pa.state.ordered_articles()[0], "title", "甲")
        a.save(1, pa.state, pa.version, [(op, op.apply(pa.state))], user="甲")
        op = E.set_field(pb.state, pb.state.ordered_articles()[0], "title", "乙")
        with pytest.raises(ConflictError) as e:
            b.save(1, pb.state, pb.version, [(op, op.apply(pb.state))], user="乙")
        assert "甲" in str(e.value)
        assert b.load(1).state.field_text(pa.state.ordered_articles()[0], "title") == "甲"
    finally:
        a.close()
        b.close()


def _integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    # every stored page has its whole state: a line row for every non-blank line
    for pid, text in conn.execute("select id, text from pages"):
        n = conn.execute("select count(*) from lines where page_id = ?", [pid]).fetchone()[0]
        assert n == len(LineTable.of(text).nonblank())
    conn.close()


def test_killed_mid_ingest_the_database_is_whole(many_pages, db_path):
    pages = many_pages
    proc = subprocess.Popen(
        [sys.executable, "-m", "pagedesk.tui.cli", "ingest", str(pages), "--db", str(db_path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in proc.stderr:
        if line.startswith("analysing") and int(line.split()[1].split("/")[0]) >= 10:
            break
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _integrity(db_path)
    with Store(db_path) as store:
        stored = len(store.all_page_ids())
        assert 0 < stored < 40
        report = ingest(store, [str(pages)])
        assert report.skipped == stored and report.added == 40 - stored
    _integrity(db_path)


SAVER = """
import sys
from pagedesk.core.editing import edits as E
from pagedesk.db.store import Store
store = Store(sys.argv[1])
page = store.load(1)
s, version = page.state, page.version
first = s.ordered_articles()[0]
for i in range(100000):
    op = E.set_field(s, first, "title", f"标题{i}")
    version = store.save(1, s, version, [(op, op.apply(s))], user="robot")
    print(version, flush=True)
"""


def test_killed_mid_save_no_committed_correction_is_lost(filled):
    proc = subprocess.Popen([sys.executable, "-c", SAVER, str(filled)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    seen = 0
    for line in proc.stdout:
        seen = int(line)
        if seen >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _integrity(filled)
    with Store(filled) as store:
        page = store.load(1)
        assert page.version >= seen
        first = page.state.ordered_articles()[0]
        assert page.state.field_text(first, "title") == f"标题{page.version - 2}"
        assert len(store.history(1)) == page.version - 1


def test_export_equals_the_stored_corrected_state(filled, tmp_path):
    with Store(filled) as store:
        saved = _correct(store, 1)
        states = {pid: store.load(pid).state for pid in store.all_page_ids()}
    out = tmp_path / "corrected.db"
    r = run_cli("export", "--db", str(filled), "--out", str(out))
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(out)
    for pid, s in states.items():
        a = s.to_analysis()
        rows = conn.execute(
            "select title, kicker, lines from articles where page_id = ? order by position", [pid]
        ).fetchall()
        assert [(t, k, json.loads(ls)) for t, k, ls in rows] == [(x.title, x.kicker, x.lines) for x in a.articles]
        n = conn.execute("select count(*) from figures where page_id = ?", [pid]).fetchone()[0]
        assert n == len(a.figures)
    assert (
        conn.execute("select title from articles where page_id = 1 and position = 0").fetchone()[0] == "编辑改过的标题"
    )
    hits = conn.execute("select count(*) from articles_fts where articles_fts match '港口集团'").fetchone()[0]
    assert hits >= 1
    assert saved.to_analysis().articles[0].title == "编辑改过的标题"


def test_jsonl_and_csv_exports(filled, tmp_path):
    r = run_cli("export", "--db", str(filled), "--format", "jsonl", "--table", "figures")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 0 and rows and {"value", "unit", "article_title", "context"} <= set(rows[0])
    out = tmp_path / "articles.csv"
    r = run_cli("export", "--db", str(filled), "--format", "csv", "--out", str(out))
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("page_id,")


def test_a_gold_export_scores_perfectly_against_itself(filled, tmp_path):
    with Store(filled) as store:
        _correct(store, 1)
    out = tmp_path / "gold"
    assert run_cli("export", "--db", str(filled), "--format", "gold", "--out", str(out)).returncode == 0
    golds = sorted(out.glob("*.gold.json"))
    assert len(golds) == 5
    for g in golds:
        text = g.with_name(g.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        gold = load_gold(json.loads(g.read_text(encoding="utf-8")), LineTable.of(text))
        with Store(filled) as store:
            pid = next(p.id for p in store.pages() if Path(p.name).stem == g.name.replace(".gold.json", ""))
            corrected = store.load(pid).state.to_analysis()
        s = score_page(corrected, gold)
        assert (s.pair_f1, s.exact_rate, s.attachment, s.fig_precision, s.fig_recall) == (1.0, 1.0, 1.0, 1.0, 1.0)


def test_only_reviewed_exports_approved_pages(filled, tmp_path):
    with Store(filled) as store:
        page = store.load(2)
        op = E.approve_page(page.state)
        store.save(2, page.state, page.version, [(op, op.apply(page.state))], user="ana")
    r = run_cli("export", "--db", str(filled), "--format", "jsonl", "--only-reviewed")
    assert {json.loads(x)["page_id"] for x in r.stdout.splitlines()} == {2}


def test_stats_compare_the_detector_with_the_corrections(filled):
    with Store(filled) as store:
        _correct(store, 1)
    r = run_cli("stats", "--db", str(filled), "--format", "json")
    d = json.loads(r.stdout)
    assert d["pages"] == {"in_review": 1, "new": 4} and d["corrections"] == 3 and d["editors"] == {"ana": 3}
    assert d["figures"]["rejected"] == 1 and d["corrected_pages"] == 1
    assert d["detector"]["line_pair_f1"] == 1.0 and d["detector"]["figure_precision"] < 1.0


def test_an_older_database_is_backed_up_then_migrated(db_path):
    old = open_db(db_path, migrations=MIGRATIONS[:1])
    old.execute(
        "insert into pages (sha256, name, text, status, version) values ('x', 'p.txt', '标题\n正文。', 'new', 1)"
    )
    old.close()
    store = Store(db_path)
    assert store.db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.row(1).n_articles == 0 and store.row(1).name == "p.txt"
    store.close()
    backup = db_path.with_name(db_path.name + ".v1.bak")
    assert backup.exists()
    assert sqlite3.connect(backup).execute("pragma user_version").fetchone()[0] == 1


def _one_line(r: Ran, *words: str) -> None:
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), r.stderr


def test_bad_databases_get_one_line_and_nothing_written(tmp_path):
    text_file = tmp_path / "notes.db"
    text_file.write_text("这不是数据库", encoding="utf-8")
    _one_line(run_cli("ingest", str(SAMPLES), "--db", str(text_file)), "not a SQLite database")
    assert text_file.read_text(encoding="utf-8") == "这不是数据库"
    _one_line(run_cli("ingest", str(SAMPLES), "--db", str(tmp_path)), "is a directory")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table t (x)")
    conn.close()
    _one_line(run_cli("ingest", str(SAMPLES), "--db", str(other)), "not pagedesk's")
    _one_line(run_cli("stats", "--db", str(tmp_path / "missing.db")), "no such database")


def _make_read_only(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    # root writes through permission bits: make the file immutable instead
    r = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("running as root where chattr +i is not allowed: cannot make a read-only file")


def test_a_read_only_database_is_refused_for_writing_and_read_for_export(filled, tmp_path):
    ro = tmp_path / "ro.db"
    ro.write_bytes(filled.read_bytes())
    _make_read_only(ro)
    try:
        before = ro.read_bytes()
        _one_line(run_cli("ingest", str(SAMPLES), "--db", str(ro)), "read-only")
        assert ro.read_bytes() == before
        r = run_cli("export", "--db", str(ro), "--format", "jsonl")
        assert r.returncode == 0 and len(r.stdout.splitlines()) > 5, r.stderr
        r = run_cli("stats", "--db", str(ro))
        assert r.returncode == 0 and "5 pages" in r.stdout, r.stderr
    finally:
        subprocess.run(["chattr", "-i", str(ro)], capture_output=True)
        ro.chmod(0o644)


def test_a_full_disk_fails_cleanly(filled, many_pages):
    store = Store(filled)
    pages_before = store.db.execute("select count(*) from pages").fetchone()[0]
    used = store.db.execute("pragma page_count").fetchone()[0]
    store.db.execute(f"pragma max_page_count = {used + 3}")
    with pytest.raises(StoreError) as e:
        ingest(store, [str(many_pages)])
    assert "full" in str(e.value) and "\n" not in str(e.value)
    store.close()
    _integrity(filled)
    with Store(filled) as store:
        assert store.db.execute("select count(*) from pages").fetchone()[0] >= pages_before


def test_ingest_reports_bad_files_and_goes_on(tmp_path, db_path):
    good = tmp_path / "in"
    good.mkdir()
    (good / "a.txt").write_text("标题\n\n本报讯 全市新增就业5.2万人。\n", encoding="utf-8")
    (good / "b.txt").write_bytes(b"")
    (good / "c.txt").write_bytes(bytes(range(256)) * 4)
    r = run_cli("ingest", str(good), str(tmp_path / "missing"), "--db", str(db_path))
    assert r.returncode == 0, r.stderr
    assert "1 added" in r.stdout and "3 failed" in r.stdout
    assert r.stderr.count("skipped") == 3 and "Traceback" not in r.stderr


@pytest.mark.parametrize("version", [1, 2])
def test_another_program_s_database_claiming_a_schema_is_refused_untouched(tmp_path, version):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (x)")
    conn.execute(f"pragma user_version = {version}")
    conn.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="not pagedesk's"):
        Store(other)
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_an_upgrade_backup_is_taken_before_any_write_and_never_overwrites_another(db_path):
    old = open_db(db_path, migrations=MIGRATIONS[:1])
    old.execute("pragma journal_mode = delete")
    old.execute(
        "insert into pages (sha256, name, text, status, version) values ('x', 'p.txt', '标题\n正文。', 'new', 1)"
    )
    old.close()
    earlier = db_path.with_name(db_path.name + ".v1.bak")
    earlier.write_bytes(b"an earlier backup")
    Store(db_path).close()
    assert earlier.read_bytes() == b"an earlier backup"
    backup = db_path.with_name(db_path.name + ".v1.2.bak")
    conn = sqlite3.connect(backup)
    assert conn.execute("pragma user_version").fetchone()[0] == 1
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"  # as it was, before the switch to WAL
    assert conn.execute("select name from pages").fetchall() == [("p.txt",)]


COMMIT_FAILS = """
import resource, signal, sys
from pagedesk.core.editing import edits as E
from pagedesk.db.schema import StoreError
from pagedesk.db.store import Store
store = Store(sys.argv[1])
page = store.load(1)
s = page.state
op = E.set_field(s, s.ordered_articles()[0], "title", "满盘")
store.db.execute("pragma wal_checkpoint(truncate)")
# no file of this process may grow now: the statements fill SQLite's cache,
# and the COMMIT is the first to write (the WAL's frames)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1, 1))
try:
    store.save(1, s, page.version, [(op, op.apply(s))], user="x")
except StoreError as e:
    print(e)
"""


def test_a_commit_that_fails_for_a_full_disk_is_one_line_and_nothing_is_written(filled):
    """SQLite rolls a failed COMMIT back itself; rolling back again raised
    "cannot rollback - no transaction is active" as a traceback."""
    r = subprocess.run([sys.executable, "-c", COMMIT_FAILS, str(filled)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert "could not write to the disk" in r.stdout and "nothing of this step was saved" in r.stdout
    _integrity(filled)
    with Store(filled) as store:
        assert store.load(1).version == 1 and not store.history(1)


def test_the_upgrade_counts_each_page_s_figures_through_its_own_index(db_path):
    """The low-confidence count of the upgrade to schema 2 went by the figures'
    status index, reading every page's figures for each page: 3,010 pages took 40 s."""
    from pagedesk.db.schema import LOW_FIGURE_SQL

    conn = open_db(db_path)
    plan = conn.execute(
        f"explain query plan select (select count(*) from figures f where f.page_id = pages.id and {LOW_FIGURE_SQL})"
        " from pages"
    ).fetchall()
    assert any("figures_page_id" in str(step) for step in plan), plan
