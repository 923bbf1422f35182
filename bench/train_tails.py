"""Fit the model of displaced headline runs (core/tails.py) and write core/tail_model.py.

Pages are rebuilt from even days of the corpus (the dev half); on those
whose headlines stand at the end (all of them, or some), every break between
two neighbouring headline lines after the last body paragraph is an example:
do the two lines belong to different articles? The fitted model is scored on
pages from odd days (the test half), by AUC and by how often the number of
articles it reads in a page's run is exactly right, against the hand-set
grouping it replaced (`segment._head_groups`).

The trees are written out as plain Python, so analysis needs no
scikit-learn; fitting does (`pip install -e .[train]`):

    python -m bench.train_tails --write
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.fit import auc, boosted_trees, rebuilt_pages, write_trees
from pagedesk.core.segmentation.segment import BYLINE, CAPTION, HEAD, _head_groups, consecutive_runs
from pagedesk.core.segmentation.headline_runs import link_cues
from pagedesk.core.segmentation.units import PARA

MODEL_FILE = Path(__file__).resolve().parents[1] / "core" / "tail_model.py"
TREES = dict(max_iter=150, learning_rate=0.05, max_leaf_nodes=7, l2_regularization=1.0, random_state=0)
HEADING_KINDS = (HEAD, BYLINE, CAPTION)


def _runs(units, kinds, paras) -> list[list[int]]:
    """Runs of neighbouring headline units after the last body paragraph, two headlines or more."""
    heading = [i for i in range(paras[-1] + 1, len(units)) if units[i].kind != PARA and kinds.get(i) in HEADING_KINDS]
    return [r for r in consecutive_runs(heading) if sum(kinds.get(i) == HEAD for i in r) >= 2]


def samples(count: int, seed: int, half: str) -> tuple[list[list[float]], list[int], list[tuple[int, int, list[int]]]]:
    """Cues and labels of every break in the runs; per page, (number of runs,
    hand-set groups in them, indexes of its examples)."""
    xs, ys, pages = [], [], []
    for page in rebuilt_pages(count, seed, half):
        if page.gold_json["style"]["placement"] not in ("end", "mixed"):
            continue
        units, kinds, article = page.units, page.kinds, page.article
        runs = _runs(units, kinds, page.paras)
        mine = []
        for run in runs:
            texts, run_kinds = [units[i].text for i in run], [kinds.get(i) for i in run]
            for k in range(1, len(run)):
                mine.append(len(xs))
                xs.append(link_cues(texts, run_kinds, k))
                ys.append(int(article.get(units[run[k - 1]].first) != article.get(units[run[k]].first)))
        hand = sum(len(_head_groups(units, run, kinds)) for run in runs)
        pages.append((len(runs), hand, mine))
    return xs, ys, pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--write", action="store_true", help=f"write {MODEL_FILE.name}")
    args = ap.parse_args(argv)
    fitter = boosted_trees("HistGradientBoostingClassifier", "train_tails")
    if fitter is None:
        return 2
    xs, ys, _ = samples(args.pages, args.seed, "dev")
    print(f"dev: {len(ys)} breaks between displaced headline lines, {sum(ys)} between two articles", file=sys.stderr)
    model = fitter(**TREES).fit(xs, ys)
    tx, ty, pages = samples(600, args.seed + 1, "test")
    score = list(model.decision_function(tx))
    right = sum(1 for s, y in zip(score, ty) if (s > 0) == bool(y))
    model_exact = hand_exact = 0
    for runs, hand, mine in pages:
        truth = runs + sum(ty[i] for i in mine)
        model_exact += runs + sum(score[i] > 0 for i in mine) == truth
        hand_exact += hand == truth
    print(f"test: AUC {auc(score, ty):.4f}, breaks right {right}/{len(ty)}; articles in a page's run exactly "
          f"right {model_exact}/{len(pages)} (hand-set groups {hand_exact})", file=sys.stderr)
    if args.write:
        worst = write_trees(MODEL_FILE, model,
                            "The model of displaced headline runs: boosted decision trees over the\n"
                            "cues of `tails.FEATURES`, written out as Python so that analysis needs\n"
                            "no scikit-learn.",
                            "Log-odds that the two headline lines with these cues (in FEATURES order) "
                            "belong to two articles.",
                            f"bench/train_tails.py: {args.pages} dev pages (even days, seed {args.seed}), "
                            f"{TREES['max_iter']} trees of {TREES['max_leaf_nodes']} leaves; test AUC "
                            f"{auc(score, ty):.4f} on the runs of 600 odd-day pages.",
                            check=(tx[:500], score[:500]))
        print(f"wrote {MODEL_FILE} (largest difference from scikit-learn: {worst:.5f})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
