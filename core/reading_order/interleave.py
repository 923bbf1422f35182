"""Columns read across instead of down (pdfminer with a small line margin,
parts of `pdftotext` without -layout).

Some extractors read a block of side-by-side columns row by row: the first
line of every column, then the second line of every column, and so on. The
page then holds k interleaved streams, and a line continues the line k
places below it rather than the next one.

Wrapped Chinese text gives that away: a column wraps wherever the width ends,
so about every second line break falls inside a word (发|展, 密|切). Across a
break that a wrong order made, a word forms only by chance (about one time
in fifteen). For every line, the junction with each of the next few lines is
looked up (in jieba's dictionary, and among the character pairs of the page
itself), and a path through the lines (Viterbi over the period k, with a
price for changing it) finds the stretches read across. Each stretch's ends
are then settled where the rewritten text reads best, and it is rewritten
column after column in the same line slots, so blank lines and the line
count stay as they were. The analysis, and what storage keeps, then refer to
the untangled text, as with `layout`.

Where the set of columns changes from row to row, stretches of one period
are too short to find; there the lines are threaded one by one instead
(`_threads`), and that order is kept where it reads clearly better.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import pairwise
from operator import add

from pagedesk.core.lines.markers import DATELINE_RE, SUBTITLE_START
from pagedesk.core.text.chars import is_ideograph
from pagedesk.core.text.words import frequencies

MAX_PERIOD = 5
# A word across the junction: at ~55% of line breaks in reading order, ~6.5%
# of breaks between unrelated lines (measured on rebuilt pages).
HIT = math.log(0.55 / 0.065)
MISS = math.log(0.45 / 0.935)
SWITCH = 4.0  # the price of changing the period: a stretch needs several hits to be believed
ACROSS = 0.3  # the price per line of reading a line as part of an interleaved stretch
MIN_RUN = 3  # rows: a stretch read across has at least this many lines per column
THREAD_SWITCH = 1.5  # the price of changing the period when lines are threaded one by one
THREAD_PERIOD = 6  # ... with up to this many columns side by side
THREAD_MARGIN = 20.0  # log-odds by which threading must read better than the stretches
THREAD_GAIN = 0.5  # ... and than the lines as they stand, per line: a page read across throughout
_FINAL = "。！？!?…"


def _run(text: str, most: int = 3) -> str:
    """The ideographs text starts with, at most `most`."""
    n = 0
    while n < most and n < len(text) and is_ideograph(text[n]):
        n += 1
    return text[:n]


class Junctions:
    """What the break between two lines of one page says about their order."""

    def __init__(self, lines: list[str]):
        self.lines = [ln.replace(" ", "").replace("\u3000", "") for ln in lines]
        self.pairs: Counter = Counter()  # adjacent characters within lines (only ideograph pairs are looked up)
        for ln in self.lines:
            self.pairs.update(map(add, ln, ln[1:]))
        # the last one, two, three ideographs of a line (none after a full stop),
        # and the first up to three
        ends = ["" if ln.endswith(tuple(_FINAL)) else _run(ln[::-1])[::-1] for ln in self.lines]
        self.tails = [[e[-n:] for n in range(1, len(e) + 1)] for e in ends]
        self.heads = [_run(ln) for ln in self.lines]
        self._cache: dict[tuple[int, int], float] = {}
        self._freq = frequencies()

    def joins(self, i: int, j: int) -> bool | None:
        """Does a word run across the break from line i to line j? None where
        the break tells nothing (i ends a sentence, or no ideographs meet)."""
        tails, head = self.tails[i], self.heads[j]
        if not tails or not head:
            return None
        if self.pairs[tails[0] + head[0]] >= 2:
            return True  # a pair the page uses elsewhere (names, terms jieba lacks)
        freq = self._freq
        for tail in tails:
            for right in range(1, min(len(head), 4 - len(tail)) + 1):
                if freq.get(tail + head[:right], 0) >= 5:
                    return True
        return False

    def evidence(self, i: int, j: int) -> float:
        """Log-odds that line j follows line i in reading order."""
        got = self._cache.get((i, j))
        if got is None:
            w = self.joins(i, j)
            got = self._cache[(i, j)] = 0.0 if w is None else HIT if w else MISS
        return got

    def reads(self, order: list[int]) -> float:
        return sum(self.evidence(a, b) for a, b in pairwise(order))


def word_across(end: str, start: str) -> bool:
    """Does a word run from the line `end` into the line `start`?"""
    return bool(Junctions([end, start]).joins(0, 1))


def periods(
    junctions: Junctions, lo: int = 0, hi: int | None = None, switch: float = SWITCH, most: int = MAX_PERIOD
) -> list[int]:
    """The period each line lo..hi-1 is read at: 1 in reading order, k where
    k columns are read across (line i is followed by line i+k)."""
    n = len(junctions.lines)
    hi = n if hi is None else hi
    if hi <= lo:
        return []
    ks = range(1, most + 1)

    def gain(i: int, k: int) -> float:
        here = junctions.evidence(i, i + k) if i + k < hi else 0.0
        return here - (0.0 if k == 1 else ACROSS)

    best = {k: gain(lo, k) - (0.0 if k == 1 else switch) for k in ks}
    back: list[dict[int, int]] = [{k: k for k in ks}]
    for i in range(lo + 1, hi):
        cur, arg = {}, {}
        for k in ks:
            other, ko = max((best[kk] - switch, kk) for kk in ks if kk != k)
            cur[k], arg[k] = (best[k], k) if best[k] >= other else (other, ko)
            cur[k] += gain(i, k)
        best = cur
        back.append(arg)
    k = max(ks, key=lambda kk: best[kk])
    path = [0] * (hi - lo)
    for i in range(hi - lo - 1, -1, -1):
        path[i] = k
        k = back[i][k]
    return path


def _runs(path: list[int], lo: int = 0) -> list[tuple[int, int, int]]:
    """(start, end, k) of the stretches read across, k > 1, for a path
    starting at line lo."""
    out = []
    i = 0
    while i < len(path):
        j = i
        while j < len(path) and path[j] == path[i]:
            j += 1
        if path[i] > 1 and j - i >= MIN_RUN * path[i]:
            out.append((lo + i, lo + j, path[i]))
        i = j
    return out


def _down(start: int, end: int, k: int) -> list[int]:
    """Lines start..end-1 read down their k columns instead of across."""
    return [i for c in range(k) for i in range(start + c, end, k)]


def _settle(junctions: Junctions, runs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Move each stretch's ends to where the untangled text reads best.

    The path changes period only once a few junctions have shown it, so it
    enters and leaves a stretch some lines late or early, and a line off puts
    a column out of step. Every start and end within a few rows is tried
    (whole rows only: the columns of a block end together), and the one whose
    rewritten order, over the same span for all, holds the most words across
    its junctions is kept."""
    out: list[tuple[int, int, int]] = []
    n = len(junctions.lines)
    for r, (start, end, k) in enumerate(runs):
        floor = out[-1][1] if out else 0
        ceiling = runs[r + 1][0] if r + 1 < len(runs) else n
        # it may grow only over lines no wider than its columns: not over the
        # headline, subtitle or caption set across the block's top
        lines = junctions.lines
        width = sorted(len(lines[i]) for i in range(start, end))[(end - start) // 2]
        widest = width + max(2, width // 6)  # a line wider than this is not of the block
        lo = start
        while lo > max(floor, start - 3 * k) and len(lines[lo - 1]) <= widest:
            lo -= 1
        hi = end
        while hi < min(ceiling, end + 3 * k) and len(lines[hi]) <= widest:
            hi += 1
        span_lo, span_hi = max(0, lo - 1), min(n, hi + 1)
        best, where = None, (start, end)
        for s in range(lo, min(start + k, end) + 1):
            for e in range(max(s + MIN_RUN * k, end - k), hi + 1):
                if (e - s) % k:
                    continue
                score = junctions.reads(list(range(span_lo, s)) + _down(s, e, k) + list(range(e, span_hi)))
                if best is None or score > best:
                    best, where = score, (s, e)
        out.append((where[0], where[1], k))
    return out


def _threads(junctions: Junctions, lo: int, hi: int) -> list[int]:
    """Lines lo..hi-1 in column order, found line by line.

    Where every row holds another set of columns (pdfminer with a small line
    margin reads a whole page across; columns start and end with their
    articles, and two articles' rows drift past each other), no stretch keeps
    one period for long. Each line is then linked to the line its own period
    says goes on from it, with a low price for changing the period; where two
    lines claim one successor the one with a word across keeps it, and a row
    that leaves its period links on only where a word runs across, a line no
    column runs on into links on only where a word does, and the first line
    of a stretch takes the period of the lines after it. The links are
    followed into columns, taken in the order they start."""
    ks = periods(junctions, lo, hi, switch=THREAD_SWITCH, most=THREAD_PERIOD)

    def strength(i: int, j: int) -> tuple[float, bool]:
        return junctions.evidence(i, j), ks[j - lo] == ks[i - lo]

    pred: dict[int, int] = {}
    for i in range(lo, hi):
        j = i + ks[i - lo]
        if j >= hi or _opens(junctions.lines[j]):
            continue
        said, steady = strength(i, j)
        if (steady or said > 0) and (j not in pred or (said, steady) > strength(pred[j], j)):
            pred[j] = i
    succ = {i: j for j, i in pred.items()}
    # a line no column runs on into, whose own link forms no word, stands
    # alone: a headline set among the columns, not a column's first line
    for i, j in list(succ.items()):
        if i not in pred and junctions.evidence(i, j) < 0:
            del succ[i]
    linked = set(succ.values())
    # the first line of a stretch read across often says nothing (a name, a
    # date) and reads at period 1: it goes on where the lines after it point
    for i in range(lo, hi - 1):
        k = ks[i + 1 - lo]
        j = i + k
        if (
            ks[i - lo] == 1
            and i not in succ
            and j < hi
            and j not in linked
            and ks[j - lo] == k
            and not _opens(junctions.lines[j])
        ):
            succ[i] = j
            linked.add(j)
    order: list[int] = []
    for i in range(lo, hi):
        if i not in linked:
            c: int | None = i
            while c is not None:
                order.append(c)
                c = succ.get(c)
    return order


def _opens(line: str) -> bool:
    """Does the line open an article (a dateline, a subtitle)? No column runs
    on into it."""
    return bool(DATELINE_RE.match(line) or SUBTITLE_START.match(line))


def _suspects(junctions: Junctions, window: int = 4 * MIN_RUN) -> list[tuple[int, int]]:
    """Spans around stretches where consecutive lines seldom run on into each
    other but lines some rows apart do. Only those are worth the full search,
    which looks up every junction five times over."""
    n = len(junctions.lines)
    if n < window:
        return []
    # a short line (a headline, a paragraph's end) tells nothing about columns
    full = sorted(len(ln) for ln in junctions.lines)[n // 2] * 0.8
    usable = [len(ln) >= full for ln in junctions.lines]

    def rate(start: int, k: int) -> float | None:
        told = [junctions.evidence(i, i + k) for i in range(start, min(n - k, start + window)) if usable[i]]
        told = [e for e in told if e != 0.0]
        return sum(1 for e in told if e > 0) / len(told) if len(told) >= window // 3 else None

    spans: list[tuple[int, int]] = []
    for start in range(0, n - window + 1, window // 4):
        here = rate(start, 1)
        if here is None or here > 0.25:
            continue
        if any((r := rate(start, k)) is not None and r >= here + 0.2 for k in range(2, MAX_PERIOD + 1)):
            lo, hi = max(0, start - 2 * window), min(n, start + 3 * window)
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
    return spans


def untangle(text: str) -> str | None:
    """The text with every stretch read across rewritten column by column, or
    None when the page reads in order (the common case: nothing to change)."""
    raw = text.split("\n")
    slots = [i for i, ln in enumerate(raw) if ln.strip()]
    junctions = Junctions([raw[i].strip() for i in slots])
    spans = _suspects(junctions)
    runs = [r for lo, hi in spans for r in _runs(periods(junctions, lo, hi), lo)]
    order = list(range(len(slots)))
    for start, end, k in _settle(junctions, runs):
        order[start:end] = _down(start, end, k)
    for lo, hi in spans:
        threaded = _threads(junctions, lo, hi)
        reads = junctions.reads(threaded)
        if reads > junctions.reads(order[lo:hi]) + THREAD_MARGIN and reads > junctions.reads(
            list(range(lo, hi))
        ) + THREAD_GAIN * (hi - lo):
            order[lo:hi] = threaded
    if order == list(range(len(slots))):
        return None
    out = list(raw)
    for slot, i in zip(slots, order, strict=True):
        out[slot] = raw[slots[i]]
    return "\n".join(out)
