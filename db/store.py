"""Pages, their state and their history in SQLite.

A page's state (line assignments and roles, articles, figures) is written
whole in one transaction with the edits that produced it, and only if the
page's version is still the one that was loaded; otherwise ConflictError.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pagedesk.core.editing.state import ArticleMeta, FigureState, PageState

if TYPE_CHECKING:  # kept out of start-up: the review app's first screen needs neither
    from pagedesk.core.editing.edits import Edit
    from pagedesk.core.pageinfo import PageInfo
    from pagedesk.core.result import PageAnalysis

from pagedesk.db.schema import ConflictError, StoreError, open_db, storage_error

DETECTOR = "pagedesk-0.1"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_user() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or _login() or "unknown"


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no passwd entry in a container
        return ""


@dataclass
class PageFile:
    """What names a page and the file it came from: the same in the database and in an export."""

    id: int
    name: str
    path: str
    sha256: str
    newspaper: str
    date: str


@dataclass
class PageRow(PageFile):
    page_no: int | None
    status: str
    version: int
    n_articles: int
    n_figures: int
    n_low: int
    last_editor: str
    updated_at: str
    note: str


@dataclass
class LoadedPage:
    row: PageRow
    state: PageState

    @property
    def version(self) -> int:
        return self.row.version


_ROW_COLS = [f.name for f in fields(PageRow)]
_FIG_COLS = [f.name for f in fields(FigureState) if f.name != "id"]


class Store:
    def __init__(self, path: str | Path = "pagedesk.db", write: bool = True, create: bool = True):
        self.path = Path(path)
        self.db = open_db(self.path, write=write, create=create)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------

    def writing(self) -> _Tx:
        """One write transaction for everything inside (`with store.writing(): ...`)."""
        return _Tx(self, "begin immediate")

    def reading(self) -> _Tx:
        """One snapshot of the database for every read inside (`with store.reading(): ...`)."""
        return _Tx(self, "begin")

    # --- pages -------------------------------------------------------------------------

    def has_sha(self, sha: str) -> int | None:
        row = self.db.execute("select id from pages where sha256 = ?", [sha]).fetchone()
        return row[0] if row else None

    def add_page(self, text: str, path: str, analysis: PageAnalysis, info: PageInfo) -> int:
        """A new page with its detection as its first state. Idempotent by sha256."""
        existing = self.has_sha(analysis.sha256)
        if existing:
            return existing
        state = PageState.from_analysis(analysis)
        stamp = now()
        with self.writing():
            cur = self.db.execute(
                "insert into pages (sha256, name, path, text, newspaper, date, page_no, lines, status, version,"
                " added_at, updated_at, n_articles, n_figures, n_low, last_editor)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, 'new', 1, ?, ?, 0, 0, 0, '')",
                [
                    analysis.sha256,
                    Path(path).name if path else analysis.sha256[:12],
                    path,
                    text,
                    info.newspaper,
                    info.date,
                    info.page,
                    analysis.line_count,
                    stamp,
                    stamp,
                ],
            )
            page_id = cur.lastrowid
            self._write_detection(page_id, analysis)
            self._write_state(page_id, state)
        return page_id

    def _write_detection(self, page_id: int, analysis: PageAnalysis) -> None:
        self.db.execute(
            "insert or replace into detections (page_id, detector, at, result) values (?, ?, ?, ?)",
            [page_id, DETECTOR, now(), json.dumps(analysis.to_json(), ensure_ascii=False)],
        )

    def _write_state(self, page_id: int, s: PageState) -> None:
        ex = self.db.execute
        ex("delete from lines where page_id = ?", [page_id])
        ex("delete from articles where page_id = ?", [page_id])
        ex("delete from figures where page_id = ?", [page_id])
        rowid: dict[int, int] = {}
        for a in s.ordered_articles():
            m = s.articles[a]
            cur = ex(
                "insert into articles (page_id, article_id, kicker, title, subtitle, byline, status, confidence,"
                " note, reading_order) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [page_id, m.id, m.kicker, m.title, m.subtitle, m.byline, m.status, m.confidence, m.note,
                 None if m.order is None else json.dumps(m.order)],
            )  # fmt: skip
            rowid[a] = cur.lastrowid
        self.db.executemany(
            "insert into lines (page_id, line_no, article, role) values (?, ?, ?, ?)",
            [
                (page_id, ln, rowid.get(s.article_of.get(ln)) if ln in s.article_of else None, role)
                for ln, role in sorted(s.role_of.items())
            ],
        )
        cols = ", ".join(f'"{c}"' for c in _FIG_COLS)
        marks = ", ".join("?" for _ in _FIG_COLS)
        self.db.executemany(
            f"insert into figures (page_id, figure_id, {cols}) values (?, ?, {marks})",
            [(page_id, f.id, *[getattr(f, c) for c in _FIG_COLS]) for f in s.figures.values()],
        )
        n_low = s.low_confidence()
        ex(
            "update pages set status = ?, note = ?, n_articles = ?, n_figures = ?, n_low = ? where id = ?",
            [
                s.status,
                s.note,
                len([a for a in s.articles if s.lines_of(a)]),
                sum(1 for f in s.figures.values() if f.status != "rejected"),
                n_low,
                page_id,
            ],
        )

    def pages(self, status: str | None = None, order: str = "name") -> list[PageRow]:
        """The page queue. order: name | risk (most low-confidence items first) | status | updated."""
        sql = f"select {', '.join(_ROW_COLS)} from pages"
        args: list = []
        if status:
            sql += " where status = ?"
            args.append(status)
        sql += {
            "name": " order by name, id",
            "risk": " order by (status = 'approved'), n_low desc, n_figures desc, name",
            "status": " order by status, name",
            "updated": " order by updated_at desc",
        }.get(order, " order by name, id")
        return [PageRow(*row) for row in self.db.execute(sql, args).fetchall()]

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("select status, count(*) from pages group by status").fetchall())

    def row(self, page_id: int) -> PageRow:
        row = self.db.execute(f"select {', '.join(_ROW_COLS)} from pages where id = ?", [page_id]).fetchone()
        if row is None:
            raise StoreError(f"no page {page_id} in {self.path}")
        return PageRow(*row)

    def load(self, page_id: int) -> LoadedPage:
        with self.reading():
            return self._load(page_id)

    def _load(self, page_id: int) -> LoadedPage:
        row = self.row(page_id)
        text, note = self.db.execute("select text, note from pages where id = ?", [page_id]).fetchone()
        s = PageState(text=text, status=row.status, note=note or "")
        art_of_row: dict[int, int] = {}
        for rid, aid, kicker, title, subtitle, byline, status, conf, a_note, order in self.db.execute(
            "select id, article_id, kicker, title, subtitle, byline, status, confidence, note, reading_order"
            " from articles where page_id = ?",
            [page_id],
        ):
            s.articles[aid] = ArticleMeta(
                aid, kicker, title, subtitle, byline, status, conf, a_note or "", json.loads(order) if order else None
            )
            art_of_row[rid] = aid
        for ln, art, role in self.db.execute("select line_no, article, role from lines where page_id = ?", [page_id]):
            s.role_of[ln] = role
            if art is not None:
                s.article_of[ln] = art_of_row[art]
        cols = ", ".join(f'"{c}"' for c in _FIG_COLS)
        for fid, *values in self.db.execute(f"select figure_id, {cols} from figures where page_id = ?", [page_id]):
            s.figures[fid] = FigureState(id=fid, **dict(zip(_FIG_COLS, values, strict=True)))
        return LoadedPage(row, s)

    def save(
        self,
        page_id: int,
        state: PageState,
        expected_version: int,
        edits: Iterable[tuple[Edit, Edit]],
        user: str | None = None,
    ) -> int:
        """Write the page state and its edits; returns the new version.

        Raises ConflictError when the page was saved by someone else after
        `expected_version` was loaded; nothing is written then.
        """
        user = user or current_user()
        with self.writing():
            row = self.db.execute("select version, last_editor from pages where id = ?", [page_id]).fetchone()
            if row is None:
                raise StoreError(f"no page {page_id} in {self.path}")
            version, editor = row
            if version != expected_version:
                raise ConflictError(page_id, expected_version, version, editor or "")
            new = version + 1
            stamp = now()
            self.db.executemany(
                "insert into edits (page_id, user, at, operation, before, after, version) values (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        page_id,
                        user,
                        stamp,
                        edit.label or edit.kind,
                        json.dumps(undo.to_json(), ensure_ascii=False),
                        json.dumps(edit.to_json(), ensure_ascii=False),
                        new,
                    )
                    for edit, undo in edits
                ],
            )
            self._write_state(page_id, state)
            self.db.execute(
                "update pages set version = ?, updated_at = ?, last_editor = ? where id = ?",
                [new, stamp, user, page_id],
            )
        return new

    def history(self, page_id: int) -> list[dict]:
        return [
            {
                "id": i,
                "user": u,
                "at": at,
                "operation": op,
                "before": json.loads(b),
                "after": json.loads(a),
                "version": v,
            }
            for i, u, at, op, b, a, v in self.db.execute(
                "select id, user, at, operation, before, after, version from edits where page_id = ? order by id",
                [page_id],
            )
        ]

    def human_changed(self, page_id: int) -> bool:
        return self.db.execute("select 1 from edits where page_id = ? limit 1", [page_id]).fetchone() is not None

    def detection(self, page_id: int) -> dict | None:
        row = self.db.execute("select result from detections where page_id = ?", [page_id]).fetchone()
        return json.loads(row[0]) if row else None

    def reanalyze(self, page_id: int, analysis: PageAnalysis) -> bool:
        """Store a new detection. A page nobody has corrected takes it as its
        state; a corrected page keeps every human change (its state stays)
        and only the stored detection, used by `stats`, is replaced.
        Returns whether the state was replaced."""
        with self.writing():
            self._write_detection(page_id, analysis)
            if self.human_changed(page_id):
                return False
            self._write_state(page_id, PageState.from_analysis(analysis))
            self.db.execute("update pages set version = version + 1, updated_at = ? where id = ?", [now(), page_id])
        return True

    def all_page_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("select id from pages order by id")]

    def text_of(self, page_id: int) -> tuple[str, str]:
        return self.db.execute("select text, path from pages where id = ?", [page_id]).fetchone()

    def edits_since(self, page_id: int, version: int) -> list[tuple[str, Edit]]:
        """The edits saved on a page after `version`, with who made them, in order."""
        from pagedesk.core.editing.edits import Edit

        return [
            (user, Edit.from_json(json.loads(after)))
            for user, after in self.db.execute(
                "select user, after from edits where page_id = ? and version > ? order by id", [page_id, version]
            )
        ]

    def search(self, query: str, limit: int | None = None) -> list[int]:
        """Pages whose text contains the query (spaces and wraps ignored), all of them unless `limit`."""
        q = "".join(query.split())
        if not q:
            return []
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return [
            r[0]
            for r in self.db.execute(
                "select id from pages where replace(replace(text, char(10), ''), ' ', '') like ? escape '\\'"
                " order by name limit ?",
                [pattern, -1 if limit is None else limit],
            )
        ]


class _Tx:
    """A transaction: BEGIN (IMMEDIATE for writing) .. COMMIT, rolled back on
    any error; storage errors become StoreError. Inside another transaction
    it is part of that one.

    A read transaction is what makes a page's several SELECTs one snapshot:
    without it a save committed between them mixes two versions of the page."""

    def __init__(self, store: Store, begin: str):
        self.store, self.begin, self.outer = store, begin, False

    def __enter__(self):
        db = self.store.db
        self.outer = db.in_transaction
        if self.outer:
            return self
        try:
            db.execute(self.begin)
        except sqlite3.Error as e:
            raise storage_error(self.store.path, e) from None
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self.outer:
            return False
        db = self.store.db
        try:
            db.in_transaction  # noqa: B018 - closed already (a generator read to its end after the store closed)
        except sqlite3.ProgrammingError:
            return False
        if exc_type is None:
            try:
                db.execute("commit")
                return False
            except sqlite3.Error as e:
                # a COMMIT that fails for a full disk has been rolled back by SQLite already
                if db.in_transaction:
                    db.execute("rollback")
                raise storage_error(self.store.path, e) from None
        if db.in_transaction:
            try:
                db.execute("rollback")
            except sqlite3.Error:
                pass
        if isinstance(exc, sqlite3.Error):
            raise storage_error(self.store.path, exc) from None
        return False
