"""Fit the cut-count model (core/segmentation/cut_count.py) and write core/models/cut_count.py.

Every page rebuilt from even days of the corpus (the dev half) is analysed
once; each break the cut count weighs (the most likely first, up to MAX_DOUBTFUL
below even odds) is an example, with the page's cues and the break's
(`cut_count.FEATURES`) and whether an article truly ends there. The model is
then checked on pages from odd days (the test half), which it never saw:
each is analysed with every count of breaks cut the cut count may choose, and
the line-pair F1 of the model's choice is reported against cutting the
breaks above even odds and against the best choice of each page.

The pages are analysed with the line, break and link models as they are:
fit this again after fitting any of them. Fitting needs scikit-learn
(`pip install -e .[train]`):

    python -m bench.train_cut_count --write
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor

from bench.fit import ModelSpec, arguments, auc, boosted_trees, trees_of, write_model
from bench.rebuild import rebuild_many
from pagedesk.core import analyze_page
from pagedesk.core.evaluation import load_gold, score_page
from pagedesk.core.segmentation import cuts
from pagedesk.core.segmentation.cut_count import FEATURES, CutCountPage, cut_count
from pagedesk.core.text.page import LineTable, sanitize

SPEC = ModelSpec(
    "cut_count",
    "bench.train_cut_count",
    FEATURES,
    "The cut-count model: boosted decision trees over the cues of\n"
    "`segmentation.cut_count.FEATURES`, written out as Python so that\n"
    "analysis needs no scikit-learn.",
    "Log-odds that this break, in the light of its page, ends an article.",
)
TREES = dict(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0, random_state=0)


def _analysed(text: str, count: int | None = None) -> tuple[CutCountPage | None, object]:
    """The page's analysis with `count` breaks cut (None: as the cut count would
    have it, unfitted: the breaks above even odds), and the page the cut count saw."""
    seen: list[CutCountPage] = []

    def stand_in(page: CutCountPage) -> list[float]:
        # log-odds whose best run is the count wanted
        seen.append(page)
        k = page.likely if count is None else count
        return [1.0] * k + [-1.0] * (page.considered - k)

    cuts.weigh = stand_in  # this process only (a worker of the pool)
    # the count is what is asked for here: the reading of headlines in order
    # (cuts._aligned) would choose its own on pages whose headlines stand
    # at the end; the cut count is scored, as it is fitted, without it
    cuts._aligned = lambda *args: None
    analysis = analyze_page(text)
    return (seen[0] if seen else None), analysis


def _labels(page: CutCountPage | None, gold) -> list[int]:
    """For each break the cut count weighs, whether an article ends there."""
    if page is None:
        return []
    article = {ln: a.id for a in gold.articles for ln in a.lines}
    return [int(article.get(above) != article.get(below)) for above, below in page.at[: page.considered]]


def _labelled(item: tuple[str, str, dict]) -> tuple[CutCountPage | None, list[int]]:
    """The page the cut count sees, and for each break it weighs whether an article ends there."""
    _name, text, gold_json = item
    text = sanitize(text)
    page, _ = _analysed(text)
    return page, _labels(page, load_gold(gold_json, LineTable.of(text)))


def _scored(item: tuple[str, str, dict]) -> tuple[CutCountPage | None, dict[int, float], list[int]]:
    """The page the cut count sees, its line-pair F1 with each count of breaks cut
    it may choose, and its breaks' labels (as `_labelled`)."""
    _name, text, gold_json = item
    text = sanitize(text)
    gold = load_gold(gold_json, LineTable.of(text))
    page, analysis = _analysed(text)
    if page is None:
        return None, {0: score_page(analysis, gold).pair_f1}, []
    f1s = {k: score_page(_analysed(text, k)[1], gold).pair_f1 for k in range(page.considered + 1)}
    return page, f1s, _labels(page, gold)


def _map(fn, count: int, seed: int, half: str) -> list:
    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(fn, rebuild_many(count, seed, half=half), chunksize=8))


def examples(rows: list[tuple[CutCountPage | None, list[int]]]) -> tuple[list[list[float]], list[int]]:
    xs, ys = [], []
    for page, labels in rows:
        for i, y in enumerate(labels):
            xs.append(page.features(i))
            ys.append(y)
    return xs, ys


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, SPEC, 1600, 101, argv, lambda ap: ap.add_argument("--test-pages", type=int, default=200))
    fitter = boosted_trees(SPEC.script)
    if fitter is None:
        return 2
    xs, ys = examples(_map(_labelled, args.pages, args.seed, "dev"))
    print(f"dev: {len(ys)} breaks weighed, {sum(ys)} of them boundaries", file=sys.stderr)
    model = fitter(**TREES).fit(xs, ys)
    test = _map(_scored, args.test_pages, args.seed + 1, "test")

    def log_odds(x: list[float]) -> float:
        return float(model.decision_function([x])[0])

    n = len(test)
    chosen = sum(f1s[cut_count(p, log_odds) if p else 0] for p, f1s, _ in test) / n
    likely = sum(f1s[p.likely if p else 0] for p, f1s, _ in test) / n
    best = sum(max(f1s.values()) for _, f1s, _ in test) / n
    tx, ty = examples([(p, labels) for p, _, labels in test])
    note = (
        f"{len(ys)} breaks of {args.pages} dev pages (even days, seed {args.seed}), "
        f"{trees_of(model)} trees of {TREES['max_leaf_nodes']} leaves; test AUC "
        f"{auc([log_odds(x) for x in tx], ty):.4f}; on {n} odd-day pages line-pair F1 {chosen:.4f} (cutting the "
        f"breaks above even odds {likely:.4f}, the best count of each page {best:.4f})."
    )
    print(note, file=sys.stderr)
    if args.write:
        write_model(SPEC, model, note, args.argv, check=(xs[:300], [log_odds(x) for x in xs[:300]]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
