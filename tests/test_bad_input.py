"""Bad input, as a careless or hostile user gives it: one line on stderr that
says what to do, a non-zero exit, no traceback, nothing half written, no hang."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEED, run_cli

SAMPLES = ROOT / "sample_pages"
PAGE = SEED.with_suffix(".txt")


def _one_line(r, *words: str) -> None:
    assert r.returncode != 0, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pagedesk: error:"), r.stderr
    for w in words:
        assert w in lines[0], lines[0]


# --- gold files --------------------------------------------------------------------------

GOLDS = {
    "a list": ([], "no 'articles' list"),
    "articles not a list": ({"articles": {"a": 1}}, "no 'articles' list"),
    "an article not an object": ({"articles": [3]}, "articles[0]"),
    "a range of one number": ({"articles": [{"body_ranges": [[3]]}]}, "articles[0].body_ranges[0]"),
    "a range of strings": ({"articles": [{"body_ranges": [["3", "5"]]}]}, "not a line of this page"),
    "a range backwards": ({"articles": [{"body_ranges": [[50, 3]]}]}, "comes after"),
    "a range past the page": ({"articles": [{"body_ranges": [[0, 10_000_000_000]]}]}, "not a line of this page"),
    "headline lines not a list": ({"articles": [{"headline_lines": 358}]}, "expected a list"),
    "a headline line of text": ({"articles": [{"headline_lines": ["358"]}]}, "not a line of this page"),
    "figures not a list": ({"articles": [], "figures": 3}, "figures"),
    "a figure not an object": ({"articles": [], "figures": ["105.3 亿元"]}, "figures[0]"),
    "a figure without value": ({"articles": [], "figures": [{"line": 197, "text": "105.3 亿元"}]}, "value"),
    "a figure value of text": ({"articles": [], "figures": [{"line": 197, "text": "x", "value": "1"}]}, "value"),
    "a figure line past the page": ({"articles": [], "figures": [{"line": 9999, "text": "x", "value": 1}]}, "line"),
    "a figure without line or span": ({"articles": [], "figures": [{"text": "亿元", "value": 1}]}, "line"),
    "offsets past the page": ({"articles": [], "figures": [{"start": 0, "end": 10**9, "value": 1}]}, "offsets"),
    "text not on the page": ({"articles": [], "figures": [{"line": 3, "text": "不在此页", "value": 1}]}, "not found"),
    "a label of a number": (
        {"articles": [], "figures": [{"line": 197, "text": "亿元", "value": 1, "label": 3}]},
        "label",
    ),
}


def test_eval_of_a_folder_says_to_give_its_gold_files():
    _one_line(run_cli("eval", str(SAMPLES)), "directory", "*.gold.json")


@pytest.mark.parametrize("case", sorted(GOLDS))
def test_eval_of_a_malformed_gold_file(tmp_path, case):
    data, words = GOLDS[case]
    (tmp_path / "p.txt").write_bytes(PAGE.read_bytes())
    gold = tmp_path / "p.gold.json"
    gold.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _one_line(run_cli("eval", str(gold)), words)


# --- databases ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["stats"], ["export", "--format", "jsonl"], ["ingest", str(PAGE)]])
def test_another_program_s_database(tmp_path, command):
    other = tmp_path / "theirs.db"
    conn = sqlite3.connect(other)
    conn.execute("create table pages (id, name)")
    conn.execute("pragma user_version = 2")
    conn.close()
    before = other.read_bytes()
    _one_line(run_cli(*command, "--db", str(other)), "not pagedesk's")
    assert other.read_bytes() == before


@pytest.mark.parametrize("command", [["stats"], ["export", "--format", "jsonl"], ["export", "--out", "x.db"]])
def test_a_damaged_database(db, tmp_path, command):
    conn = sqlite3.connect(db)
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.execute("pragma journal_mode = delete")
    conn.close()
    data = bytearray(db.read_bytes())
    data[4096 * 3 : 4096 * 12] = os.urandom(4096 * 9)  # pages of the tables, not the header
    db.write_bytes(bytes(data))
    r = run_cli(*command, "--db", str(db), cwd=tmp_path)
    _one_line(r)
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("command", [["stats"], ["ingest", str(PAGE)], ["export", "--format", "csv"]])
def test_a_device_as_the_database(command):
    _one_line(run_cli(*command, "--db", os.devnull), "not a regular file")


def test_an_empty_file_as_the_database_to_read(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    _one_line(run_cli("stats", "--db", str(empty)), "no pages yet")


FULL = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))
from pagedesk.tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_ingest_onto_a_full_disk(tmp_path, many_pages):
    r = subprocess.run(
        [sys.executable, "-c", FULL, "ingest", str(many_pages), "--db", str(tmp_path / "f.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    _one_line(r, "disk")


def test_analyze_into_a_full_disk():
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [sys.executable, "-m", "pagedesk.tui.cli", "analyze", str(PAGE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
    _one_line(r, "cannot write the output")


def test_export_into_a_missing_or_read_only_directory(db, tmp_path):
    _one_line(run_cli("export", "--db", str(db), "--out", str(tmp_path / "no" / "x.db")), "no such directory")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    immutable = os.geteuid() == 0  # root writes through permission bits: make the directory immutable
    if immutable and subprocess.run(["chattr", "+i", str(ro)], capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i is not allowed: cannot make a read-only directory")
    try:
        _one_line(run_cli("export", "--db", str(db), "--out", str(ro / "x.db")), "cannot write in this directory")
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(ro)], capture_output=True)
        ro.chmod(0o755)


# --- pages that would hang ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_a_pipe_or_a_device_as_a_page(tmp_path, command):
    fifo = tmp_path / "page.txt"
    os.mkfifo(fifo)
    extra = ["--db", str(tmp_path / "d.db")] if command == "ingest" else []
    for page in (fifo, Path("/dev/zero")):
        r = run_cli(command, str(page), *extra)
        assert r.returncode == 1 and "not a regular file" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_a_page_of_too_many_standalone_lines_is_refused(tmp_path):
    page = tmp_path / "issue.txt"
    page.write_text("\n".join(f"标题第{i}号\n\n本报讯 全市新增就业{i}万人。" for i in range(1300)), encoding="utf-8")
    _one_line(run_cli("analyze", str(page)), "split it into one file per newspaper page")


def test_a_binary_keymap_file(tmp_path, monkeypatch, db):
    keymap = tmp_path / "keymap.json"
    keymap.write_bytes(bytes(range(256)))
    monkeypatch.setenv("PAGEDESK_KEYMAP", str(keymap))
    _one_line(run_cli("review", str(db)), "keymap")


def test_many_jobs_for_few_files(tmp_path):
    r = run_cli("ingest", str(SAMPLES), "--db", str(tmp_path / "d.db"), "--jobs", "1000")
    assert r.returncode == 0 and "5 added" in r.stdout, r.stderr


def test_a_page_whose_lines_an_extractor_cut_into_shreds_is_analysed(tmp_path):
    """pypdfium2 cuts some pages' lines into pieces of a character or three:
    a thousand and more lines that stand alone, on one newspaper page of a
    few articles. That is no issue run together, and is not refused."""
    body = "全市新增就业岗位一万余个，企业复工复产有序推进，重点项目建设全面提速，市场活力持续释放。" * 8
    cuts = [0]
    for n in itertools.cycle((1, 1, 1, 6)):
        if cuts[-1] >= len(body):
            break
        cuts.append(cuts[-1] + n)
    shredded = "\n".join(body[a:b] for a, b in itertools.pairwise(cuts))
    page = tmp_path / "page.txt"
    page.write_text("\n".join(f"第{k}篇要闻标题\n本报讯 {shredded}" for k in range(10)), encoding="utf-8")
    r = run_cli("analyze", str(page))
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert len(json.loads(r.stdout)["articles"]) >= 1
