"""Opening a pagedesk database: checks, pragmas, schema and migrations.

The schema version is SQLite's `user_version`. Opening a database written by
an older pagedesk first copies it beside itself (`NAME.v1.bak`), then applies
the missing migrations in one transaction.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Callable

class StoreError(Exception):
    """A storage problem the user can act on; the message is one line."""


class ConflictError(StoreError):
    """Someone saved the page since it was loaded."""

    def __init__(self, page_id: int, expected: int, found: int, editor: str):
        self.page_id, self.expected, self.found, self.editor = page_id, expected, found, editor
        who = f" by {editor}" if editor else ""
        super().__init__(f"page {page_id} was saved{who} since you opened it (version {expected} -> {found})")


def _v1(db) -> None:
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


def _v2(db) -> None:
    """Summary columns for the page queue, so that listing 1,000 pages reads one table."""
    pages = db["pages"]
    for col, typ in (("n_articles", int), ("n_figures", int), ("n_low", int), ("last_editor", str)):
        pages.add_column(col, typ)
    db.execute(
        "update pages set n_articles = (select count(*) from articles a where a.page_id = pages.id),"
        " n_figures = (select count(*) from figures f where f.page_id = pages.id and f.status != 'rejected'),"
        " n_low = (select count(*) from articles a where a.page_id = pages.id and a.confidence < 0.7)"
        " + (select count(*) from figures f where f.page_id = pages.id and f.confidence < 0.6 and f.status = 'auto'),"
        " last_editor = (select user from edits e where e.page_id = pages.id order by e.id desc limit 1)"
    )


# each step takes a sqlite_utils.Database; imported only when a migration runs
MIGRATIONS: list[Callable] = [_v1, _v2]
SCHEMA_VERSION = len(MIGRATIONS)


def open_db(path: str | Path, write: bool = True, create: bool = True,
            migrations: list[Callable] | None = None) -> sqlite3.Connection:
    """Open (and create or migrate) a pagedesk database, or raise StoreError."""
    migrations = MIGRATIONS if migrations is None else migrations
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path}: is a directory; give a database file, e.g. --db {path / 'pagedesk.db'}")
    exists = path.exists()
    if not exists and not create:
        raise StoreError(f"{path}: no such database; create one with pagedesk ingest PAGES --db {path}")
    if exists:
        with open(path, "rb") as f:
            head = f.read(16)
        if head and head != b"SQLite format 3\x00":
            raise StoreError(f"{path}: not a SQLite database; give a pagedesk .db file or a new name")
    if write and exists and not os.access(path, os.W_OK):
        raise StoreError(f"{path}: the database is read-only; make it writable or export a copy")
    parent = path.parent if str(path.parent) else Path(".")
    if write and not os.access(parent, os.W_OK):
        raise StoreError(f"{parent}: cannot write in this directory (SQLite needs to put its journal beside {path.name})")
    try:
        if write:
            conn = sqlite3.connect(str(path), timeout=10, isolation_level=None, check_same_thread=False)
        else:
            conn = _read_only(path)
        db = conn
        db.execute("pragma foreign_keys = on")
        db.execute("pragma busy_timeout = 10000")
        version = db.execute("pragma user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path}: not a usable SQLite database ({e})") from None
    if tables and version == 0:
        raise StoreError(f"{path}: a SQLite database, but not pagedesk's; give another --db")
    if version > len(migrations):
        raise StoreError(f"{path}: written by a newer pagedesk (schema {version}); upgrade pagedesk")
    if write:
        db.execute("pragma journal_mode = wal")
        db.execute("pragma synchronous = normal")
    if version < len(migrations):
        if not write:
            raise StoreError(f"{path}: needs an upgrade to schema {len(migrations)}; open it once for writing")
        if version > 0:
            backup = path.with_name(f"{path.name}.v{version}.bak")
            db.execute("pragma wal_checkpoint(truncate)")
            shutil.copy2(path, backup)
        import sqlite_utils

        try:
            db.execute("begin immediate")
            for step in migrations[version:]:
                step(sqlite_utils.Database(db))
            db.execute(f"pragma user_version = {len(migrations)}")
            db.execute("commit")
        except Exception:
            db.execute("rollback")
            raise
    return db


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
        return StoreError(f"{path}: database or disk is full; free space and run again (nothing of this step was saved)")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{path}: the database is read-only; make it writable or export a copy")
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{path}: the database is busy with another writer; try again")
    return StoreError(f"{path}: {msg}")
