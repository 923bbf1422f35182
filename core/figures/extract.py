"""Figures an editor checks: money, percentages, counts, quantities, dates.

Figures are read from the normalised text of the articles (wrapped lines
joined, spaces squeezed), so `冠军企业2` / `家。` and `105.3 亿元` are whole,
and every match is mapped back to its span in the page text. A number is a
figure only with a unit, a measure word or %, so codes and names (5G, 锦州
23-2, CN 11-0138, 总第3807期, 十四五, phone numbers) never become figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pagedesk.core.figures.context import Span, period_of, respective_label
from pagedesk.core.figures.labels import Place, label_for
from pagedesk.core.figures.numerals import MAGNITUDE, few_pair, parse_number
from pagedesk.core.figures.times import read_times
from pagedesk.core.lines import roles as R
from pagedesk.core.result import TIME_KINDS, Figure
from pagedesk.core.text.chars import is_ideograph
from pagedesk.core.text.normalize import Normalized, normalize_lines
from pagedesk.core.text.page import LineTable
from pagedesk.core.text.words import words

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"[一二两三四五六七八九十〇零][〇零一二两三四五六七八九十百千]*(?:点[〇零一二三四五六七八九]+)?"
_NUM = rf"(?:{_AR}|{_CN})"

CURRENCIES = ["美元", "欧元", "英镑", "日元", "港元", "港币", "澳元", "卢布", "韩元", "人民币", "元"]
PERCENTS = ["个百分点", "百分点", "%", "‰"]
MEASURES = [
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "吉瓦时",
    "兆瓦时",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "吉瓦",
    "千克",
    "公斤",
    "公里",
    "千米",
    "厘米",
    "毫米",
    "公顷",
    "英寸",
    "英尺",
    "海里",
    "标准箱",
    "摄氏度",
    "℃",
    "°C",
    "°",
    "吨",
    "米",
    "亩",
    "升",
    "克",
    "倍",
    "周岁",
    "岁",
    "微米",
    "标箱",
    "桶",
    "斤",
]
COUNTS = [
    "人次",
    "家次",
    "架次",
    "批次",
    "亿人次",
    "人",
    "家",
    "个",
    "项",
    "名",
    "位",
    "座",
    "条",
    "件",
    "台",
    "辆",
    "艘",
    "架",
    "套",
    "户",
    "所",
    "只",
    "头",
    "次",
    "批",
    "场",
    "处",
    "间",
    "栋",
    "幢",
    "篇",
    "份",
    "种",
    "类",
    "支",
    "株",
    "棵",
    "根",
    "张",
    "枚",
    "颗",
    "粒",
    "块",
    "片",
    "列",
    "趟",
    "起",
    "例",
    "宗",
    "笔",
    "单",
    "款",
    "口",
    "轮",
    "层",
    "首",
    "集",
    "门",
    "盏",
    "组",
    "所",
    "发",
    "对",
    "箱",
    "段",
    "大类",
    "部",
    "省",
    "城",
    "国",
    "版",
    "车道",
    "人口",
    "本",
    "家企业",
]
# Chinese numerals up to ten with these are mostly set phrases (两层皮, 三大园区);
# 两个维护 and 四个意识 stand in quotes (see _quoted)
_RHETORIC = {"大", "方面", "点", "首", "门", "口", "集", "层", "组"}

_UNIT_KIND: dict[str, str] = {}
for u in CURRENCIES:
    _UNIT_KIND[u] = "money"
for u in PERCENTS:
    _UNIT_KIND[u] = "percent"
for u in MEASURES:
    _UNIT_KIND[u] = "measure"
for u in COUNTS:
    _UNIT_KIND.setdefault(u, "count")
_UNIT_KIND.pop("家企业")
_UNIT_KIND["块钱"] = "money"
_UNIT_KIND["毛钱"] = _UNIT_KIND["角钱"] = "money"  # tenths of a yuan: 三四毛钱
_UNITS = sorted(_UNIT_KIND, key=len, reverse=True)
_MAG = "|".join(sorted(MAGNITUDE, key=len, reverse=True))

_PRE = r"(?P<pre>将近|接近|大约|约|近|超过|超|逾|突破|不到|不足|不少于|不超过|至少|多达|高达|上)?"
_UNIT_RE = "|".join(map(re.escape, _UNITS))
_QUANTITY = re.compile(
    _PRE
    + r"(?<![A-Za-z0-9.\-/第〇零一二两三四五六七八九十百千])(?:(?<![几数])|(?=\d))(?P<sign>[-−]|零下)?"
    + rf"(?(sign)|(?<![A-Za-z0-9.\-/第〇零一二两三四五六七八九十百千]))(?P<num>{_NUM})"
    + rf"(?:(?P<rsep>[-—–~～至到])(?P<num2>{_NUM}))?"
    + r"(?P<infix>余|多)?"
    + rf"(?P<mag>{_MAG})?"
    + r"(?P<infix2>余|多)?"
    + rf"(?P<unit>{_UNIT_RE})"
    + r"(?P<post>多|左右|以上|以下|上下|之多)?"
)
# amounts without a digit: 近千户, 上万人, 万余人, 数十亿元, 百万家, 十几倍, 几十亩
_VAGUE = re.compile(
    r"(?P<pre>将近|接近|近|上|超过|超|逾|约|成)?(?P<some>数|几)?"
    r"(?<![\d一二两三四五六七八九])(?P<base>(?:十|百|千|万|亿)+)(?P<few>几)?(?P<infix>余|多)?"
    + rf"(?P<unit>{_UNIT_RE})"
)
# digits and 万 or 亿 with no measure word: 3100万, 14亿中国人, 8亿多贫困人口
_BARE_MAGNITUDE = re.compile(
    rf"(?P<pre>将近|接近|近|超过|超|逾|约|突破)?(?<![A-Za-z0-9.\-/第])(?P<num>{_AR})(?P<infix0>余|多)?(?P<mag>万亿|亿|万)(?P<infix>余|多)?"
    rf"(?!{_UNIT_RE}|[\d年月日])"
)
# shares: 七成, 三分之一, 百分之九十五, 一半, 1/10
_SHARE = re.compile(
    r"(?P<pre>超过|超|近|约|逾|不到|不足)?(?:"
    r"(?<![建变完达形组构造分一])(?P<tenths>[二两三四五六七八九]|[1-9])成(?![为功立本果绩长员就交])"
    r"|百分之(?P<pct>[一二三四五六七八九十点零〇]+)"
    r"|(?P<den>[一二两三四五六七八九十百千]+|\d+)分之(?P<numr>[一二两三四五六七八九十]+|\d+)"
    r"|(?P<half>一半)"
    r"|(?<![\d./])(?P<a>\d{1,3})/(?P<b>\d{1,4})(?![\d/])"
    r")"
)
# ranks: 第331次, 第一家, 前三名; 居全市第一
_RANK = re.compile(rf"(?P<first>第|前)(?P<num>{_NUM})(?P<unit>名|位|次|家|个|届|本|套|座|所|艘|台|部)")
# not ranks: a meeting's or a body's ordinal (第十三届全国委员会第三次会议), a set phrase (放在第一位)
_NOT_RANK_AFTER = re.compile(r"[^，。；]{0,8}?(?:会议|全会|大会|委员会|人大|代表大会|政协)")
_NOT_RANK_BEFORE = re.compile(r"(?:放在|摆在|置于)$")
_RANK_END = re.compile(rf"(?:居|列|排|位居|位列|排名|排在)[^，。；]{{0,10}}?第(?P<num>{_NUM})(?=[，。；、）\n]|$)")
# one unit for two numbers: 4.4和3.6个百分点
_PAIR = re.compile(rf"(?<![A-Za-z0-9.\-/第])(?P<num>{_AR})(?=(?:和|、|或|与)(?:{_AR})(?:{_MAG})?(?P<unit>{_UNIT_RE}))")
# between two figures of one label: a list (增长35.2%、178.9%和67.7%) or a change (从5000元提升至14700元)
_SAME_LABEL = r"[、和及与或]|(?:提升|提高|增长|增加|上升|下降|降低|减少|回落|降|升|增)?[至到]"
_DIGITS_ONLY = {"国", "省", "城", "版", "部", "本"}  # 两国, 一本: words more often than counts
_BASE = {"十": 10, "百": 100, "千": 1000, "万": 1e4, "亿": 1e8}
# a chinese numeral +次 before a meeting is its session (十三届三次会议)
_SESSION = re.compile(r"会议|全会|大会")

_QUALIFIER = {
    "将近": "approx",
    "接近": "approx",
    "大约": "approx",
    "约": "approx",
    "近": "approx",
    "左右": "approx",
    "上下": "approx",
    "超过": "over",
    "超": "over",
    "逾": "over",
    "突破": "over",
    "多达": "over",
    "高达": "over",
    "至少": "over",
    "不少于": "over",
    "以上": "over",
    "余": "over",
    "多": "over",
    "之多": "over",
    "不到": "under",
    "不足": "under",
    "以下": "under",
}


def extract_figures(
    table: LineTable, article_of: dict[int, int], role_of: dict[int, str], page_date: str = ""
) -> list[Figure]:
    """Every figure in the article lines of the page, in text order. `page_date`
    (ISO) gives the year and month of dates that leave them out."""
    text_roles = (R.BODY, R.DATELINE, R.CAPTION, R.SUBHEAD)
    numbers = sorted(article_of)

    def joinable(a: int, b: int) -> bool:
        if article_of.get(a) != article_of.get(b):
            return False
        ra, rb = role_of.get(a), role_of.get(b)
        return (ra in text_roles and rb in text_roles) or (ra in R.HEAD_ROLES and rb in R.HEAD_ROLES)

    norm = normalize_lines(table, numbers, joinable)
    figures = list(_find(norm, table, page_date))
    for f in figures:
        f.article = article_of.get(f.line)
    _add_periods_and_labels(figures, norm)
    return figures


@dataclass
class _Reading:
    """A figure read from normalised text [i, j), before it is placed on the page."""

    i: int
    j: int
    value: float
    unit: str
    raw_unit: str
    kind: str
    qualifier: str = ""
    confidence: float = 0.9
    iso: str = ""
    low: float | None = None
    high: float | None = None


def _find(norm: Normalized, table: LineTable, page_date: str = "", segment: bool = True) -> Iterable[Figure]:
    s = norm.text
    taken = bytearray(len(s) + 1)  # 1 where a figure already stands: a look costs its span, not the figures so far
    names = _names(s)
    out: list[Figure] = []

    def place(r: _Reading, words_checked: bool = True) -> None:
        if r.j <= r.i or taken.find(1, r.i, r.j) >= 0 or names.find(1, r.i, r.j) >= 0:
            return
        if segment and words_checked and s[r.i] in _CN_START and _inside_a_word(s, r.i, r.j):
            return  # 五棵松, 唯一一个: the numeral is part of a word
        start, end = norm.span(r.i, r.j)
        conf = r.confidence
        if "\n" in table.text[start:end]:
            conf -= 0.15  # the number was cut by the wrap: worth a look
        taken[r.i : r.j] = b"\x01" * (r.j - r.i)
        out.append(
            Figure(
                start=start,
                end=end,
                text=table.text[start:end],
                value=r.value,
                unit=r.unit,
                raw_unit=r.raw_unit,
                kind=r.kind,
                qualifier=r.qualifier,
                line=table.line_of(start),
                confidence=max(0.05, min(0.99, conf)),
                iso=r.iso,
                low=r.low,
                high=r.high,
            )
        )

    for t in read_times(s, page_date):
        place(_Reading(t.i, t.j, t.value, t.unit, t.unit, t.kind, t.qualifier, 0.7, t.iso, t.low, t.high))
    for r in _ranks(s):
        place(r)
    for r in _shares(s):
        place(r, words_checked=not r.qualifier)  # 近一半 is one word, its qualifier and its share
    for m in _VAGUE.finditer(s):
        r = _vague(m)
        if r is not None:
            place(r, words_checked=False)  # 上万人: its prefix and its number are one word
    for m in _QUANTITY.finditer(s):
        r = _quantity(m, s)
        if r is not None:
            place(r)
    for m in _BARE_MAGNITUDE.finditer(s):
        value = parse_number(m["num"])
        if value is not None:
            value = round(value * MAGNITUDE[m["mag"]], 6)
            qual = _QUALIFIER.get(m["infix0"] or m["infix"] or m["pre"] or "", "")
            place(_Reading(m.start("num"), m.end(), value, "", m["mag"], "count", qual, 0.6))
    for m in _PAIR.finditer(s):
        value = parse_number(m["num"])
        if value is not None:
            unit = "个百分点" if m["unit"] == "百分点" else m["unit"]
            place(_Reading(m.start(), m.end("num"), value, unit, unit, _UNIT_KIND[m["unit"]], "", 0.7))
    out.sort(key=lambda f: f.start)
    return out


_CN_START = "〇零一二两三四五六七八九十百千万"


def _inside_a_word(s: str, i: int, j: int) -> bool:
    """Does a word of the text around [i, j) run across its start or its end?"""
    lo, hi = max(0, i - 4), min(len(s), j + 4)
    pos = lo
    for w in words(s[lo:hi]):
        a, b = pos, pos + len(w)
        pos = b
        if (a < i < b) or (a < j < b):
            return True
    return False


# names of policies and campaigns that hold a numeral and state no amount
_SET_PHRASES = re.compile(
    r"八项规定|四个全面|五位一体|三严三实|两学一做|四个自信|四个意识|两个维护|两个确立|两个百年|一国两制|"
    r"一带一路|十四五|十三五|十二五|三大攻坚战|六稳|六保|两个大局|两不愁三保障"
)


def _names(s: str) -> bytearray:
    """1 over text where no figure can stand: titles in 《》, and short quoted
    names and slogans that end on their number (“创新发展16条”, “四个意识”)."""
    out = bytearray(len(s) + 1)
    for m in _SET_PHRASES.finditer(s):  # unquoted, as often as not: 贯彻中央八项规定精神
        out[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in re.finditer(r"《[^《》\n]{1,40}》", s):
        out[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in re.finditer(r"“([^“”\n]{1,10})”", s):
        inner = m.group(1)
        if re.search(r"[\d一二两三四五六七八九十]", inner) and not re.search(r"[，。；：、]", inner):
            out[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return out


def _ranks(s: str) -> Iterable[_Reading]:
    for m in _RANK.finditer(s):
        v = parse_number(m["num"])
        if v is None or (m["unit"] == "届" and m["first"] != "第"):
            continue
        if m["unit"] in ("届", "次") and _NOT_RANK_AFTER.match(s, m.end()) or _NOT_RANK_BEFORE.search(s, 0, m.start()):
            continue
        yield _Reading(m.start(), m.end(), v, m["unit"], m["unit"], "rank", "前" if m["first"] == "前" else "", 0.6)
    for m in _RANK_END.finditer(s):
        v = parse_number(m["num"])
        if v is not None:
            yield _Reading(m.start("num") - 1, m.end(), v, "", "", "rank", "", 0.6)


def _shares(s: str) -> Iterable[_Reading]:
    """七成 → 70, 三分之一 → 33.33, 百分之九十五 → 95, 一半 → 50, 1/10 → 10 (%)."""
    for m in _SHARE.finditer(s):
        if m["tenths"]:
            v = parse_number(m["tenths"])
            value = v * 10 if v is not None else None
        elif m["den"]:
            den, numr = parse_number(m["den"]), parse_number(m["numr"])
            value = round(100 * numr / den, 2) if den and numr is not None else None
        elif m["pct"]:
            value = parse_number(m["pct"])
        elif m["half"]:
            value = 50.0
        else:
            a, b = int(m["a"]), int(m["b"])
            value = round(100 * a / b, 2) if b and a < b else None
        if value is not None:
            pre = m["pre"] or ""
            qual = _QUALIFIER.get(pre, "")
            yield _Reading(m.start() + len(pre), m.end(), value, "%", m.group()[len(pre) :], "percent", qual, 0.7)


def _vague(m: re.Match) -> _Reading | None:
    """数十亿元, 近千户, 十几倍: a range for 数 and 几, the amount itself for 近, 上, 余."""
    base = 1.0
    for c in m["base"]:
        base *= _BASE[c]
    if not (m["pre"] or m["some"] or m["few"] or m["infix"] or len(m["base"]) > 1):
        return None  # 万家 alone is a figure of speech
    unit, kind = m["unit"], _UNIT_KIND[m["unit"]]
    if unit == "块钱":
        unit, kind = "元", "money"
    low = high = None
    if m["some"]:
        low, high = 2 * base, 9 * base
    elif m["few"]:
        low, high = base + 1, base + 9
    qual = "range" if low is not None else _QUALIFIER.get(m["infix"] or m["pre"] or "", "")
    i = m.start("some") if m["some"] else m.start("base")
    value = high if high is not None else base
    return _Reading(i, m.end(), value, unit, m["base"] + m["unit"], kind, qual, 0.6, low=low, high=high)


def _quantity(m: re.Match, s: str) -> _Reading | None:
    num, unit = m["num"], m["unit"]
    pair = few_pair(num)
    value = pair[1] if pair else parse_number(num)
    if value is None:
        return None
    after = s[m.end() : m.end() + 1]
    is_cn = not num[0].isdigit()
    if is_cn and ((num == "一" and _QUALIFIER.get(m["pre"] or "") is None) or (value <= 10 and unit in _RHETORIC)):
        return None  # 一位老人, 两层皮, 晚上一起; but 不足一亩 is an amount
    if is_cn and unit in _DIGITS_ONLY and num == "两":
        return None  # 两国学生: both countries, no count to check
    if value == 0 or (is_cn and unit == "元" and value <= 10 and not m["mag"]):
        return None  # 零件, 四元桥
    if is_cn and unit == "次" and _SESSION.match(s, m.end()):
        return None  # 三次会议: the third session
    if unit == "度" and after and is_ideograph(after):
        return None
    if unit == "个" and s.startswith(("月", "小时", "多月", "半月"), m.end()):
        return None  # 3个月 is a length of time
    kind = _UNIT_KIND[unit]
    if unit == "块钱" or (unit == "块" and m["post"] == "多"):
        unit, kind = "元", "money"  # 4块多, 15块钱
    tenths = unit in ("毛钱", "角钱")
    if tenths:
        unit = "元"
    low, high = pair if pair else (None, None)
    if m["num2"]:
        v2 = parse_number(m["num2"])
        if v2 is None or v2 < value:
            return None
        low, high = value, v2
        value = v2
        qual = "range"
    elif pair:
        qual = "range"
    else:
        qual = _QUALIFIER.get(m["infix"] or m["infix2"] or m["post"] or m["pre"] or "", "")
    mag = MAGNITUDE.get(m["mag"] or "", 1) * (0.1 if tenths else 1)
    value = value * mag
    if low is not None and high is not None:
        low, high = round(low * mag, 6), round(high * mag, 6)
    if m["sign"]:
        value = -value
    raw_unit = (m["mag"] or "") + m["unit"]
    conf = 0.9 if not is_cn else 0.5
    if kind == "percent" and unit in ("百分点",):
        unit = "个百分点"
    if mag != 1 and isinstance(value, float):
        value = round(value, 6)
    i = m.start("sign") if m["sign"] else m.start("num")
    j = m.end("unit") if m["post"] and m["post"] != "多" else m.end()
    return _Reading(i, j, value, unit, raw_unit, kind, qual, conf, low=low, high=high)


def _add_periods_and_labels(figures: list[Figure], norm: Normalized) -> None:
    s = norm.text
    index_of = {off: k for k, off in enumerate(norm.offsets)}
    at = [(index_of.get(f.start), index_of.get(f.end - 1)) for f in figures]
    times = [
        Span(i, j + 1, f.iso.startswith("P"))
        for f, (i, j) in zip(figures, at, strict=True)
        if f.kind in TIME_KINDS and i is not None and j is not None
    ]
    label_chance = 0.5  # of the label read last: a figure that takes the label before it takes its chance too
    for k, f in enumerate(figures):
        i, last = at[k]
        if i is None or last is None:
            continue
        if f.kind != "date":
            f.period = period_of(s, i, times)
        if f.kind in TIME_KINDS:
            continue
        prev_end = at[k - 1][1] + 1 if k and at[k - 1][1] is not None else 0
        next_start = at[k + 1][0] if k + 1 < len(at) and at[k + 1][0] is not None else len(s)
        prev = figures[k - 1] if k else None
        between = s[prev_end:i]
        if (
            prev
            and prev.label
            and prev.kind not in TIME_KINDS
            # a list of one unit (增长35.2%、178.9%), or two measures of
            # the same things side by side (旧房597户3.2万平方米)
            and ((prev.unit == f.unit and re.fullmatch(_SAME_LABEL, between)) or not between)
            and not respective_label(s, i, f.kind)
        ):
            f.label = figures[k - 1].label  # 增长35.2%、178.9%和67.7%: one label for the list
        else:
            place = Place(s, i, last + 1, f.kind, f.unit, prev_end, next_start, (f.start, f.end))
            f.label, label_chance = label_for(place)
        # a figure is as sure as its value and its label: an editor mends either
        f.confidence = max(0.05, min(f.confidence, label_chance))


# the kinds a headline states and its body must bear out (dates, periods
# and ranks in a headline are named, not checked: 去年四季度, 第二届)
_CHECKED_KINDS = ("money", "percent", "count", "measure")


def flag_headline_figures(figures: list[Figure], role_of: dict[int, str]) -> None:
    """Flag a headline figure that no figure of its article's body bears out,
    allowing the rounding its words say (超470亿元 for 475.6亿元, 近五成 for
    49.7%, 2亿件 for 2.17亿件)."""
    body: dict[int | None, list[Figure]] = {}
    for f in figures:
        if role_of.get(f.line) not in R.HEAD_ROLES:
            body.setdefault(f.article, []).append(f)
    for f in figures:
        if role_of.get(f.line) not in R.HEAD_ROLES or f.kind not in _CHECKED_KINDS:
            continue
        # a bare 445万 in a headline is the body's 445万人
        units = (f.unit,) if f.unit else (f.unit, *{b.unit for b in body.get(f.article, []) if b.kind == f.kind})
        if not any(b.unit in units and _bears_out(b.value, f) for b in body.get(f.article, [])):
            f.flag = "headline figure not in body"
            f.confidence = min(f.confidence, 0.4)


def _bears_out(value: float, head: Figure) -> bool:
    """Whether a body's value is what the headline's figure says, as it says it."""
    h = head.value
    if head.qualifier == "over":  # 超, 逾, 突破, 多, 余: the body at or a little above
        return h <= value <= 1.5 * h
    if head.qualifier == "under":  # 不到, 不足
        return 0.5 * h <= value <= h
    if head.qualifier == "approx":  # 近, 约, 左右
        return abs(value - h) <= 0.15 * abs(h)
    return abs(value - h) <= _last_place(head) / 2 + 1e-9 * max(1.0, abs(h))


def _last_place(f: Figure) -> float:
    """The value of the headline number's last written digit: 1亿 for 2亿件,
    0.1 for 9.9%, so the body's 2.17亿件 rounds to it."""
    m = re.search(r"\d+(?:\.(\d+))?", "".join(f.text.split()))
    if not m:
        return 1e-9  # written in Chinese numerals (五成): as written
    place = 10.0 ** -len(m[1] or "")
    magnitude = next((v for k, v in MAGNITUDE.items() if f.raw_unit.startswith(k)), 1)
    return place * magnitude


def parse_figure(text: str) -> Figure | None:
    """Value, unit, kind and qualifier of a figure's text (105.3 亿元, 50余家),
    without label or period, and without loading the word dictionary: what the
    review app offers when an editor adds a figure by hand."""
    table = LineTable.of(text)
    norm = normalize_lines(table, table.nonblank())
    figures = list(_find(norm, table, segment=False))
    if figures:
        return figures[0]
    # a count in a measure word the list does not know (8 大类): the number,
    # its magnitude, and the rest of the text as its unit
    joined = "".join(text.split())
    m = re.match(rf"(?P<num>{_NUM})(?P<mag>{_MAG})?(?P<unit>.+)?$", joined)
    value = parse_number(m["num"]) if m else None
    if value is None:
        return None
    unit = (m["unit"] or "").strip()
    kind = "percent" if unit.startswith("%") else "count"
    value *= MAGNITUDE.get(m["mag"] or "", 1)
    return Figure(0, len(text), text, value, unit, (m["mag"] or "") + unit, kind, confidence=0.5)
