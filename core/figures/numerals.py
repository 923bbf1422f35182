"""Numerals: Arabic (with thousands separators) and Chinese (十四万, 二〇二四, 三点五)."""

from __future__ import annotations

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "万亿点"

MAGNITUDE = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
}


_PLACES = {"": 1, "十": 10, "百": 100, "千": 1000}


def few_pair(s: str) -> tuple[float, float] | None:
    """两三 → (2, 3), 七八 → (7, 8), 两三百 → (200, 300), 四五十 → (40, 50), 三五 → (3, 5):
    two neighbouring digits (and a place after them) say "two or three"."""
    if len(s) < 2 or s[0] not in CN_DIGITS or s[1] not in CN_DIGITS or s[2:] not in _PLACES:
        return None
    a, b = CN_DIGITS[s[0]], CN_DIGITS[s[1]]
    if (b != a + 1 or a < 1) and (a, b) != (3, 5):
        return None  # 三五: "three to five", the one pair of non-neighbours in common use
    place = _PLACES[s[2:]]
    return float(a * place), float(b * place)


def parse_chinese(s: str) -> float | None:
    """十四 -> 14, 一百零五 -> 105, 两万 -> 20000, 二〇二四 -> 2024, 三点五 -> 3.5."""
    if not s or any(c not in CN_CHARS for c in s):
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = parse_chinese(whole) if whole else 0
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return float(f"{int(w)}." + "".join(str(CN_DIGITS[c]) for c in frac))
    if few_pair(s):
        return None  # 两三: a range, not 23
    if len(s) >= 2 and all(c in CN_DIGITS for c in s):
        return float("".join(str(CN_DIGITS[c]) for c in s))  # digit by digit: 二〇二四
    total = section = number = 0.0
    for ch in s:
        if ch in CN_DIGITS:
            number = CN_DIGITS[ch]
        elif ch in CN_SMALL:
            if number == 0 and ch == "十":
                number = 1
            section += number * CN_SMALL[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 1e4
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 1e8
            section = number = 0
    return total + section + number


def parse_number(s: str) -> float | None:
    """An Arabic or Chinese numeral, without unit or magnitude."""
    s = s.replace(",", "").replace("，", "")
    try:
        return float(s)
    except ValueError:
        return parse_chinese(s)
