"""Exports are written whole or not at all, and only over what an export wrote."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pagedesk.core.editing import edits as E
from pagedesk.db.ingest import ingest
from pagedesk.db.store import Store

from .conftest import ROOT, run_cli

SAMPLES = ROOT / "sample_pages"


def _one_line(r, *words: str) -> None:
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), r.stderr


def _intact(db: Path) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from pages").fetchone()[0] == 5
    conn.close()


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # no file may grow past 4 KB
from pagedesk.tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "fmt, name", [("sqlite", "out.db"), ("jsonl", "out.jsonl"), ("csv", "out.csv"), ("gold", "gold")]
)
def test_an_export_to_a_full_disk_is_one_line_and_leaves_nothing(db, tmp_path, fmt, name):
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    r = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "export", "--db", str(db), "--format", fmt, "--out", str(out_dir / name)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    _one_line(r, "disk")
    assert list(out_dir.iterdir()) == []


def test_export_never_replaces_the_database_itself(db):
    before = db.read_bytes()
    for fmt in ("sqlite", "jsonl", "csv", "gold"):
        _one_line(run_cli("export", "--db", str(db), "--format", fmt, "--out", str(db)))
    assert db.read_bytes() == before
    _intact(db)


def test_export_never_replaces_a_link_a_device_or_another_program_s_file(db, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.db"
    link.symlink_to(target)
    _one_line(run_cli("export", "--db", str(db), "--out", str(link)), "is a link")
    _one_line(run_cli("export", "--db", str(db), "--format", "csv", "--out", str(link)), "is a link")
    assert target.read_text(encoding="utf-8") == "keep me" and link.is_symlink()
    _one_line(run_cli("export", "--db", str(db), "--out", os.devnull), "not a regular file")
    other = tmp_path / "theirs.db"
    conn = sqlite3.connect(other)
    conn.execute("create table notes (x)")
    conn.close()
    before = other.read_bytes()
    _one_line(run_cli("export", "--db", str(db), "--out", str(other)), "not a pagedesk export")
    _one_line(run_cli("export", "--db", str(db), "--format", "jsonl", "--out", str(other)), "SQLite database")
    assert other.read_bytes() == before
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "mine.txt").write_text("本报讯 我的稿子。", encoding="utf-8")
    _one_line(run_cli("export", "--db", str(db), "--format", "gold", "--out", str(pages)), "no gold export wrote")
    assert [p.name for p in pages.iterdir()] == ["mine.txt"]


def test_an_export_replaces_the_previous_export(db, tmp_path):
    out, gold = tmp_path / "corrected.db", tmp_path / "gold"
    for _ in range(2):
        assert run_cli("export", "--db", str(db), "--out", str(out)).returncode == 0
        assert run_cli("export", "--db", str(db), "--format", "gold", "--out", str(gold)).returncode == 0
    assert sqlite3.connect(out).execute("select count(*) from pages").fetchone()[0] == 5
    assert len(list(gold.glob("*.gold.json"))) == 5
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("pagedesk.db-"))
    assert left == ["corrected.db", "gold", "pagedesk.db"]


def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(db, tmp_path):
    with Store(db) as store:
        page = store.load(1)
        s = page.state
        op = E.set_field(s, s.ordered_articles()[0], "title", '=HYPERLINK("http://x","点")')
        store.save(1, s, page.version, [(op, op.apply(s))], user="ana")
    out = tmp_path / "articles.csv"
    assert run_cli("export", "--db", str(db), "--format", "csv", "--out", str(out)).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    titles = [r["title"] for r in rows]
    assert '\'=HYPERLINK("http://x","点")' in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


def test_names_reach_jsonl_and_csv_with_their_controls_written_out(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    evil = "\x1b]52;c;cHduZWQ=\x07p\u202e\x85.txt"
    (pages / evil).write_text("标题\n\n本报讯 全市新增就业5.2万人。\n", encoding="utf-8")
    db = tmp_path / "d.db"
    with Store(db) as store:
        ingest(store, [str(pages)])
    for fmt in ("jsonl", "csv"):
        r = run_cli("export", "--db", str(db), "--format", fmt, "--table", "figures")
        assert r.returncode == 0, r.stderr
        for bad in ("\x1b", "\x07", "\u202e", "\x85"):
            assert bad not in r.stdout, (fmt, bad)
    row = json.loads(run_cli("export", "--db", str(db), "--format", "jsonl").stdout.splitlines()[0])
    assert row["page"] == evil  # the data as it is, escaped in the JSON


def test_articles_export_their_whole_dateline_captions_continuation_notes_and_reading_order(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "港口吞吐量创新高\n\n本报讯（记者郝艳军 通讯员曹晓林）10月\n\n13日，港口集团完成吞吐量5.2万吨。\n\n"
        "后半段先印在了这里。\n\n"
        "（下转第二版）\n\n"
        "集团码头作业繁忙。本报记者 刘梦涛 摄\n",
        encoding="utf-8",
    )  # fmt: skip
    db = tmp_path / "d.db"
    with Store(db) as store:
        ingest(store, [str(page)])
        loaded = store.load(1)
        s = loaded.state
        a = s.ordered_articles()[0]
        done = []
        for build in (lambda: E.set_role(s, [11], "caption", a), lambda: E.set_role(s, [9], "continuation"),
                      lambda: E.set_note(s, a, "核对吨数"), lambda: E.move_block(s, [7], -1)):  # fmt: skip
            op = build()
            done.append((op, op.apply(s)))
        store.save(1, s, loaded.version, done, user="ana")
    row = json.loads(run_cli("export", "--db", str(db), "--format", "jsonl").stdout.splitlines()[0])
    assert row["dateline"] == "本报讯（记者郝艳军 通讯员曹晓林）10月13日"
    assert row["byline"] == "记者郝艳军 通讯员曹晓林"
    assert row["captions"] == "集团码头作业繁忙。本报记者 刘梦涛 摄"
    assert row["continued"] == "（下转第二版）" and row["note"] == "核对吨数"
    assert row["body"].startswith("后半段先印在了这里。")


def test_dates_reach_the_export_in_full_iso_with_the_year_of_the_page(tmp_path):
    """A date without its year takes the page's (from the file name), and an
    editor's correction of a figure's ISO form and range reaches the export."""
    page = tmp_path / "rmrb_20241016_p1.txt"
    page.write_text("港口吞吐量创新高\n\n本报讯 10月14日，港口集团1-7月完成吞吐量两三百万吨。\n", encoding="utf-8")
    db = tmp_path / "d.db"
    with Store(db) as store:
        ingest(store, [str(page)])
        loaded = store.load(1)
        s = loaded.state
        by_text = {"".join(f.text.split()): f for f in s.figures.values()}
        assert by_text["10月14日"].iso == "2024-10-14"
        assert by_text["1-7月"].iso == "2024-01/2024-07"
        op = E.edit_figure(s, by_text["10月14日"].id, iso="2024-10-15", low=1.0, high=2.0)
        store.save(1, s, loaded.version, [(op, op.apply(s))], user="ana")
    out = tmp_path / "out.db"
    assert run_cli("export", "--db", str(db), "--out", str(out)).returncode == 0
    conn = sqlite3.connect(out)
    rows = dict(conn.execute("select replace(text, ' ', ''), iso || ' ' || ifnull(low, '') || ' ' || ifnull(high, '') "
                             "from figures").fetchall())  # fmt: skip
    assert rows["10月14日"] == "2024-10-15 1.0 2.0"
    assert rows["1-7月"] == "2024-01/2024-07 1.0 7.0"
    assert rows["两三百万吨"] == " 2000000.0 3000000.0"
