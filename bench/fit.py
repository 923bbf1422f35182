"""Helpers for fitting the detector's small models: scoring, and writing
fitted boosted trees out as plain Python.

The models are scikit-learn's boosted trees (HistGradientBoostingClassifier,
and the Regressor for the fill), fitted by bench/train_gaps.py,
bench/train_lines.py and bench/train_fill.py. Written out as nested
conditionals they run without scikit-learn, so analysis needs only the
standard library.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


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
    from pagedesk.core.evaluation import load_gold
    from pagedesk.core.segmentation.segment import SIGNATURE, _kinds
    from pagedesk.core.text.page import LineTable, sanitize
    from pagedesk.core.segmentation.units import PARA, build_units, read_lines

    for _name, text, gold_json in rebuild_many(count, seed, half=half, brief=brief):
        table = LineTable.of(sanitize(text))
        gold = load_gold(gold_json, table)
        units = build_units(read_lines(table))
        kinds = _kinds(units)
        paras = [i for i, u in enumerate(units) if u.kind == PARA and kinds.get(i) != SIGNATURE]
        if len(paras) >= 2:
            yield RebuiltPage(gold_json, units, kinds, paras, {ln: a.id for a in gold.articles for ln in a.lines})


def boosted_trees(kind: str, script: str):
    """scikit-learn's estimator `kind` (HistGradientBoostingClassifier or
    ...Regressor), or None once `script` has said how to install it."""
    try:
        from sklearn import ensemble
    except ImportError:
        print(f"{script}: error: fitting needs scikit-learn: pip install -e .[train]", file=sys.stderr)
        return None
    return getattr(ensemble, kind)


def auc(scores: list[float], ys: list[int]) -> float:
    pairs = sorted(zip(scores, ys))
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


def write_trees(path: Path, model, doc: str, returns: str, note: str, check: tuple[list[list[float]], list[float]],
                name: str = "log_odds") -> float:
    """Write a fitted HistGradientBoostingClassifier (or Regressor) as a
    module with one function, `name`(x). `doc` opens the module's docstring,
    `returns` is the function's. The written module must give what the fitted
    model does: it is loaded back and run on `check` (cues, scikit-learn's
    values); the largest difference is returned."""
    # _predictors and _baseline_prediction are scikit-learn's own fitted trees
    # (leaf values already scaled by the learning rate); no cue is ever missing
    base = float(model._baseline_prediction.ravel()[0])
    terms = "\n".join(f"        + {_expression(tree[0].nodes)}" for tree in model._predictors)
    path.write_text(
        f'"""{doc}\n\n'
        f"Written by {note}\n"
        '"""\n\n'
        "# ruff: noqa\n"
        "# fmt: off\n\n\n"
        f"def {name}(x: list[float]) -> float:\n"
        f'    """{returns}"""\n'
        "    return (\n"
        f"        {base!r}\n"
        f"{terms}\n"
        "    )\n",
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = getattr(module, name)
    xs, expected = check
    return max((abs(written(x) - y) for x, y in zip(xs, expected)), default=0.0)
