"""Fit the break model (core/segmentation/breaks.py) and write core/models/breaks.py.

Pages are rebuilt from even days of the corpus (the dev half), plus pages of
short items (every article cut to its first paragraphs, as on a briefs page);
the fitted model is then scored on pages from odd days (the test half), which
it never saw. The model is an ensemble of boosted decision trees
(scikit-learn's HistGradientBoostingClassifier), monotone in the cues whose
direction is known: the cues do not add up (a dateline settles a break
whatever the vocabulary says; cohesion matters most where nothing stands in
the break), and trees take such interactions as they come, where the
logistic model before them needed each one written out. On 200 test-half
pages they lifted line-pair F1 from 0.885 to 0.896, and on pages of short
items from 0.849 to 0.884; the `series` cue then 0.918 to 0.923 on 200 pages
and 0.900 to 0.905 on 400.

The trees are written out as plain Python (nested conditionals), so analysis
needs no scikit-learn; fitting does (`pip install -e .[train]`):

    python -m bench.train_breaks --write
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.fit import ModelSpec, arguments, auc, boosted_trees, rebuilt_pages, trees_of, typeset_pages, write_model
from pagedesk.core.segmentation.breaks import FEATURES
from pagedesk.core.segmentation.cuts import describe_page

SPEC = ModelSpec(
    "breaks",
    "bench.train_breaks",
    FEATURES,
    "The break model: boosted decision trees over the cues of\n"
    "`segmentation.breaks.FEATURES`, written out as Python so that analysis\n"
    "needs no scikit-learn.",
    "Log-odds that the break with these cues (in FEATURES order) ends an article.",
)
TREES = dict(max_iter=300, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0, random_state=0)
# Cues whose effect has a known direction: more shared vocabulary never makes a
# boundary likelier, a dateline or a deeper cohesion valley never less likely.
# Without the constraint the trees learnt odd kinks where data is thin (no
# shared word at all on a short page read as a sign against a boundary).
LESS = (
    "c120",
    "c300",
    "c700",
    "lc120",
    "lc300",
    "lc700",
    "plain_c300",
    "plain_lc300",
    "marked_c300",
    "marked_lc300",
    "dateline_c300",
    "entities",
    "claims_same",
    "head_same",
    "l_dangling",
    "l_quote",
    "ratio120",
    "ratio300",
    "ratio700",
    "d120",
    "d300",
    "d700",
    "ratiod300",
    "seg_d",
    "seg_c",
)
MORE = (
    "r_dateline",
    "r_lead",
    "closing",
    "byline",
    "caption",
    "blank",
    "depth120",
    "depth300",
    "depth700",
    "plain_depth300",
    "head_contrast",
    "claims_differ",
    "tagged",
    "depthd300",
)


def samples(count: int, seed: int, half: str, brief: bool = False) -> tuple[list[list[float]], list[int]]:
    return breaks_of(rebuilt_pages(count, seed, half, brief))


def breaks_of(pages) -> tuple[list[list[float]], list[int]]:
    """Every break of the pages, its cues and whether the gold ends an article there."""
    xs, ys = [], []
    for page in pages:
        units, article = page.units, page.article
        for g in describe_page(units, page.kinds, page.paras).breaks:
            xs.append([g.features[f] for f in FEATURES])
            ys.append(int(article.get(units[g.left].last) != article.get(units[g.right].first)))
    return xs, ys


def _more_pages(ap) -> None:
    ap.add_argument("--brief", type=int, default=1000, help="pages of short items added to the examples")
    ap.add_argument("--typeset", type=Path, nargs="*", default=[], help="typeset even-day pages (bench.typeset --keep)")


def main(argv: list[str] | None = None) -> int:
    args = arguments(
        __doc__,
        SPEC,
        3000,
        7,
        argv,
        _more_pages,
    )
    fitter = boosted_trees(SPEC.script)
    if fitter is None:
        return 2
    xs, ys = samples(args.pages, args.seed, "dev")
    bx, by = samples(args.brief, args.seed + 100, "dev", brief=True)  # short items, as on a briefs page
    xs, ys = xs + bx, ys + by
    if args.typeset:  # pages typeset as PDFs and read by real extractors (even days)
        tsx, tsy = breaks_of(typeset_pages(args.typeset))
        xs, ys = xs + tsx, ys + tsy
    print(f"dev: {len(ys)} breaks, {sum(ys)} boundaries", file=sys.stderr)
    monotonic = [-1 if f in LESS else 1 if f in MORE else 0 for f in FEATURES]
    model = fitter(**TREES, monotonic_cst=monotonic).fit(xs, ys)
    tx, ty = samples(200, args.seed + 1, "test")
    score = list(model.decision_function(tx))
    tp = sum(1 for s, y in zip(score, ty, strict=True) if s > 0 and y)
    fp = sum(1 for s, y in zip(score, ty, strict=True) if s > 0 and not y)
    fn = sum(1 for s, y in zip(score, ty, strict=True) if s <= 0 and y)
    print(f"test: AUC {auc(score, ty):.4f}, boundaries found {tp}/{tp + fn}, false {fp}", file=sys.stderr)
    if args.write:
        note = (
            f"{args.pages} dev pages (even days, seed {args.seed})"
            + (f" and the typeset pages of {', '.join(f.name for f in args.typeset)}" if args.typeset else "")
            + f", {trees_of(model)} trees of "
            f"{TREES['max_leaf_nodes']} leaves, monotone in the cues whose direction is known; "
            f"test AUC {auc(score, ty):.4f} on 200 odd-day pages."
        )
        write_model(SPEC, model, note, args.argv, check=(tx[:500], score[:500]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
