"""Fit the standalone-line model (core/lines/standalone.py) and write core/models/standalone_lines.py.

Lines of pages rebuilt from even days of the corpus are the examples: a line
stands alone when the gold gives it a headline, kicker, subtitle, subhead,
byline or signature role, and carries on a paragraph when it is body or
dateline text. The model is boosted decision trees (scikit-learn's
HistGradientBoostingClassifier), written out as plain Python like the break
model; the cues interact (a short line that ends no sentence is a headline
unless a word runs on from the line above), which a logistic model could only
take as a sum. It is then checked on odd days:

    python -m bench.train_standalone_lines --write

On 150 odd-day pages the logistic model it replaced found 1310 of 1457
standalone lines and took 80 of 27,539 body lines for standalone; the trees
find 1365 and take 66.
"""

from __future__ import annotations

import sys

from bench.fit import ModelSpec, arguments, boosted_trees, trees_of, write_model
from bench.rebuild import rebuild_many
from pagedesk.core.lines.standalone import FEATURES, features
from pagedesk.core.segmentation.units import line_cues
from pagedesk.core.text.page import LineTable, sanitize

SPEC = ModelSpec(
    "standalone_lines",
    "bench.train_standalone_lines",
    FEATURES,
    "The standalone-line model: boosted decision trees over the cues of\n"
    "`lines.standalone.FEATURES`, written out as Python so that analysis\n"
    "needs no scikit-learn.",
    "Log-odds that a line with these cues (in FEATURES order) stands alone.",
)
STANDALONE = {"headline_lines", "kicker_lines", "subtitle_lines", "subhead_lines", "byline_lines", "signature_lines"}
TREES = dict(max_iter=200, learning_rate=0.1, max_leaf_nodes=7, l2_regularization=1.0, random_state=0)


def labelled_lines(count: int, seed: int, half: str):
    """(features, standalone?) for every text line of `count` rebuilt pages."""
    for _name, text, gold in rebuild_many(count, seed, half=half):
        table = LineTable.of(sanitize(text))
        alone = {ln for a in gold["articles"] for key in STANDALONE for ln in a.get(key, [])}
        in_article = set(alone)
        for a in gold["articles"]:
            for lo, hi in a["body_ranges"]:
                in_article.update(range(lo, hi + 1))
        lines = line_cues(table)
        for k, ln in enumerate(lines):
            if ln.pattern is None and ln.no in in_article:
                yield [features(lines, k)[name] for name in FEATURES], ln.no in alone


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, SPEC, 600, 5, argv)
    fitter = boosted_trees(SPEC.script)
    if fitter is None:
        return 2
    xs, ys = [], []
    for x, y in labelled_lines(args.pages, args.seed, "dev"):
        xs.append(x)
        ys.append(int(y))
    print(f"dev: {len(ys)} lines, {sum(ys)} standalone", file=sys.stderr)
    model = fitter(**TREES).fit(xs, ys)
    tx, ty = [], []
    for x, y in labelled_lines(150, args.seed + 1, "test"):
        tx.append(x)
        ty.append(int(y))
    score = list(model.decision_function(tx))
    tp = sum(1 for s, y in zip(score, ty, strict=True) if s > 0 and y)
    fp = sum(1 for s, y in zip(score, ty, strict=True) if s > 0 and not y)
    note = (
        f"{args.pages} dev pages (even days, seed {args.seed}), "
        f"{trees_of(model)} trees of {TREES['max_leaf_nodes']} leaves; on 150 odd-day pages "
        f"standalone lines found {tp}/{sum(ty)}, body lines taken for standalone {fp}/{len(ty) - sum(ty)}."
    )
    print(note, file=sys.stderr)
    if args.write:
        write_model(SPEC, model, note, args.argv, check=(tx[:500], score[:500]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
