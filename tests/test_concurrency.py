"""The review app and other processes writing one database at the same time."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pagedesk.core.editing import edits as E
from pagedesk.db.ingest import ingest
from pagedesk.db.store import Store
from pagedesk.tui.app import PagedeskApp
from pagedesk.tui.review import ReviewScreen

from .conftest import ROOT

SAMPLES = ROOT / "sample_pages"

# Another process, as `pagedesk ingest` and a second editor are: it opens the
# database, writes, and closes its connection, again and again. Each close is
# the moment SQLite decides whether it was the last connection (and deletes
# the WAL): that must never happen while the app's connections are open.
NEIGHBOUR = """
import sys
from pathlib import Path
from pagedesk.core.editing import edits as E
from pagedesk.db.ingest import ingest
from pagedesk.db.store import Store
db, pages, rounds = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
files = sorted(pages.glob("*.txt"))
per = max(1, len(files) // rounds)
for r in range(rounds):
    with Store(db) as store:
        ingest(store, [str(f) for f in files[r * per:(r + 1) * per]])
    with Store(db) as store:
        page = store.load(2)
        s = page.state
        op = E.set_field(s, s.ordered_articles()[0], "title", f"neighbour {r}")
        print(store.save(2, s, page.version, [(op, op.apply(s))], user="neighbour"), flush=True)
"""


def _neighbour(db: Path, pages: Path, rounds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", NEIGHBOUR, str(db), str(pages), str(rounds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _title_edit(state, title: str):
    return E.set_field(state, state.ordered_articles()[0], "title", title)


@pytest.fixture()
def filled(tmp_path) -> Path:
    db = tmp_path / "pagedesk.db"
    with Store(db) as store:
        ingest(store, [str(SAMPLES)])
    return db


def _intact(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    return conn


def test_opening_a_second_connection_keeps_this_process_s_locks(filled):
    """One long-lived connection (the app's queue) and one per save (the save
    worker's), while another process writes and closes between the saves.
    Opening a connection once read the file header with Python I/O, whose
    close dropped the process's locks: the other process then deleted the WAL
    the app was still using, and the next open failed with a disk I/O error."""
    app = Store(filled)
    app.load(1)
    acknowledged = None
    neighbour_versions = []
    try:
        for i in range(3):
            with Store(filled) as saver:
                page = saver.load(1)
                op = _title_edit(page.state, f"app {i}")
                acknowledged = saver.save(1, page.state, page.version, [(op, op.apply(page.state))], user="app")
            p = subprocess.run(
                [sys.executable, "-c", NEIGHBOUR, str(filled), str(SAMPLES), "1"],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            assert p.returncode == 0, p.stderr
            neighbour_versions.append(int(p.stdout.split()[-1]))
        assert app.load(1).version == acknowledged
    finally:
        app.close()
    conn = _intact(filled)
    assert conn.execute("select version from pages where id = 1").fetchone()[0] == acknowledged
    assert conn.execute("select version from pages where id = 2").fetchone()[0] == neighbour_versions[-1]


@pytest.mark.parametrize("run", range(3))
async def test_the_app_saving_while_another_process_ingests_and_saves(filled, many_pages, run):
    """The app's own connections open and saving every moment, a neighbour
    ingesting 40 pages in 8 rounds and saving another page after each: the
    database ends whole and holds every save either side was told was done."""
    app = PagedeskApp(filled, "app")
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_page(1)
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        neighbour = _neighbour(filled, many_pages, 8)
        acknowledged = []
        i = 0
        while neighbour.poll() is None or i < 3:
            title = f"app {i}"
            review.do(lambda: _title_edit(review.state, title))  # noqa: B023 - called right here
            review.save()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not review.history.modified, "the save was not acknowledged"
            acknowledged.append((review.version, f"app {i}"))
            i += 1
        out, err = neighbour.communicate()
        assert neighbour.returncode == 0, err
    conn = _intact(filled)
    assert conn.execute("select count(*) from pages").fetchone()[0] == 5 + 40
    version, title = acknowledged[-1]
    assert conn.execute("select version from pages where id = 1").fetchone()[0] == version
    assert conn.execute("select title from articles where page_id = 1 order by article_id").fetchone()[0] == title
    assert conn.execute("select count(*) from edits where page_id = 1").fetchone()[0] == len(acknowledged)
    neighbour_saves = [int(x) for x in out.split()]
    assert len(neighbour_saves) == 8
    assert conn.execute("select version from pages where id = 2").fetchone()[0] == neighbour_saves[-1]


def test_ingesting_the_database_file_itself_is_refused_without_reading_it(filled, tmp_path):
    with Store(filled) as store:
        report = ingest(store, [str(filled), str(SAMPLES)])
    assert report.skipped == 5 and report.added == 0
    assert [why for _, why in report.failed] == [f"{filled}: is the database itself, not a page; leave it out"]
    _intact(filled)


class _SaveAfter:
    """The store's connection, with another editor's save committed right
    after the first query that reads `table`: the moment a torn load fell in."""

    def __init__(self, conn: sqlite3.Connection, table: str, save) -> None:
        self.conn, self.table, self.save = conn, table, save

    def execute(self, sql: str, *args):
        cursor = self.conn.execute(sql, *args)
        if self.save and f"from {self.table} " in sql:
            rows, save, self.save = cursor.fetchall(), self.save, None
            save()
            return iter(rows)
        return cursor

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_a_page_is_loaded_whole_while_another_editor_saves_it(filled):
    """Store.load reads a page in several queries; a save committed between
    them once gave lines pointing at articles the load had not seen (KeyError)."""

    def other_editor_saves() -> None:
        with Store(filled) as other:
            page = other.load(1)
            s = page.state
            first = s.ordered_articles()[0]
            op = E.split_article(s, first, s.lines_of(first)[3])
            other.save(1, s, page.version, [(op, op.apply(s))], user="other")

    store = Store(filled)
    try:
        before = store.load(1)
        store.db = _SaveAfter(store.db, "articles", other_editor_saves)
        loaded = store.load(1)
        assert loaded.state == before.state and loaded.version == before.version  # the snapshot of its start
        store.db = store.db.conn
        assert store.load(1).version == before.version + 1
    finally:
        store.close()
