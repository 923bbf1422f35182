"""Logistic regression for the detector's small models, in pure Python.

Newton's method on standardised features with an L2 penalty: the models have
a few dozen features and are fitted on a few thousand examples, so no
numerical package is needed to re-fit them.
"""

from __future__ import annotations

import math
from pathlib import Path

def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c] or 1e-12
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / piv
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / (m[i][i] or 1e-12) for i in range(n)]


def fit(xs: list[list[float]], ys: list[int], l2: float = 1.0, iters: int = 12) -> tuple[float, list[float]]:
    """Logistic regression on standardised features; returns intercept and weights in raw units."""
    d = len(xs[0])
    mean = [sum(x[j] for x in xs) / len(xs) for j in range(d)]
    std = [math.sqrt(sum((x[j] - mean[j]) ** 2 for x in xs) / len(xs)) or 1.0 for j in range(d)]
    zs = [[1.0] + [(x[j] - mean[j]) / std[j] for j in range(d)] for x in xs]
    w = [0.0] * (d + 1)
    for _ in range(iters):
        grad = [0.0] * (d + 1)
        hess = [[0.0] * (d + 1) for _ in range(d + 1)]
        for z, y in zip(zs, ys):
            t = sum(wi * zi for wi, zi in zip(w, z))
            p = 1.0 / (1.0 + math.exp(-max(-30, min(30, t))))
            r = p * (1 - p)
            e = p - y
            for i in range(d + 1):
                grad[i] += e * z[i]
                zi = r * z[i]
                if zi:
                    row = hess[i]
                    for j in range(i, d + 1):
                        row[j] += zi * z[j]
        for i in range(1, d + 1):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        for i in range(d + 1):
            for j in range(i):
                hess[i][j] = hess[j][i]
        step = _solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    weights = [w[j + 1] / std[j] for j in range(d)]
    intercept = w[0] - sum(weights[j] * mean[j] for j in range(d))
    return intercept, weights


def auc(scores: list[float], ys: list[int]) -> float:
    pairs = sorted(zip(scores, ys))
    pos = sum(ys)
    neg = len(ys) - pos
    rank_sum = 0.0
    for rank, (_, y) in enumerate(pairs, 1):
        if y:
            rank_sum += rank
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg) if pos and neg else float("nan")


def write(path: Path, what: str, features: tuple[str, ...], intercept: float, weights: list[float], note: str) -> None:
    body = ",\n".join(f'    "{f}": {w:.4f}' for f, w in zip(features, weights))
    path.write_text(
        f'"""Weights of the {what}.\n\n'
        f"Written by {note}\n"
        '"""\n\n'
        f"INTERCEPT = {intercept:.4f}\n"
        f"WEIGHTS = {{\n{body},\n}}\n",
        encoding="utf-8",
    )


