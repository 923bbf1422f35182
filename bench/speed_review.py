"""The review app's speed, headless (Textual's run_test), on a 1,000-page database.

1. Time to an interactive first screen: from creating the app to the page
   queue listing every page, against an empty Textual app reaching its first
   screen the same way (budget: at most 1.5x). Whole processes, so imports and
   start-up count for both.
2. Every editing key on a page of 400+ lines: the time from the key press
   until the screen has handled it (budget: under 50 ms each).

    python -m bench.speed_review [--pages 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.speed_analyze import machine

ROOT = Path(__file__).resolve().parents[1]

# the baseline: the least a Textual app can show, one line of text
EMPTY_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Empty(App):\n"
    "    def compose(self):\n"
    "        yield Static('READY')\n"
    "Empty().run()\n"
)


def first_screen(command: list[str], marker: str) -> float:
    """Seconds from starting `command` in a real terminal (tmux, 160x48) until
    `marker` is on the screen."""
    session = f"bench{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    shell = " ".join(shlex.quote(c) for c in command)
    t0 = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "160",
            "-y",
            "48",
            f"cd {shlex.quote(str(ROOT))} && {shell}",
        ],
        check=True,
    )
    try:
        while time.perf_counter() - t0 < 30:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - t0
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} never appeared")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


EDIT_KEYS = [
    ("line down", ["j"]),
    ("next article", ["right_square_bracket"]),
    ("next figure", ["f"]),
    ("confirm figure", ["c"]),
    ("reject figure", ["x"]),
    ("split", ["s"]),
    ("undo", ["u"]),
    ("redo", ["ctrl+r"]),
    ("merge with previous", ["less_than_sign"]),
    ("mark range", ["space", "j", "j"]),
    ("move lines to new article", ["m", "n"]),
    ("set role", ["r", "s"]),
    ("confirm all figures of the article", ["C", "a"]),
    ("block up in reading order", ["K"]),
    ("approve article", ["a"]),
    ("next low-confidence", ["l"]),
    ("hide blank lines", ["z"]),
]


async def key_times(db: str, page_id: int, size: tuple[int, int] = (160, 48)) -> tuple[dict[str, float], float]:
    """CPU time per key, from the press until the screen has handled and
    redrawn it. Pilot's own waiting (for timers and the next frame) is idle
    time and is not counted; a key bound to nothing is the floor."""
    from pagedesk.tui.app import PagedeskApp

    app = PagedeskApp(db, "bench")
    times: dict[str, list[float]] = {}
    floor: list[float] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_page(page_id)
        await pilot.pause()
        for _ in range(5):
            t = time.process_time()
            await pilot.press("f12")
            await pilot.pause()
            floor.append(time.process_time() - t)
            for name, keys in EDIT_KEYS:
                t = time.process_time()
                for k in keys:
                    await pilot.press(k)
                await pilot.pause()
                times.setdefault(name, []).append((time.process_time() - t) / len(keys))
    return {k: statistics.median(v) for k, v in times.items()}, statistics.median(floor)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    args = ap.parse_args(argv)
    print(f"machine: {machine()}")
    from bench.rebuild import write_pages
    from pagedesk.db.ingest import ingest
    from pagedesk.db.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_pages(tmp / "pages", args.pages, seed=13, half="test")
        db = tmp / "bench.db"
        with Store(db) as store:
            ingest(store, [str(tmp / "pages")], jobs=2)
            big = max(store.pages(), key=lambda r: len(store.load(r.id).state.role_of))
            lines = len(store.load(big.id).state.table)
        first_name = min(r.name for r in Store(db).pages())
        empties, ourss = [], []
        for _ in range(9):  # alternated, so that the machine's moods fall on both alike
            empties.append(first_screen([sys.executable, "-c", EMPTY_APP], "READY"))
            ourss.append(first_screen([sys.executable, "-m", "pagedesk.tui.cli", "review", str(db)], first_name))
        empty, ours = statistics.median(empties), statistics.median(ourss)
        print(
            f"first screen in a real terminal (tmux 160x48), whole process, median of 9 alternated runs "
            f"({args.pages} pages in the database):"
        )
        print(f"  empty Textual app  {empty:6.2f} s")
        print(f"  pagedesk queue     {ours:6.2f} s")
        print(f"  ratio              {ours / empty:6.2f}x   (budget 1.5x)")
        for size in ((160, 48), (80, 24)):
            report_keys(str(db), big.id, lines, size)
    return 0


def report_keys(db: str, page_id: int, lines: int, size: tuple[int, int]) -> None:
    times, floor = asyncio.run(key_times(db, page_id, size))
    print(
        f"editing keys on a page of {lines} lines at {size[0]}x{size[1]}, CPU time from press to redrawn,"
        " median of 5 (headless):"
    )
    print(f"  {'a key bound to nothing':28s} {floor * 1000:6.1f} ms   (Pilot delivering a key: the floor)")
    print(f"  {'key':28s} {'measured':>8s} {'net':>8s}")
    for name, t in times.items():
        print(f"  {name:28s} {t * 1000:6.1f} ms {(t - floor) * 1000:6.1f} ms")
    worst = max(times.values())
    print(f"  slowest                      {worst * 1000:6.1f} ms {(worst - floor) * 1000:6.1f} ms   (budget 50 ms)")


if __name__ == "__main__":
    raise SystemExit(main())
