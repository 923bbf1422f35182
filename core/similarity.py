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
from collections import Counter
from typing import Callable, Sequence


def bigrams(text: str) -> Counter:
    """Counts of adjacent ideograph pairs (punctuation and digits break pairs)."""
    out: Counter = Counter()
    prev = ""
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            if prev:
                out[prev + ch] += 1
            prev = ch
        else:
            prev = ""
    return out


class Cohesion:
    """Similarity between stretches of the given texts (one page's paragraphs),
    addressed by index. A bigram weighs by how rare it is among the page's
    paragraphs, or by `weight(bigram)` where given."""

    def __init__(self, texts: dict[int, str], weight: Callable[[str], float] | None = None):
        counts = {i: bigrams(t) for i, t in texts.items()}
        if weight is None:
            df: Counter = Counter()
            for c in counts.values():
                df.update(c.keys())
            n = max(1, len(counts))
            idf = {b: math.log((n + 1) / (d + 0.5)) for b, d in df.items()}
        else:
            idf = {b: weight(b) for c in counts.values() for b in c}
        self.vec = {i: {b: k * idf[b] for b, k in c.items()} for i, c in counts.items()}
        self._dot: dict[tuple[int, int], float] = {}

    def dot(self, i: int, j: int) -> float:
        key = (i, j) if i <= j else (j, i)
        d = self._dot.get(key)
        if d is None:
            a, b = self.vec.get(i, {}), self.vec.get(j, {})
            if len(a) > len(b):
                a, b = b, a
            d = sum(v * b.get(k, 0.0) for k, v in a.items())
            self._dot[key] = d
        return d

    def between(self, a: Sequence[int], b: Sequence[int]) -> float:
        """Cosine of the summed vectors of stretches a and b."""
        num = sum(self.dot(i, j) for i in a for j in b)
        if num <= 0:
            return 0.0
        na = sum(self.dot(i, j) for i in a for j in a)
        nb = sum(self.dot(i, j) for i in b for j in b)
        return num / math.sqrt(na * nb) if na > 0 and nb > 0 else 0.0
