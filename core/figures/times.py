"""Dates, periods and durations, read with their ISO 8601 form.

`2024年10月16日` → 2024-10-16; `10月14日` on a 2024 page → 2024-10-14;
`1-7月` → 2024-01/2024-07; `前三季度` → 2024-01/2024-09; `5日至8日` →
2024-05-05/2024-05-08; `近3年` → P3Y; `50多个小时` → PT50H.

A date that leaves out its year takes it from the page's date, unless the
article is telling a past story: after `2012年2月23日`, `2月24日` is 2012's
when no yearless date came before it in the article, or when it stands in
the same paragraph. A day alone (`6日`) takes the month last named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pagedesk.core.figures.numerals import few_pair, parse_number

_Y = r"(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年度?"
_RY = r"(?P<ry>今年|去年|前年|明年|本年|当年)"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])[日号]"
_PART = r"(?P<part>上旬|中旬|下旬|(?<=年)年(?:初|底|末)|初|底|末|中)?"  # 2019年年底 as 2019年底
_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)"

# one date: a year, a month or a day at least, in that order
# (the lookahead first: every part is optional, and without it each character
# of the page would be tried as the start of an empty date)
_DATE = re.compile(
    rf"(?=[\d今去前明本当〇零一二三四五六七八九十])(?<![\dA-Za-z.第])(?:{_RY}|{_Y})?(?:{_M})?(?:{_D})?{_PART}"
)
_MONTHS = re.compile(
    r"(?<![\dA-Za-z.])(?:(?P<ry>今年|去年|本年)|(?P<y>\d{4})年)?"
    r"(?P<m1>1[0-2]|0?[1-9])(?:月份?)?[-—–~～至到](?P<m2>1[0-2]|0?[1-9])月份?"
)
_QUARTER = re.compile(r"(?:(?P<ry>今年|去年|本年)|(?P<y>\d{4})年)?(?P<front>前)?第?(?P<q>[一二三四1-4])季度")
_HALF = re.compile(r"(?:(?P<ry>今年|去年|本年)|(?P<y>\d{4})年)?(?P<h>[上下])半年")
_FIRST_MONTHS = re.compile(
    r"(?:(?P<ry>今年|去年|本年)|(?P<y>\d{4})年)?前(?P<n>[一二三四五六七八九十]{1,2}|1[0-2]|[1-9])个月"
)
_RANGE_SEP = re.compile(r"[-—–~～]|至|到")
# a duration: 近3年, 40多天, 两个半月, 50多个小时
_DURATION = re.compile(
    rf"(?<![\dA-Za-z.第〇零一二两三四五六七八九十×*])(?P<num>{_NUM})(?P<more>多|余)?(?P<ge>个)?(?P<half>半)?(?P<more2>多)?"
    r"(?P<unit>年|月|天|小时|周(?!岁)|星期|分钟|秒)"
)
_ISO_UNIT = {"年": "Y", "月": "M", "天": "D", "周": "W", "星期": "W", "小时": "H", "分钟": "M", "秒": "S"}
_UNIT_NAME = {
    "年": "年",
    "月": "个月",
    "天": "天",
    "周": "周",
    "星期": "周",
    "小时": "小时",
    "分钟": "分钟",
    "秒": "秒",
}
# N年 that is no length of time: plans and slogans (三年行动计划, 一年建设、两年开港)
_NOT_YEARS = re.compile(r"行动|计划|规划|攻坚|建设、|开港|成规模|级|代")
# after a day: 3日制 is a working week, 30日内 a length of time
_NOT_DAY = re.compile(r"制|内|以内|之内")
# a month in Chinese numerals standing alone must end there: 八月笋 is a bamboo shoot
_MONTH_ENDS = "份底初中末上下以起至到前后间里的，。、；：）"


@dataclass
class TimeFigure:
    """A date, period or duration in normalised text [i, j)."""

    i: int
    j: int
    kind: str  # date | period
    iso: str
    value: float
    unit: str
    qualifier: str = ""
    low: float | None = None
    high: float | None = None


@dataclass
class _Calendar:
    """The year and month a date without them refers to, as the text goes on."""

    page_year: int | None
    page_month: int | None
    year: int | None = None  # from the last date that named its year and month
    year_at: int = -1  # where that date stood
    month: int | None = None
    month_at: int = -1  # where that month was named
    yearless_before: bool = False  # a date without its year came before any with one

    def year_for(self, s: str, i: int) -> int | None:
        if self.year is not None:
            same_paragraph = "\n" not in s[self.year_at : i]
            if same_paragraph or not self.yearless_before:
                return self.year
        return self.page_year

    def month_for(self, s: str, i: int) -> int | None:
        """A day named alone (4日) is of the month named last in its paragraph,
        or in the story if it is told in another year (a story of July 2010
        goes on with 30日); else of the page's month (1月23日以来 in the
        paragraph before is history, not the month of 4日)."""
        if self.month is None:
            return self.page_month
        same_paragraph = "\n" not in s[self.month_at : i]
        if same_paragraph or self.page_month is None or (self.year is not None and self.year != self.page_year):
            return self.month
        return self.page_month

    def relative(self, ry: str | None) -> int | None:
        if self.page_year is None or not ry:
            return None
        return self.page_year + {"去年": -1, "前年": -2, "明年": 1}.get(ry, 0)


def _n(text: str | None) -> int | None:
    v = parse_number(text) if text else None
    return int(v) if v is not None and float(v).is_integer() else None


def _ym(y: int | None, m: int | None = None, d: int | None = None) -> str:
    """ISO 8601: 2024, 2024-10, 2024-10-14; without a year (a page of no date) --10, --10-14."""
    if y is None:
        if m is None:
            return ""
        return f"--{m:02d}" + (f"-{d:02d}" if d is not None else "")
    out = f"{y:04d}"
    if m is not None:
        out += f"-{m:02d}"
        if d is not None:
            out += f"-{d:02d}"
    return out


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def read_times(s: str, page_date: str = "") -> list[TimeFigure]:
    """Every date, period and duration of the normalised text, in text order,
    none overlapping another."""
    py, pm = (int(page_date[:4]), int(page_date[5:7])) if len(page_date) >= 7 else (None, None)
    cal = _Calendar(py, pm)
    found: list[TimeFigure] = []
    taken = bytearray(len(s) + 1)

    def add(f: TimeFigure) -> None:
        if f.j > f.i and taken.find(1, f.i, f.j) < 0:
            taken[f.i : f.j] = b"\x01" * (f.j - f.i)
            found.append(f)

    # periods first: they hold dates (1至4月, 4月28日至5月10日)
    for f in _date_ranges(s, cal):
        add(f)
    for f in _named_periods(s, cal):
        add(f)
    for f in _durations(s):
        add(f)
    for f in _dates(s, cal, taken):
        add(f)
    for f in _listed_years(s):
        add(f)
    found.sort(key=lambda f: f.i)
    return found


def _date_ranges(s: str, cal: _Calendar) -> list[TimeFigure]:
    out = []
    # 4月28日至5月10日, 2012年11月15日至2020年4月23日, 5日至8日, 5月18日至19日
    for m in _DATE.finditer(s):
        if not (m["y"] or m["m"] or m["d"]) or not m.group():
            continue
        sep = _RANGE_SEP.match(s, m.end())
        if not sep:
            continue
        second = _DATE.match(s, sep.end())
        if not second or not (second["d"] or second["m"] or second["y"]):
            continue
        if bool(m["d"]) != bool(second["d"]) or bool(m["y"] and not m["m"]) != bool(second["y"] and not second["m"]):
            continue  # 5月至8日, 2019年至5月: no range of like with like
        a = _date_parts(m, cal, s)
        b = _date_parts(second, cal, s, default=a)
        if a and b:
            out.append(
                TimeFigure(
                    m.start(),
                    second.end(),
                    "period",
                    f"{_ym(*a)}/{_ym(*b)}",
                    b[2] or b[1] or 0,
                    "日" if b[2] else "月",
                    "range",
                )
            )
    # 1-7月, 1至4月, 2—3月
    for m in _MONTHS.finditer(s):
        y = cal.relative(m["ry"]) or _n(m["y"]) or cal.year_for(s, m.start())
        a, b = _n(m["m1"]), _n(m["m2"])
        if a and b and a < b:
            out.append(TimeFigure(m.start(), m.end(), "period", f"{_ym(y, a)}/{_ym(y, b)}", b, "月", "range", a, b))
    return out


def _named_periods(s: str, cal: _Calendar) -> list[TimeFigure]:
    out = []
    for m in _QUARTER.finditer(s) if "季度" in s else ():
        y = cal.relative(m["ry"]) or _n(m["y"]) or cal.page_year
        q = _n(m["q"]) or 1
        first = 1 if m["front"] else 3 * q - 2
        out.append(
            TimeFigure(
                m.start(), m.end(), "period", f"{_ym(y, first)}/{_ym(y, 3 * q)}", q, "季度", "前" if m["front"] else ""
            )
        )
    for m in _HALF.finditer(s) if "半年" in s else ():
        y = cal.relative(m["ry"]) or _n(m["y"]) or cal.page_year
        a, b = (1, 6) if m["h"] == "上" else (7, 12)
        out.append(TimeFigure(m.start(), m.end(), "period", f"{_ym(y, a)}/{_ym(y, b)}", 6, "个月"))
    for m in _FIRST_MONTHS.finditer(s) if "个月" in s else ():
        y = cal.relative(m["ry"]) or _n(m["y"]) or cal.page_year
        n = _n(m["n"])
        if n and 1 <= n <= 12:
            out.append(TimeFigure(m.start(), m.end(), "period", f"{_ym(y, 1)}/{_ym(y, n)}", n, "个月", "前"))
    return out


def _durations(s: str) -> list[TimeFigure]:
    out = []
    for m in _DURATION.finditer(s):
        unit = m["unit"]
        num = m["num"]
        if unit == "年" and (m["ge"] or (num.isdigit() and len(num) == 4)):
            continue  # 2016年 is a date
        if unit == "月" and not m["ge"]:
            continue  # 3月 is a date, 3个月 a length of time
        pair = few_pair(num)
        value = pair[1] if pair else parse_number(num)
        if value is None or num == "一" and not m["half"]:
            continue  # 一年前, 一天: not a figure to check
        if unit == "年" and _NOT_YEARS.match(s, m.end()):
            continue
        if unit == "年" and s.startswith(("前", "后"), m.end()) and not num.isdigit():
            continue
        if m["half"]:
            value += 0.5
        letter = _ISO_UNIT[unit]
        iso = f"PT{_number(value)}{letter}" if unit in ("小时", "分钟", "秒") else f"P{_number(value)}{letter}"
        qualifier = "over" if (m["more"] or m["more2"]) else ""
        start = m.start()
        pre = re.search(r"(近|超过|长达|约|逾)$", s[max(0, start - 2) : start])
        if pre:
            qualifier = "approx" if pre.group() in ("近", "约") else "over"
        low, high = pair if pair else (None, None)
        if pair:
            iso = f"{iso[: -len(_number(value)) - 1]}{_number(low)}{letter}/{iso}"  # P2M/P3M
            qualifier = "range"
        out.append(TimeFigure(start, m.end(), "period", iso, value, _UNIT_NAME[unit], qualifier, low, high))
    return out


def _date_parts(m: re.Match, cal: _Calendar, s: str, default=None) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of a date match, the missing parts from `default`
    (the first date of a range) or the calendar; None if it is no date."""
    y = _n(m["y"]) if m["y"] else cal.relative(m["ry"])
    mo = _n(m["m"])
    d = _n(m["d"])
    if y is not None and not 1900 <= y <= 2100:
        return None
    if mo is not None and not 1 <= mo <= 12 or d is not None and not 1 <= d <= 31:
        return None
    if default is not None:
        y = y if y is not None else default[0]
        mo = mo if mo is not None else default[1]
    if d is not None and mo is None:
        mo = cal.month_for(s, m.start())
    if y is None and (mo is not None):
        y = cal.year_for(s, m.start())
    return y, mo, d


def _dates(s: str, cal: _Calendar, taken: bytearray) -> list[TimeFigure]:
    """Single dates, in text order, the calendar following them."""
    out = []
    for m in _DATE.finditer(s):
        if not m.group() or not (m["y"] or m["m"] or m["d"] or (m["ry"] and m["part"] in ("初", "底", "末"))):
            continue  # a date names a year, a month or a day, or the start or end of a year named by 今年, 去年
        if m["part"] == "初" and s[m.end() : m.end() + 1] in "一二三":
            continue  # 今年初三: a school year
        if taken.find(1, m.start(), m.end()) >= 0:
            _follow(cal, m, s)  # a range's date still names its year and month
            continue
        if m["y"] and not (m["m"] or m["d"]):
            y = _n(m["y"])
            if y is None or not 1900 <= y <= 2100:
                continue
        if m["d"] and not m["m"] and (not m["d"].isdigit() or m.group().endswith("号")):
            continue  # 五号, 一号, 日复一日: a day alone is written in digits and 日
        if m["d"] and not m["m"]:
            if _NOT_DAY.match(s, m.end()) or re.search(
                r"(第|连续|每|近|前|这|数|几|[0-9])$", s[max(0, m.start() - 1) : m.start()]
            ):
                continue
        if m["m"] and not (m["y"] or m["ry"] or m["d"]) and not m["m"].isdigit():
            after = s[m.end() : m.end() + 1]
            if after and after not in _MONTH_ENDS:
                continue
        parts = _date_parts(m, cal, s)
        if parts is None:
            continue
        y, mo, d = parts
        if y is None and mo is None:
            continue
        _follow(cal, m, s)
        value = d if d is not None else (mo if mo is not None else y)
        unit = "日" if d is not None else ("月" if mo is not None else "年")
        end = m.end() - 1 if m["part"] == "中" else m.end()  # 3月中: 中 is most often "in"
        out.append(TimeFigure(m.start(), end, "date", _ym(y, mo, d), value or 0, unit))
    return out


# years listed before the one that carries 年 for all: 2018、2019年, 2017、2018、2019年
_YEAR_NUM = r"(?:19|20)\d\d"
_LISTED_YEAR = re.compile(rf"(?<![\dA-Za-z.])(?P<y>{_YEAR_NUM})(?=(?:[、和及与]{_YEAR_NUM})*[、和及与]{_YEAR_NUM}年)")


def _listed_years(s: str) -> list[TimeFigure]:
    return [TimeFigure(m.start(), m.end(), "date", m["y"], int(m["y"]), "年") for m in _LISTED_YEAR.finditer(s)]


def _follow(cal: _Calendar, m: re.Match, s: str) -> None:
    """What a date tells of the year and month of the dates after it."""
    mo = _n(m["m"])
    if mo is not None and 1 <= mo <= 12:
        cal.month, cal.month_at = mo, m.start()
        if m["y"]:
            y = _n(m["y"])
            if y is not None and 1900 <= y <= 2100:
                cal.year, cal.year_at = y, m.start()
        elif m["ry"]:
            pass  # 去年9月 names its own year, not the story's
        elif cal.year is None:
            cal.yearless_before = True
