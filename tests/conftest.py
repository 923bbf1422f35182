"""Shared fixtures: the read-only inputs in ../shared and pages rebuilt from the corpus."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench/ is not installed; tests use its page rebuilder

SHARED = Path(os.environ.get("PAGEDESK_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_8627e98ea5b30c4b"
CNOOC = SHARED / "real_pages" / "cnooc_2024-10-16_p1"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"the shared inputs are missing: expected {SHARED} (set PAGEDESK_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared) -> str:
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
