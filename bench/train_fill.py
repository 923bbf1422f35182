"""Fit the fill model (core/fill.py) and write core/fill_model.py.

For every page rebuilt from even days of the corpus (the dev half), the
whole analysis is run with 0, 1, 2 … of the doubtful breaks cut (the most
likely first) and each result scored by line-pair F1 against the gold. The
model learns, from the page's cues (`fill.FEATURES`), what cutting one more
break does to F1. It is then checked the same way on pages from odd days
(the test half), which it never saw: the F1 its choices reach, against the
fill it replaces (as many breaks as the headlines announce articles, none
below log-odds −1) and against the best choice of each page.

The pages are analysed with the line, break and tail models as they are:
fit this again after fitting any of them. Fitting needs scikit-learn
(`pip install -e .[train]`):

    python -m bench.train_fill --write
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import core.segment as segment
from bench.fit import boosted_trees, write_trees
from bench.rebuild import rebuild_many
from core import analyze_page
from core.evaluate import load_gold, score_page
from core.fill import MAX_FILL, FillPage
from core.text import LineTable, sanitize

MODEL_FILE = Path(__file__).resolve().parents[1] / "core" / "fill_model.py"
TREES = dict(max_iter=100, learning_rate=0.05, max_leaf_nodes=7, l2_regularization=1.0, random_state=0)
OLD_FLOOR = -1.0  # the fill this model replaced: up to the headline count, never below this


def _scores_by_fill(text: str, gold_json: dict) -> tuple[FillPage | None, list[float]]:
    """The page's fill cues and its line-pair F1 with 0, 1, 2 … doubtful breaks cut."""
    gold = load_gold(gold_json, LineTable.of(text))
    seen: list[FillPage] = []
    forced = [0]

    def fill_count(page: FillPage) -> int:
        # stands in for the model: the analysis is run once per count
        seen.append(page)
        return forced[0]

    segment.fill_count = fill_count  # this process only (a worker of the pool)
    f1s: list[float] = []
    for k in range(MAX_FILL + 1):
        forced[0] = k
        f1s.append(score_page(analyze_page(text), gold).pair_f1)
        if not seen or k >= len(seen[0].logits):
            break
    return (seen[0] if seen else None), f1s


def _page(item: tuple[str, str, dict]) -> tuple[FillPage | None, list[float]]:
    _name, text, gold = item
    return _scores_by_fill(sanitize(text), gold)


def tables(count: int, seed: int, half: str) -> list[tuple[FillPage | None, list[float]]]:
    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(_page, rebuild_many(count, seed, half=half), chunksize=8))


def examples(rows) -> tuple[list[list[float]], list[float]]:
    xs, ys = [], []
    for page, f1s in rows:
        if page is None:
            continue
        for i in range(len(f1s) - 1):
            xs.append(page.features(i))
            ys.append(f1s[i + 1] - f1s[i])
    return xs, ys


def _choose(predict, page: FillPage | None, f1s: list[float]) -> float:
    k = 0
    if page is not None:
        while k < len(f1s) - 1 and predict(page.features(k)) > 0:
            k += 1
    return f1s[k]


def _old(page: FillPage | None, f1s: list[float]) -> float:
    if page is None:
        return f1s[0]
    want = max(0, page.announced - (page.sure + 1))
    k = min(want, sum(1 for x in page.logits if x > OLD_FLOOR))
    return f1s[min(k, len(f1s) - 1)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1600)
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--test-pages", type=int, default=200)
    ap.add_argument("--write", action="store_true", help=f"write {MODEL_FILE.name}")
    args = ap.parse_args(argv)
    fitter = boosted_trees("HistGradientBoostingRegressor", "train_fill")
    if fitter is None:
        return 2
    dev = tables(args.pages, args.seed, "dev")
    xs, ys = examples(dev)
    print(f"dev: {len(dev)} pages, {len(ys)} fill steps", file=sys.stderr)
    model = fitter(**TREES).fit(xs, ys)
    test = tables(args.test_pages, args.seed + 1, "test")

    def predict(x: list[float]) -> float:
        return float(model.predict([x])[0])

    n = len(test)
    chosen = sum(_choose(predict, p, f) for p, f in test) / n
    old = sum(_old(p, f) for p, f in test) / n
    best = sum(max(f) for _, f in test) / n
    note = (f"bench/train_fill.py: {len(dev)} dev pages (even days, seed {args.seed}), {TREES['max_iter']} trees "
            f"of {TREES['max_leaf_nodes']} leaves; on {n} odd-day pages line-pair F1 {chosen:.4f} "
            f"(the headline-count fill it replaced {old:.4f}, the best fill of each page {best:.4f}).")
    print(note, file=sys.stderr)
    if args.write:
        worst = write_trees(MODEL_FILE, model,
                            "The fill model: boosted regression trees over the cues of\n"
                            "`fill.FEATURES`, written out as Python so that analysis needs no\n"
                            "scikit-learn.",
                            "The change in line-pair F1 expected from cutting this doubtful break as well.",
                            note, check=(xs[:300], [predict(x) for x in xs[:300]]), name="gain")
        print(f"wrote {MODEL_FILE} (largest difference from scikit-learn: {worst:.6f})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
