"""From lines to units: paragraphs, short lines and marked lines.

Wrapped body text is one paragraph per run of full-width lines closed by a line
that ends a sentence. A line that is neither full nor ends a sentence stands
alone: a headline, kicker, subhead or signature. Lines whose text announces
their role (furniture, bylines, captions, continuation notes) are marks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pagedesk.core.lines.markers import marked_byline, masthead_names, pattern_role
from pagedesk.core.lines.roles import BYLINE, CAPTION, DATELINE, FURNITURE
from pagedesk.core.lines.standalone import clause_count, standalone_probability
from pagedesk.core.reading_order.interleave import Junctions
from pagedesk.core.text.chars import text_width
from pagedesk.core.text.normalize import _SPACE, ends_sentence, normalize_text
from pagedesk.core.text.page import LineTable

PARA = "para"
SHORT = "short"
MARK = "mark"


@dataclass
class Line:
    no: int
    norm: str
    width: float
    end: bool  # ends a sentence
    pattern: str | None
    full: bool = False
    wide: bool = False
    indented: bool = False  # starts with a paragraph indent
    col: float | None = None  # the column width around this line
    standalone: bool = False  # a line of its own (headline, subhead), not paragraph text
    clauses: int = 0  # commas and semicolons: body text has them, headlines seldom
    runs_on: bool = False  # a word runs from this line into the next (装机容 | 量)


@dataclass
class Unit:
    kind: str  # para | short | mark
    lines: list[Line] = field(default_factory=list)
    terminated: bool = True
    dateline: bool = False
    role: str | None = None  # the pattern role of a mark
    _text: str = field(default="", repr=False, compare=False)
    _text_len: int = field(default=-1, repr=False, compare=False)

    @property
    def numbers(self) -> list[int]:
        return [ln.no for ln in self.lines]

    @property
    def text(self) -> str:
        # cached, since segmentation reads it often; lines only ever grow
        if self._text_len != len(self.lines):
            self._text = "".join(ln.norm for ln in self.lines)
            self._text_len = len(self.lines)
        return self._text

    @property
    def first(self) -> int:
        return self.lines[0].no

    @property
    def last(self) -> int:
        return self.lines[-1].no


def _indent(raw: str) -> float:
    w = 0.0
    for ch in raw:
        if ch == " ":
            w += 0.5
        elif ch in _SPACE:
            w += 1.0
        else:
            break
    return w


def read_lines(table: LineTable, columns_apart: bool = False) -> list[Line]:
    """The page's non-blank lines with their cues, each told whether it stands
    alone. `columns_apart`: the text was rewritten column by column (`layout`),
    a blank line between columns."""
    out = line_cues(table, columns_apart)
    for k, ln in enumerate(out):
        if ln.pattern is None:
            ln.standalone = standalone_probability(out, k) > 0.5
    return out


def line_cues(table: LineTable, columns_apart: bool = False) -> list[Line]:
    """The page's non-blank lines with the cues the standalone-line model
    reads (bench/train_standalone_lines.py fits it on exactly these)."""
    out = []
    for i, raw in enumerate(table.lines):
        if not raw.strip():
            continue
        norm = normalize_text(raw)
        width = text_width(norm) + min(_indent(raw), 2.0)
        line = Line(i + 1, norm, width, ends_sentence(norm), pattern_role(raw, norm), clauses=clause_count(norm))
        line.indented = _indent(raw) >= 1.5
        out.append(line)
    _join_byline_marks(out)
    for k in masthead_names([ln.norm for ln in out]):
        if out[k].pattern is None:
            out[k].pattern = FURNITURE
    _mark_full(out, by_block=columns_apart)
    junctions = Junctions([ln.norm for ln in out])
    for k in range(len(out) - 1):
        out[k].runs_on = bool(junctions.joins(k, k + 1))
    return out


def _join_byline_marks(lines: list[Line]) -> None:
    """A byline mark alone on its line and the name beside it are a byline."""
    for k, ln in enumerate(lines):
        if ln.pattern is not None or len(ln.norm) != 1:
            continue
        for j in (k - 1, k + 1):
            if 0 <= j < len(lines) and lines[j].pattern is None and marked_byline(ln.norm, lines[j].norm):
                ln.pattern = lines[j].pattern = BYLINE
                break


def _column_width(widths: list[float]) -> float | None:
    """The width most lines of a stretch share, if a column is evident there."""
    if len(widths) < 3:
        return None
    counts = Counter(round(w) for w in widths)
    best, support = None, 0
    for w in counts:
        s = counts.get(w - 1, 0) + counts[w] + counts.get(w + 1, 0)
        if s > support or (s == support and best is not None and w > best):
            best, support = w, s
    if best is None or support < max(3, 0.35 * len(widths)):
        return None
    return float(best)


def _mark_full(lines: list[Line], radius: int = 10, by_block: bool = False) -> None:
    """Flag lines that fill their column (so the paragraph goes on below them).

    The column width is read from the neighbourhood, because one page mixes
    columns of different widths. A stretch of headlines of all sizes shows no
    common width, so its lines are never taken for wrapped body text.
    """
    text_idx = [i for i, ln in enumerate(lines) if ln.pattern is None or ln.pattern == DATELINE]
    widths = [lines[i].width for i in text_idx]
    block = _block_widths(lines, text_idx, radius) if by_block else [None] * len(text_idx)
    for k, i in enumerate(text_idx):
        ln = lines[i]
        lo, hi = max(0, k - radius), min(len(text_idx), k + radius + 1)
        col = block[k] or _column_width(widths[lo:k] + widths[k + 1 : hi])
        near = [widths[j] for j in (k - 1, k + 1) if 0 <= j < len(widths)]
        ln.col = col
        if col is not None:
            # a paragraph's first line lost its two-character indent: up to 4 short
            ln.full = col - 4 <= ln.width <= col + 2
            ln.wide = ln.width > col + 2
        if (
            not ln.full
            and (col is None or ln.wide)
            and ln.width >= 8
            and len(near) == 2
            and all(abs(ln.width - w) <= 2 for w in near)
        ):
            # neighbours of the same width: a column the window does not see
            ln.full = True


def _block_widths(lines: list[Line], text_idx: list[int], radius: int) -> list[float | None]:
    """The column width of each line's block of lines with no blank line
    between them, where the block shows one: on a page rewritten column by
    column, a narrow column's neighbours must not set the width of a wide one."""
    out: list[float | None] = [None] * len(text_idx)
    start = 0
    for k in range(1, len(text_idx) + 1):
        if k == len(text_idx) or lines[text_idx[k]].no != lines[text_idx[k - 1]].no + 1:
            if 3 <= k - start <= 2 * radius + 1:
                col = _column_width([lines[i].width for i in text_idx[start:k]])
                out[start:k] = [col] * (k - start)
            start = k
    return out


def build_units(lines: list[Line]) -> list[Unit]:
    """Group lines into paragraphs, short lines standing alone, and marks."""
    units: list[Unit] = []
    cur: Unit | None = None

    def close(terminated: bool) -> None:
        nonlocal cur
        if cur is not None:
            cur.terminated = terminated
            units.append(cur)
            cur = None

    for ln in lines:
        pat = ln.pattern
        if pat == CAPTION and cur is not None and not ln.end and ln.full:
            pat = None  # "…拍摄" wrapping inside a paragraph, not a caption
        if pat is not None and pat != DATELINE:
            close(False)
            units.append(Unit(MARK, [ln], role=pat))
            continue
        if pat == DATELINE:
            close(False)
            cur = Unit(PARA, [ln], dateline=True)
            if ln.end:
                close(True)
            continue
        if cur is not None and _bracket_open(cur.text) and ln.norm.endswith(("）", ")")):
            cur.lines.append(ln)  # the short last line of a note in brackets: （本报记者…、王明峰）
            close(True)
            continue
        # a line opening a bracket it does not close starts a note that wraps
        # (（本报记者张洋、靳博、… / 刘新吾、闫旭）), however alone it looks
        if ln.standalone and not _bracket_open(ln.norm):
            close(False)
            units.append(Unit(SHORT, [ln]))
            continue
        if cur is not None and ln.indented:
            close(False)  # an indent starts a paragraph
        if cur is None:
            cur = Unit(PARA, [ln])
        else:
            cur.lines.append(ln)
        if ln.end or (ln.norm.endswith(("）", ")")) and cur.text.startswith(("（", "("))):
            close(True)  # a bracketed note ends where its bracket closes
    close(False)
    return _unfinished_headlines(units)


def _bracket_open(text: str) -> bool:
    return text.startswith(("（", "(")) and text.count("（") + text.count("(") > text.count("）") + text.count(")")


def _unfinished_headlines(units: list[Unit]) -> list[Unit]:
    """A 'paragraph' that never ends a sentence and has none of the commas body
    text is full of is a stack of headlines as wide as the column (all the
    headlines of a page collected at its end read like that)."""
    out: list[Unit] = []
    for u in units:
        if (
            u.kind == PARA
            and not u.terminated
            and not u.dateline
            and all(len(ln.norm) <= 40 and ln.clauses + ln.norm.count("。") <= 1 for ln in u.lines)
        ):
            out.extend(Unit(SHORT, [ln]) for ln in u.lines)
        else:
            out.append(u)
    return out
