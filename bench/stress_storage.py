"""The database under load: the review app's save path, ingest, export and
stats in four processes on one database, with SIGKILLs at random moments.

- The saver does what the review app does: it keeps one connection open (the
  app's queue) and saves each correction through a second one of its own (the
  save worker's), and prints every save it was told is done.
- Ingest runs `pagedesk ingest` over batches of new pages, export runs
  `pagedesk export` (SQLite and JSONL) and opens what it wrote, stats runs
  `pagedesk stats`; each is a whole process, opening and closing the
  database as a user's command does.
- Every few seconds one of the four is killed with SIGKILL and started again.

At the end: the database's integrity check, every acknowledged save looked
up (the page's edit log must hold it), and every process's stderr searched
for a traceback.

    python -m bench.stress_storage [--seconds 60]
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.speed_analyze import machine

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_pages"

SAVER = """
import sys, threading
from pagedesk.core.editing import edits as E
from pagedesk.db.schema import ConflictError, StoreError
from pagedesk.db.store import Store
db, n = sys.argv[1], 0
app = Store(db)  # the app's own connection, open all along
while True:
    ids = app.all_page_ids()
    page_id = ids[n % min(len(ids), 5)]
    page = app.load(page_id)
    s = page.state
    title = f"saved {n}"
    op = E.set_field(s, s.ordered_articles()[0], "title", title)
    done = []

    def save():  # the save worker: a connection of its own, in a thread
        try:
            with Store(db) as worker:
                done.append(worker.save(page_id, s, page.version, [(op, op.apply(s))], user="stress"))
        except (ConflictError, StoreError) as e:
            print("not saved:", e, file=sys.stderr, flush=True)

    t = threading.Thread(target=save)
    t.start()
    t.join()
    if done:
        print(page_id, done[0], title, flush=True)
    n += 1
"""


def _pages(out: Path, start: int, count: int) -> None:
    """`count` new page files made from the sample pages."""
    out.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLES.glob("*.txt"))
    for i in range(start, start + count):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        (out / f"p{i:05}.txt").write_text(f"{text}\n第{i + 10}版\n", encoding="utf-8")


class Worker:
    """One of the four: a process started again and again until the time is up."""

    def __init__(self, name: str, tmp: Path, db: Path):
        self.name, self.tmp, self.db = name, tmp, db
        self.proc: subprocess.Popen | None = None
        self.runs = self.killed = self.failed = 0
        self.batch = 0
        self.stderr = tmp / f"{name}.err"
        self.acks = tmp / f"{name}.out"

    def command(self) -> list[str]:
        cli = [sys.executable, "-m", "pagedesk.tui.cli"]
        if self.name == "saver":
            return [sys.executable, "-c", SAVER, str(self.db)]
        if self.name == "ingest":
            self.batch += 1
            batch = self.tmp / f"batch{self.batch}"
            _pages(batch, 1000 * self.batch, 20)
            return [*cli, "ingest", str(batch), "--db", str(self.db)]
        if self.name == "export":
            fmt = (
                ["--out", str(self.tmp / "export.db")]
                if self.runs % 2
                else ["--format", "jsonl", "--out", str(self.tmp / "export.jsonl")]
            )
            return [*cli, "export", "--db", str(self.db), *fmt]
        return [*cli, "stats", "--db", str(self.db), "--format", "json"]

    def tend(self) -> None:
        """Start it if it is not running; count how the last run ended."""
        if self.proc is not None and self.proc.poll() is None:
            return
        if self.proc is not None and self.proc.returncode not in (0, -signal.SIGKILL):
            self.failed += 1
        self.runs += 1
        with open(self.stderr, "a") as err, open(self.acks, "a") as out:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, stdout=out, stderr=err)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.killed += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "stress.db"
        subprocess.run([sys.executable, "-m", "pagedesk.tui.cli", "ingest", str(SAMPLES), "--db", str(db)],
                       cwd=ROOT, check=True, capture_output=True)  # fmt: skip
        workers = [Worker(name, tmp, db) for name in ("saver", "ingest", "export", "stats")]
        end = time.monotonic() + args.seconds
        next_kill = time.monotonic() + rng.uniform(1, 4)
        while time.monotonic() < end:
            for w in workers:
                w.tend()
            if time.monotonic() >= next_kill:
                rng.choice(workers).kill()
                next_kill = time.monotonic() + rng.uniform(1, 4)
            time.sleep(0.05)
        for w in workers:
            w.kill()
        report = _check(db, workers)
    print(f"machine: {machine()}")
    print(f"{args.seconds:.0f} s, 4 processes on one database, {sum(w.killed for w in workers)} SIGKILLs")
    for w in workers:
        print(f"  {w.name:7} {w.runs:4} runs, {w.killed:3} killed, {w.failed:3} ended with an error")
    print(json.dumps(report))
    ok = report["lost"] == 0 and report["corrupt"] == 0 and report["tracebacks"] == 0
    return 0 if ok else 1


def _check(db: Path, workers: list[Worker]) -> dict:
    acked = []
    for line in (workers[0].acks).read_text().splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[0].isdigit():
            acked.append((int(parts[0]), int(parts[1]), parts[2]))
    conn = sqlite3.connect(db)
    corrupt = int(conn.execute("pragma integrity_check").fetchone()[0] != "ok")
    present = sum(
        1
        for page, version, title in acked
        if conn.execute(
            "select 1 from edits where page_id = ? and version = ? and after like ?", [page, version, f'%"{title}"%']
        ).fetchone()  # fmt: skip
    )
    pages = conn.execute("select count(*) from pages").fetchone()[0]
    conn.close()
    tracebacks = sum(w.stderr.read_text().count("Traceback") for w in workers if w.stderr.exists())
    return {
        "saves_acknowledged": len(acked),
        "saves_present": present,
        "lost": len(acked) - present,
        "corrupt": corrupt,
        "tracebacks": tracebacks,
        "pages": pages,
    }


if __name__ == "__main__":
    sys.exit(main())
