"""Does a line stand alone (headline, kicker, subtitle, subhead) or carry on a
paragraph of body text?

Extracted text keeps no type sizes, so this is read from the line and its
neighbours: how its width compares with the column's (full, short by a
dropped paragraph indent, shorter still, wider), how it ends (a sentence, a
colon, a quotation, a bracket, a dash), how many commas it holds, and the same
for the lines around it, and whether a word runs across from the line above
or into the line below. Boosted decision trees weigh the cues
(`models.standalone_lines`, fitted by bench/train_standalone_lines.py on pages rebuilt from even days
of the corpus and checked on odd days).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pagedesk.core.lines.markers import has_column_tag, is_lead
from pagedesk.core.lines.roles import DATELINE

if TYPE_CHECKING:
    from pagedesk.core.segmentation.units import Line

_CLAUSE = re.compile("[，、；,;]")

FEATURES = (
    "no_col",
    "rel",
    "band_full",
    "band_start",
    "band_short",
    "band_wide",
    "end",
    "end_colon",
    "end_quote",
    "end_bracket",
    "end_dash",
    "n_clause",
    "period_inside",
    "length",
    "prev_end",
    "prev_short",
    "prev_none",
    "next_start",
    "next_full",
    "next_end",
    "next_short",
    "next_none",
    "next_dateline",
    "next_mark",
    "starts_quote",
    "starts_bracket",
    "starts_dash",
    "starts_marker",
    "indented",
    "next_indented",
    "digits",
    "lead",
    "tag",
    "same_width_prev",
    "same_width_next",
    "run",
    "run_clauses",
    "open_short",
    "open_wide",
    "open_next_start",
    "open_prev_end",
    "open_between",
    "open_next_indented",
    "prev_clause",
    "next_clause",
    "width_jump",
    "word_prev",
    "word_next",
)


def _band(ln: Line | None) -> str:
    if ln is None or ln.col is None:
        return "none"
    d = ln.width - ln.col
    if -1.5 <= d <= 2:
        return "full"
    if -4 <= d < -1.5:
        return "start"
    return "wide" if d > 2 else "short"


def features(lines: Sequence[Line], k: int) -> dict[str, float]:
    """The cues of line k by name (see `cues`)."""
    return dict(zip(FEATURES, cues(lines, k), strict=True))


def cues(lines: Sequence[Line], k: int) -> list[float]:
    """The cues of line k in FEATURES order: what the model reads, built
    straight into a list because every line of every page passes here."""
    ln = lines[k]
    prev = lines[k - 1] if k > 0 else None
    nxt = lines[k + 1] if k + 1 < len(lines) else None
    text = ln.norm
    band = _band(ln)
    nb = _band(nxt)
    end = ln.end
    width = ln.width
    next_end = nxt is not None and nxt.end
    run, run_clauses = _run(lines, k)
    if end:
        opened = [0.0] * 6
    else:
        prev_end = prev is None or prev.end
        next_start = nxt is None or (nb == "start" and not next_end) or nxt.indented or nxt.pattern is not None
        # cues that matter only for a line that does not end a sentence: such
        # a line either goes on into the next one or stands alone
        opened = [
            float(band == "short"),
            float(band == "wide"),
            float(nb == "start" and nxt is not None and not next_end),
            float(prev_end),
            float(prev_end and next_start),
            float(nxt is not None and nxt.indented),
        ]
    return [
        float(ln.col is None),
        max(-1.0, min(1.0, (width - ln.col) / ln.col)) if ln.col else 0.0,
        float(band == "full"),
        float(band == "start"),
        float(band == "short"),
        float(band == "wide"),
        float(end),
        float(text.endswith(("：", ":"))),
        float(text.endswith(("”", "’"))),
        float(text.endswith(("）", ")"))),
        float(text.endswith("——")),
        min(3.0, float(ln.clauses)),
        float("。" in text[:-1]),
        min(3.0, len(text) / 20.0),
        float(prev is None or prev.end),
        float(prev is not None and _band(prev) == "short" and not prev.end),
        float(prev is None),
        float(nb == "start" and not next_end),
        float(nb == "full"),
        float(next_end),
        float(nb == "short"),
        float(nxt is None),
        float(nxt is not None and nxt.pattern == DATELINE),
        float(nxt is not None and nxt.pattern not in (None, DATELINE)),
        float(text.startswith(("“", "‘", "「"))),
        float(text.startswith(("（", "(", "【", "《"))),
        float(text.startswith(("——", "—"))),
        float(text[:1] in "●■▶□◆★☆▲"),
        float(ln.indented),
        float(nxt is not None and nxt.indented),
        sum(c.isdigit() for c in text) / max(1, len(text)),
        float(is_lead(text)),
        float(has_column_tag(text)),
        float(prev is not None and abs(prev.width - width) <= 0.5),
        float(nxt is not None and abs(nxt.width - width) <= 0.5),
        run,
        run_clauses,
        *opened,
        float(prev is not None and prev.clauses > 0),
        float(nxt is not None and nxt.clauses > 0),
        min(2.0, (abs(width - prev.width) if prev else 0.0) / 10 + (abs(width - nxt.width) if nxt else 0.0) / 10),
        float(prev is not None and prev.runs_on),
        float(ln.runs_on),
    ]


def _run(lines: Sequence[Line], k: int) -> tuple[float, float]:
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
    n = hi + 1 - lo
    clauses = sum(lines[j].clauses for j in range(lo, hi + 1))
    return min(10, n) / 5.0, min(3.0, clauses / n)


def clause_count(text: str) -> int:
    return len(_CLAUSE.findall(text))


def standalone_probability(lines: Sequence[Line], k: int) -> float:
    from pagedesk.core.models import load

    t = load("standalone_lines", FEATURES)(cues(lines, k))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))
