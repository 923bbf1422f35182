"""Fit the article-boundary model (core/gaps.py) and write core/gap_weights.py.

Pages are rebuilt from even days of the corpus (the dev half); the fitted
model is then scored on pages from odd days (the test half), which it never
saw. Plain logistic regression with an L2 penalty, fitted by Newton's method,
in pure Python so that no extra package is needed:

    python -m bench.train_gaps --pages 300 --write
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.rebuild import rebuild_many
from core.evaluate import load_gold
from core.gaps import FEATURES
from core.segment import _kinds, describe_page
from core.text import LineTable, sanitize
from core.units import PARA, build_units, read_lines

from bench.fit import auc, fit, write

WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "core" / "gap_weights.py"


def samples(count: int, seed: int, half: str) -> tuple[list[list[float]], list[int]]:
    xs, ys = [], []
    for _name, text, gold_json in rebuild_many(count, seed, half=half):
        text = sanitize(text)
        table = LineTable.of(text)
        gold = load_gold(gold_json, table)
        article = {ln: a.id for a in gold.articles for ln in a.lines}
        units = build_units(read_lines(table))
        kinds = _kinds(units)
        paras = [i for i, u in enumerate(units) if u.kind == PARA and kinds.get(i) != "signature"]
        if len(paras) < 2:
            continue
        page = describe_page(units, kinds, paras)
        for g in page.gaps:
            xs.append([g.features[f] for f in FEATURES])
            ys.append(int(article.get(units[g.left].last) != article.get(units[g.right].first)))
    return xs, ys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    args = ap.parse_args(argv)
    xs, ys = samples(args.pages, args.seed, "dev")
    print(f"dev: {len(ys)} breaks, {sum(ys)} boundaries", file=sys.stderr)
    intercept, weights = fit(xs, ys, args.l2)
    tx, ty = samples(args.pages // 2, args.seed + 1, "test")
    score = [intercept + sum(w * x for w, x in zip(weights, row)) for row in tx]
    tp = sum(1 for s, y in zip(score, ty) if s > 0 and y)
    fp = sum(1 for s, y in zip(score, ty) if s > 0 and not y)
    fn = sum(1 for s, y in zip(score, ty) if s <= 0 and y)
    print(f"test: AUC {auc(score, ty):.4f}, boundaries found {tp}/{tp + fn}, false {fp}", file=sys.stderr)
    for f, w in sorted(zip(FEATURES, weights), key=lambda t: -abs(t[1])):
        print(f"  {f:14s} {w:+.3f}", file=sys.stderr)
    if args.write:
        write(WEIGHTS_FILE, "article-boundary model (see `gaps`)", FEATURES, intercept, weights,
              f"bench/train_gaps.py: {args.pages} dev pages (even days, seed {args.seed}), l2 {args.l2}; "
              f"test AUC {auc(score, ty):.4f} on {args.pages // 2} odd-day pages.")
        print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
