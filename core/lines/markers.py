"""The textual markers of line roles: datelines, bylines, captions, furniture.

The patterns look at one line at a time; where a line stands among its
neighbours is decided in `units` and `segment`.
"""

from __future__ import annotations

import re

from pagedesk.core.lines.roles import (
    AD,
    BYLINE,
    CAPTION,
    CONTINUATION,
    DATELINE,
    FURNITURE,
)
from pagedesk.core.text.chars import IDEOGRAPHS
from pagedesk.core.text.normalize import normalize_text

_NAME = rf"[{IDEOGRAPHS}·]{{2,4}}"
_NAMES = rf"{_NAME}(?:[\s、，,]+{_NAME})*"

DATELINE_RE = re.compile(
    rf"^(?:据|本报)?(?:新华社|中新社|人民网|本报)[{IDEOGRAPHS}\d（）()]{{0,14}}?(?:电|讯)"
    r"|^本报讯"
)
# The whole dateline of a lead, once its lines are joined: the marker, the
# reporters in brackets, the date (本报讯（记者郝艳军 通讯员曹晓林）10月13日)
_DATELINE_WHOLE = re.compile(
    rf"(?P<mark>(?:据|本报)?(?:新华社|中新社|人民网|本报)[{IDEOGRAPHS}\d]{{0,14}}?(?:电|讯))"
    r"\s*(?:[（(](?P<who>[^（）()]{1,40})[）)])?"
    r"\s*(?P<date>(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:电)?)?"
)


def read_dateline(text: str) -> tuple[str, str]:
    """The dateline a lead opens with, whole, and the reporters its brackets
    name ("" for none): ("本报讯（记者郝艳军 通讯员曹晓林）10月13日", "记者郝艳军 通讯员曹晓林")."""
    m = _DATELINE_WHOLE.match(text.strip())
    if m is None:
        return "", ""
    # a space before each reporter's title, which joining the wrapped lines took out
    who = " ".join(re.sub(rf"(?<=[^\s])(?<!本报)(?<!新华社)(?<!特约)(?<!实习)(?<!见习)(?={_REPORTER})", " ",
                          m["who"] or "").split())  # fmt: skip
    dateline = m.group().strip()
    if m["who"]:
        dateline = dateline.replace(m["who"], who)
    return dateline, who if re.search(_REPORTER, who) else ""


_REPORTER = r"(?:本报|新华社|特约|实习)?(?:记者|通讯员|特约记者|见习记者)"
BYLINE_RE = re.compile(
    r"(?!.*(?:记者手记|记者观察|记者感言))"  # a sidebar's heading inside an article, not a byline
    rf"^(?:▶|■|□|◆|●|文/?图?|文字|图文)?\s*(?:{_REPORTER}\s*{_NAMES}\s*)+(?:整理|采写|编译)?$"
    rf"|^▶\s*{_NAMES}\s*(?:{_REPORTER}\s*{_NAMES}\s*)*$"
    rf"|^□\s*{_NAMES}$"
    rf"|^[（(]\s*(?:{_REPORTER}\s*{_NAMES}\s*)+[）)]$"
    rf"|^(?:文|文/图|图/文)[:：/／]\s*{_NAMES}$"
)
CAPTION_RE = re.compile(
    r"(?<!拍)(?:摄|摄影|摄影报道|供图|制图)\s*(?:[（(][^）)]{1,12}[）)])?$"
    r"|[（(](?:资料图片|新华社发|图片来源[^）)]*)[）)]$|^新华社发$"
    r"|^(?:图|上图|下图|左图|右图|制图|摄影|图片|漫画)[:：/／]"
)
CONTINUATION_RE = re.compile(
    r"^[（(]?\s*(?:下转|上接|转|接)第?[一二三四五六七八九十\d]+版\s*[）)]?$"
    r"|^[（(]?\s*(?:相关报道|详细报道|报道)见第?[一二三四五六七八九十\d]+版\s*[）)]?$"
)
AD_RE = re.compile(r"^(?:广告|广\s*告|公益广告|分类广告|广告热线.*)$")
_MASTHEAD_DATE = r"^[^，。；]{0,16}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期.)?$"
FURNITURE_RE = re.compile(
    r"责任编辑|责任校对|值班(?:副)?总编|版式设计|美术编辑|本版编辑|本版制图|本期统筹|编辑[:：/]|校对[:：/]"
    r"|国内统一连续出版物号|CN\s*\d{2}-\d{4}|邮发代号|国外代号|总第\s*\d+\s*期|今日\s*\S{1,3}\s*版"
    r"|主管主办|主办单位|^(?:第\s*\d+\s*版|\d{1,2}\s*版)|星期[一二三四五六日天]\s*$"
    rf"|{_MASTHEAD_DATE}"
    r"|^\d{4}\s*年\s*\d{1,2}\s*月$"  # the masthead's date cut from its day (pdftotext -layout)
    r"|^[A-Z][A-Z .&'-]{6,}$"
    r"|^(?:电话|传真|邮编|地址|网址|热线)[:：]"
    r"|[（(]0\d{2,3}[）)]\s*\d{7,8}|^\d{3,4}-\d{7,8}$"
    r"|^(?:人民日报|光明日报|经济日报|中国海洋石油报)\s*(?:第?\s*\d+\s*版)?$"
    rf"|^[{IDEOGRAPHS}]{{2,6}}\s*第\s*\d+\s*版$"
)
# "（本报曼谷电）", "（新华社北京5月18日电）", "（葛孟超）": closing notes of an article
CLOSING_NOTE_RE = re.compile(
    rf"^[（(](?:本报|新华社|据新华社)[{IDEOGRAPHS}\d、，]{{0,30}}电[）)]$|^[（(]{_NAMES}[）)]$"
    r"|^[（(][^（）()]{0,60}(?:作者|记者|通讯员|整理|采写|编译|综合|参与)[^（）()]{0,60}[）)]$"
    r"|^(?:数据来源|资料来源|来源)[:：]"
)
# Headline lines that hang on the title next to them: a kicker ends on a dash
# or a colon (保居民就业——), a subtitle starts with a dash (——记…). Page text
# is normalised first, so full-width －－ arrives as --.
KICKER_END = re.compile(r"(?:——|：|:)$")
SUBTITLE_START = re.compile(r"^(?:——|--|—)")
# A title followed by its column's name in brackets: 为凝聚全球抗疫合力鼓与呼（和音）.
# As one search, [^（(]{4,}[（(][^（）()]{2,14}[）)]$, this backtracks from
# every position of a line (minutes for a line of 50,000 characters); the
# bracket at the end is found first instead, and what stands before it
# checked (tests/test_text.py holds the two to the same answers).
_COLUMN_NAME = re.compile(r"[（(][^（）()]{2,14}[）)]$")


def has_column_tag(text: str) -> bool:
    """Does the line end on a column's name in brackets, after at least four characters of title?"""
    m = _COLUMN_NAME.search(text)
    return m is not None and m.start() >= 4 and not any(c in "（(" for c in text[m.start() - 4 : m.start()])


# A paragraph that opens a lead sentence: time or place first, as news leads do.
LEAD_RE = re.compile(
    r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日|^(?:近日|日前|近期|目前|今年以来|连日来|此前|当地时间)[，,]"
    rf"|^[{IDEOGRAPHS}]{{1,4}}(?:时节|期间)[，,]"
)
# A paragraph that goes on from the one before: it opens on a word pointing
# back (这, 此外, 据介绍, 他), on the next item of a list (二是, 第三，), or
# it tells what the article's photo shows (图为…). Articles do not start that way.
CONTINUES_RE = re.compile(
    r"^(?:图为|这|该|此外|另外|同时|与此同时|对此|为此|因此|但|然而|而|他|她|据介绍|据了解|其中|当天|当日|次日|随后|其次|最后"
    r"|[一二三四五六七八九十]是|第[一二三四五六七八九十][，、])"
)


def pattern_role(line: str, normalized: str | None = None) -> str | None:
    """The role a single line announces by itself, or None for plain text.

    Returns one of furniture, ad, continuation, caption, byline, dateline.
    Headline, subhead, signature and body depend on the neighbours.
    """
    s = line.strip()
    if not s:
        return None
    t = normalized if normalized is not None else normalize_text(s)
    if AD_RE.match(t):
        return AD
    if CONTINUATION_RE.match(t):
        return CONTINUATION
    if len(t) <= 80 and FURNITURE_RE.search(t):
        return FURNITURE
    if DATELINE_RE.match(t):
        return DATELINE
    if len(t) <= 80 and CAPTION_RE.search(t):
        return CAPTION
    # names set apart by spaces (本报记者  吴齐强  郝迎灿整理) run together
    # once the spaces are gone, so the line is also read with its spaces
    if len(t) <= 40 and (BYLINE_RE.match(t) or BYLINE_RE.match(re.sub(r"\s+", " ", s))):
        return BYLINE
    return None


_BYLINE_MARK = "▶■□◆●"


# A newspaper's name (滨海日报, 经济观察报, 南方周末) as its masthead sets it:
# a few characters and a paper's ending. Alone such a line could be a
# headline (喜报); beside the masthead's date it is the masthead.
PAPER_NAME_RE = re.compile(rf"^[{IDEOGRAPHS}]{{1,7}}(?:报|周刊|周末|消息|画报)$")
MASTHEAD_DATE_RE = re.compile(_MASTHEAD_DATE)
MASTHEAD_REACH = 2  # lines between a paper's name and its masthead date, at most


def masthead_names(lines: list[str]) -> list[int]:
    """Which of these lines (non-blank, in page order) are a paper's name
    standing beside the masthead's date: the page's furniture, not a headline."""
    dates = [k for k, t in enumerate(lines) if MASTHEAD_DATE_RE.match(t)]
    return [
        k for k, t in enumerate(lines)
        if PAPER_NAME_RE.match(t) and any(0 < abs(k - d) <= MASTHEAD_REACH for d in dates)
    ]  # fmt: skip


def marked_byline(mark: str, name: str) -> bool:
    """Whether a line holding only a byline mark (□) and a line beside it that
    holds a name are one byline the extractor cut in two (pdfminer puts the
    mark of a commentary's "□ 田昀澍" on a line of its own, after the name)."""
    m, n = mark.strip(), name.strip()
    return len(m) == 1 and m in _BYLINE_MARK and 0 < len(n) <= 12 and bool(BYLINE_RE.match(f"{m} {n}"))


def is_lead(text: str) -> bool:
    return bool(LEAD_RE.match(text))


def continues(text: str) -> bool:
    return bool(CONTINUES_RE.match(text))


def is_closing_note(line: str) -> bool:
    return bool(CLOSING_NOTE_RE.match(normalize_text(line.strip())))


# the summary box that opens a long feature, alone on its line (核心阅读 in
# 人民日报; 阅读提示 and 核心提示 elsewhere)
FEATURE_BOX = re.compile(r"^[【\[]?(?:核心阅读|阅读提示|核心提示)[】\]]?$")
