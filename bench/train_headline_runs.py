"""Fit the link model of displaced headline runs (core/segmentation/headline_runs.py) and write
core/models/headline_runs.py.

Pages are rebuilt from even days of the corpus (the dev half); on those
whose headlines stand at the end (all of them, or some), every break between
two neighbouring headline lines after the last body paragraph is an example:
do the two lines belong to different articles? The fitted model is scored on
pages from odd days (the test half), by AUC and by how often the number of
articles it reads in a page's run is exactly right, against the hand-set
grouping it replaced (`segment.head_groups`).

The trees are written out as plain Python, so analysis needs no
scikit-learn; fitting does (`pip install -e .[train]`):

    python -m bench.train_headline_runs --write
"""

from __future__ import annotations

import sys

from bench.fit import ModelSpec, arguments, auc, boosted_trees, rebuilt_pages, trees_of, write_model
from pagedesk.core.segmentation.headline_runs import FEATURES, consecutive_runs, link_cues
from pagedesk.core.segmentation.headlines import head_groups
from pagedesk.core.segmentation.kinds import BYLINE, CAPTION, HEAD
from pagedesk.core.segmentation.units import PARA

SPEC = ModelSpec(
    "headline_runs",
    "bench.train_headline_runs",
    FEATURES,
    "The link model of displaced headline runs: boosted decision trees over\n"
    "the cues of `segmentation.headline_runs.FEATURES`, written out as Python\n"
    "so that analysis needs no scikit-learn.",
    "Log-odds that the two headline lines with these cues (in FEATURES order) belong to two articles.",
)
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
        hand = sum(len(head_groups(units, run, kinds)) for run in runs)
        pages.append((len(runs), hand, mine))
    return xs, ys, pages


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, SPEC, 3000, 7, argv)
    fitter = boosted_trees(SPEC.script)
    if fitter is None:
        return 2
    xs, ys, _ = samples(args.pages, args.seed, "dev")
    print(f"dev: {len(ys)} breaks between displaced headline lines, {sum(ys)} between two articles", file=sys.stderr)
    model = fitter(**TREES).fit(xs, ys)
    tx, ty, pages = samples(600, args.seed + 1, "test")
    score = list(model.decision_function(tx))
    right = sum(1 for s, y in zip(score, ty, strict=True) if (s > 0) == bool(y))
    model_exact = hand_exact = 0
    for runs, hand, mine in pages:
        truth = runs + sum(ty[i] for i in mine)
        model_exact += runs + sum(score[i] > 0 for i in mine) == truth
        hand_exact += hand == truth
    print(
        f"test: AUC {auc(score, ty):.4f}, breaks right {right}/{len(ty)}; articles in a page's run exactly "
        f"right {model_exact}/{len(pages)} (hand-set groups {hand_exact})",
        file=sys.stderr,
    )
    if args.write:
        note = (
            f"{args.pages} dev pages (even days, seed {args.seed}), {trees_of(model)} trees of "
            f"{TREES['max_leaf_nodes']} leaves; test AUC {auc(score, ty):.4f} on the runs of 600 odd-day pages."
        )
        write_model(SPEC, model, note, args.argv, check=(tx[:500], score[:500]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
