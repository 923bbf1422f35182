"""Fit the standalone-line model (core/lines.py) and write core/line_weights.py.

Lines of pages rebuilt from even days of the corpus are the examples: a line
stands alone when the gold gives it a headline, kicker, subtitle, subhead or
byline role, and carries on a paragraph when it is body or dateline text.
Most lines are plainly body text, so only a quarter of those are kept (the
intercept is corrected for it). The model is then checked on odd days:

    python -m bench.train_lines --pages 300 --write
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

from bench.fit import fit, write
from bench.rebuild import rebuild_many
from core.lines import FEATURES, features
from core.text import LineTable, sanitize
from core.units import read_lines

WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "core" / "line_weights.py"
STANDALONE = {"headline_lines", "kicker_lines", "subtitle_lines", "subhead_lines", "byline_lines", "signature_lines"}
KEEP_BODY = 0.25


def labelled_lines(count: int, seed: int, half: str):
    """(features, standalone?) for every text line of `count` rebuilt pages."""
    for _name, text, gold in rebuild_many(count, seed, half=half):
        table = LineTable.of(sanitize(text))
        alone = {ln for a in gold["articles"] for key in STANDALONE for ln in a.get(key, [])}
        in_article = set(alone)
        for a in gold["articles"]:
            for lo, hi in a["body_ranges"]:
                in_article.update(range(lo, hi + 1))
        lines = read_lines(table)
        for k, ln in enumerate(lines):
            if ln.pattern is None and ln.no in in_article:
                yield features(lines, k), ln.no in alone


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    xs, ys = [], []
    for f, y in labelled_lines(args.pages, args.seed, "dev"):
        if y or rng.random() < KEEP_BODY:
            xs.append([f[name] for name in FEATURES])
            ys.append(int(y))
    print(f"dev: {len(ys)} lines kept, {sum(ys)} standalone", file=sys.stderr)
    intercept, weights = fit(xs, ys, args.l2)
    intercept += math.log(KEEP_BODY)  # body lines were sampled at KEEP_BODY
    tp = fp = fn = tn = 0
    for f, y in labelled_lines(args.pages // 2, args.seed + 1, "test"):
        s = intercept + sum(w * f[name] for name, w in zip(FEATURES, weights))
        if s > 0:
            tp, fp = tp + y, fp + (not y)
        else:
            fn, tn = fn + y, tn + (not y)
    note = (f"bench/train_lines.py: {args.pages} dev pages (even days, seed {args.seed}), l2 {args.l2}; "
            f"on {args.pages // 2} odd-day pages standalone lines found {tp}/{tp + fn}, "
            f"body lines taken for standalone {fp}/{fp + tn}.")
    print(note, file=sys.stderr)
    for name, w in sorted(zip(FEATURES, weights), key=lambda t: -abs(t[1])):
        print(f"  {name:16s} {w:+.3f}", file=sys.stderr)
    if args.write:
        write(WEIGHTS_FILE, "standalone-line model (see `lines`)", FEATURES, intercept, weights, note)
        print(f"wrote {WEIGHTS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
