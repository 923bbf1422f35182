"""Shared fixtures: the seed page (in sample_pages/), and the third-party
inputs in ../shared with pages rebuilt from its corpus.

Tests that need ../shared (the corpus and the real pages are newspapers'
texts, kept out of the repository) skip where it is absent, with the reason;
PAGEDESK_REQUIRE_SHARED=1 (as .ci/run sets it) makes its absence a failure.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ is not installed; tests use its page rebuilder

SHARED = Path(os.environ.get("PAGEDESK_SHARED", ROOT.parent / "shared"))
SEED = ROOT / "sample_pages" / "000_8627e98ea5b30c4b"  # the same page as ../shared/seed
CNOOC = SHARED / "real_pages" / "cnooc_2024-10-16_p1"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        why = f"needs the corpus and real pages in {SHARED} (set PAGEDESK_SHARED), absent here"
        if os.environ.get("PAGEDESK_REQUIRE_SHARED") == "1":
            pytest.fail(why)
        pytest.skip(why)
    return SHARED


@pytest.fixture(scope="session")
def seed_text() -> str:
    from pagedesk.core.text.page import decode

    return decode(SEED.with_suffix(".txt").read_bytes())


@pytest.fixture(scope="session")
def seed_analysis(seed_text):
    from pagedesk.core import analyze_page

    return analyze_page(seed_text, "seed.txt")


@pytest.fixture(scope="session")
def rebuilt_test_pages(shared, tmp_path_factory) -> Path:
    """120 pages rebuilt from odd days of the corpus: the detector was tuned on
    even days only, so these are pages it has never seen."""
    from bench.rebuild import write_pages

    out = tmp_path_factory.mktemp("rebuilt")
    write_pages(out, 120, seed=2024, half="test")
    return out


@pytest.fixture()
def many_pages(tmp_path) -> Path:
    """40 distinct page files made from the sample pages (a line of page
    furniture makes each one new): a batch to ingest without ../shared."""
    out = tmp_path / "incoming"
    out.mkdir()
    samples = sorted((ROOT / "sample_pages").glob("*.txt"))
    for i in range(40):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        (out / f"p{i:03}.txt").write_text(f"{text}\n第{i + 10}版\n", encoding="utf-8")
    return out


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path = ROOT) -> Ran:
    """`pagedesk ARGS...` run in this process through its main(), as a user's
    shell would see it: exit status, what went to stdout and to stderr."""
    from pagedesk.tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.chdir(cwd):
        try:
            code = main(list(args))
        except SystemExit as e:  # argparse's usage errors
            code = e.code if isinstance(e.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())


def ingested(db: Path, *sources: Path) -> Path:
    """The database `db` holding these pages (files or folders), as `pagedesk ingest` leaves it."""
    from pagedesk.db.ingest import ingest
    from pagedesk.db.store import Store

    with Store(db) as store:
        ingest(store, [str(s) for s in sources])
    return db


@pytest.fixture()
def seed_db(tmp_path) -> Path:
    """A database holding the seed page."""
    return ingested(tmp_path / "seed.db", SEED.with_suffix(".txt"))


async def open_first_page(pilot):
    """Enter on the queue's first page; the review screen it opens."""
    from pagedesk.tui.review import ReviewScreen

    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


@pytest.fixture()
def db(tmp_path) -> Path:
    """A database holding the five sample pages."""
    return ingested(tmp_path / "pagedesk.db", ROOT / "sample_pages")
