"""Detection on pages it has never seen: rebuilt from odd days of the corpus
(tuning used even days), with varied widths, spacing, headline placement,
spaced-out lines and bodies split out of order.

The thresholds are what the detector reaches today, as a guard against
regressions; the README reports the measured numbers (bench/quality.py)."""

from __future__ import annotations

import functools
import json

from pagedesk.core import analyze_page
from pagedesk.core.evaluation import combine, load_gold, score_page
from pagedesk.core.text.page import LineTable, decode


@functools.cache
def _analysed(folder):
    """(style, gold, analysis) of every page in the folder, analysed once for all tests."""
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        text = decode(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_bytes())
        gold = load_gold(json.loads(gold_path.read_text(encoding="utf-8")), LineTable.of(text))
        style = json.loads(gold_path.read_text(encoding="utf-8"))["style"]
        out.append((style, gold, analyze_page(text)))
    return out


def _scores(folder):
    return [(style, score_page(analysis, gold)) for style, gold, analysis in _analysed(folder)]


def test_rebuilt_pages_are_segmented(rebuilt_test_pages):
    scores = _scores(rebuilt_test_pages)
    assert len(scores) >= 100
    overall = combine([s for _, s in scores])
    assert overall["line_pair_f1"] >= 0.94, overall
    # 0.944 and 0.941 today (attachment was 0.929 before headlines at the end
    # were read in order, 0.931 before the feature cue): a refit moves these
    # 120 pages by a few headlines
    assert overall["headline_attachment"] >= 0.925, overall
    # headlines kept in place are the easy case and must stay easy
    inplace = combine([s for st, s in scores if st["placement"] == "inplace"])
    assert inplace["headline_attachment"] >= 0.93, inplace
    # headlines all at the end, read in order against the bodies: 0.953 today,
    # 0.916 when each break was weighed on its own
    at_end = combine([s for st, s in scores if st["placement"] == "end"])
    assert at_end["headline_attachment"] >= 0.93, at_end


def test_low_confidence_marks_most_wrong_articles_and_few_right_ones(rebuilt_test_pages):
    from pagedesk.core.editing.state import LOW_ARTICLE

    right, wrong = [], []
    for _, gold, analysis in _analysed(rebuilt_test_pages):
        exact = {frozenset(a.lines) for a in gold.articles}
        for a in analysis.articles:
            (right if frozenset(a.lines) in exact else wrong).append(a.confidence)
    assert len(wrong) >= 50
    # bench/train_confidence.py on 2,751 articles of odd days: 0.69 and 0.22
    caught = sum(c < LOW_ARTICLE for c in wrong) / len(wrong)
    wasted = sum(c < LOW_ARTICLE for c in right) / len(right)
    assert caught >= 0.6 and wasted <= 0.3, (caught, wasted)


def test_sample_pages_score_high():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "sample_pages"
    results = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        text = decode(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_bytes())
        gold = load_gold(json.loads(gold_path.read_text(encoding="utf-8")), LineTable.of(text))
        results.append(score_page(analyze_page(text), gold))
    assert len(results) >= 5
    overall = combine(results)
    assert overall["figure_recall"] >= 0.95 and overall["figure_precision"] >= 0.9, overall
    assert overall["line_pair_f1"] >= 0.9, overall


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def test_whole_pages_carry_every_article_of_the_corpus_page_in_one_width(shared):
    """The text builder's whole pages: every article of the corpus page with a
    body (compilations as the one article the corpus makes of them), every body
    line within the page's one column width."""
    from bench.rebuild import display_width, is_compilation, load_corpus, rebuild_many

    pages = {p[0]["id"].rsplit("-", 1)[0]: p for p in load_corpus()}
    compilations = 0
    for _name, text, gold in rebuild_many(30, seed=7, half="test", whole=True):
        ids = [a["id"] for a in gold["articles"]]
        source = pages[ids[0].rsplit("-", 1)[0]]
        assert ids == [r["id"] for r in source if len(r["body"].strip()) >= 20]
        compilations += sum(is_compilation(r) for r in source if r["id"] in ids)
        lines = text.split("\n")
        width = gold["style"]["width"]
        for a in gold["articles"]:
            for lo, hi in a["body_ranges"]:
                for no in range(lo, hi + 1):
                    if no not in a["subhead_lines"]:
                        # + 2: closing punctuation hangs past the column rather than start a line
                        # (fullwidth digits are put in after wrapping, as an extractor would give them)
                        line = lines[no - 1].translate(_FULLWIDTH_DIGITS).replace(" ", "")
                        assert display_width(line) <= width + 2, (no, lines[no - 1])
    assert compilations > 0  # compilations are laid out too
