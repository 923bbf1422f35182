"""The corrected result out of pagedesk: a clean SQLite file, JSONL, CSV, or gold files.

The SQLite export is denormalised for reading, not for editing: pages;
articles with kicker, title, subtitle, byline, dateline and their body text
joined; figures with their article's title and the sentence they stand in;
a full-text index on the articles. Datasette or any SQL tool opens it as is.

Every export is written beside its destination and renamed into place, so a
failed one (a full disk) leaves nothing behind, and it replaces only what a
pagedesk export wrote before: never the working database, a link, a device,
another program's database or a directory of other files. Names and text
reach JSONL and CSV with their control characters written out, and CSV
cells a spreadsheet would evaluate as formulas are neutralised.
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TextIO

from pagedesk.core.editing.state import FigureState, PageState
from pagedesk.core.lines import roles as R
from pagedesk.core.lines.markers import read_dateline
from pagedesk.core.text.normalize import display_text, normalize_lines
from pagedesk.core.text.safe import csv_cell, json_text, printable
from pagedesk.db.schema import StoreError, storage_error
from pagedesk.db.store import PageFile, PageRow, Store

BODY_ROLES = (R.BODY, R.DATELINE, R.SUBHEAD, R.SIGNATURE)
# PRAGMA application_id of an exported SQLite file ("PDEX"): what may be replaced
EXPORT_ID = 0x50444558
GOLD_MARK = ".pagedesk-gold"  # in a directory of gold files


class ExportError(StoreError):
    """An export that cannot be written where asked; the message is one line."""


@dataclass
class PageOut(PageFile):
    page: int | None
    status: str
    lines: int
    note: str
    text: str


@dataclass
class ArticleOut:
    page_id: int
    page: str
    newspaper: str
    date: str
    page_no: int | None
    position: int
    article_id: int  # the article's id within its page
    kicker: str
    title: str
    subtitle: str
    byline: str  # its byline lines, else the reporters its dateline names
    dateline: str  # whole, however the lines wrap it (本报讯（记者…）10月13日)
    body: str  # in reading order
    captions: str  # its photos' captions with their credits, one per line
    continued: str  # where it goes on: （下转第二版）
    note: str
    lines: list[int]
    status: str
    confidence: float


@dataclass
class FigureOut:
    page_id: int
    page: str
    article_id: int | None  # the article's id within its page
    article_title: str
    text: str
    value: float
    unit: str
    raw_unit: str
    kind: str
    qualifier: str
    label: str
    period: str
    iso: str  # a date's or period's ISO 8601 form
    low: float | None  # a range's or a vague amount's ends
    high: float | None
    line: int
    start: int
    end: int
    status: str
    confidence: float
    flag: str
    context: str  # the sentence it stands in


def _pages(store: Store, only_reviewed: bool) -> Iterator[tuple[PageRow, PageState]]:
    """Every page (approved ones only, if asked) with its state, all read in
    one snapshot: saves made meanwhile are not half in the export."""
    with store.reading():
        for row in store.pages(status="approved" if only_reviewed else None):
            yield row, store.load(row.id).state


def article_records(row: PageRow, s: PageState) -> list[ArticleOut]:
    out = []
    continued = _continuations(s)
    for pos, a in enumerate(a for a in s.ordered_articles() if s.lines_of(a)):
        lines = s.lines_of(a)
        order = s.reading_order(a)
        dateline, reporters = _dateline(s, order)
        byline = s.field_text(a, "byline") or reporters
        captions = [ln for ln in order if s.role_of.get(ln) == R.CAPTION]
        out.append(
            ArticleOut(
                row.id, row.name, row.newspaper, row.date, row.page_no, pos, a,
                kicker=s.field_text(a, "kicker"),
                title=s.field_text(a, "title"),
                subtitle=s.field_text(a, "subtitle"),
                byline=byline,
                dateline=dateline,
                body=normalize_lines(s.table, [ln for ln in order if s.role_of.get(ln) in BODY_ROLES]).text,
                captions="\n".join(display_text(s.table.line(ln)) for ln in captions),
                continued=" ".join(display_text(s.table.line(ln)) for ln in continued.get(a, [])),
                note=s.articles[a].note,
                lines=lines,
                status=s.articles[a].status,
                confidence=s.articles[a].confidence,
            )
        )  # fmt: skip
    return out


def _dateline(s: PageState, order: list[int]) -> tuple[str, str]:
    """The article's dateline whole, read over as many lines as it runs
    (its first line alone cut 本报讯（记者…）10月 from 13日), and the reporters it names."""
    first = next((k for k, ln in enumerate(order) if s.role_of.get(ln) == R.DATELINE), None)
    if first is None:
        return "", ""
    return read_dateline(normalize_lines(s.table, order[first : first + 4]).text)


def _continuations(s: PageState) -> dict[int, list[int]]:
    """Each "continued on page N" line with the article it follows on the page."""
    out: dict[int, list[int]] = {}
    for ln in s.unassigned():
        if s.role_of.get(ln) != R.CONTINUATION:
            continue
        above = [x for x in s.article_of if x < ln]
        if above:
            out.setdefault(s.article_of[max(above)], []).append(ln)
    return out


def figure_records(row: PageRow, s: PageState) -> list[FigureOut]:
    out = []
    titles = {a: s.field_text(a, "title") for a in s.articles}
    for a in [*s.ordered_articles(), None]:
        figs = [f for f in s.figures_of(a) if f.status != "rejected"]
        if not figs:
            continue
        lines = s.lines_of(a) if a is not None else s.unassigned()
        norm = normalize_lines(s.table, lines)
        where = {off: k for k, off in enumerate(norm.offsets)}
        for f in figs:
            k = where.get(f.start)
            context = ""
            if k is not None:
                lo = max(norm.text.rfind(c, 0, k) for c in "。！？\n") + 1
                hi = min((j for j in (norm.text.find(c, k) for c in "。！？\n") if j >= 0), default=len(norm.text))
                context = norm.text[lo : hi + 1].strip()
            facts = {name: getattr(f, name) for name in _FIGURE_FACTS}
            out.append(FigureOut(row.id, row.name, a, titles.get(a, ""), **facts, context=context))
    return out


# what a figure's record in the export takes from the figure itself
_FIGURE_FACTS = [x.name for x in fields(FigureOut) if x.name in {y.name for y in fields(FigureState)}]


# --- where an export may be written -------------------------------------------------------


def _database_files(store: Store) -> list[Path]:
    return [p for p in (store.path, Path(f"{store.path}-wal"), Path(f"{store.path}-shm")) if p.exists()]


def _check_destination(store: Store, out: Path, replaceable) -> None:
    """Refuse a destination that is not ours to replace (ExportError, one line)."""
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"{printable(str(out))}: no such directory {printable(str(parent))}; create it first")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"{printable(str(parent))}: cannot write in this directory; give another --out")
    if out.is_symlink():
        raise ExportError(f"{printable(str(out))}: is a link; give the file itself or a new name")
    if not out.exists():
        return
    if any(out.samefile(p) for p in _database_files(store)):
        raise ExportError(f"{printable(str(out))}: is the database being exported; give another --out")
    replaceable(out)


def _regular_file(out: Path) -> None:
    if not stat.S_ISREG(out.stat().st_mode):
        raise ExportError(f"{printable(str(out))}: not a regular file (a device or a pipe?); give a file name")


def _an_export(out: Path) -> None:
    """An existing file may be replaced by an SQLite export only if it is one (or empty)."""
    _regular_file(out)
    if out.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"file:{out.resolve()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("pragma application_id").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        app_id = None
    if app_id != EXPORT_ID:
        raise ExportError(
            f"{printable(str(out))}: exists and is not a pagedesk export; remove it or give another --out"
        )


def _text_file(out: Path) -> None:
    _regular_file(out)
    with open(out, "rb") as f:
        head = f.read(16)
    if head == b"SQLite format 3\x00":
        raise ExportError(f"{printable(str(out))}: is an SQLite database; give the JSONL or CSV file another name")


def _gold_directory(out: Path) -> None:
    if not out.is_dir():
        raise ExportError(f"{printable(str(out))}: not a directory; --format gold writes a directory of files")
    if any(out.iterdir()) and not (out / GOLD_MARK).exists():
        raise ExportError(
            f"{printable(str(out))}: holds files that no gold export wrote; give an empty or new directory"
        )


@contextmanager
def _in_place(out: Path, store: Store):
    """A temporary path beside `out`, put in its place when the block ends
    well and removed whatever else happens; storage errors become one line."""
    tmp = out.with_name(f".{out.name}.partial-{os.getpid()}")
    _remove(tmp)
    try:
        yield tmp
        _put_in_place(tmp, out)
    except sqlite3.Error as e:
        raise storage_error(out, e) from None
    except OSError as e:
        raise ExportError(f"{printable(str(out))}: cannot write ({e.strerror}); nothing was written") from None
    finally:
        _remove(tmp)


def _put_in_place(tmp: Path, out: Path) -> None:
    if not (tmp.is_dir() and out.is_dir()):
        os.replace(tmp, out)
        return
    # a directory over the previous one: set that aside first, bring it back if the rename fails
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except OSError:
        os.replace(old, out)
        raise
    _remove(old)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# --- the exports ---------------------------------------------------------------------------

_SQL_TYPES = {
    int: int,
    "int": int,
    "int | None": int,
    "float": float,
    "float | None": float,
    "str": str,
    "list[int]": str,
}


def _columns(record: type) -> dict[str, type]:
    return {f.name: _SQL_TYPES[f.type] for f in fields(record)}


def export_sqlite(store: Store, out: Path, only_reviewed: bool = False) -> dict[str, int]:
    import sqlite_utils

    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{printable(str(out))}: is a directory; give a file name such as corrected.db")
    _check_destination(store, out, _an_export)
    counts = {"pages": 0, "articles": 0, "figures": 0}
    with _in_place(out, store) as tmp:
        db = sqlite_utils.Database(tmp)
        db.execute(f"pragma application_id = {EXPORT_ID}")
        # the file is renamed into place when complete: no journal is needed meanwhile
        db.execute("pragma journal_mode = off")
        db.execute("pragma synchronous = off")
        pages, articles, figures = db["pages"], db["articles"], db["figures"]
        pages.create(_columns(PageOut), pk="id")
        articles.create({"id": int, **_columns(ArticleOut)}, pk="id", foreign_keys=[("page_id", "pages", "id")])
        figures.create(
            {"id": int, **_columns(FigureOut)},
            pk="id",
            foreign_keys=[("page_id", "pages", "id"), ("article_id", "articles", "id")],
        )
        next_article = 1
        batch: dict[str, list[dict]] = {"pages": [], "articles": [], "figures": []}

        def flush() -> None:
            for name, rows in batch.items():
                if rows:
                    db[name].insert_all(rows, batch_size=500)
                    rows.clear()

        for row, s in _pages(store, only_reviewed):
            file = {f.name: getattr(row, f.name) for f in fields(PageFile)}
            page = PageOut(**file, page=row.page_no, status=row.status, lines=len(s.table), note=s.note, text=s.text)
            batch["pages"].append(asdict(page))
            ids = {}
            for art in article_records(row, s):
                ids[art.article_id] = next_article
                batch["articles"].append({**asdict(art), "id": next_article, "lines": json_text(art.lines)})
                next_article += 1
            figs = [{**asdict(f), "article_id": ids.get(f.article_id)} for f in figure_records(row, s)]
            batch["figures"].extend(figs)
            counts["pages"] += 1
            counts["articles"] += len(ids)
            counts["figures"] += len(figs)
            if len(batch["pages"]) >= 100:
                flush()
        flush()
        articles.create_index(["page_id"])
        figures.create_index(["article_id"])
        figures.create_index(["kind"])
        # trigram: Chinese has no spaces between words, so match any three characters
        articles.enable_fts(["title", "kicker", "subtitle", "body"], create_triggers=False, tokenize="trigram")
        db.conn.commit()
        db.conn.close()
    return counts


def export_records(store: Store, table: str, only_reviewed: bool = False) -> Iterator[dict]:
    for row, s in _pages(store, only_reviewed):
        records = figure_records(row, s) if table == "figures" else article_records(row, s)
        for rec in records:
            d = asdict(rec)
            if table == "articles":
                del d["article_id"]  # a page's own numbering: position says where it stands
            yield d


def write_records(records: Iterator[dict], fmt: str, stream: TextIO) -> int:
    n = 0
    writer = None
    for rec in records:
        if fmt == "jsonl":
            stream.write(json_text(rec) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(stream, fieldnames=list(rec))
                writer.writeheader()
            writer.writerow({k: csv_cell(json_text(v) if isinstance(v, list) else v) for k, v in rec.items()})
        n += 1
    return n


def export_file(store: Store, out: Path, table: str, fmt: str, only_reviewed: bool = False) -> int:
    """JSONL or CSV records into a file, whole or not at all."""
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{printable(str(out))}: is a directory; give a file name")
    _check_destination(store, out, _text_file)
    with _in_place(out, store) as tmp:
        with (
            open(tmp, "w", encoding="utf-8", newline="") as f,
            closing(export_records(store, table, only_reviewed)) as recs,
        ):
            n = write_records(recs, fmt, f)
    return n


def export_gold(store: Store, out: Path, only_reviewed: bool = False) -> int:
    """PAGE.txt and PAGE.gold.json for every page: what `pagedesk eval` reads.
    The directory is written whole beside its place and renamed into it."""
    out = Path(out)
    _check_destination(store, out, _gold_directory)
    n = 0
    with _in_place(out, store) as tmp:
        tmp.mkdir()
        (tmp / GOLD_MARK).write_text("written by pagedesk export --format gold\n", encoding="utf-8")
        for row, s in _pages(store, only_reviewed):
            stem = printable(Path(row.name).stem) or f"page{row.id}"
            if (tmp / f"{stem}.txt").exists():
                stem = f"{stem}-{row.id}"
            (tmp / f"{stem}.txt").write_text(s.text, encoding="utf-8")
            gold = s.to_gold(f"{stem}.txt")
            (tmp / f"{stem}.gold.json").write_text(json_text(gold, indent=1), encoding="utf-8")
            n += 1
    return n
