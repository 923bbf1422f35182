"""What the training scripts share: the rebuilt pages they learn from, their
command line, scoring, and writing fitted boosted trees out as plain Python.

The models are scikit-learn's boosted trees (HistGradientBoostingClassifier),
fitted by bench/train_breaks.py, train_standalone_lines.py,
train_headline_runs.py and train_cut_count.py into core/models/. Written out
as nested conditionals they run without scikit-learn, so analysis needs only
the standard library. Each written module names the cues it reads
(FEATURES), how many trees it holds, the scikit-learn that fitted it and the
command that did; pagedesk.core.models checks the names against the code's
when it loads one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

MODELS = Path(__file__).resolve().parents[1] / "core" / "models"


@dataclass
class RebuiltPage:
    """A rebuilt page as the detector's models see it: its units and their
    kinds, its body paragraphs, and the gold article of every line."""

    gold_json: dict
    units: list
    kinds: dict[int, str]
    paras: list[int]
    article: dict[int, str]


def rebuilt_pages(count: int, seed: int, half: str, brief: bool = False) -> Iterator[RebuiltPage]:
    """Pages rebuilt from the corpus (bench.rebuild) with at least two body paragraphs."""
    from bench.rebuild import rebuild_many
    from pagedesk.core.text.page import sanitize

    for _name, text, gold_json in rebuild_many(count, seed, half=half, brief=brief):
        page = _as_seen(sanitize(text), gold_json)
        if page is not None:
            yield page


def typeset_pages(folders: Sequence[Path]) -> Iterator[RebuiltPage]:
    """Typeset pages kept by bench.typeset (--keep), every extractor's text, as
    the models see them. Pages holding a compilation are left out, as the
    text builder's training pages leave compilations out: the corpus keeps a
    compilation's items, each under its own title and byline, as one article,
    which would teach that such a title between two bodies ends nothing.
    Pages read side by side (pdftotext -layout) are left out too: the models
    see lines as the file holds them, and those hold several columns."""
    from pagedesk.core.evaluation import text_path_for
    from pagedesk.core.text.page import read_page_file

    for folder in folders:
        for g in sorted(folder.glob("*.gold.json")):
            gold_json = json.loads(g.read_text(encoding="utf-8"))
            if gold_json.get("style", {}).get("compilations") or "lines_of" in gold_json:
                continue
            text = read_page_file(text_path_for(g))
            page = _as_seen(text, gold_json)
            if page is not None:
                yield page


def _as_seen(text: str, gold_json: dict) -> RebuiltPage | None:
    """A page with its gold as the detector's models see it; None with fewer than two body paragraphs."""
    from pagedesk.core.evaluation import load_gold
    from pagedesk.core.segmentation.kinds import SIGNATURE, unit_kinds
    from pagedesk.core.segmentation.units import PARA, build_units, read_lines
    from pagedesk.core.text.page import LineTable

    table = LineTable.of(text)
    gold = load_gold(gold_json, table)
    units = build_units(read_lines(table))
    kinds = unit_kinds(units)
    paras = [i for i, u in enumerate(units) if u.kind == PARA and kinds.get(i) != SIGNATURE]
    if len(paras) < 2:
        return None
    return RebuiltPage(gold_json, units, kinds, paras, {ln: a.id for a in gold.articles for ln in a.lines})


@dataclass
class ModelSpec:
    """One of the detector's fitted models: where it is written and what it reads."""

    name: str  # the module in core/models/
    script: str  # the bench module that fits it
    features: Sequence[str]  # the cues x holds, in order
    doc: str  # the opening of the written module's docstring
    returns: str  # the docstring of its log_odds

    @property
    def path(self) -> Path:
        return MODELS / f"{self.name}.py"


def arguments(
    doc: str, spec: ModelSpec, pages: int, seed: int, argv: list[str] | None, extra=None
) -> argparse.Namespace:
    """A training script's command line: how many pages, which seed, and --write."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=pages)
    ap.add_argument("--seed", type=int, default=seed)
    if extra:
        extra(ap)
    ap.add_argument("--write", action="store_true", help=f"write core/models/{spec.path.name}")
    args = ap.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    return args


def boosted_trees(script: str):
    """scikit-learn's HistGradientBoostingClassifier, or None once `script`
    has said how to install it."""
    try:
        from sklearn import ensemble
    except ImportError:
        print(f"{script}: error: fitting needs scikit-learn: pip install -e .[train]", file=sys.stderr)
        return None
    return ensemble.HistGradientBoostingClassifier


def auc(scores: list[float], ys: list[int]) -> float:
    pairs = sorted(zip(scores, ys, strict=True))
    pos = sum(ys)
    neg = len(ys) - pos
    rank_sum = 0.0
    for rank, (_, y) in enumerate(pairs, 1):
        if y:
            rank_sum += rank
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg) if pos and neg else float("nan")


def _expression(nodes, node: int = 0) -> str:
    """One fitted tree (scikit-learn's node array) as a nested conditional over x."""
    n = nodes[node]
    if n["is_leaf"]:
        return repr(round(float(n["value"]), 5))
    left, right = _expression(nodes, int(n["left"])), _expression(nodes, int(n["right"]))
    return f"({left} if x[{int(n['feature_idx'])}] <= {float(n['num_threshold'])!r} else {right})"


def write_model(
    spec: ModelSpec, model, note: str, argv: list[str], check: tuple[list[list[float]], list[float]]
) -> None:
    """Write a fitted model as core/models/<name>.py (see `write_trees`) and say so."""
    worst = write_trees(spec, model, note, argv, check)
    print(f"wrote {spec.path} (largest difference from scikit-learn: {worst:.6f})", file=sys.stderr)


def trees_of(model) -> int:
    """How many trees a fitted model holds (early stopping may stop short of max_iter)."""
    return len(model._predictors)


def write_trees(
    spec: ModelSpec, model, note: str, argv: list[str], check: tuple[list[list[float]], list[float]]
) -> float:
    """Write a fitted HistGradientBoostingClassifier as a module with one
    function, log_odds(x), and the record of what it reads and what fitted
    it. The written module must give what the fitted model does: it is
    loaded back and run on `check` (cues, scikit-learn's values); the largest
    difference is returned."""
    import sklearn

    # _predictors and _baseline_prediction are scikit-learn's own fitted trees
    # (leaf values already scaled by the learning rate), which is why the
    # train extra pins scikit-learn; no cue is ever missing
    base = float(model._baseline_prediction.ravel()[0])
    terms = "\n".join(f"        + {_expression(tree[0].nodes)}" for tree in model._predictors)
    command = " ".join(["python -m", spec.script, *argv])
    spec.path.write_text(
        f'"""{spec.doc}\n\n'
        f"Fitted on {note}\n"
        '"""\n\n'
        f"# Generated by `{command}`: do not edit, fit it again.\n"
        "# ruff: noqa\n"
        "# fmt: off\n\n"
        f"COMMAND = {command!r}\n"
        f"SKLEARN = {sklearn.__version__!r}  # the scikit-learn that fitted the trees\n"
        f"TREES = {trees_of(model)}\n"
        f"FEATURES = {tuple(spec.features)!r}  # what x holds, in this order\n\n\n"
        "def log_odds(x: list[float]) -> float:\n"
        f'    """{spec.returns}"""\n'
        "    return (\n"
        f"        {base!r}\n"
        f"{terms}\n"
        "    )\n",
        encoding="utf-8",
    )
    loaded = importlib.util.spec_from_file_location(spec.path.stem, spec.path)
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    xs, expected = check
    return max((abs(module.log_odds(x) - y) for x, y in zip(xs, expected, strict=True)), default=0.0)
