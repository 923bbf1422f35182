"""`pagedesk analyze` and `pagedesk eval` (and how `review` is called) as a user
runs them: the JSON contract, argument handling, and one-line errors for bad
input."""

from __future__ import annotations

import json

from .conftest import ROOT, SEED, Ran
from .conftest import run_cli as run


def test_json_follows_the_contract():
    r = run("analyze", str(SEED.with_suffix(".txt")))
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert set(d) >= {"page", "articles", "unassigned_lines", "figures"}
    assert d["page"]["lines"] == 361 and len(d["page"]["sha256"]) == 64
    art = d["articles"][0]
    assert set(art) >= {"index", "title", "kicker", "subtitle", "byline", "lines", "roles", "confidence"}
    assert art["roles"]["358"] == "headline" and 358 in art["lines"]
    assert d["unassigned_lines"] == [1]
    fig = next(f for f in d["figures"] if f["text"] == "105.3 亿元")
    assert fig == fig | {
        "article": 0,
        "value": 10530000000,
        "unit": "元",
        "raw_unit": "亿元",
        "kind": "money",
        "label": "总产值",
        "period": "2023年",
        "line": 197,
    }
    text = SEED.with_suffix(".txt").read_text(encoding="utf-8")
    assert text[fig["start"] : fig["end"]] == "105.3 亿元"


def test_jsonl_is_a_page_a_line_in_argument_order_and_directories_sorted(tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text("标题一\n\n本报讯 全市新增就业5.2万人。\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    r = run("analyze", str(SEED.with_suffix(".txt")), str(tmp_path), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    paths = [json.loads(line)["page"]["path"] for line in r.stdout.splitlines()]
    assert paths == [str(SEED.with_suffix(".txt")), str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_text_format_is_for_reading():
    r = run("analyze", str(SEED.with_suffix(".txt")), "--format", "text")
    assert r.returncode == 0
    assert "威海火炬高新区推动“织造”迈向“智造”" in r.stdout and "105.3" in r.stdout
    # thousands are grouped, but a year stays a year
    assert "1,016" in r.stdout and "2,024" not in r.stdout


def _one_line_error(r: Ran, *words: str) -> None:
    assert r.returncode != 0
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_bad_input_gets_a_one_line_error(tmp_path):
    _one_line_error(run("analyze", str(tmp_path / "missing.txt")), "no such file")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    _one_line_error(run("analyze", str(empty_dir)), "no .txt files")
    for name, data, words in [
        ("empty.txt", b"", "no text"),
        ("blank.txt", b" \n\n\t \n", "no text"),
        ("bin.txt", bytes(range(256)) * 8, "binary"),
        ("latin.txt", bytes(range(128, 256)) * 30, "UTF-8"),
    ]:
        p = tmp_path / name
        p.write_bytes(data)
        _one_line_error(run("analyze", str(p)), name, words)


def test_a_20_mb_file_is_refused_with_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(("本报讯 全市新增就业5.2万人。\n" * 600000).encode())
    assert big.stat().st_size > 20_000_000
    _one_line_error(run("analyze", str(big)), "MB", "limit")


def test_one_bad_file_among_good_ones_writes_nothing(tmp_path):
    (tmp_path / "good.txt").write_text("标题\n\n本报讯 新增就业5.2万人。\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    _one_line_error(run("analyze", str(tmp_path), "--format", "jsonl"), "bad.txt")


def test_escape_sequences_and_markup_never_reach_the_output(tmp_path):
    p = tmp_path / "evil.txt"
    p.write_text(
        "\x1b[2J\x1b[31m恶意标题[bold]粗[/bold]\x07\n\n本报讯 全市新增就业5.2万人[link=http://x]点[/link]。\x1b]0;pwn\x07\n",
        encoding="utf-8",
    )
    for fmt in ("json", "text"):
        r = run("analyze", str(p), "--format", fmt)
        assert r.returncode == 0, r.stderr
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "[bold]粗[/bold]" in r.stdout  # markup in the page is shown as written


def test_eval_scores_gold_files_and_reports_overall():
    r = run("eval", str(SEED.with_name(SEED.name + ".gold.json")), "--format", "json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["overall"]["line_pair_f1"] == 1.0 and d["overall"]["headline_attachment"] == 1.0
    assert d["overall"]["figure_recall"] == 1.0


def test_eval_scores_the_figures_label_period_and_iso_form_of_the_sample_pages():
    """Every figure of the hand-annotated sample pages found with its value and
    every date with its full ISO form; labels and periods as the editor wrote them."""
    golds = sorted(str(p) for p in (ROOT / "sample_pages").glob("*.gold.json"))
    r = run("eval", *golds, "--format", "json")
    assert r.returncode == 0, r.stderr
    o = json.loads(r.stdout)["overall"]
    assert o["figure_recall"] == 1.0 and o["figure_precision"] == 1.0 and o["figure_iso"] == 1.0
    assert o["figure_label"] >= 0.85 and o["figure_period"] >= 0.9
    text = " ".join(run("eval", *golds).stdout.split())
    assert "label 0." in text and "ISO 1.0000" in text


def test_eval_errors(tmp_path):
    _one_line_error(run("eval", str(tmp_path / "none.gold.json")), "no such file")
    g = tmp_path / "p.gold.json"
    g.write_text("{not json", encoding="utf-8")
    _one_line_error(run("eval", str(g)), "not JSON")
    g.write_text('{"articles": []}', encoding="utf-8")
    _one_line_error(run("eval", str(g)), "p.txt")


def test_no_arguments_prints_usage():
    r = run()
    assert r.returncode == 2 and "analyze" in r.stderr


def test_review_takes_the_database_as_the_other_commands_do(tmp_path):
    # `--db` as with ingest, export and stats; the pages given are ingested
    # first, then the app wants a terminal, which a pipe is not
    db = tmp_path / "desk.db"
    r = run("review", "--db", str(db), str(SEED.with_suffix(".txt")))
    assert r.returncode == 1 and r.stderr.strip().splitlines()[-1].startswith(
        "pagedesk: error: the review app needs a terminal"
    )
    stats = run("stats", "--db", str(db), "--format", "json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["pages"] == {"new": 1}
