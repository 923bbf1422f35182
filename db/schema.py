"""Opening a pagedesk database: checks, pragmas, schema and migrations.

The schema version is SQLite's `user_version`. Opening a database written by
an older pagedesk first copies it beside itself (`NAME.v1.bak`), then applies
the missing migrations in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from pagedesk.core.editing.state import LOW_ARTICLE, LOW_FIGURE
from pagedesk.core.text.safe import printable


class StoreError(Exception):
    """A storage problem the user can act on; the message is one line."""


class ConflictError(StoreError):
    """Someone saved the page since it was loaded."""

    def __init__(self, page_id: int, expected: int, found: int, editor: str):
        self.page_id, self.expected, self.found, self.editor = page_id, expected, found, editor
        who = f" by {editor}" if editor else ""
        super().__init__(f"page {page_id} was saved{who} since you opened it (version {expected} -> {found})")


def _v1(db) -> None:
    """The first schema, as it was: a migration never changes once released."""
    # fmt: off
    db["pages"].create(
        {
            "id": int, "sha256": str, "name": str, "path": str, "text": str, "newspaper": str, "date": str,
            "page_no": int, "lines": int, "status": str, "version": int, "added_at": str, "updated_at": str,
        },
        pk="id", not_null={"sha256", "text", "status", "version"}, defaults={"status": "new", "version": 1},
    )
    db["pages"].create_index(["sha256"], unique=True)
    db["pages"].create_index(["status"])
    db["articles"].create(
        {
            "id": int, "page_id": int, "article_id": int, "kicker": str, "title": str, "subtitle": str,
            "byline": str, "status": str, "confidence": float,
        },
        pk="id", foreign_keys=[("page_id", "pages", "id")], not_null={"page_id", "article_id", "status"},
    )
    db["articles"].create_index(["page_id", "article_id"], unique=True)
    db["lines"].create(
        {"page_id": int, "line_no": int, "article": int, "role": str},
        pk=("page_id", "line_no"), foreign_keys=[("page_id", "pages", "id"), ("article", "articles", "id")],
        not_null={"role"},
    )
    db["lines"].create_index(["article"])
    db["figures"].create(
        {
            "id": int, "page_id": int, "figure_id": int, "start": int, "end": int, "text": str, "value": float,
            "unit": str, "raw_unit": str, "kind": str, "qualifier": str, "label": str, "period": str, "line": int,
            "status": str, "confidence": float, "flag": str,
        },
        pk="id", foreign_keys=[("page_id", "pages", "id")], not_null={"page_id", "figure_id", "status"},
    )
    db["figures"].create_index(["page_id", "figure_id"], unique=True)
    db["figures"].create_index(["status"])
    db["edits"].create(
        {"id": int, "page_id": int, "user": str, "at": str, "operation": str, "before": str, "after": str,
         "version": int},
        pk="id", foreign_keys=[("page_id", "pages", "id")], not_null={"page_id", "user", "at", "operation"},
    )
    db["edits"].create_index(["page_id"])
    db["detections"].create(
        {"page_id": int, "detector": str, "at": str, "result": str},
        pk="page_id", foreign_keys=[("page_id", "pages", "id")],
    )
    # fmt: on


# core.editing.state.is_low_article and is_low_figure, as SQL over articles a and figures f
LOW_ARTICLE_SQL = (
    f"a.status = 'auto' and a.confidence < {LOW_ARTICLE} and exists (select 1 from lines l where l.article = a.id)"
)
# (+f.status: not by the status index, which would read every page's figures for each page)
LOW_FIGURE_SQL = f"+f.status = 'auto' and (f.confidence < {LOW_FIGURE} or coalesce(f.flag, '') != '')"


def _v2(db) -> None:
    """Summary columns for the page queue, so that listing 1,000 pages reads one table."""
    pages = db["pages"]
    for col, typ in (("n_articles", int), ("n_figures", int), ("n_low", int), ("last_editor", str)):
        pages.add_column(col, typ)
    db.execute(
        "update pages set n_articles = (select count(*) from articles a where a.page_id = pages.id),"
        " n_figures = (select count(*) from figures f where f.page_id = pages.id and f.status != 'rejected'),"
        f" n_low = (select count(*) from articles a where a.page_id = pages.id and {LOW_ARTICLE_SQL})"
        f" + (select count(*) from figures f where f.page_id = pages.id and {LOW_FIGURE_SQL}),"
        " last_editor = (select user from edits e where e.page_id = pages.id order by e.id desc limit 1)"
    )


def _v3(db) -> None:
    """Editors' notes, articles' reading order, and the journal of unsaved edits.

    The journal holds every edit an editor makes, as it is made, until the page
    is saved or the edits are discarded: a dropped terminal loses nothing."""
    db["pages"].add_column("note", str, not_null_default="")
    db["articles"].add_column("note", str, not_null_default="")
    db["articles"].add_column("reading_order", str)  # JSON list of line numbers, or null
    db["journal"].create(
        {"id": int, "page_id": int, "user": str, "base_version": int, "seq": int, "at": str, "edit": str,
         "inverse": str},
        pk="id",
        foreign_keys=[("page_id", "pages", "id")],
        not_null={"page_id", "user", "base_version", "seq", "at", "edit", "inverse"},
    )  # fmt: skip
    db["journal"].create_index(["page_id", "user", "seq"])


def _v4(db) -> None:
    """A figure's ISO 8601 form (dates, periods) and the ends of a range or a vague amount."""
    figures = db["figures"]
    figures.add_column("iso", str, not_null_default="")
    figures.add_column("low", float)
    figures.add_column("high", float)


# each step takes a sqlite_utils.Database; imported only when a migration runs
MIGRATIONS: list[Callable] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)


def open_db(
    path: str | Path, write: bool = True, create: bool = True, migrations: list[Callable] | None = None
) -> sqlite3.Connection:
    """Open (and create or migrate) a pagedesk database, or raise StoreError."""
    migrations = MIGRATIONS if migrations is None else migrations
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a directory; give a database file, e.g. --db {path / 'pagedesk.db'}")
    exists = path.exists()
    if exists and not path.is_file():
        raise StoreError(f"{printable(str(path))}: not a regular file (a device or a pipe?); give a database file")
    if not exists and not create:
        raise StoreError(f"{path}: no such database; create one with pagedesk ingest PAGES --db {path}")
    # The file is never opened here with Python's own I/O: on POSIX, closing any
    # descriptor of a file drops every lock this process holds on it, so the
    # other connections of this process (the review app's) would lose their
    # SQLite locks and another process could delete the WAL under them.
    # SQLite itself reads the header and says "file is not a database".
    if write and exists and not os.access(path, os.W_OK):
        raise StoreError(f"{path}: the database is read-only; make it writable or export a copy")
    parent = path.parent if str(path.parent) else Path(".")
    if write and not os.access(parent, os.W_OK):
        raise StoreError(
            f"{parent}: cannot write in this directory (SQLite needs to put its journal beside {path.name})"
        )
    try:
        conn = _connect(path) if write else _read_only(path)
    except sqlite3.DatabaseError as e:
        raise _unusable(path, e) from None
    try:
        version = _pagedesk_version(conn, path, len(migrations))
        if version and version < len(migrations) and write:
            _back_up(conn, path, version)  # before anything of this open is written
        if write:
            conn.execute("pragma journal_mode = wal")
            conn.execute("pragma synchronous = normal")
        if version < len(migrations):
            if not write and version == 0:
                raise StoreError(f"{path}: an empty database, with no pages yet; ingest pages into it first")
            if not write:
                raise StoreError(
                    f"{path}: written by an older pagedesk; open it once with pagedesk review or ingest to upgrade it"
                )
            _migrate(conn, path, version, migrations)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise _unusable(path, e) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
    conn.execute("pragma foreign_keys = on")
    conn.execute("pragma busy_timeout = 10000")
    return conn


def _unusable(path: Path, e: sqlite3.DatabaseError) -> StoreError:
    if "not a database" in str(e):
        return StoreError(f"{path}: not a SQLite database; give a pagedesk .db file or a new name")
    if isinstance(e, sqlite3.OperationalError):
        return storage_error(path, e)
    return StoreError(f"{path}: not a usable SQLite database ({e}); give another --db")


# What every pagedesk schema has had since the first: a database whose
# user_version says pagedesk but which lacks these is another program's.
_OUR_TABLES = {"pages", "articles", "lines", "figures", "edits", "detections"}  # (journal: from schema 3)
_OUR_PAGE_COLUMNS = {"id", "sha256", "name", "text", "status", "version"}


def _pagedesk_version(conn: sqlite3.Connection, path: Path, newest: int) -> int:
    """The schema version of a pagedesk database (0 for a new, empty one); StoreError for any other."""
    version = conn.execute("pragma user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if not tables and version == 0:
        return 0
    page_columns = {r[1] for r in conn.execute("pragma table_info(pages)")}
    if version == 0 or not _OUR_TABLES <= tables or not _OUR_PAGE_COLUMNS <= page_columns:
        raise StoreError(f"{path}: a SQLite database, but not pagedesk's; give another --db")
    if version > newest:
        raise StoreError(f"{path}: written by a newer pagedesk (schema {version}); upgrade pagedesk")
    return version


def _back_up(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """A copy of the database as it is, beside it, under a name not yet taken.

    SQLite's backup API copies through this connection: copying the file with
    Python's I/O would drop this process's locks on it (see open_db)."""
    backup = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.v{version}.{n}.bak")
    target = sqlite3.connect(str(backup))
    try:
        conn.backup(target)
    except sqlite3.Error as e:
        target.close()
        backup.unlink(missing_ok=True)
        raise StoreError(
            f"{backup}: could not write the backup taken before an upgrade ({e}); "
            "free space and open again (nothing was changed)"
        ) from None
    target.close()
    return backup


def _migrate(conn: sqlite3.Connection, path: Path, version: int, migrations: list[Callable]) -> None:
    """The missing migrations in one transaction: all of them or none."""
    import sqlite_utils

    try:
        conn.execute("begin immediate")
        for step in migrations[version:]:
            step(sqlite_utils.Database(conn))
        conn.execute(f"pragma user_version = {len(migrations)}")
        conn.execute("commit")
    except sqlite3.Error as e:
        if conn.in_transaction:
            conn.execute("rollback")
        raise storage_error(path, e) from None


def _read_only(path: Path) -> sqlite3.Connection:
    """Open for reading only. A WAL database in a place we cannot write (no
    -shm file can be made beside it) is opened as immutable instead."""
    uri = f"file:{path.resolve()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("select count(*) from sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    uri = f"file:{path.resolve()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None, check_same_thread=False)


def storage_error(path: Path | str, e: sqlite3.Error) -> StoreError:
    """One line for a failure while writing."""
    msg = str(e)
    if "full" in msg:
        return StoreError(
            f"{path}: database or disk is full; free space and run again (nothing of this step was saved)"
        )
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{path}: the database is read-only; make it writable or export a copy")
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{path}: the database is busy with another writer; try again")
    if "disk I/O error" in msg:
        return StoreError(
            f"{path}: could not write to the disk (full, over a size limit, or failing); "
            "free space and run again (nothing of this step was saved)"
        )
    if "malformed" in msg or "not a database" in msg:
        return StoreError(f"{path}: the database is damaged ({msg}); restore it from a backup")
    return StoreError(f"{path}: {msg}")
