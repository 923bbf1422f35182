"""Fit the article confidence model (core/segmentation/confidence.py) and write core/models/article_confidence.py.

Every article detected on a page with a gold is an example: it is right when
its lines are exactly a gold article's. The pages come from both test beds:
the text builder (bench/rebuild.py, its usual pages and whole pages) and
the typeset bed (bench/typeset.py, pages kept with --keep, every extractor).
The model is fitted on even days and judged on odd days it never saw:

    python -m bench.typeset --pages 100 --seed 21 --half dev --keep /tmp/ts_dev
    python -m bench.typeset --pages 100 --seed 31 --half test --keep /tmp/ts_test
    python -m bench.train_confidence --typeset /tmp/ts_dev --check-typeset /tmp/ts_test --write

It prints, for each bed and extractor of the odd days, the two numbers the
review rests on: of the articles not exactly right, the share marked
low-confidence (below LOW_ARTICLE), and of the articles exactly right, the
share marked low (checks an editor makes for nothing).
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from bench.fit import ModelSpec, arguments, auc, boosted_trees, trees_of, write_model
from bench.rebuild import rebuild_many
from pagedesk.core import analyze_page
from pagedesk.core.editing.state import LOW_ARTICLE
from pagedesk.core.evaluation import load_gold
from pagedesk.core.segmentation.confidence import FEATURES
from pagedesk.core.text.page import LineTable, decode, sanitize

SPEC = ModelSpec(
    "article_confidence",
    "bench.train_confidence",
    FEATURES,
    "The article confidence model: boosted decision trees over the cues of\n"
    "`segmentation.confidence.FEATURES`, written out as Python so that\n"
    "analysis needs no scikit-learn.",
    "Log-odds that an article with these cues (in FEATURES order) is exactly one article of the page.",
)
TREES = dict(max_iter=150, learning_rate=0.08, max_leaf_nodes=7, l2_regularization=1.0, random_state=0)
CATCH = 0.85  # the share of wrong articles LOW_ARTICLE is set to mark low (the aim: 80% on unseen pages)
Example = tuple[str, list[float], int]  # (bed, cues, right?)


def examples_of(text: str, gold_json: dict, bed: str) -> Iterator[Example]:
    analysis = analyze_page(text)
    gold = load_gold(gold_json, LineTable.of(text))
    right = {frozenset(a.lines) for a in gold.articles}
    for a in analysis.articles:
        yield bed, [float(a.cues[name]) for name in FEATURES], int(frozenset(a.lines) in right)


def rebuilt(count: int, seed: int, half: str) -> Iterator[Example]:
    for whole, bed in ((False, "text builder"), (True, "text builder, whole pages")):
        for _name, text, gold in rebuild_many(count, seed, half=half, whole=whole):
            yield from examples_of(sanitize(text), gold, bed)


def typeset(folder: Path) -> Iterator[Example]:
    for g in sorted(folder.glob("*.gold.json")):
        text = decode(g.with_name(g.name.replace(".gold.json", ".txt")).read_bytes())
        yield from examples_of(text, json.loads(g.read_text(encoding="utf-8")), f"typeset, {g.name.split('.')[-3]}")


def report(rows: list[tuple[str, float, int]], cut: float) -> None:
    """Per bed: AUC, and the shares of wrong and of right articles marked low."""
    by: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for bed, p, y in rows:
        by[bed].append((p, y))
        by["all"].append((p, y))
    for bed in sorted(by):
        ps = by[bed]
        wrong = [p for p, y in ps if not y]
        right = [p for p, y in ps if y]
        caught = sum(1 for p in wrong if p < cut) / max(1, len(wrong))
        wasted = sum(1 for p in right if p < cut) / max(1, len(right))
        print(
            f"  {bed:34s} articles {len(ps):5d}  wrong {len(wrong):5d}  AUC {auc([p for p, _ in ps], [y for _, y in ps]):.3f}"
            f"  wrong marked low {caught:.3f}  right marked low {wasted:.3f}"
        )


def low_cut(fitter, xs: list[list[float]], ys: list[int]) -> float:
    """The confidence below which CATCH of the wrong articles fall, read from
    predictions each made by a model fitted without it (5 folds): where
    LOW_ARTICLE is set."""
    from sklearn.model_selection import cross_val_predict

    score = cross_val_predict(fitter(**TREES), xs, ys, cv=5, method="decision_function")
    wrong = sorted(1.0 / (1.0 + math.exp(-s)) for s, y in zip(score, ys, strict=True) if not y)
    return wrong[min(len(wrong) - 1, int(CATCH * len(wrong)))]


def main(argv: list[str] | None = None) -> int:
    def extra(ap):
        ap.add_argument("--typeset", type=Path, help="typeset pages of even days (bench.typeset --keep)")
        ap.add_argument("--check-typeset", type=Path, help="typeset pages of odd days to judge the model on")

    args = arguments(__doc__, SPEC, 300, 21, argv, extra)
    fitter = boosted_trees(SPEC.script)
    if fitter is None:
        return 2
    train = list(rebuilt(args.pages, args.seed, "dev")) + (list(typeset(args.typeset)) if args.typeset else [])
    print(f"even days: {len(train)} articles, {sum(y for *_, y in train)} exactly right", file=sys.stderr)
    xs, ys = [x for _, x, _ in train], [y for *_, y in train]
    cut = low_cut(fitter, xs, ys)
    print(f"even days, out of fold: below {cut:.2f} marks {CATCH:.0%} of the wrong articles low", file=sys.stderr)
    model = fitter(**TREES).fit(xs, ys)
    check = list(rebuilt(args.pages, args.seed + 20, "test"))
    check += list(typeset(args.check_typeset)) if args.check_typeset else []
    score = list(model.decision_function([x for _, x, _ in check]))
    prob = [1.0 / (1.0 + math.exp(-s)) for s in score]
    print(f"odd days (never fitted on), low-confidence below {LOW_ARTICLE} (LOW_ARTICLE):")
    report([(bed, p, y) for (bed, _, y), p in zip(check, prob, strict=True)], LOW_ARTICLE)
    pooled = auc(prob, [y for *_, y in check])
    note = (
        f"{len(train)} articles of even-day pages (text builder: {args.pages} usual and {args.pages} whole "
        f"pages, seed {args.seed}; typeset bed: {args.typeset.name if args.typeset else 'none'}), "
        f"{trees_of(model)} trees of {TREES['max_leaf_nodes']} leaves; AUC {pooled:.3f} on {len(check)} "
        "articles of odd days."
    )
    print(note, file=sys.stderr)
    if args.write:
        write_model(SPEC, model, note, args.argv, check=([x for _, x, _ in check[:500]], score[:500]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
