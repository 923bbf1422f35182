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

from pagedesk.core.figures.numerals import MAGNITUDE, parse_number
from pagedesk.core.lines import roles as R
from pagedesk.core.result import Figure
from pagedesk.core.text.chars import IDEOGRAPHS, all_ideographs, is_ideograph
from pagedesk.core.text.normalize import Normalized, normalize_lines
from pagedesk.core.text.page import LineTable

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
    "岁",
]
DURATIONS = ["个月", "小时", "分钟", "周年", "天", "周", "秒"]
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
    "届",
    "轮",
    "层",
    "首",
    "集",
    "门",
    "盏",
    "所",
    "家企业",
]
# Chinese numerals up to ten with these are mostly rhetoric (五项措施, 两个维护).
_RHETORIC = {"个", "项", "条", "种", "类", "批", "大", "方面", "点", "起", "首", "门", "口", "集", "层"}

_UNIT_KIND: dict[str, str] = {}
for u in CURRENCIES:
    _UNIT_KIND[u] = "money"
for u in PERCENTS:
    _UNIT_KIND[u] = "percent"
for u in MEASURES:
    _UNIT_KIND[u] = "measure"
for u in DURATIONS:
    _UNIT_KIND[u] = "period"
for u in COUNTS:
    _UNIT_KIND.setdefault(u, "count")
_UNIT_KIND.pop("家企业")
_UNITS = sorted(_UNIT_KIND, key=len, reverse=True)
_MAG = "|".join(sorted(MAGNITUDE, key=len, reverse=True))

_PRE = r"(?P<pre>将近|接近|大约|约|近|超过|超|逾|不到|不足|不少于|至少|多达|高达)?"
_QUANTITY = re.compile(
    _PRE
    + rf"(?<![A-Za-z0-9.\-/第])(?P<num>{_NUM})"
    + rf"(?:(?P<rsep>[-—–~～至到])(?P<num2>{_NUM}))?"
    + r"(?P<infix>余|多)?"
    + rf"(?P<mag>{_MAG})?"
    + r"(?P<infix2>余|多)?"
    + rf"(?P<unit>{'|'.join(map(re.escape, _UNITS))})"
    + r"(?P<post>左右|以上|以下|上下|之多)?"
)
# 2024年10月16日, 10月 18日, 2023年, 6月; and periods: 1-7月份, 前三季度, 近3年
_DATE = re.compile(
    rf"""
    # every part is optional, so without the look-ahead the pattern would
    # match the empty string at each character of the page
    (?=\d|[〇零一二三四五六七八九十])
    (?<![A-Za-z0-9.\-第])
    (?:(?P<y>\d{{4}}|[〇零一二三四五六七八九]{{4}})年(?:度)?)?             # 2024年, 二〇二四年度
    (?:(?P<m>\d{{1,2}}|十[一二]?|[一二三四五六七八九])                    # 10月, 十二月
       (?:(?P<msep>[-—–~～至到])(?P<m2>\d{{1,2}}|十[一二]?|[一二三四五六七八九]))?  # 1-7月
       月(?:份)?)?
    (?:(?P<d>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])   # 16日
       (?:日|号(?![a-zA-Z{IDEOGRAPHS}]*[机船线楼院]))?)?                   # 5号, not 5号机
    """,
    re.VERBOSE,
)
_QUARTER = re.compile(r"(?P<front>前)?(?P<q>[一二三四1-4])季度")
_YEARS = re.compile(r"(?P<pre>近|过去|未来|最近)?(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})年(?:来|间|内|中|里)")
_RANK = re.compile(rf"(?P<first>第|前)(?P<num>{_NUM})(?P<unit>名|位)")

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

_PERIOD = re.compile(
    r"(?:今年|去年|前年|明年|\d{4}年)?(?:前?[一二三四1-4]季度|[上下]半年|全年|"
    r"\d{1,2}[-—–~～至到]\d{1,2}月份?|前\d{1,2}个月|\d{1,2}月份?)"
    r"|\d{4}年度?|今年以来|今年|去年|截至目前|近\d{1,2}年"
)
_CLAUSE_BREAK = re.compile(r"[，。；：！？、\n（）《》]")
_QUOTES = {"“", "”", "‘", "’", "「", "」"}
# nouns too general to name what a count counts (发挥386名驻厂员作用)
_ABSTRACT = {"作用", "方面", "问题", "工作", "活动", "情况", "过程", "能力", "水平"}
# nouns that close a counted noun phrase (10 家数字经济生态企业 | 签约入驻)
_NOUN_HEADS = (
    "企业",
    "项目",
    "单位",
    "机构",
    "平台",
    "场景",
    "需求",
    "人员",
    "群众",
    "家庭",
    "学校",
    "医院",
    "产品",
    "工厂",
    "基地",
    "园区",
    "城市",
    "国家",
    "地区",
    "村",
    "户",
    "公司",
    "人",
)
_SENTENCE_BREAK = re.compile(r"[。！？\n]")

# Words that end the noun a figure measures (verbs, function words), and
# growth verbs that turn a percentage into a rate of change.
_STOPPERS = set(
    "实现 完成 达到 达 为 是 有 拥有 超过 超 逾 共 共计 累计 合计 总计 已 已经 建成 集聚 培育 安排 发挥 签约 入驻 "
    "引进 投资 投入 新增 发布 开工 启动 处理 生产 具备 位列 位居 占 增至 降至 升至 提供 带动 吸引 派出 成立 举办 "
    "召开 开展 设立 获得 获评 参与 制定 包括 涵盖 形成 推出 打造 建设 建立 遴选 推动 突破 接待 覆盖 涉及 "
    "的 和 与 及 或 等 在 对 把 被 让 从 向 以 于 其 该 这 那 各 每 中 内 以上 以下 了 着 过 也 都 又 还 就 将 要 "
    "近 约 多 余 其中 目前 今年 去年 全年 同比 环比 较 比 较上年 比上年 仅 只有 高达 多达 不到 不足 至少".split()
)
_GROWTH = {
    "增长": "增长",
    "增": "增长",
    "下降": "下降",
    "降": "下降",
    "增加": "增加",
    "减少": "减少",
    "提高": "提高",
    "提升": "提升",
    "上涨": "上涨",
    "回落": "回落",
    "上升": "上升",
    "下滑": "下滑",
}
_AFTER_NUMBER = {"年", "月", "月份", "日", "号", "季度", "周", "天", "个", "家", "名", "万", "亿"}
_BASELINES = {"同期", "去年同期", "上年同期", "上年", "去年", "上月", "上季度"}
_QUALIFIER_WORDS = {
    "近",
    "约",
    "超过",
    "超",
    "逾",
    "将近",
    "接近",
    "大约",
    "不到",
    "不足",
    "不少于",
    "至少",
    "多达",
    "高达",
}


def extract_figures(table: LineTable, article_of: dict[int, int], role_of: dict[int, str]) -> list[Figure]:
    """Every figure in the article lines of the page, in text order."""
    text_roles = (R.BODY, R.DATELINE, R.CAPTION, R.SUBHEAD)
    numbers = sorted(article_of)

    def joinable(a: int, b: int) -> bool:
        if article_of.get(a) != article_of.get(b):
            return False
        ra, rb = role_of.get(a), role_of.get(b)
        return (ra in text_roles and rb in text_roles) or (ra in R.HEAD_ROLES and rb in R.HEAD_ROLES)

    norm = normalize_lines(table, numbers, joinable)
    figures = list(_find(norm, table))
    for f in figures:
        f.article = article_of.get(f.line)
    _add_periods_and_labels(figures, norm)
    return figures


def _find(norm: Normalized, table: LineTable) -> Iterable[Figure]:
    s = norm.text
    taken = bytearray(len(s) + 1)  # 1 where a figure already stands: a look costs its span, not the figures so far

    def free(i: int, j: int) -> bool:
        return taken.find(1, i, j) < 0

    def make(i: int, j: int, value: float, unit: str, raw_unit: str, kind: str, qualifier: str, conf: float) -> Figure:
        start, end = norm.span(i, j)
        if "\n" in table.text[start:end]:
            conf -= 0.15  # the number was cut by the wrap: worth a look
        taken[i:j] = b"\x01" * (j - i)
        return Figure(
            start=start,
            end=end,
            text=table.text[start:end],
            value=value,
            unit=unit,
            raw_unit=raw_unit,
            kind=kind,
            qualifier=qualifier,
            line=table.line_of(start),
            confidence=max(0.05, min(0.99, conf)),
        )

    out: list[Figure] = []
    for m in _RANK.finditer(s):
        v = parse_number(m["num"])
        if v is not None:
            out.append(make(m.start("num"), m.end(), v, m["unit"], m["unit"], "rank", "", 0.6))
    for m in _QUARTER.finditer(s):
        if free(m.start(), m.end()):
            v = parse_number(m["q"])
            out.append(make(m.start(), m.end(), v or 0, "季度", "季度", "period", "", 0.6))
    for m in _YEARS.finditer(s):
        v = parse_number(m["n"])
        i = m.start("n")
        if v is not None and free(i, m.start("n") + len(m["n"]) + 1):
            out.append(make(i, i + len(m["n"]) + 1, v, "年", "年", "period", _QUALIFIER.get(m["pre"] or "", ""), 0.6))
    for m in _DATE.finditer(s):
        if not (m["y"] or m["m"] or m["d"]) or m.end() == m.start():
            continue
        fig = _date_figure(m, s)
        if fig and free(m.start(), m.end()):
            value, unit, kind, qual = fig
            out.append(make(m.start(), m.end(), value, unit, unit, kind, qual, 0.7))
    for m in _QUANTITY.finditer(s):
        fig = _quantity(m, s)
        if fig is None:
            continue
        i, j, value, unit, raw_unit, kind, qual, conf = fig
        if free(i, j):
            out.append(make(i, j, value, unit, raw_unit, kind, qual, conf))
    out.sort(key=lambda f: f.start)
    return out


def _date_figure(m: re.Match, s: str):
    y, mo, d = m["y"], m["m"], m["d"]
    text = m.group()
    if d and not (text.endswith("日") or text.endswith("号")):
        return None  # a bare number after 月 without 日 is not a day
    if d and not mo:
        return None  # "18日" alone is too often a count of days
    if mo and not y and not d and not text.endswith(("月", "月份")):
        return None
    if y and not (mo or d):
        v = parse_number(y)
        if v is None or not (1900 <= v <= 2100):
            return None
        return v, "年", "date", ""
    if m["m2"]:
        v = parse_number(m["m2"])
        return (v, "月", "period", "range") if v is not None and 1 <= v <= 12 else None
    if d:
        v = parse_number(d)
        return (v, "日", "date", "") if v is not None and 1 <= v <= 31 else None
    v = parse_number(mo)
    return (v, "月", "date", "") if v is not None and 1 <= v <= 12 else None


def _quantity(m: re.Match, s: str):
    num, unit = m["num"], m["unit"]
    value = parse_number(num)
    if value is None:
        return None
    after = s[m.end() : m.end() + 1]
    is_cn = not num[0].isdigit()
    if is_cn and (num == "一" or (value <= 10 and unit in _RHETORIC)):
        return None
    if unit in ("度", "°") and after and is_ideograph(after) and unit == "度":
        return None
    if unit == "个" and s.startswith("月", m.end()):
        return None  # 3个月 is read as a duration below
    kind = _UNIT_KIND[unit]
    if m["num2"]:
        v2 = parse_number(m["num2"])
        if v2 is None or v2 < value:
            return None
        value = v2
        qual = "range"
    else:
        qual = _QUALIFIER.get(m["infix"] or m["infix2"] or m["post"] or m["pre"] or "", "")
    mag = MAGNITUDE.get(m["mag"] or "", 1)
    value = value * mag
    raw_unit = (m["mag"] or "") + unit
    conf = 0.9 if not is_cn else 0.5
    if kind == "percent" and unit in ("百分点",):
        unit = "个百分点"
    if mag != 1 and isinstance(value, float):
        value = round(value, 6)
    i = m.start("num")
    j = m.end()
    if m["post"]:
        j = m.end("unit")
    return i, j, value, unit, raw_unit, kind, qual, conf


def _add_periods_and_labels(figures: list[Figure], norm: Normalized) -> None:
    s = norm.text
    index_of = {off: k for k, off in enumerate(norm.offsets)}
    prev_label = ""
    prev_sentence = -1
    prev_end = 0
    for f in figures:
        i = index_of.get(f.start)
        if i is None:
            continue
        sent_start = _last_break(s, i, _SENTENCE_BREAK)
        if sent_start != prev_sentence:
            prev_label = ""
            prev_sentence = sent_start
        if f.kind not in ("date",):
            f.period = _period(s, sent_start, i)
        if f.kind in ("date", "period"):
            continue
        end_i = index_of.get(f.end - 1, i) + 1
        label, growth = _label(s, i, end_i, f.kind, prev_end if prev_sentence == sent_start else 0)
        prev_end = end_i
        if not label and growth and prev_label:
            label = prev_label + growth
        elif label and growth:
            label = label + growth
        f.label = label
        if label and not growth:
            prev_label = label
        if not f.label and f.kind in ("money", "percent", "count", "measure"):
            f.confidence = max(0.05, f.confidence - 0.1)


def _last_break(s: str, i: int, pattern: re.Pattern) -> int:
    j = i
    while j > 0:
        if pattern.match(s[j - 1]):
            return j
        j -= 1
    return 0


def _period(s: str, start: int, i: int) -> str:
    best = ""
    for m in _PERIOD.finditer(s, start, i):
        best = m.group()
    return best


def _label(s: str, i: int, j: int, kind: str, after_prev: int = 0) -> tuple[str, str]:
    """The metric a figure measures, and the verb of change before a rate.

    The noun right before the figure (总产值 105.3 亿元), past the verb that
    links them (实现, 完成, 达到); for a count with nothing before it, the noun
    right after its measure word (386 名驻厂员). A percentage after 增长 or
    下降 is a rate of change of that noun.
    """
    from pagedesk.core.text.words import words

    pre = s[max(_last_break(s, i, _CLAUSE_BREAK), after_prev) : i]
    ws = [w for w in words(pre) if w.strip() and w not in _QUOTES] if pre else []
    growth = ""
    listing = False  # 快鱼、诚迈等50个项目: the noun comes after the figure
    while ws and (ws[-1] in _STOPPERS or ws[-1] in _GROWTH or ws[-1] in _QUALIFIER_WORDS):
        w = ws.pop()
        listing = listing or w == "等"
        if w in _GROWTH and not growth:
            growth = _GROWTH[w]
            if ws and ws[-1] in ("同比", "环比"):
                growth = ws.pop() + growth
    noun: list[str] = []
    while ws and len(noun) < 3 and ws[-1] not in _STOPPERS and not any(c.isdigit() for c in ws[-1]):
        w = ws.pop()
        if not all_ideographs(w):
            break
        noun.insert(0, w)
    if ws and any(c.isdigit() for c in ws[-1]):
        # the words right after a number belong to it (2 月份, 2023 年): a date or
        # a baseline (比 2 月份提高), not the metric
        while noun and noun[0] in _AFTER_NUMBER:
            noun.pop(0)
    label = "".join(noun)
    if label in _BASELINES:
        label = ""  # 销量为去年同期的 95%: what it is compared with, not what it measures
    if (not label or listing) and kind == "count":
        noun = []
        after = s[j : j + 12]
        after = after[: next((k for k, c in enumerate(after) if _CLAUSE_BREAK.match(c)), len(after))]
        for w in words(after) if after else ():
            if w in _STOPPERS or w in _ABSTRACT or not all_ideographs(w) or len(noun) >= 4:
                break
            noun.append(w)
            if w.endswith(_NOUN_HEADS):
                break
        label = "".join(noun) or label
    if len(label) < 2:
        label = ""
    return label[-12:], growth


def flag_headline_figures(figures: list[Figure], role_of: dict[int, str]) -> None:
    """Flag a headline figure that no figure of its article's body states."""
    body: dict[int | None, list[Figure]] = {}
    for f in figures:
        if role_of.get(f.line) not in R.HEAD_ROLES:
            body.setdefault(f.article, []).append(f)
    for f in figures:
        if role_of.get(f.line) in R.HEAD_ROLES:
            same = [b for b in body.get(f.article, []) if b.unit == f.unit and _close(b.value, f.value)]
            if not same:
                f.flag = "headline figure not in body"
                f.confidence = min(f.confidence, 0.4)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def parse_figure(text: str) -> Figure | None:
    """Value, unit, kind and qualifier of a figure's text (105.3 亿元, 50余家),
    without label or period, and without loading the word dictionary: what the
    review app offers when an editor adds a figure by hand."""
    table = LineTable.of(text)
    norm = normalize_lines(table, table.nonblank())
    figures = list(_find(norm, table))
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
