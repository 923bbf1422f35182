"""Nothing from a file name, page text or the database reaches the terminal as a control sequence."""

from __future__ import annotations

from pathlib import Path

import pytest

from pagedesk.core.text.page import decode
from pagedesk.core.text.safe import csv_cell, printable
from pagedesk.db.ingest import ingest
from pagedesk.db.store import Store
from pagedesk.tui.app import PagedeskApp

from .conftest import run_cli

# OSC 52 writes the clipboard, OSC 2 the window title, CSI 2J clears the screen
EVIL_NAME = "\x1b]52;c;cHduZWQ=\x07\x1b]2;pwned\x07\x1b[2Jpage.txt"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture()
def evil_page(tmp_path) -> Path:
    p = tmp_path / EVIL_NAME
    p.write_text("标题\n\n本报讯 全市新增就业5.2万人。\n", encoding="utf-8")
    return p


def _clean(text: str) -> None:
    for raw in RAW:
        assert raw not in text, repr(raw)


def test_a_file_name_s_escapes_are_written_out_by_every_command(evil_page, tmp_path):
    r = run_cli("analyze", str(evil_page), "--format", "text")
    assert r.returncode == 0 and "\\x1b]52" in r.stdout
    _clean(r.stdout + r.stderr)
    (tmp_path / "bad\x1b[2J.txt").write_bytes(b"")
    db = tmp_path / "d.db"
    r = run_cli("ingest", str(tmp_path), "--db", str(db))
    assert "skipped" in r.stderr and "\\x1b[2J" in r.stderr
    _clean(r.stdout + r.stderr)
    r = run_cli("analyze", str(tmp_path / "missing\x1b]2;x\x07.txt"))
    assert r.returncode == 1
    _clean(r.stderr)


async def test_the_queue_shows_a_name_s_escapes_written_out(evil_page, tmp_path):
    db = tmp_path / "q.db"
    with Store(db) as store:
        ingest(store, [str(evil_page)])
    app = PagedeskApp(db, "ana")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        pages = app.screen.query_one("#pages")
        screen = "\n".join(pages.render_line(y).text for y in range(pages.size.height))
        assert "\\x1b]52;c" in screen
        _clean(screen)


def test_page_text_loses_the_characters_that_reorder_or_hide_text():
    hidden = "\u061c\u2028\u2029\u2060\u00ad\u180e\u034f\u202e\u200f"
    text = decode(f"本报讯{hidden}全市新增就业5.2万人。\n".encode())
    assert text == "本报讯全市新增就业5.2万人。\n"


def test_printable_and_csv_cells():
    assert printable("a\x1b[2Jb\u202ec\n") == "a\\x1b[2Jb\\u202ec\\x0a"
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("-3.5%") == "'-3.5%" and csv_cell(-3.5) == -3.5
    assert csv_cell("中国海油") == "中国海油"
