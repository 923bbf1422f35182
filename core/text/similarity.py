"""Lexical similarity between stretches of Chinese text.

Paragraphs are compared by their character bigrams, weighted by how rare each
bigram is on the page. Bigrams need no dictionary, cost almost nothing, and
survive the wrap and the spacing that split words in extracted text.

A stretch of paragraphs is the sum of its paragraphs' vectors, so the cosine
of two stretches needs only dot products between single paragraphs; those are
computed once each and cached. That keeps comparing many windows cheap.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from operator import add

from pagedesk.core.text.chars import IDEOGRAPHS

_IDEOGRAPH_RUN = re.compile(f"[{IDEOGRAPHS}]{{2,}}")


def bigrams(text: str) -> Counter:
    """Counts of adjacent ideograph pairs (punctuation and digits break pairs)."""
    out: Counter = Counter()
    for m in _IDEOGRAPH_RUN.finditer(text):
        run = m.group()
        out.update(map(add, run, run[1:]))  # the runs found in C, their pairs counted in C
    return out


DENSE_UP_TO = 400  # paragraphs: up to this many, every dot product is computed once, up front

Run = tuple[int, int]  # positions [lo, hi) of neighbouring texts, in the order given


class Cohesion:
    """Similarity between stretches of the given texts (one page's paragraphs),
    addressed by index, or by runs of positions in the order given. A bigram
    weighs by how rare it is among the page's paragraphs, or by `weight[bigram]`
    where a weight table is given.

    Segmentation compares thousands of stretches per page, most of them runs
    of neighbouring paragraphs. On a page of up to DENSE_UP_TO paragraphs the
    dot products of all pairs are taken once, with running sums over them, so
    comparing two runs costs the same whatever their length; a longer text
    (a file that is not one page) has its products taken as they are asked for."""

    def __init__(
        self,
        texts: dict[int, str],
        weight: Mapping[str, float] | None = None,
        counts: dict[int, Counter] | None = None,
        shared: list[tuple[int, int, set]] | None = None,
    ):
        counts = counts if counts is not None else {i: bigrams(t) for i, t in texts.items()}
        self.counts = counts  # the bigrams of each text, for another weighing of the same texts
        self.shared = shared  # the bigrams each pair of texts shares, once taken (see _dense)
        if weight is None:
            df: Counter = Counter()
            for c in counts.values():
                df.update(c.keys())
            n = max(1, len(counts))
            idf = {b: math.log((n + 1) / (d + 0.5)) for b, d in df.items()}
        else:
            idf = weight
        self.vec = {i: {b: k * idf[b] for b, k in c.items()} for i, c in counts.items()}
        self._ids = list(self.vec)  # text index at each position
        self._pos = {i: p for p, i in enumerate(self._ids)}
        self._dot: dict[tuple[int, int], float] = {}
        self._sums: list[list[float]] | None = None
        self._rows_from: dict[int, tuple[int, list[float]]] = {}  # position -> (first column, running sums)
        if len(self.vec) <= DENSE_UP_TO:
            self._dense()

    def _dense(self) -> None:
        """All dot products, and their running sums over rows and columns."""
        vecs = list(self.vec.values())
        n = len(vecs)
        if self.shared is None:
            # a few bigrams per pair: set arithmetic in C; the same for every weighing
            keys = [v.keys() for v in vecs]
            self.shared = [(p, q, common) for p in range(n) for q in range(p + 1, n) if (common := keys[p] & keys[q])]
        rows = [[0.0] * n for _ in range(n)]
        for p, a in enumerate(vecs):
            rows[p][p] = sum(w * w for w in a.values())
        for p, q, common in self.shared:
            a, b = vecs[p], vecs[q]
            # fsum: a set of strings iterates in an order that changes with
            # the process's hash seed; a plain sum then differs in its last
            # bits from one process to the next, and so did the cues the
            # models are fitted on (exactly rounded, the sum is the same
            # in any order)
            rows[p][q] = rows[q][p] = math.fsum(a[k] * b[k] for k in common)
        sums = [[0.0] * (n + 1)]
        for p in range(n):
            above, row, acc = sums[p], [0.0], 0.0
            for q in range(n):
                acc += rows[p][q]
                row.append(above[q + 1] + acc)
            sums.append(row)
        self._rows, self._sums = rows, sums

    def dot(self, i: int, j: int) -> float:
        p, q = self._pos.get(i), self._pos.get(j)
        if p is None or q is None:
            return 0.0
        if self._sums is not None:
            return self._rows[p][q]
        key = (p, q) if p <= q else (q, p)
        d = self._dot.get(key)
        if d is None:
            a, b = self.vec[i], self.vec[j]
            if len(a) > len(b):
                a, b = b, a
            d = self._dot[key] = math.fsum(a[k] * b[k] for k in a.keys() & b.keys())  # in any order: see _dense
        return d

    def _run(self, a: Sequence[int]) -> Run | None:
        """The positions of a stretch given by index, if they are a run of neighbours."""
        pos = [self._pos.get(i) for i in a]
        if not pos or None in pos:
            return None
        lo, hi = min(pos), max(pos) + 1
        return (lo, hi) if hi - lo == len(pos) else None

    def _run_total(self, ra: Run, rb: Run) -> float:
        (r0, r1), (c0, c1) = ra, rb
        if self._sums is not None:
            s = self._sums
            return s[r1][c1] - s[r0][c1] - s[r1][c0] + s[r0][c0]
        # a longer text: each row's running sums over the stretch asked of it,
        # so a run against a run costs its length, not the product of the two
        return sum(self._row_sum(p, c0, c1) for p in range(r0, r1))

    def _row_sum(self, p: int, c0: int, c1: int) -> float:
        """The dot products of position p with positions c0..c1-1, summed.
        Each row keeps running sums over the columns asked of it so far,
        extended (each dot product taken once) when a query reaches past them."""
        ids, i = self._ids, self._ids[p]
        lo, sums = self._rows_from.get(p, (c0, [0.0]))
        hi = lo + len(sums) - 1
        if c0 - hi > c1 - c0 or lo - c1 > c1 - c0:
            # far from the columns this row holds: filling the gap between
            # would cost the distance (a page's length for a text far away)
            lo, sums, hi = c0, [0.0], c0
        if c0 < lo:
            left = [0.0]
            for q in range(c0, lo):
                left.append(left[-1] + self.dot(i, ids[q]))
            sums = left + [left[-1] + x for x in sums[1:]]
            lo = c0
        if c1 > hi:
            acc = sums[-1]
            for q in range(hi, c1):
                acc += self.dot(i, ids[q])
                sums.append(acc)
        self._rows_from[p] = (lo, sums)
        return sums[c1 - lo] - sums[c0 - lo]

    def _total(self, a: Sequence[int], b: Sequence[int]) -> float:
        """The sum of the dot products of every text of a with every text of b."""
        ra, rb = self._run(a), self._run(b)
        if ra is not None and rb is not None:
            return self._run_total(ra, rb)
        return sum(self.dot(i, j) for i in a for j in b)

    def _cosine(self, num: float, na: float, nb: float) -> float:
        return num / math.sqrt(na * nb) if num > 0 and na > 0 and nb > 0 else 0.0

    def between(self, a: Sequence[int], b: Sequence[int]) -> float:
        """Cosine of the summed vectors of stretches a and b (given by index)."""
        num = self._total(a, b)
        if num <= 0:
            return 0.0
        return self._cosine(num, self._total(a, a), self._total(b, b))

    def between_runs(self, ra: Run, rb: Run) -> float:
        """Cosine of the summed vectors of two runs of positions."""
        if ra[0] >= ra[1] or rb[0] >= rb[1]:
            return 0.0
        return self._cosine(self._run_total(ra, rb), self._run_total(ra, ra), self._run_total(rb, rb))
