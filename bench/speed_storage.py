"""Storage speed on 1,000 pages rebuilt from the corpus.

1. `pagedesk ingest DIR --jobs 2` against `--jobs 1` on the same pages, each
   into a new database (budget: at most 0.7x).
2. `pagedesk export --out corrected.db` of those pages, against reading every
   page's state back (the least an export must do).
3. Saving one page's corrections (three edits), against loading the page.

    python -m bench.speed_storage [--pages 1000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.rebuild import write_pages
from bench.speed_analyze import machine

ROOT = Path(__file__).resolve().parents[1]


def _timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    args = ap.parse_args(argv)
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pages = tmp / "pages"
        write_pages(pages, args.pages, seed=7, half="test")
        for g in pages.glob("*.gold.json"):
            g.unlink()
        cli = [sys.executable, "-m", "pagedesk.tui.cli"]
        one = _timed(cli + ["ingest", str(pages), "--db", str(tmp / "one.db"), "--jobs", "1"])
        two = _timed(cli + ["ingest", str(pages), "--db", str(tmp / "two.db"), "--jobs", "2"])
        print(f"ingest {args.pages} pages:")
        print(f"  --jobs 1   {one:7.2f} s")
        print(f"  --jobs 2   {two:7.2f} s")
        print(f"  ratio      {two / one:7.2f}x   (budget 0.7x)")

        export = _timed(cli + ["export", "--db", str(tmp / "two.db"), "--out", str(tmp / "corrected.db")])
        from pagedesk.db.store import Store

        with Store(tmp / "two.db") as store:
            t = time.perf_counter()
            for pid in store.all_page_ids():
                store.load(pid)
            load_all = time.perf_counter() - t
        print(
            f"export {args.pages} pages to SQLite (whole process): {export:.2f} s; "
            f"reading every page's state back in process: {load_all:.2f} s; ratio {export / load_all:.2f}x"
        )

        from pagedesk.core.editing import edits as E

        with Store(tmp / "two.db") as store:
            pid = max(store.all_page_ids(), key=lambda p: store.row(p).n_figures)
            loads, saves = [], []
            for i in range(20):
                t = time.perf_counter()
                page = store.load(pid)
                loads.append(time.perf_counter() - t)
                s = page.state
                first = s.ordered_articles()[0]
                ops = [
                    E.set_field(s, first, "title", f"标题{i}"),
                    E.confirm_figure(s, sorted(s.figures)[0]),
                    E.approve_article(s, first),
                ]
                done = [(op, op.apply(s)) for op in ops]
                t = time.perf_counter()
                store.save(pid, s, page.version, done, user="bench")
                saves.append(time.perf_counter() - t)
            lines = len(page.state.role_of)
        save, load = sorted(saves)[10], sorted(loads)[10]
        print(
            f"save one page's corrections ({lines} lines, {len(page.state.figures)} figures, 3 edits), median of 20: "
            f"{save * 1000:.1f} ms; loading it: {load * 1000:.1f} ms; ratio {save / load:.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
