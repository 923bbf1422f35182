"""The reference page (../shared/seed): every boundary, role and figure of its gold."""

from __future__ import annotations

import json

from pagedesk.core.evaluation import load_gold, score_page
from pagedesk.core.text.page import LineTable

from .conftest import SEED


def _article_with(a, line):
    return next(art for art in a.articles if line in art.lines)


def test_three_articles_exactly_as_the_gold(seed_analysis):
    a = seed_analysis
    assert len(a.articles) == 3
    first, second, third = a.articles
    assert min(first.lines) == 3 and max(ln for ln in first.lines if ln < 300) == 205
    assert {356, 358, 359} <= set(first.lines)
    assert first.roles[358] == "headline" and first.roles[356] in ("kicker", "headline")
    assert first.roles[359] == "byline"
    assert first.title == "威海火炬高新区推动“织造”迈向“智造”"
    assert second.lines[0] == 207 and second.roles[207] == "dateline" and second.title == ""
    assert 360 in third.lines and third.roles[360] == "headline" and third.roles[278] == "dateline"
    assert {27, 84, 154} <= {ln for ln, r in first.roles.items() if r == "subhead"}
    assert 1 not in a.article_of_line() and a.unassigned[1] == "ad"


def test_scores_perfectly_against_its_gold(seed_analysis, seed_text):
    gold = load_gold(json.loads(SEED.with_name(SEED.name + ".gold.json").read_text()), LineTable.of(seed_text))
    s = score_page(seed_analysis, gold)
    assert s.pair_f1 == 1.0 and s.articles_exact == 3 and s.attachment == 1.0
    assert s.fig_recall == 1.0 and s.fig_precision == 1.0, s.misses


def test_every_required_figure_has_its_value(seed_analysis, seed_text):
    data = json.loads(SEED.with_name(SEED.name + ".gold.json").read_text())
    t = LineTable.of(seed_text)
    found = {(f.start, f.end): f for f in seed_analysis.figures}
    for g in data["figures"]:
        if g.get("optional"):
            continue
        start = seed_text.find(g["text"], t.start(g["line"]))
        match = [f for (s, e), f in found.items() if s < start + len(g["text"]) and start < e]
        assert match, f"{g['text']} on line {g['line']} not found"
        assert abs(match[0].value - g["value"]) < 1e-6 and match[0].unit == g["unit"], g


def test_nothing_is_read_out_of_5g_or_names(seed_analysis, seed_text):
    for f in seed_analysis.figures:
        assert "G" not in f.text and "Olympus" not in f.text
    line110 = [f.text for f in seed_analysis.figures if f.line == 110]
    assert line110 == ["1016座"]


def test_figures_carry_label_period_and_article(seed_analysis):
    by_text = {f.text: f for f in seed_analysis.figures}
    f = by_text["105.3 亿元"]
    assert (f.value, f.unit, f.raw_unit, f.kind) == (10530000000, "元", "亿元", "money")
    assert f.label == "总产值" and f.period == "2023年" and f.article == 0
    assert by_text["29.65亿元"].period == "今年1-7月份"
    assert by_text["6.7%"].label == "增长"  # a rate of change is named by its verb
    assert by_text["50余家"].qualifier == "over" and by_text["200人次"].qualifier == "approx"
    assert by_text["285亿元"].qualifier == "over" and by_text["285亿元"].article == 2
    broken = by_text["2\n家"]
    assert broken.value == 2 and broken.confidence < by_text["133家"].confidence


def test_headline_figure_found_in_body_is_not_flagged(seed_analysis):
    head = [f for f in seed_analysis.figures if f.line == 360 and f.unit == "%"]
    assert head and head[0].flag == ""
