"""Pages whose columns stand side by side on the same line (`pdftotext -layout`).

Such a line holds pieces of several columns, separated by wide runs of spaces
(the gutters). Before analysis the page is rewritten column by column: every
piece goes to the column it lines up with, and the columns follow each other
top to bottom, left to right. Line numbers of the analysis then refer to this
column text, which is what storage keeps and the review app shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_GUTTER = re.compile(r" {3,}|\u3000{2,}")


def is_side_by_side(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 10:
        return False
    split = sum(1 for ln in lines if len(_GUTTER.split(ln.strip())) >= 2)
    long = sum(1 for ln in lines if len(ln) > 60)
    return split >= 0.3 * len(lines) and long >= 0.3 * len(lines)


@dataclass
class _Column:
    x0: int
    x1: int
    last: int
    first: int
    pieces: list[str] = field(default_factory=list)


def _pieces(line: str) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for part in _GUTTER.split(line):
        start = line.index(part, pos) if part else pos
        end = start + len(part)
        pos = end
        if part.strip():
            lead = len(part) - len(part.lstrip())
            out.append((start + lead, end, part.strip()))
    return out


def decolumnize(text: str, max_gap: int = 3) -> str:
    """Rewrite side-by-side columns one after another (see the module doc)."""
    active: list[_Column] = []
    done: list[_Column] = []
    for y, line in enumerate(text.split("\n")):
        for x0, x1, piece in _pieces(line):
            best = None
            best_overlap = 0
            for col in active:
                if y - col.last > max_gap:
                    continue
                overlap = min(x1, col.x1) - max(x0, col.x0)
                # the piece starts where the column starts (give or take an indent)
                if abs(x0 - col.x0) <= 4 and overlap > best_overlap:
                    best, best_overlap = col, overlap
            if best is None:
                best = _Column(x0, x1, y, y)
                active.append(best)
            else:
                best.x1 = max(best.x1, x1)
            best.pieces.append(piece)
            best.last = y
        still = []
        for col in active:
            (still if y - col.last <= max_gap else done).append(col)
        active = still
    done += active
    done.sort(key=lambda c: (c.first, c.x0))
    out: list[str] = []
    for col in done:
        out.extend(col.pieces)
        out.append("")
    return "\n".join(out)
