"""The CNOOC front page as five extractors emit it (../shared/real_pages):
analysed without error; masthead and editor line left out of the articles;
every headline with its body in all five (pdfminer with line_margin=0.2
reads up to six columns across, line by line)."""

from __future__ import annotations

import pytest

from pagedesk.core import analyze_page
from pagedesk.core.text.page import decode

from .conftest import CNOOC

EXTRACTIONS = ["pymupdf.txt", "pdfminer.txt", "pdfminer_linemargin0.2.txt", "pdftotext_raw.txt", "pdftotext_layout.txt"]

# headline -> words of its body
HEADLINES = {
    "中国海油党组召开": "巡视动员部署会，深入学习贯彻",
    "人工智能模型发布": "数智化转型",
    "全力以赴跑好年度": "三季度生产经营形势分析会",
    "二期完成首船原油外输": "凝析油外输作业",
    "我国海上首个多层稠油热采项目陆地完工": "锦州23-2油田位于渤海辽东湾海域",
    "奔向人工智能的": "奋力打造人工智能",
}


def _analyse(name):
    return analyze_page(decode((CNOOC / name).read_bytes()), name)


@pytest.mark.parametrize("name", EXTRACTIONS)
def test_every_extraction_is_analysed_and_furniture_left_out(shared, name):
    a = _analyse(name)
    assert a.articles and a.figures
    in_article = a.article_of_line()
    lines = a.text.split("\n")
    for i, line in enumerate(lines, 1):
        squeezed = line.replace(" ", "")
        masthead_date = squeezed.startswith("2024年10月") and len(squeezed) <= 14
        if (
            "CHINAOFFSHOREOILPRESS" in squeezed
            or "国内统一连续出版物号" in squeezed
            or "责任编辑" in squeezed
            or masthead_date
        ):
            assert i not in in_article, (name, i, line)


def _attached(a) -> list[str]:
    """The headlines of HEADLINES that sit in the article holding their body's words."""
    lines = a.text.split("\n")
    out = []
    for head, body_words in HEADLINES.items():
        head_lines = [
            i for i, line in enumerate(lines, 1) if head in line.replace(" ", "") and len(line.replace(" ", "")) < 40
        ]
        assert head_lines, head
        art = next((x for x in a.articles if head_lines[0] in x.lines), None)
        if art is not None and body_words in "".join(lines[i - 1].replace(" ", "") for i in art.lines):
            out.append(head)
    return out


@pytest.mark.parametrize("name", EXTRACTIONS)
def test_every_headline_is_attached_to_its_body(shared, name):
    assert _attached(_analyse(name)) == list(HEADLINES), name
