"""Fit the label model (core/figures/labels.py) and write core/models/figure_labels.py.

The examples are the figures annotated by hand: those of the corpus
articles in bench/figures_gold.txt (parts dev, held and held2) and those of
the sample pages whose gold gives a label. Each figure's candidates are
read as analysis reads them (the rules' label among them), and a candidate
is right when it is the gold label or differs from it as the scoring allows
(`close_text`). The articles of part held3 are never fitted on: they judge
the model once it is written (`python -m bench.figures_gold --part held3`).

    python -m bench.train_labels [--write]

It prints, out of fold (five folds, an article's or a page's figures kept
together), the share of figures whose picked label is right, for each part,
beside the rules' label on the same figures.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import figures_gold
from bench.fit import ModelSpec, boosted_trees, trees_of, write_model
from pagedesk.core import analyze_page
from pagedesk.core.evaluation import close_text, load_gold, read_gold_file, text_path_for
from pagedesk.core.figures import extract
from pagedesk.core.figures.context import label_of
from pagedesk.core.figures.labels import FEATURES, Candidate, Place, candidates
from pagedesk.core.result import TIME_KINDS
from pagedesk.core.text.page import LineTable, read_page_file

SPEC = ModelSpec(
    "figure_labels",
    "bench.train_labels",
    FEATURES,
    "The label model: boosted decision trees over the cues of\n"
    "`figures.labels.FEATURES`, written out as Python so that analysis needs\n"
    "no scikit-learn.",
    "Log-odds that a candidate with these cues (in FEATURES order) names what its figure counts or measures.",
)
# few and small trees: a figure has some eight candidates, and the label
# must stay within the analysis budget; more or larger trees scored no better out of fold
TREES = dict(
    max_iter=10, learning_rate=0.2, max_leaf_nodes=5, l2_regularization=1.0, min_samples_leaf=10, random_state=0
)
FIT_PARTS = ("dev", "held", "held2")
SAMPLES = Path(__file__).resolve().parents[1] / "sample_pages"


@dataclass
class Example:
    """One annotated figure and what the labeller sees of it."""

    group: str  # its article or page: the folds keep them together
    part: str  # dev | held | held2 | sample
    gold: str
    rule: str  # the rules' label
    candidates: list[Candidate]

    def right(self, text: str) -> bool:
        return close_text(self.gold, text)


@contextmanager
def _recording() -> Iterator[dict[tuple[int, int], tuple[str, list[Candidate]]]]:
    """While inside, analysis labels figures by the rules and records, by the
    figure's span in the page, the rules' label and the candidates."""
    seen: dict[tuple[int, int], tuple[str, list[Candidate]]] = {}
    original = extract.label_for

    def record(place: Place) -> tuple[str, float]:
        rule = label_of(place.text, place.i, place.j, place.kind, place.previous_end, place.next_start, place.unit)
        seen[place.span] = (rule, candidates(place, rule))
        return rule, 0.0

    extract.label_for = record
    try:
        yield seen
    finally:
        extract.label_for = original


def _example(seen, start: int, end: int, gold: str, group: str, part: str) -> Example | None:
    for (a, b), (rule, cands) in seen.items():
        if a < end and start < b:
            return Example(group, part, gold, rule, cands)
    return None


def corpus_examples(parts: tuple[str, ...] = FIT_PARTS) -> list[Example]:
    rows = figures_gold._corpus()
    out = []
    for art in figures_gold.read_gold():
        if art.part not in parts:
            continue
        row = rows[art.id]
        figures_gold.locate(art, row["body"])
        with _recording() as seen:
            figures_gold.extract(row["body"], row["date"])
        for g in art.figures:
            if g.optional or g.kind in TIME_KINDS or g.label == "?":
                continue
            if ex := _example(seen, g.start, g.end, g.label, art.id, art.part):
                out.append(ex)
    return out


def sample_examples(folder: Path = SAMPLES) -> list[Example]:
    out = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        text = read_page_file(text_path_for(gold_path))
        gold = load_gold(read_gold_file(gold_path), LineTable.of(text))
        with _recording() as seen:
            analyze_page(text)
        for g in gold.figures or []:
            if g.optional or not g.label or g.label == "?":
                continue
            if ex := _example(seen, g.start, g.end, g.label, gold_path.name, "sample"):
                out.append(ex)
    return out


def _fit(examples: list[Example]):
    trees = boosted_trees(SPEC.script)
    xs = [list(c.cues) for ex in examples for c in ex.candidates]
    ys = [int(ex.right(c.text)) for ex in examples for c in ex.candidates]
    return trees(**TREES).fit(xs, ys), xs


def _pick(model, ex: Example) -> str:
    if not ex.candidates:
        return ""
    scores = model.decision_function([list(c.cues) for c in ex.candidates])
    return ex.candidates[max(range(len(scores)), key=lambda k: scores[k])].text


def out_of_fold(examples: list[Example], folds: int = 5) -> list[str]:
    """Each example's pick by a model fitted without its article or page."""
    from sklearn.model_selection import GroupKFold

    picks = [""] * len(examples)
    groups = [ex.group for ex in examples]
    for fit_on, judged in GroupKFold(n_splits=folds).split(examples, groups=groups):
        model, _ = _fit([examples[k] for k in fit_on])
        for k in judged:
            picks[k] = _pick(model, examples[k])
    return picks


def report(examples: list[Example], picks: list[str]) -> None:
    total, right, rules = Counter(), Counter(), Counter()
    for ex, got in zip(examples, picks, strict=True):
        for part in (ex.part, "all"):
            total[part] += 1
            right[part] += ex.right(got)
            rules[part] += ex.right(ex.rule)
    print("label right, out of fold (the rules' label on the same figures):")
    for part in sorted(total, key=lambda p: (p == "all", p)):
        n = total[part]
        print(f"  {part:7} {right[part] / n:.3f} ({right[part]}/{n})   rules {rules[part] / n:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help=f"write core/models/{SPEC.path.name}")
    args = ap.parse_args(argv)
    if boosted_trees(SPEC.script) is None:
        return 1
    examples = corpus_examples() + sample_examples()
    report(examples, out_of_fold(examples))
    if args.write:
        model, xs = _fit(examples)
        note = (
            f"{len(examples)} hand-annotated figures ({sum(len(ex.candidates) for ex in examples)} candidates) "
            f"of bench/figures_gold.txt's parts {', '.join(FIT_PARTS)} and the sample pages, "
            f"{trees_of(model)} trees of {TREES['max_leaf_nodes']} leaves."
        )
        write_model(
            SPEC,
            model,
            note,
            list(sys.argv[1:] if argv is None else argv),
            (xs[:500], list(model.decision_function(xs[:500]))),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
