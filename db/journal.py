"""The journal of unsaved edits: every edit an editor makes, kept in the
database as it is made, until the page is saved or the edits discarded.

A dropped terminal (the end of most SSH sessions gone wrong), a killed
process or a crash loses nothing: the next time that editor opens the page,
the review app offers the edits back ("restore 12 unsaved edits from
14:02?"). Entries are per page and per editor, numbered in the order they
were made, and carry the page version they were made on.

Writing goes through a thread of its own with its own connection, so a key
press never waits on the disk; `flush` waits for what is queued.
"""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from pagedesk.core.editing.edits import Edit
from pagedesk.db.schema import StoreError
from pagedesk.db.store import Store, now


@dataclass
class Unsaved:
    """What the journal holds of one editor's edits on one page."""

    base_version: int  # the page version they were made on
    at: str  # when the last of them was made (UTC, ISO 8601)
    edits: list[tuple[Edit, Edit]]  # (edit, inverse) in the order made


def unsaved(store: Store, page_id: int, user: str) -> Unsaved | None:
    rows = store.db.execute(
        "select base_version, at, edit, inverse from journal where page_id = ? and user = ? order by seq",
        [page_id, user],
    ).fetchall()
    if not rows:
        return None
    edits = [(Edit.from_json(json.loads(e)), Edit.from_json(json.loads(i))) for _, _, e, i in rows]
    return Unsaved(rows[0][0], rows[-1][1], edits)


def editing(store: Store, user: str) -> dict[int, list[str]]:
    """The pages that other editors have unsaved edits on, with their names."""
    out: dict[int, list[str]] = {}
    for page_id, who in store.db.execute(
        "select distinct page_id, user from journal where user != ? order by user", [user]
    ):
        out.setdefault(page_id, []).append(who)
    return out


class Journal:
    """One editor's journal on one page, written in the background."""

    def __init__(self, db_path: str | Path, page_id: int, user: str, base_version: int):
        self.db_path, self.page_id, self.user, self.base_version = Path(db_path), page_id, user, base_version
        self._queue: queue.Queue = queue.Queue()
        self.error: str = ""  # the last failure to write, for the editor to be told
        self._thread = threading.Thread(target=self._write, name=f"journal-{page_id}", daemon=True)
        self._thread.start()

    # --- what the review screen tells it -----------------------------------------------

    def record(self, seq: int, edit: Edit, inverse: Edit) -> None:
        entry = (seq, now(), json.dumps(edit.to_json(), ensure_ascii=False),
                 json.dumps(inverse.to_json(), ensure_ascii=False))  # fmt: skip
        self._queue.put(("record", entry))

    def saved(self, upto: int, version: int) -> None:
        """The edits numbered below `upto` are saved, as `version`; the rest stand on it now."""
        self._queue.put(("saved", (upto, version)))

    def discard(self) -> None:
        self._queue.put(("discard", None))

    def flush(self) -> None:
        """Wait until everything told so far is written."""
        done = threading.Event()
        self._queue.put(("flush", done))
        done.wait(timeout=30)

    def close(self) -> None:
        self._queue.put(("close", None))
        self._thread.join(timeout=30)

    # --- the writer ------------------------------------------------------------------------

    def _write(self) -> None:
        store = None
        while True:
            items = [self._queue.get()]
            while not self._queue.empty():  # a burst of keys: one transaction for all of it
                items.append(self._queue.get_nowait())
            try:
                if store is None:
                    store = Store(self.db_path)
                self._apply(store, [i for i in items if i[0] not in ("flush", "close")])
            except StoreError as e:
                self.error = str(e)
            for what, arg in items:
                if what == "flush":
                    arg.set()
            if any(what == "close" for what, _ in items):
                if store is not None:
                    store.close()
                return

    def _apply(self, store: Store, items: list[tuple[str, object]]) -> None:
        if not items:
            return
        with store.writing():
            for what, arg in items:
                if what == "record":
                    seq, at, edit, inverse = arg
                    store.db.execute(
                        "insert into journal (page_id, user, base_version, seq, at, edit, inverse)"
                        " values (?, ?, ?, ?, ?, ?, ?)",
                        [self.page_id, self.user, self.base_version, seq, at, edit, inverse],
                    )
                elif what == "saved":
                    upto, version = arg
                    self.base_version = version
                    store.db.execute(
                        "delete from journal where page_id = ? and user = ? and seq < ?",
                        [self.page_id, self.user, upto],
                    )
                    store.db.execute(
                        "update journal set base_version = ? where page_id = ? and user = ?",
                        [version, self.page_id, self.user],
                    )
                elif what == "discard":
                    store.db.execute("delete from journal where page_id = ? and user = ?", [self.page_id, self.user])
