"""Decoding, sanitising and the line table: what every offset is counted in."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pagedesk.core.lines.markers import has_column_tag
from pagedesk.core.text.normalize import display_text, normalize_lines
from pagedesk.core.text.page import MAX_PAGE_BYTES, LineTable, PageInputError, decode

PAGE = "本报讯 10月18日，昆山新质创新数字技术研究院挂牌。\n"


@pytest.mark.parametrize(
    "data",
    [
        PAGE.encode("utf-8"),
        b"\xef\xbb\xbf" + PAGE.encode("utf-8"),
        PAGE.encode("gb18030"),
        PAGE.encode("gbk"),
        PAGE.encode("utf-16"),
        PAGE.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "crlf"],
)
def test_every_supported_encoding_decodes_to_the_same_page(data):
    assert decode(data) == PAGE


def test_escape_sequences_and_control_characters_are_removed():
    dirty = "本报讯\x1b[31m 红色\x1b[0m\x07，标题\x1b]0;title\x07完\u202e。\x00".replace("\x00", "")
    assert decode(dirty.encode()) == "本报讯 红色，标题完。"


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "no text"),
        (b"  \n\t\n \xe3\x80\x80\n", "no text"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (bytes(range(128, 256)) * 20, "UTF-8"),
    ],
    ids=["empty", "whitespace", "nul-bytes", "undecodable"],
)
def test_bad_input_is_refused_with_a_one_line_reason(data, words):
    with pytest.raises(PageInputError) as e:
        decode(data, "x.txt")
    assert words in str(e.value) and "\n" not in str(e.value) and str(e.value).startswith("x.txt")


def test_a_file_over_the_limit_is_refused_before_decoding():
    with pytest.raises(PageInputError, match="page limit"):
        decode(b"a" * (MAX_PAGE_BYTES + 1), "big.txt")


def test_line_table_counts_the_seed_like_an_editor(seed_text):
    t = LineTable.of(seed_text)
    assert len(t) == 361  # 360 newlines and the unterminated last line
    assert t.line(3).startswith("今年 6 月")
    assert seed_text[t.start(3) : t.end(3)] == t.line(3)
    assert t.line_of(t.start(207) + 5) == 207


def test_normalisation_joins_wrapped_lines_and_maps_back(seed_text):
    t = LineTable.of(seed_text)
    n = normalize_lines(t, [197, 199])
    assert "总产值105.3亿元，同比增长6.7%" in n.text
    i = n.text.index("105.3亿元")
    start, end = n.span(i, i + len("105.3亿元"))
    assert seed_text[start:end] == "105.3 亿元"
    j = n.text.index("6.7%")
    start, end = n.span(j - 4, j + 4)  # 同比增长 across the wrap
    assert seed_text[start:end] == "同比增长\n\n6.7%"


def test_spaced_out_and_full_width_text_is_normalised():
    t = LineTable.of("本 报 讯 １０ 月 １４ 日 ， 中 国 海 油\n")
    assert normalize_lines(t, [1]).text == "本报讯10月14日，中国海油"


def test_display_text_keeps_the_writers_spaces():
    assert display_text("视频连线 畅所欲言") == "视频连线 畅所欲言"
    assert display_text("中 国 海 油 党 组 召 开") == "中国海油党组召开"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="（()）和音为凝聚鼓与呼ab ", max_size=30))
def test_the_column_tag_reads_as_its_one_search_did(text):
    one_search = re.compile(r"[^（(]{4,}[（(][^（）()]{2,14}[）)]$")  # backtracks from every position
    assert has_column_tag(text) == bool(one_search.search(text))
