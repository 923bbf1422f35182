"""Pages whose columns stand side by side on the same line (`pdftotext -layout`).

Such a line holds pieces of several columns, separated by runs of spaces (the
gutters). Before analysis the page is rewritten column by column: every piece
goes to the column it lines up with, and the columns follow each other top to
bottom, left to right. Line numbers of the analysis then refer to this column
text, which is what storage keeps and the review app shows.

pdftotext places each text line on the row nearest its baseline, so the rows
of neighbouring columns drift apart: a column may skip a few rows while the
others go on, two columns set in a small face may meet with a single space
between them, and a large headline shares a row with its neighbour's.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from pagedesk.core.text.chars import IDEOGRAPHS, text_width

_GUTTER = re.compile(r" {3,}|\u3000{2,}")
# a headline set letter by letter ("中 国 海 油 党 组 召 开") glued to one that is not
_SPACED_RUN = re.compile(rf"(?<!\S)(?:[{IDEOGRAPHS}] ){{3,}}[{IDEOGRAPHS}](?!\S)")
_SOLID_RUN = re.compile(rf"[{IDEOGRAPHS}“”]{{4,}}")
_SENTENCE_END = tuple("。！？”）】》：")
_AFTER_SPACE = re.compile(r"(?<= )\S")
# a space alone between Chinese text on both sides, not in a letter-spaced run
# nor beside a number (pdftotext sets one around digits: 对党组 2024 年)
_LONE_SPACE = re.compile(r"(?<=[^\x00-\u1fff\s]{2}) (?=[^\x00-\u1fff\s]{2})")

MAX_GAP = 3  # rows a column may skip and still go on
LONG_GAP = 8  # ... when its last line ran full and mid-sentence, and the next does too
RUN_LINES = 4  # lines a column needs before a long gap is taken for a row drift
INDENT = 4  # columns to either side of a column's left edge that still line up with it
FULL = 0.75  # of the column's width: a line that runs full
FAR_IN = 12  # leading spaces of a line that starts in a column further right
EDGE_ROWS = 8  # lines that start a piece at one place before it counts as a column edge
EDGE_SHARE = 0.04  # ... and that share of the page's lines
REACH = 0.6  # of a column line's width: how far a column's rows may start from its edge (the grid drifts)
WIDE = 1.4  # of a column line's width: a piece that holds two columns
SLACK = 0.2  # of a column line's width: how far from it a cut may leave the left part
LONG_SHARE = 0.05  # of the lines, running past 60 places: a page wider than one column


def is_side_by_side(text: str) -> bool:
    """Columns stand side by side: many lines hold two pieces apart, or start
    far in from the left edge (a column further right, on a row of its own
    when its baselines do not meet the left column's)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 10:
        return False
    apart = sum(1 for ln in lines if len(_GUTTER.split(ln.strip())) >= 2 or len(ln) - len(ln.lstrip(" ")) >= FAR_IN)
    long = sum(1 for ln in lines if len(ln) > 60)
    return apart >= 0.3 * len(lines) and long >= LONG_SHARE * len(lines)


@dataclass
class _Piece:
    x0: int
    x1: int
    text: str
    alone: bool = False  # split off a line of another type size: a column of its own


@dataclass
class _Column:
    x0: int
    x1: int
    first: int
    last: int
    alone: bool = False
    pieces: list[str] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # kept sorted
    edge: int = 0  # where the last line started
    starts: Counter[int] = field(default_factory=Counter)  # where its lines started, how often
    reach: float = INDENT  # places to either side of its left edge that still line up with it

    def add(self, piece: _Piece, y: int) -> None:
        self.x1 = max(self.x1, piece.x1)
        bisect.insort(self.widths, piece.x1 - piece.x0)
        self.pieces.append(piece.text)
        self.last = y
        self.edge = piece.x0
        self.starts[piece.x0] += 1
        # its edge is where most of its lines start: a headline set first may
        # start further in (centred), and the grid drifts a place or two
        self.x0 = self.starts.most_common(1)[0][0]

    @property
    def width(self) -> int:
        # the median: Latin letters and digits count one place like a Chinese character
        return self.widths[len(self.widths) // 2]

    @property
    def right(self) -> int:
        """Where its lines end as a rule: a wider line set over it (a headline
        across the module) does not widen it."""
        return min(self.x1, self.x0 + self.width)

    def runs_on(self) -> bool:
        """The last line ran the column's full width and stopped mid-sentence."""
        last = self.pieces[-1]
        full = len(last) >= FULL * self.width and len(self.pieces) >= RUN_LINES
        return full and not last.endswith(_SENTENCE_END)

    def takes(self, piece: _Piece, y: int) -> int:
        """How well `piece` on row `y` continues this column (0: not at all)."""
        # the column's left edge, or where its last line began (a headline set
        # over it may start the column further left)
        off = min(abs(piece.x0 - self.x0), abs(piece.x0 - self.edge))
        # a line as wide as the column's own may start further off (the grid
        # drifts); a shorter one, such as a headline set over the next
        # column, must start at its edge
        drifted = off <= self.reach and piece.x1 - piece.x0 >= FULL * self.width
        if self.alone or (off > INDENT and not drifted):
            return 0
        gap = y - self.last
        if gap > MAX_GAP:
            full = piece.x1 - piece.x0 >= FULL * self.width
            if gap > LONG_GAP or not self.runs_on() or not full or abs(piece.x0 - self.edge) > 1:
                return 0
        return max(0, min(piece.x1, self.x1) - max(piece.x0, self.x0))


def _pieces(line: str) -> list[_Piece]:
    out = []
    pos = 0
    for part in _GUTTER.split(line):
        start = line.index(part, pos) if part else pos
        end = start + len(part)
        pos = end
        if part.strip():
            lead = len(part) - len(part.lstrip())
            out.extend(_split_spacing(_Piece(start + lead, end, part.strip())))
    return out


def _split_spacing(piece: _Piece) -> list[_Piece]:
    """Cut a piece where letter-spaced text meets text that is not: two headlines
    of different size printed on one row."""
    m = _SPACED_RUN.search(piece.text)
    if not m or (m.start() == 0 and m.end() == len(piece.text)):
        return [piece]
    before, run, after = piece.text[: m.start()], m.group(), piece.text[m.end() :]
    if any(part.strip() and not _SOLID_RUN.search(part) for part in (before, after)):
        return [piece]  # a justified line spaced out only in part
    out = []
    x = piece.x0
    for part in (before, run, after):
        if part.strip():
            lead = len(part) - len(part.lstrip())
            out.append(_Piece(x + lead, x + len(part.rstrip()), part.strip(), alone=True))
        x += len(part)
    return out


def _cut(piece: _Piece, line: str, edge: int) -> tuple[_Piece, _Piece] | None:
    """The piece cut in two at `edge`, where a single space parts two columns
    set close; None where no column could start there."""
    if not piece.x0 + 2 <= edge < piece.x1 - 2 or line[edge - 1] != " ":
        return None
    left, right = line[piece.x0 : edge].strip(), line[edge : piece.x1].strip()
    return (_Piece(piece.x0, edge - 1, left), _Piece(edge, piece.x1, right)) if left and right else None


def _split_at_edges(piece: _Piece, line: str, active: list[_Column]) -> list[_Piece]:
    """Cut a piece that runs over the left edge of another open column with a
    space just before it: two columns set close, their gutter a single space."""
    for col in (c for c in active if not c.alone):
        for edge in sorted(col.starts):
            if halves := _cut(piece, line, edge):
                return _split_at_edges(halves[0], line, active) + [halves[1]]
    return [piece]


def split_glued_headlines(text: str) -> str:
    """Put each of two headlines an extractor printed on one line (one
    letter-spaced, one not) on a line of its own; other lines stay as they are."""
    out = []
    for line in text.split("\n"):
        parts = _split_spacing(_Piece(0, len(line), line.strip()))
        if len(parts) > 1:
            out.extend(p.text for p in parts)
        else:
            out.append(line)
    return "\n".join(out)


def page_edges(lines: list[str]) -> set[int]:
    """Places where many lines of the page start a piece after a space: the
    left edges of its columns. pdftotext -layout sets every line on one grid
    of places, so a column starts at the same place all down the page."""
    starts: Counter[int] = Counter()
    for line in lines:
        starts.update(m.start() for m in _AFTER_SPACE.finditer(line))
    rows = sum(1 for ln in lines if ln.strip())
    return {x for x, n in starts.items() if n >= max(EDGE_ROWS, EDGE_SHARE * rows)}


def _split_at_page_edges(piece: _Piece, line: str, edges: set[int]) -> list[_Piece]:
    """Cut a piece at a column edge of the page with a single space before it
    (two columns set close), keeping both sides."""
    for edge in sorted(edges):
        if halves := _cut(piece, line, edge):
            return [halves[0]] + _split_at_page_edges(halves[1], line, edges)
    return [piece]


def column_measure(rows: list[list[_Piece]]) -> float:
    """The width of a column line of the page's body (the median of the
    pieces that rows set side by side), 0 when no row has two."""
    widths = sorted(text_width(p.text) for ps in rows if len(ps) >= 2 for p in ps if not p.alone)
    return widths[len(widths) // 2] if len(widths) >= EDGE_ROWS else 0.0


def _split_wide(piece: _Piece, line: str, measure: float) -> list[_Piece]:
    """Cut a piece wider than a column line at the single space where its
    left part is a column line wide: two columns set a space apart, where the
    grid does not put their edge in one place on every row."""
    if not measure or text_width(piece.text) <= WIDE * measure:
        return [piece]
    cuts = [m.start() for m in _LONE_SPACE.finditer(line[piece.x0 : piece.x1])]
    best = min(cuts, key=lambda c: abs(text_width(line[piece.x0 : piece.x0 + c]) - measure), default=None)
    if best is None or abs(text_width(line[piece.x0 : piece.x0 + best]) - measure) > SLACK * measure:
        return [piece]
    edge = piece.x0 + best + 1
    left = _Piece(piece.x0, piece.x0 + best, line[piece.x0 : piece.x0 + best])
    return [left] + _split_wide(_Piece(edge, piece.x1, line[edge : piece.x1]), line, measure)


def _line_pieces(
    line: str, wholes: list[_Piece], edges: set[int], measure: float, active: list[_Column]
) -> list[_Piece]:
    """The pieces of one row: its parts apart by a gutter (`wholes`), each cut
    again where it runs over a column edge with a single space before it, or
    where it is two column lines wide."""
    out = []
    for whole in wholes:
        if whole.alone:
            out.append(whole)
            continue
        for raw in _split_at_page_edges(whole, line, edges):
            for part in _split_wide(raw, line, measure):
                out.extend(_split_at_edges(part, line, active))
    return out


def decolumnize(text: str) -> str:
    """Rewrite side-by-side columns one after another (see the module doc)."""
    active: list[_Column] = []
    done: list[_Column] = []
    rows = text.split("\n")
    wholes = [_pieces(line) for line in rows]
    edges, measure = page_edges(rows), column_measure(wholes)
    for y, line in enumerate(rows):
        for piece in _line_pieces(line, wholes[y], edges, measure, active):
            scores = [(col.takes(piece, y), -abs(col.x0 - piece.x0), k) for k, col in enumerate(active)]
            best = max(scores, default=(0, 0, -1))
            if best[0] > 0:
                active[best[2]].add(piece, y)
                continue
            # a new column over an open one means that one has ended
            for col in [c for c in active if min(c.right, piece.x1) > max(c.x0, piece.x0)]:
                active.remove(col)
                done.append(col)
            col = _Column(piece.x0, piece.x1, y, y, alone=piece.alone, reach=max(INDENT, REACH * measure))
            col.add(piece, y)
            active.append(col)
        still = []
        for col in active:
            ended = col.alone or y - col.last > (LONG_GAP if col.runs_on() else MAX_GAP)
            (done if ended else still).append(col)
        active = still
    done += active
    done.sort(key=lambda c: (c.first, c.x0))
    out: list[str] = []
    for col in done:
        out.extend(col.pieces)
        out.append("")
    return "\n".join(out)
