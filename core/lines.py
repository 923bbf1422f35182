"""Does a line stand alone (headline, kicker, subtitle, subhead) or carry on a
paragraph of body text?

Extracted text keeps no type sizes, so this is read from the line and its
neighbours: how its width compares with the column's (full, short by a
dropped paragraph indent, shorter still, wider), how it ends (a sentence, a
colon, a quotation, a bracket, a dash), how many commas it holds, and the same
for the lines around it, and whether a word runs across from the line above
or into the line below. Boosted decision trees weigh the cues
(`line_model`, fitted by bench/train_lines.py on pages rebuilt from even days
of the corpus and checked on odd days).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Sequence

from .markers import is_lead
from .roles import DATELINE

if TYPE_CHECKING:
    from .units import Line

_CLAUSE = re.compile("[，、；,;]")
_TAG = re.compile(r"[^（(]{4,}[（(][^（）()]{2,14}[）)]$")

FEATURES = (
    "no_col", "rel", "band_full", "band_start", "band_short", "band_wide", "end", "end_colon", "end_quote",
    "end_bracket", "end_dash", "n_clause", "period_inside", "length", "prev_end", "prev_short", "prev_none",
    "next_start", "next_full", "next_end", "next_short", "next_none", "next_dateline", "next_mark",
    "starts_quote", "starts_bracket", "starts_dash", "starts_marker", "indented", "next_indented",
    "digits", "lead", "tag", "same_width_prev", "same_width_next", "run", "run_clauses",
    "open_short", "open_wide", "open_next_start", "open_prev_end", "open_between", "open_next_indented",
    "prev_clause", "next_clause", "width_jump", "word_prev", "word_next",
)


def _band(ln: "Line | None") -> str:
    if ln is None or ln.col is None:
        return "none"
    d = ln.width - ln.col
    if -1.5 <= d <= 2:
        return "full"
    if -4 <= d < -1.5:
        return "start"
    return "wide" if d > 2 else "short"


def features(lines: "Sequence[Line]", k: int) -> dict[str, float]:
    ln = lines[k]
    prev = lines[k - 1] if k > 0 else None
    nxt = lines[k + 1] if k + 1 < len(lines) else None
    text = ln.norm
    band = _band(ln)
    nb = _band(nxt)
    return {
        "no_col": float(ln.col is None),
        "rel": max(-1.0, min(1.0, (ln.width - ln.col) / ln.col)) if ln.col else 0.0,
        "band_full": float(band == "full"),
        "band_start": float(band == "start"),
        "band_short": float(band == "short"),
        "band_wide": float(band == "wide"),
        "end": float(ln.end),
        "end_colon": float(text.endswith(("：", ":"))),
        "end_quote": float(text.endswith(("”", "’"))),
        "end_bracket": float(text.endswith(("）", ")"))),
        "end_dash": float(text.endswith("——")),
        "n_clause": min(3.0, float(ln.clauses)),
        "period_inside": float("。" in text[:-1]),
        "length": min(3.0, len(text) / 20.0),
        "prev_end": float(prev is None or prev.end),
        "prev_short": float(prev is not None and _band(prev) == "short" and not prev.end),
        "prev_none": float(prev is None),
        "next_start": float(nb == "start" and not nxt.end),
        "next_full": float(nb == "full"),
        "next_end": float(nxt is not None and nxt.end),
        "next_short": float(nb == "short"),
        "next_none": float(nxt is None),
        "next_dateline": float(nxt is not None and nxt.pattern == DATELINE),
        "next_mark": float(nxt is not None and nxt.pattern not in (None, DATELINE)),
        "starts_quote": float(text.startswith(("“", "‘", "「"))),
        "starts_bracket": float(text.startswith(("（", "(", "【", "《"))),
        "starts_dash": float(text.startswith(("——", "—"))),
        "starts_marker": float(text[:1] in "●■▶□◆★☆▲"),
        "indented": float(ln.indented),
        "next_indented": float(nxt is not None and nxt.indented),
        "digits": sum(c.isdigit() for c in text) / max(1, len(text)),
        "lead": float(is_lead(text)),
        "tag": float(bool(_TAG.search(text))),
        "same_width_prev": float(prev is not None and abs(prev.width - ln.width) <= 0.5),
        "same_width_next": float(nxt is not None and abs(nxt.width - ln.width) <= 0.5),
        "prev_clause": float(prev is not None and prev.clauses > 0),
        "next_clause": float(nxt is not None and nxt.clauses > 0),
        "word_prev": float(prev is not None and prev.runs_on),
        "word_next": float(ln.runs_on),
        "width_jump": min(2.0, (abs(ln.width - prev.width) if prev else 0.0) / 10 + (abs(ln.width - nxt.width) if nxt else 0.0) / 10),
        **_run(lines, k),
        **_open(ln, prev, nxt, band, nb),
    }


def _open(ln: "Line", prev: "Line | None", nxt: "Line | None", band: str, nb: str) -> dict[str, float]:
    """Cues that matter only for a line that does not end a sentence: such a
    line either goes on into the next one or stands alone."""
    if ln.end:
        return dict.fromkeys(("open_short", "open_wide", "open_next_start", "open_prev_end", "open_between",
                              "open_next_indented"), 0.0)
    prev_end = prev is None or prev.end
    next_start = nxt is None or (nb == "start" and not nxt.end) or nxt.indented or nxt.pattern is not None
    return {
        "open_short": float(band == "short"),
        "open_wide": float(band == "wide"),
        "open_next_start": float(nb == "start" and nxt is not None and not nxt.end),
        "open_prev_end": float(prev_end),
        "open_between": float(prev_end and next_start),
        "open_next_indented": float(nxt is not None and nxt.indented),
    }


def _run(lines: "Sequence[Line]", k: int) -> dict[str, float]:
    """The stretch of lines around this one in which no sentence ends.

    Body text ends a sentence every few lines; a block of headlines (all the
    headlines of a page collected at its end) goes on for many lines without,
    and with hardly a comma."""
    lo = k
    while lo > 0 and not lines[lo - 1].end and lines[lo - 1].pattern is None and k - lo < 10:
        lo -= 1
    hi = k
    while hi + 1 < len(lines) and not lines[hi].end and lines[hi + 1].pattern is None and hi - k < 10:
        hi += 1
    stretch = lines[lo : hi + 1]
    clauses = sum(x.clauses for x in stretch)
    return {"run": min(10, len(stretch)) / 5.0, "run_clauses": min(3.0, clauses / len(stretch))}


def clause_count(text: str) -> int:
    return len(_CLAUSE.findall(text))


def standalone_probability(lines: "Sequence[Line]", k: int) -> float:
    from .line_model import log_odds

    f = features(lines, k)
    t = log_odds([f[name] for name in FEATURES])
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))
