"""The corrected result out of pagedesk: a clean SQLite file, JSONL, CSV, or gold files.

The SQLite export is denormalised for reading, not for editing: pages;
articles with kicker, title, subtitle, byline, dateline and their body text
joined; figures with their article's title and the sentence they stand in;
a full-text index on the articles. Datasette or any SQL tool opens it as is.
The file is written beside its destination and renamed into place, so a
failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import sqlite_utils

from pagedesk.core.editing.state import PageState
from pagedesk.core.lines import roles as R
from pagedesk.core.text.normalize import normalize_lines
from pagedesk.db.store import PageRow, Store

_SENTENCE = re.compile(r"[^。！？\n]*[。！？]?")
BODY_ROLES = (R.BODY, R.DATELINE, R.SUBHEAD, R.SIGNATURE)


@dataclass
class ArticleOut:
    page: PageRow
    position: int
    article_id: int
    kicker: str
    title: str
    subtitle: str
    byline: str
    dateline: str
    body: str
    lines: list[int]
    status: str
    confidence: float


def _pages(store: Store, only_reviewed: bool) -> Iterator[tuple[PageRow, PageState]]:
    """Every page (approved ones only, if asked) with its state, all read in
    one snapshot: saves made meanwhile are not half in the export."""
    with store.reading():
        for row in store.pages(status="approved" if only_reviewed else None):
            yield row, store.load(row.id).state


def article_records(row: PageRow, s: PageState) -> list[ArticleOut]:
    out = []
    for pos, a in enumerate(a for a in s.ordered_articles() if s.lines_of(a)):
        lines = s.lines_of(a)
        body_lines = [ln for ln in lines if s.role_of.get(ln) in BODY_ROLES]
        dateline = [ln for ln in lines if s.role_of.get(ln) == R.DATELINE]
        body = normalize_lines(s.table, body_lines).text
        out.append(
            ArticleOut(
                page=row,
                position=pos,
                article_id=a,
                kicker=s.field_text(a, "kicker"),
                title=s.field_text(a, "title"),
                subtitle=s.field_text(a, "subtitle"),
                byline=s.field_text(a, "byline"),
                dateline=normalize_lines(s.table, dateline).text.split("，")[0] if dateline else "",
                body=body,
                lines=lines,
                status=s.articles[a].status,
                confidence=s.articles[a].confidence,
            )
        )
    return out


def figure_records(row: PageRow, s: PageState) -> list[dict]:
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
            out.append(
                {
                    "page_id": row.id,
                    "page": row.name,
                    "article_id": a,
                    "article_title": titles.get(a, ""),
                    "text": f.text,
                    "value": f.value,
                    "unit": f.unit,
                    "raw_unit": f.raw_unit,
                    "kind": f.kind,
                    "qualifier": f.qualifier,
                    "label": f.label,
                    "period": f.period,
                    "line": f.line,
                    "start": f.start,
                    "end": f.end,
                    "status": f.status,
                    "confidence": f.confidence,
                    "flag": f.flag,
                    "context": context,
                }
            )
    return out


def export_sqlite(store: Store, out: Path, only_reviewed: bool = False) -> dict[str, int]:
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"{out}: is a directory; give a file name such as corrected.db")
    tmp = out.with_name(f".{out.name}.partial-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    counts = {"pages": 0, "articles": 0, "figures": 0}
    try:
        db = sqlite_utils.Database(tmp)
        pages, articles, figures = db["pages"], db["articles"], db["figures"]
        pages.create(
            {
                "id": int,
                "name": str,
                "path": str,
                "sha256": str,
                "newspaper": str,
                "date": str,
                "page": int,
                "status": str,
                "lines": int,
                "text": str,
            },
            pk="id",
        )
        articles.create(
            {
                "id": int,
                "page_id": int,
                "position": int,
                "kicker": str,
                "title": str,
                "subtitle": str,
                "byline": str,
                "dateline": str,
                "body": str,
                "lines": str,
                "status": str,
                "confidence": float,
            },
            pk="id",
            foreign_keys=[("page_id", "pages", "id")],
        )
        figures.create(
            {
                "id": int,
                "page_id": int,
                "article_id": int,
                "article_title": str,
                "text": str,
                "value": float,
                "unit": str,
                "raw_unit": str,
                "kind": str,
                "qualifier": str,
                "label": str,
                "period": str,
                "line": int,
                "start": int,
                "end": int,
                "status": str,
                "confidence": float,
                "flag": str,
                "context": str,
            },
            pk="id",
            foreign_keys=[("page_id", "pages", "id"), ("article_id", "articles", "id")],
        )
        # the file is renamed into place when complete: no journal is needed meanwhile
        db.execute("pragma journal_mode = off")
        db.execute("pragma synchronous = off")
        next_article = 1
        batch: dict[str, list[dict]] = {"pages": [], "articles": [], "figures": []}

        def flush() -> None:
            for name, rows in batch.items():
                if rows:
                    db[name].insert_all(rows, batch_size=500)
                    rows.clear()

        for row, s in _pages(store, only_reviewed):
            batch["pages"].append(
                {
                    "id": row.id,
                    "name": row.name,
                    "path": row.path,
                    "sha256": row.sha256,
                    "newspaper": row.newspaper,
                    "date": row.date,
                    "page": row.page_no,
                    "status": row.status,
                    "lines": len(s.table),
                    "text": s.text,
                }
            )
            ids = {}
            for art in article_records(row, s):
                ids[art.article_id] = next_article
                batch["articles"].append(
                    {
                        "id": next_article,
                        "page_id": row.id,
                        "position": art.position,
                        "kicker": art.kicker,
                        "title": art.title,
                        "subtitle": art.subtitle,
                        "byline": art.byline,
                        "dateline": art.dateline,
                        "body": art.body,
                        "lines": json.dumps(art.lines),
                        "status": art.status,
                        "confidence": art.confidence,
                    }
                )
                next_article += 1
            figs = figure_records(row, s)
            for f in figs:
                f["article_id"] = ids.get(f["article_id"])
                f.pop("page")
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
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts


def export_records(store: Store, table: str, only_reviewed: bool = False) -> Iterator[dict]:
    for row, s in _pages(store, only_reviewed):
        if table == "figures":
            yield from figure_records(row, s)
        else:
            for art in article_records(row, s):
                yield {
                    "page_id": row.id,
                    "page": row.name,
                    "newspaper": row.newspaper,
                    "date": row.date,
                    "page_no": row.page_no,
                    "position": art.position,
                    "kicker": art.kicker,
                    "title": art.title,
                    "subtitle": art.subtitle,
                    "byline": art.byline,
                    "dateline": art.dateline,
                    "body": art.body,
                    "lines": art.lines,
                    "status": art.status,
                    "confidence": art.confidence,
                }


def write_records(records: Iterator[dict], fmt: str, stream: TextIO) -> int:
    n = 0
    writer = None
    for rec in records:
        if fmt == "jsonl":
            stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            if writer is None:
                writer = csv.DictWriter(stream, fieldnames=list(rec))
                writer.writeheader()
            writer.writerow(
                {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in rec.items()}
            )
        n += 1
    return n


def export_gold(store: Store, out: Path, only_reviewed: bool = False) -> int:
    """PAGE.txt and PAGE.gold.json for every page: what `pagedesk eval` reads."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out}: not a directory; --format gold writes a directory of files")
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for row, s in _pages(store, only_reviewed):
        stem = Path(row.name).stem or f"page{row.id}"
        if (out / f"{stem}.txt").exists() and (out / f"{stem}.txt").read_text(encoding="utf-8") != s.text:
            stem = f"{stem}-{row.id}"
        (out / f"{stem}.txt").write_text(s.text, encoding="utf-8")
        gold = s.to_gold(f"{stem}.txt")
        tmp = out / f".{stem}.gold.json.partial"
        tmp.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, out / f"{stem}.gold.json")
        n += 1
    return n


def to_string(records: Iterator[dict], fmt: str) -> str:
    buf = io.StringIO()
    write_records(records, fmt, buf)
    return buf.getvalue()
