"""Fit the article confidence model (core/segmentation/confidence.py) and write core/models/article_confidence.py.

Every article detected on a page with a gold is an example: it is right when
its lines are exactly a gold article's. The pages come from both test beds:
the text builder (bench/rebuild.py, its usual pages and whole pages) and
the typeset bed (bench/typeset.py, pages kept with --keep, every extractor).
The model is fitted on even days and judged on odd days it never saw:

    python -m bench.typeset --pages 100 --seed 21 --half dev --keep /tmp/ts_dev
    python -m bench.typeset --pages 100 --seed 31 --half test --keep /tmp/ts_test
    python -m bench.train_confidence --typeset /tmp/ts_dev --check-typeset /tmp/ts_test --write

It prints, for each bed and extractor, the two numbers the review rests on:
of the articles not exactly right, the share marked low-confidence, and of
the articles exactly right, the share marked low (checks an editor makes
for nothing). The mark's threshold (LOW_ARTICLE) is read on even days, from
predictions each made by a model fitted without that page, as the
confidence below which CATCH of the wrong articles fall; the odd days are
then scored at that threshold.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from bench.fit import ModelSpec, arguments, auc, boosted_trees, trees_of, write_model
from bench.rebuild import rebuild_many
from bench.typeset import regold
from pagedesk.core import analyze_page
from pagedesk.core.editing.state import LOW_ARTICLE
from pagedesk.core.evaluation import articles_as_read, load_gold, text_path_for
from pagedesk.core.segmentation.confidence import FEATURES
from pagedesk.core.text.page import LineTable, read_page_file, sanitize

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
CATCH = 0.82  # the share of wrong articles LOW_ARTICLE is set to mark low (the aim: 80% on unseen pages)


class Example(NamedTuple):
    """One detected article."""

    bed: str  # which test bed and extractor
    page: str  # its corpus page (20200508-07): the folds keep a page's articles together
    cues: list[float]  # in FEATURES order
    confidence: float  # what analysis gave it, with the model as written
    right: int  # 1 when its lines are exactly a gold article's


def examples_of(text: str, gold_json: dict, bed: str) -> Iterator[Example]:
    analysis = analyze_page(text)
    gold = load_gold(gold_json, LineTable.of(text))
    right = {frozenset(a.lines) for a in gold.articles}
    page = str(gold_json["articles"][0].get("id", "")).rsplit("-", 1)[0]  # 20200508-07: a day's page
    as_read = articles_as_read(analysis, gold)  # lines the analysis put back in order, where they were read
    for a in analysis.articles:
        cues = [float(a.cues[name]) for name in FEATURES]
        lines = frozenset(ln for ln, k in as_read.items() if k == a.index)
        yield Example(bed, page, cues, a.confidence, int(lines in right))


def rebuilt(count: int, seed: int, half: str) -> Iterator[Example]:
    for whole, bed in ((False, "text builder"), (True, "text builder, whole pages")):
        for _name, text, gold in rebuild_many(count, seed, half=half, whole=whole):
            yield from examples_of(sanitize(text), gold, bed)


def typeset(folder: Path) -> Iterator[Example]:
    for g in sorted(folder.glob("*.gold.json")):
        text = read_page_file(text_path_for(g))
        gold = regold(json.loads(g.read_text(encoding="utf-8")), text)
        yield from examples_of(text, gold, f"typeset, {g.name.split('.')[-3]}")


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
        area = auc([p for p, _ in ps], [y for _, y in ps])
        print(
            f"  {bed:34s} articles {len(ps):5d}  wrong {len(wrong):5d}  AUC {area:.3f}"
            f"  wrong marked low {caught:.3f}  right marked low {wasted:.3f}"
        )


def out_of_fold(fitter, examples: list[Example]) -> list[float]:
    """Each article's confidence from a model fitted without its corpus page
    (5 folds of pages): how the model does on pages it has not seen."""
    from sklearn.model_selection import GroupKFold, cross_val_predict

    xs, ys, groups = [e.cues for e in examples], [e.right for e in examples], [e.page for e in examples]
    score = cross_val_predict(fitter(**TREES), xs, ys, groups=groups, cv=GroupKFold(5), method="decision_function")
    return [_probability(s) for s in score]


def low_cut(prob: list[float], ys: list[int]) -> float:
    """The confidence below which CATCH of the wrong articles fall: where LOW_ARTICLE is set."""
    wrong = sorted(p for p, y in zip(prob, ys, strict=True) if not y)
    return wrong[min(len(wrong) - 1, int(CATCH * len(wrong)))]


def _probability(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, log_odds))))


def main(argv: list[str] | None = None) -> int:
    def extra(ap):
        ap.add_argument(
            "--typeset",
            type=Path,
            nargs="*",
            default=[],
            help="folders of typeset even-day pages (bench.typeset --keep)",
        )
        ap.add_argument("--check-typeset", type=Path, help="typeset pages of odd days to judge the model on")
        ap.add_argument(
            "--no-check", action="store_true", help="judge on even days only (out of fold), not on odd days"
        )
        ap.add_argument("--judge", type=Path, nargs="*", help="fit nothing: the written model's marks on these pages")
        ap.add_argument(
            "--judge-seed", type=int, help="... and on rebuilt odd-day pages of this seed (--pages of each)"
        )

    args = arguments(__doc__, SPEC, 300, 21, argv, extra)
    if args.judge is None:
        # the cues are read without the model being fitted (which may read other cues)
        from pagedesk.core.segmentation import segment

        segment.confidence_of = lambda cues: 0.5
    if args.judge is not None:
        judged = [x for folder in args.judge for x in typeset(folder)]
        if args.judge_seed is not None:
            judged += rebuilt(args.pages, args.judge_seed, "test")
        if not judged:
            raise SystemExit(
                f"no articles to judge: no typeset pages (*.gold.json) in {' '.join(map(str, args.judge))}"
            )
        print(f"the written model, low-confidence below {LOW_ARTICLE}:")
        report([(e.bed, e.confidence, e.right) for e in judged], LOW_ARTICLE)
        return 0
    fitter = boosted_trees(SPEC.script)
    if fitter is None:
        return 2
    train = list(rebuilt(args.pages, args.seed, "dev")) + [x for folder in args.typeset for x in typeset(folder)]
    xs, ys = [e.cues for e in train], [e.right for e in train]
    print(f"even days: {len(train)} articles, {sum(ys)} exactly right", file=sys.stderr)
    oof = out_of_fold(fitter, train)
    cut = low_cut(oof, ys)
    print(f"even days, each page judged by a model fitted without it; below {cut:.2f} marks {CATCH:.0%} of the wrong")
    report([(e.bed, p, e.right) for e, p in zip(train, oof, strict=True)], cut)
    model = fitter(**TREES).fit(xs, ys)
    check = [] if args.no_check else list(rebuilt(args.pages, args.seed + 20, "test"))
    check += list(typeset(args.check_typeset)) if args.check_typeset and not args.no_check else []
    if not check:
        if args.write:
            write_model(SPEC, model, f"{len(train)} articles of even-day pages, not yet judged on odd days.",
                        args.argv, check=(xs[:500], list(model.decision_function(xs[:500]))))  # fmt: skip
        return 0
    score = list(model.decision_function([e.cues for e in check]))
    prob = [_probability(s) for s in score]
    print(f"odd days (never fitted on), low-confidence below {cut:.2f}:")
    report([(e.bed, p, e.right) for e, p in zip(check, prob, strict=True)], cut)
    if round(cut, 2) != LOW_ARTICLE:
        print(f"LOW_ARTICLE is {LOW_ARTICLE}: set it to {cut:.2f} (core/editing/state.py)", file=sys.stderr)
    pooled = auc(prob, [e.right for e in check])
    note = (
        f"{len(train)} articles of even-day pages (text builder: {args.pages} usual and {args.pages} whole "
        f"pages, seed {args.seed}; typeset bed: {', '.join(f.name for f in args.typeset) or 'none'}), "
        f"{trees_of(model)} trees of {TREES['max_leaf_nodes']} leaves; AUC {pooled:.3f} on {len(check)} "
        "articles of odd days."
    )
    print(note, file=sys.stderr)
    if args.write:
        write_model(SPEC, model, note, args.argv, check=([e.cues for e in check[:500]], score[:500]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
