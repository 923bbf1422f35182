"""Ingest: page files into the database, analysed in parallel, written by one writer.

Files are read and hashed first; a page already stored (same sha256 of its
text) is skipped, so ingesting twice changes nothing. Analysis runs in worker
processes (`jobs`); the parent writes each page in its own transaction, so a
kill loses at most the page being written. A bad file is reported and counted
and never stops the batch.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pagedesk.core.analysis import analyze_page
from pagedesk.core.pageinfo import page_info
from pagedesk.core.result import PageAnalysis
from pagedesk.core.text.page import PageInputError, read_page_file, sha256_text
from pagedesk.db.store import Store


@dataclass
class IngestReport:
    added: int = 0
    skipped: int = 0
    reanalyzed: int = 0
    kept: int = 0  # re-analysed pages whose human changes were kept
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.skipped + self.reanalyzed + self.kept + len(self.failed)


def page_files(paths: Sequence[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files as given, directories searched for *.txt (recursively, by name)."""
    files, missing = [], []
    for a in paths:
        p = Path(a)
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.txt") if q.is_file())
            if not found:
                missing.append((a, "no .txt files in this directory"))
            files.extend(found)
        elif p.exists():
            files.append(p)  # a pipe or a device is refused when read, with its reason
        else:
            missing.append((a, "no such file or directory"))
    return files, missing


def _database_files(store: Store) -> list[Path]:
    return [p for p in (store.path, Path(f"{store.path}-wal"), Path(f"{store.path}-shm")) if p.exists()]


def _same_file(path: Path, others: list[Path]) -> bool:
    try:
        return any(path.samefile(o) for o in others)
    except OSError:
        return False


def _read(path: Path) -> tuple[str, str]:
    text = read_page_file(path)
    return text, sha256_text(text)


def _analyse(job: tuple[str, str]) -> tuple[str, dict | str]:
    path, text = job
    try:
        a = analyze_page(text, path)
    except Exception as e:  # noqa: BLE001 - a detector failure is reported per file
        return path, f"{path}: analysis failed ({e.__class__.__name__}: {e})"
    return path, a.to_json()  # with the text, when the extractor's line order was repaired


def _analyses(jobs: list[tuple[str, str]], workers: int) -> Iterable[tuple[str, dict | str]]:
    # more processes than cores, or than pages, only cost their start
    workers = min(workers, os.cpu_count() or 1, (len(jobs) + 3) // 4)
    if workers <= 1 or len(jobs) < 2:
        for job in jobs:
            yield _analyse(job)
        return
    # fork: the workers inherit the loaded dictionary instead of each loading it
    from pagedesk.core.text.words import words

    words("预热")
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        yield from pool.imap(_analyse, jobs, chunksize=4)


def ingest(
    store: Store,
    paths: Sequence[str],
    jobs: int = 1,
    reanalyze: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    files, missing = page_files(paths)
    report.failed.extend(missing)
    todo: list[tuple[str, str]] = []
    texts: dict[str, str] = {}
    existing: dict[str, int] = {}
    own = _database_files(store)
    for f in files:
        if _same_file(f, own):
            # reading it would be pointless, and closing a descriptor of it
            # would drop this process's SQLite locks (see db.schema.open_db)
            report.failed.append((str(f), f"{f}: is the database itself, not a page; leave it out"))
            continue
        try:
            text, sha = _read(f)
        except PageInputError as e:
            report.failed.append((str(f), str(e)))
            continue
        page_id = store.has_sha(sha)
        if page_id and not reanalyze:
            report.skipped += 1
            continue
        if page_id:
            existing[str(f)] = page_id
        if str(f) in texts:
            continue
        texts[str(f)] = text
        todo.append((str(f), text))
    total = len(todo)
    if progress:
        progress(0, total, "")
    for done, (path, result) in enumerate(_analyses(todo, jobs), 1):
        if isinstance(result, str):
            report.failed.append((path, result))
        else:
            analysis = PageAnalysis.from_json(result.pop("text", texts[path]), result)
            if path in existing:
                if store.reanalyze(existing[path], analysis):
                    report.reanalyzed += 1
                else:
                    report.kept += 1
            elif store.has_sha(analysis.sha256):
                report.skipped += 1  # the same text under two names
            else:
                info = page_info(path, analysis.text, sorted(analysis.unassigned))
                store.add_page(analysis.text, path, analysis, info)
                report.added += 1
        if progress:
            progress(done, total, path)
    return report


def reanalyze_all(store: Store, jobs: int = 1, progress=None) -> IngestReport:
    """Run the detector again over every stored page (human changes are kept)."""
    report = IngestReport()
    jobs_list = []
    ids: dict[str, int] = {}
    for page_id in store.all_page_ids():
        text, path = store.text_of(page_id)
        key = f"{page_id}:{path}"
        ids[key] = page_id
        jobs_list.append((key, text))
    texts = dict(jobs_list)
    for done, (key, result) in enumerate(_analyses(jobs_list, jobs), 1):
        if isinstance(result, str):
            report.failed.append((key, result))
        else:
            analysis = PageAnalysis.from_json(result.pop("text", texts[key]), result)
            if store.reanalyze(ids[key], analysis):
                report.reanalyzed += 1
            else:
                report.kept += 1
        if progress:
            progress(done, len(jobs_list), key)
    return report
