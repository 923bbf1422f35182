"""The `pagedesk` command line.

Every user mistake ends in one line on stderr that says what to do, and a
non-zero exit; nothing is written until all input has been read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

EXIT_USAGE = 2
EXIT_INPUT = 1


class UserError(Exception):
    """A mistake the user can fix; the message is one line."""


def _err(msg: str) -> None:
    print(f"pagedesk: error: {msg}", file=sys.stderr)


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
    from core.text import decode

    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise UserError(f"{path}: is a directory; give a .txt file or the directory itself") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied") from None
    except OSError as e:
        raise UserError(f"{path}: cannot read ({e.strerror})") from None
    return decode(data, str(path))


def _read_all(paths: list[Path]) -> list[tuple[Path, str]]:
    from core.text import PageInputError

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
    from core.analysis import analyze_page

    pages = _read_all(expand_paths(args.paths))
    results = [analyze_page(text, str(path)) for path, text in pages]
    if args.format == "jsonl":
        for r in results:
            sys.stdout.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
    elif args.format == "json":
        data = [r.to_json() for r in results]
        sys.stdout.write(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=1) + "\n")
    else:
        from .render import render_analysis

        for r in results:
            render_analysis(r)
    return 0


# --- eval -------------------------------------------------------------------------------


def cmd_eval(args: argparse.Namespace) -> int:
    from core.analysis import analyze_page
    from core.evaluate import GoldError, combine, load_gold, read_gold_file, score_page, text_path_for
    from core.text import LineTable

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
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        from .render import render_eval

        render_eval(scored, overall, verbose=args.verbose)
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
    a.add_argument("--format", choices=["json", "jsonl", "text"], default="json",
                   help="json (default; an array for several pages), jsonl (a page a line) or text (for reading)")
    a.set_defaults(func=cmd_analyze)

    e = sub.add_parser("eval", help="score the analysis against gold files (PAGE.gold.json beside PAGE.txt)")
    e.add_argument("gold", nargs="+", metavar="GOLD.json")
    e.add_argument("--format", choices=["text", "json"], default="text")
    e.add_argument("-v", "--verbose", action="store_true", help="list what each page got wrong")
    e.set_defaults(func=cmd_eval)

    return ap


def main(argv: Sequence[str] | None = None) -> int:
    ap = build_parser()
    args = ap.parse_args(argv)
    if not getattr(args, "func", None):
        ap.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except UserError as e:
        _err(str(e))
        return EXIT_INPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (| head); not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as e:  # noqa: BLE001 - user-facing boundary
        from core.text import PageInputError

        if isinstance(e, PageInputError):
            _err(str(e))
            return EXIT_INPUT
        raise


if __name__ == "__main__":
    raise SystemExit(main())
