"""Which newspaper, date and page a page is: from its file name, else its furniture.

`cnooc_2024-10-16_p1/pymupdf.txt`, `rmrb_20200501_p2.txt` and `20200501-02.txt`
name themselves; otherwise the masthead lines tell (2024年10月16日, 第2版,
中国海洋石油报).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from pagedesk.core.text.chars import IDEOGRAPHS

_NAME = re.compile(
    r"(?:(?P<paper>[A-Za-z][A-Za-z]*)[_-])?(?P<y>(?:19|20)\d{2})-?(?P<m>\d{2})-?(?P<d>\d{2})(?:[_-]p?(?P<page>\d{1,3}))?"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PAGE = re.compile(r"第\s*(\d{1,3})\s*版|(\d{1,3})\s*版$")
_PAPER = re.compile(rf"([{IDEOGRAPHS}]{{2,10}}(?:报|日报|晚报|时报|周刊))")


@dataclass
class PageInfo:
    newspaper: str = ""
    date: str = ""  # ISO yyyy-mm-dd
    page: int | None = None


def page_info(path: str, text: str, furniture_lines: list[int] | None = None) -> PageInfo:
    info = PageInfo()
    p = PurePath(path) if path else None
    for part in [p.stem, p.parent.name] if p else []:
        m = _NAME.search(part)
        if m:
            info.newspaper = info.newspaper or (m["paper"] or "")
            info.date = info.date or f"{m['y']}-{m['m']}-{m['d']}"
            if info.page is None and m["page"]:
                info.page = int(m["page"])
    lines = text.split("\n")
    candidates = [lines[n - 1] for n in (furniture_lines or []) if 0 < n <= len(lines)] or lines[:8]
    for line in candidates:
        squeezed = line.replace(" ", "").replace("\u3000", "")
        if not info.date:
            m = _DATE.search(squeezed)
            if m:
                info.date = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
        if info.page is None:
            m = _PAGE.search(squeezed)
            if m:
                info.page = int(m[1] or m[2])
        if not info.newspaper:
            m = _PAPER.search(squeezed)
            if m and len(squeezed) <= 24:
                info.newspaper = m[1]
    return info
