"""What each unit of the page is to segmentation: a headline line, a byline,
a caption, a signature, a line of furniture, or a body paragraph."""

from __future__ import annotations

import re

from pagedesk.core.lines import markers as M
from pagedesk.core.lines import roles as R
from pagedesk.core.segmentation.units import MARK, PARA, Unit
from pagedesk.core.text.chars import IDEOGRAPHS

HEAD, BYLINE, CAPTION, SIGNATURE = "head", R.BYLINE, R.CAPTION, R.SIGNATURE

_SIGNATURE_NAME = re.compile(rf"^[{IDEOGRAPHS}]{{2,3}}$")


def unit_kinds(units: list[Unit]) -> dict[int, str]:
    """What each non-paragraph unit is: head, byline, caption, signature, or an unassigned role."""
    kinds: dict[int, str] = {}
    n = len(units)
    for i, u in enumerate(units):
        prev = units[i - 1] if i > 0 else None
        after_body = prev is not None and prev.kind == PARA and prev.terminated
        if u.kind == MARK:
            kinds[i] = u.role or HEAD
        elif u.kind == PARA:
            if after_body and len(u.text) <= 90 and M.is_closing_note(u.text):
                kinds[i] = SIGNATURE  # （作者为…） （本报布鲁塞尔电）: the article ends here
        else:
            nxt = units[i + 1] if i + 1 < n else None
            if after_body and (
                M.is_closing_note(u.text)
                or (_SIGNATURE_NAME.match(u.text) and (nxt is None or nxt.kind != PARA or nxt.dateline))
            ):
                kinds[i] = SIGNATURE
            else:
                kinds[i] = HEAD
    return kinds


def body_paragraphs(units: list[Unit], kinds: dict[int, str]) -> list[int]:
    """The unit indexes of the page's body paragraphs (a closing note is not one)."""
    return [i for i, u in enumerate(units) if u.kind == PARA and kinds.get(i) != SIGNATURE]


def below_bylines(units: list[Unit], kinds: dict[int, str], i: int) -> int:
    """The first unit from i on that is not a byline (or len(units))."""
    while i < len(units) and kinds.get(i) == BYLINE:
        i += 1
    return i
