"""The `pagedesk` command line.

Every user mistake ends in one line on stderr that says what to do, and a
non-zero exit; nothing is written until all input has been read.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from pagedesk.core.text.safe import json_text, printable

EXIT_USAGE = 2
EXIT_INPUT = 1


class UserError(Exception):
    """A mistake the user can fix; the message is one line."""


def _err(msg: str) -> None:
    print(f"pagedesk: error: {printable(msg)}", file=sys.stderr)


# --- reading pages ----------------------------------------------------------------


def expand_paths(args: Sequence[str]) -> list[Path]:
    """Files as given; a directory becomes its *.txt files sorted by name."""
    out: list[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            txts = sorted(q for q in p.iterdir() if q.suffix == ".txt" and q.is_file())
            if not txts:
                raise UserError(f"{a}: no .txt files in this directory")
            out.extend(txts)
        elif p.exists():
            out.append(p)
        else:
            raise UserError(f"{a}: no such file or directory")
    return out


def read_page(path: Path) -> str:
    from pagedesk.core.text.page import PageInputError, read_page_file

    try:
        return read_page_file(path)
    except PageInputError as e:
        raise UserError(str(e)) from None


def _read_all(paths: list[Path]) -> list[tuple[Path, str]]:
    from pagedesk.core.text.page import PageInputError

    pages, errors = [], []
    for p in paths:
        try:
            pages.append((p, read_page(p)))
        except (UserError, PageInputError) as e:
            errors.append(str(e))
    if errors:
        raise UserError(errors[0] if len(errors) == 1 else f"{len(errors)} files cannot be read; first: {errors[0]}")
    return pages


# --- analyze -----------------------------------------------------------------------


def cmd_analyze(args: argparse.Namespace) -> int:
    from pagedesk.core.analysis import analyze_page

    pages = _read_all(expand_paths(args.paths))
    results = [analyze_page(text, str(path)) for path, text in pages]
    if args.format == "jsonl":
        for r in results:
            sys.stdout.write(json_text(r.to_json()) + "\n")
    elif args.format == "json":
        data = [r.to_json() for r in results]
        sys.stdout.write(json_text(data[0] if len(data) == 1 else data, indent=1) + "\n")
    else:
        from pagedesk.tui.render import render_analysis

        for r in results:
            render_analysis(r)
    return 0


# --- eval -------------------------------------------------------------------------------


def cmd_eval(args: argparse.Namespace) -> int:
    from pagedesk.core.analysis import analyze_page
    from pagedesk.core.evaluation import GoldError, combine, load_gold, read_gold_file, score_page, text_path_for
    from pagedesk.core.text.page import LineTable

    scored = []
    for g in args.gold:
        path = Path(g)
        if not path.exists():
            raise UserError(f"{g}: no such file")
        try:
            data = read_gold_file(path)
            txt = text_path_for(path)
            if not txt.exists():
                raise UserError(f"{g}: the page text {txt.name} is not beside it")
            text = read_page(txt)
            gold = load_gold(data, LineTable.of(text))
        except GoldError as e:
            raise UserError(str(e)) from None
        scored.append((path.name, score_page(analyze_page(text, str(txt)), gold)))
    overall = combine([s for _, s in scored])
    if args.format == "json":
        out = {"pages": {name: s.as_dict() for name, s in scored}, "overall": overall}
        print(json_text(out, indent=1))
    else:
        from pagedesk.tui.render import render_eval

        render_eval(scored, overall, verbose=args.verbose)
    return 0


# --- storage: ingest, export, stats ----------------------------------------------------------


def _store(path: str, write: bool = True, create: bool = True):
    from pagedesk.db.schema import StoreError
    from pagedesk.db.store import Store

    try:
        return Store(path, write=write, create=create)
    except StoreError as e:
        raise UserError(str(e)) from None


def _progress(total_label: str):
    """A rich progress bar on a terminal, plain lines otherwise."""
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn(total_label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
        )
        task = None

        def update(done: int, total: int, path: str) -> None:
            nonlocal task
            if task is None:
                bar.start()
                task = bar.add_task(total_label, total=total)
            bar.update(task, completed=done)
            if done >= total:
                bar.stop()

        return update

    state = {"last": -1}

    def plain(done: int, total: int, path: str) -> None:
        if not total:
            return
        step = max(1, total // 20)
        if done == total or done - state["last"] >= step:
            state["last"] = done
            print(f"{total_label} {done}/{total}", file=sys.stderr, flush=True)

    return plain


def cmd_ingest(args: argparse.Namespace) -> int:
    from pagedesk.db.ingest import ingest, reanalyze_all
    from pagedesk.db.schema import StoreError

    if not args.paths and not args.reanalyze:
        raise UserError("give page files or directories to ingest (or --reanalyze for every stored page)")
    if args.jobs < 1:
        raise UserError("--jobs must be 1 or more")
    with _store(args.db) as store:
        try:
            if args.paths:
                report = ingest(
                    store, args.paths, jobs=args.jobs, reanalyze=args.reanalyze, progress=_progress("analysing")
                )
            else:
                report = reanalyze_all(store, jobs=args.jobs, progress=_progress("re-analysing"))
        except StoreError as e:
            raise UserError(str(e)) from None
    for path, msg in report.failed:
        said = msg if msg.startswith(path) else f"{path}: {msg}"
        print(f"pagedesk: skipped: {printable(said)}", file=sys.stderr)
    parts = [f"{report.added} added", f"{report.skipped} already stored"]
    if report.reanalyzed or report.kept or args.reanalyze:
        parts.append(f"{report.reanalyzed} re-analysed")
        parts.append(f"{report.kept} kept as corrected")
    parts.append(f"{len(report.failed)} failed")
    print(f"{printable(args.db)}: " + ", ".join(parts))
    return 1 if report.failed and not (report.added or report.skipped or report.reanalyzed or report.kept) else 0


def cmd_export(args: argparse.Namespace) -> int:
    from pagedesk.db.export import export_file, export_gold, export_records, export_sqlite, write_records
    from pagedesk.db.schema import StoreError

    fmt = args.format or ("sqlite" if args.out and args.out != "-" else None)
    if fmt is None:
        raise UserError("say where to write: --out corrected.db (SQLite), or --format jsonl|csv [--out FILE]")
    if fmt in ("sqlite", "gold") and (not args.out or args.out == "-"):
        raise UserError(f"--format {fmt} needs --out ({'a file' if fmt == 'sqlite' else 'a directory'})")
    out = printable(args.out or "")
    with _store(args.db, write=False, create=False) as store:
        try:
            if fmt == "sqlite":
                counts = export_sqlite(store, Path(args.out), args.only_reviewed)
                print(f"{out}: {counts['pages']} pages, {counts['articles']} articles, {counts['figures']} figures")
            elif fmt == "gold":
                n = export_gold(store, Path(args.out), args.only_reviewed)
                print(f"{out}: {n} pages as PAGE.txt + PAGE.gold.json")
            elif args.out and args.out != "-":
                n = export_file(store, Path(args.out), args.table, fmt, args.only_reviewed)
                print(f"{out}: {n} {args.table}", file=sys.stderr)
            else:
                with closing(export_records(store, args.table, args.only_reviewed)) as records:
                    write_records(records, fmt, sys.stdout)
        except StoreError as e:
            raise UserError(str(e)) from None
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from pagedesk.db.stats import stats

    with _store(args.db, write=False, create=False) as store:
        st = stats(store)
    if args.format == "json":
        print(json_text(st.__dict__, indent=1))
        return 0
    total = sum(st.pages.values())
    print(f"{printable(args.db)}: {total} pages (" + ", ".join(f"{n} {k}" for k, n in sorted(st.pages.items())) + ")")
    print(f"articles: {st.articles}")
    print("figures: " + (", ".join(f"{n} {k}" for k, n in sorted(st.figures.items())) or "none"))
    editors = ", ".join(f"{u} {n}" for u, n in st.editors.items())
    print(f"corrections: {st.corrections}" + (f" ({editors})" if editors else ""))
    if st.detector:
        d = st.detector
        line = (
            f"detector on the {st.corrected_pages} corrected pages: line-pair F1 {d['line_pair_f1']:.3f}, "
            f"articles exact {d['articles_exact']}/{d['articles']}, headline attachment {d['headline_attachment']:.3f}"
        )
        if "figure_precision" in d:
            line += f", figures P {d['figure_precision']:.3f} R {d['figure_recall']:.3f}"
        print(line)
    else:
        print("detector: no corrected pages yet to compare with")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from pagedesk.db.schema import StoreError
    from pagedesk.db.store import current_user
    from pagedesk.tui.keymap import KeymapError, load_keymap

    items = list(args.items)
    db = args.db or "pagedesk.db"
    if not args.db and items and not Path(items[0]).is_dir() and not items[0].endswith(".txt"):
        db = items.pop(0)
    try:
        keymap = load_keymap()
    except KeymapError as e:
        raise UserError(str(e)) from None
    if items:
        from pagedesk.db.ingest import ingest

        with _store(db) as store:
            try:
                report = ingest(store, items, jobs=args.jobs, progress=_progress("analysing"))
            except StoreError as e:
                raise UserError(str(e)) from None
        for _path, msg in report.failed:
            print(f"pagedesk: skipped: {printable(msg)}", file=sys.stderr)
    elif not Path(db).exists():
        raise UserError(f"{db}: no such database; give pages to review: pagedesk review {db} PAGES...")
    if not sys.stdout.isatty():
        raise UserError("the review app needs a terminal; run it in one (or use ingest/export/stats)")
    from pagedesk.tui.app import PagedeskApp

    try:  # the database is opened (and checked) before the screen is taken over
        app = PagedeskApp(db, args.user or current_user(), keymap)
    except StoreError as e:
        raise UserError(str(e)) from None
    app.run()
    return 0


# --- main ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="pagedesk",
        description="Find the articles, headlines and figures in PDF-extracted newspaper pages, and review them.",
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("analyze", help="detect articles, line roles and figures in page text files")
    a.add_argument("paths", nargs="+", metavar="FILE|DIR", help="page .txt files, or directories of them")
    a.add_argument(
        "--format",
        choices=["json", "jsonl", "text"],
        default="json",
        help="json (default; an array for several pages), jsonl (a page a line) or text (for reading)",
    )
    a.set_defaults(func=cmd_analyze)

    e = sub.add_parser("eval", help="score the analysis against gold files (PAGE.gold.json beside PAGE.txt)")
    e.add_argument("gold", nargs="+", metavar="GOLD.json")
    e.add_argument("--format", choices=["text", "json"], default="text")
    e.add_argument("-v", "--verbose", action="store_true", help="list what each page got wrong")
    e.set_defaults(func=cmd_eval)

    db_help = "the database (default pagedesk.db)"
    i = sub.add_parser("ingest", help="analyse page files and store them in the database")
    i.add_argument("paths", nargs="*", metavar="PATH", help="page .txt files or directories (searched for *.txt)")
    i.add_argument("--db", default="pagedesk.db", help=db_help)
    i.add_argument("--jobs", type=int, default=1, help="analyse with this many processes (default 1)")
    i.add_argument(
        "--reanalyze",
        action="store_true",
        help="run detection again on stored pages (the given ones, or all); human changes are kept",
    )
    i.set_defaults(func=cmd_ingest)

    x = sub.add_parser("export", help="write the corrected result: SQLite, JSONL, CSV or gold files")
    x.add_argument("--db", default="pagedesk.db", help=db_help)
    x.add_argument("--out", help="file to write (- for stdout with jsonl/csv); a directory for --format gold")
    x.add_argument(
        "--format",
        choices=["sqlite", "jsonl", "csv", "gold"],
        help="sqlite (default with --out), jsonl, csv, or gold (PAGE.txt + PAGE.gold.json per page)",
    )
    x.add_argument("--table", choices=["articles", "figures"], default="articles", help="what jsonl/csv list")
    x.add_argument("--only-reviewed", action="store_true", help="approved pages only")
    x.set_defaults(func=cmd_export)

    t = sub.add_parser("stats", help="pages, articles, figures, corrections, and how the detector did")
    t.add_argument("--db", default="pagedesk.db", help=db_help)
    t.add_argument("--format", choices=["text", "json"], default="text")
    t.set_defaults(func=cmd_stats)

    r = sub.add_parser("review", help="the review app: pages beside their articles and figures, by keyboard")
    r.add_argument(
        "items",
        nargs="*",
        metavar="[DB] [PATH...]",
        help="the database (default pagedesk.db), then pages to ingest first",
    )
    r.add_argument("--db", help="the database, as for the other commands (then every item is a page path)")
    r.add_argument("--user", help="your name in the edit log (default $USER)")
    r.add_argument("--jobs", type=int, default=1, help="processes for ingesting PATHs")
    r.set_defaults(func=cmd_review)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    if not getattr(args, "func", None):
        ap.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, where a full disk (> /dev/full) can still be said in one line
        return code
    except UserError as e:
        _err(str(e))
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (| head); not an error of ours
        _drop_stdout()
        return 0
    except OSError as e:
        if e.filename is None:  # writing our own output failed
            _drop_stdout()
            _err(f"cannot write the output ({e.strerror or e}); free space or write it elsewhere")
        else:
            _err(_one_line(e, args))
        return EXIT_INPUT
    except Exception as e:  # noqa: BLE001 - user-facing boundary: one line, never a traceback
        _err(_one_line(e, args))
        return EXIT_INPUT


def _drop_stdout() -> None:
    """Whatever is left of our output goes nowhere (so Python's own last flush is quiet)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor: a test's or a notebook's stream
        pass


def _one_line(e: Exception, args: argparse.Namespace) -> str:
    """What went wrong, for an error no command caught: a page, the database, the output."""
    import sqlite3

    from pagedesk.core.text.page import PageInputError
    from pagedesk.db.schema import StoreError, storage_error

    if isinstance(e, (PageInputError, StoreError)):
        return str(e)
    db = getattr(args, "db", None) or "the database"
    if isinstance(e, sqlite3.DatabaseError):
        return str(storage_error(db, e))
    if isinstance(e, OSError):
        where = e.filename or "the output"
        return f"{where}: cannot write or read ({e.strerror or e}); check the disk and the path"
    return f"{type(e).__name__}: {e} (a bug in pagedesk; please report it with the command that caused it)"


if __name__ == "__main__":
    raise SystemExit(main())
