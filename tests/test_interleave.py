"""Columns read across (row by row) are put back in reading order, and pages
that read in order are never touched."""

from __future__ import annotations

import json
import random
from itertools import pairwise
from pathlib import Path

from pagedesk.core import analyze_page
from pagedesk.core.reading_order.interleave import untangle
from pagedesk.core.text.page import decode

from .conftest import CNOOC, ROOT


def _nonblank(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def _adjacent(text: str) -> set[tuple[str, str]]:
    lines = _nonblank(text)
    return set(pairwise(lines))


def _read_across(folder: Path, rng: random.Random) -> list[tuple[str, str]]:
    """(page, page with a stretch of one body set in k columns and read
    across) for rebuilt pages: the stretch is cut into k columns of R lines
    and emitted first line of each column, second line of each, …"""
    out = []
    for gold_path in sorted(folder.glob("*.gold.json"))[:60]:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = decode(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_bytes())
        lines = text.split("\n")
        art = max(gold["articles"], key=lambda a: sum(hi - lo for lo, hi in a["body_ranges"]))
        lo, hi = max(art["body_ranges"], key=lambda r: r[1] - r[0])
        slots = [n - 1 for n in range(lo, hi + 1) if lines[n - 1].strip()]
        for k in (2, 3, 4):
            rows = rng.randint(6, 12)
            if len(slots) < k * rows:
                continue
            s = rng.randint(0, len(slots) - k * rows)
            stretch = slots[s : s + k * rows]
            columns = [[lines[i] for i in stretch[c * rows : (c + 1) * rows]] for c in range(k)]
            across = [columns[c][r] for r in range(rows) for c in range(k)]
            page = list(lines)
            for i, line in zip(stretch, across, strict=True):
                page[i] = line
            out.append((text, "\n".join(page)))
    return out


def test_columns_read_across_are_put_back_in_order(rebuilt_test_pages):
    cases = _read_across(rebuilt_test_pages, random.Random(1))
    assert len(cases) >= 100
    before = after = 0.0
    found = 0
    for text, tangled in cases:
        want = _adjacent(text)
        got = untangle(tangled)
        found += got is not None
        before += len(_adjacent(tangled) & want) / len(want)
        after += len(_adjacent(got or tangled) & want) / len(want)
        if got is not None:
            assert sorted(_nonblank(got)) == sorted(_nonblank(tangled))  # moved, nothing lost
            assert len(got.split("\n")) == len(tangled.split("\n"))  # blank lines stay where they were
    # share of line pairs that follow each other as in the page that was set
    assert found >= 0.75 * len(cases)
    assert before / len(cases) < 0.86 and after / len(cases) >= 0.94, (before / len(cases), after / len(cases))


def test_pages_in_reading_order_are_left_alone(rebuilt_test_pages):
    texts = [decode(p.read_bytes()) for p in sorted(rebuilt_test_pages.glob("*.txt"))]
    texts += [decode(p.read_bytes()) for p in sorted((ROOT / "sample_pages").glob("*.txt"))]
    texts += [decode((CNOOC / name).read_bytes()) for name in ("pymupdf.txt", "pdfminer.txt")]
    assert len(texts) >= 125
    assert [i for i, t in enumerate(texts) if untangle(t) is not None] == []


def test_pdfminer_reading_four_columns_across_is_untangled(shared):
    """pdfminer with a line margin of 0.2 reads the first article's four
    columns row by row; the analysis text reads them down, and says so."""
    a = analyze_page(decode((CNOOC / "pdfminer_linemargin0.2.txt").read_bytes()), "p.txt")
    lines = _nonblank(a.text)
    follows = dict(pairwise(lines))
    # the headline and the wide lines set across the block's top stay where they were
    assert follows["中国海油“海能”人工智能模型发布"] == "汪东进致辞 周心怀出席并讲话 俞进主持"
    assert follows["本报讯 （记者徐昕联 通讯员"] == "田明 宋宗泽 姜山） 10 月 14 日，"
    assert follows["汪东进强调，中国海油将密"] == "切跟踪国际人工智能前沿技术发"
    assert follows["推动精益管理，促进合作共赢。"] == "中国海油“海能”人工智能"
    assert a.reordered and a.to_json()["text"] == a.text
    # line numbers refer to that text: the continued line is in the same article
    numbered = a.text.split("\n")
    at = {ln.strip(): i for i, ln in enumerate(numbered, 1) if ln.strip()}
    of = a.article_of_line()
    assert of.get(at["汪东进强调，中国海油将密"]) == of.get(at["切跟踪国际人工智能前沿技术发"]) is not None


def test_a_page_in_order_carries_no_second_text(seed_analysis):
    assert not seed_analysis.reordered and "text" not in seed_analysis.to_json()


def test_a_page_read_across_is_scored_against_the_lines_as_read():
    """The gold counts the lines of the file as the extractor wrote it; the
    analysis counts them in the reading order it put back. Two articles read
    a line from each in turn, found exactly, score as exactly right."""
    from pagedesk.core.evaluation import articles_as_read, load_gold, score_page
    from pagedesk.core.result import Article, PageAnalysis
    from pagedesk.core.text.page import LineTable

    read = "甲一行\n乙一行\n甲二行\n乙二行\n甲三行\n乙三行"
    in_order = "甲一行\n甲二行\n甲三行\n乙一行\n乙二行\n乙三行"
    analysis = PageAnalysis(text=in_order, path="p.txt", sha256="", line_count=6, reordered=True)
    analysis.articles = [Article(lines=[1, 2, 3], roles={1: "headline"}), Article(lines=[4, 5, 6], roles={}, index=1)]
    first = {"headline_lines": [1], "body_ranges": [[3, 3], [5, 5]]}
    second = {"body_ranges": [[2, 2], [4, 4], [6, 6]]}
    gold = load_gold({"articles": [first, second]}, LineTable.of(read))
    s = score_page(analysis, gold)
    assert (s.pair_f1, s.articles_exact, s.attachment, s.head_role_rate) == (1.0, 2, 1.0, 1.0)
    assert articles_as_read(analysis, gold) == {1: 0, 3: 0, 5: 0, 2: 1, 4: 1, 6: 1}
