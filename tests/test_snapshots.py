"""What the screens look like, at 80x24 and 160x48 (pytest-textual-snapshot).

After a deliberate change of the screens: `pytest tests/test_snapshots.py --snapshot-update`,
then look at the new SVGs in tests/__snapshots__ before committing them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pagedesk.tui.app import PagedeskApp

from .conftest import ROOT, ingested


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory) -> Path:
    return ingested(tmp_path_factory.mktemp("snap") / "samples.db", ROOT / "sample_pages")


SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_queue(snap_compare, samples_db, size):
    assert snap_compare(PagedeskApp(samples_db, "editor"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_review(snap_compare, samples_db, size):
    assert snap_compare(
        PagedeskApp(samples_db, "editor"), terminal_size=size, press=["enter", "right_square_bracket", "f"]
    )


def test_review_details_at_80x24(snap_compare, samples_db):
    assert snap_compare(PagedeskApp(samples_db, "editor"), terminal_size=(80, 24), press=["enter", "v"])


def test_help(snap_compare, samples_db):
    assert snap_compare(PagedeskApp(samples_db, "editor"), terminal_size=(80, 24), press=["enter", "question_mark"])
