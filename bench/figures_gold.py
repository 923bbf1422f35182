"""Figure extraction scored against hand-annotated corpus articles.

bench/figures_gold.txt holds, for 30 articles of the corpus (15 from each
half of May 2020, drawn at random among those with a dozen numbers or
more), every figure an editor would check, annotated by hand before the
extractor was changed (docs/figures.md gives the rules). It holds article
ids, the figures' own short strings and their labels and periods, never a
sentence of the corpus: the text stays in ../shared.

A third of the articles (drawn at random, marked `held`) are never looked
at while the extractor is worked on; they are scored at the end. Once
scored and read, a held set is spent: `held2` holds 8 more articles (4 from
each half of May, drawn with seed 2027 among those not annotated before),
annotated before the next change and scored once after it; `held3` holds
10 more (5 from each half, seed 2028), annotated before the labeller was
learned from the others; `held4` holds 8 more (4 from each half, seed
2029), annotated without the extractor's output in view, after every
change it judges; `held5` 8 more (seed 2030), the same way, after the
changes its predecessor showed.

    python -m bench.figures_gold [--part dev|held|held2|held3|held4|held5|all] [-v]

Each article's body is read as a page of one article (every paragraph one
line of body text) and its figures extracted; a gold figure is found when
an extracted figure overlaps its span with the right value (for dates and
periods, the right ISO 8601 form).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.fit import auc
from bench.rebuild import CORPUS
from pagedesk.core.editing.state import LOW_FIGURE
from pagedesk.core.evaluation import close_text
from pagedesk.core.result import TIME_KINDS

GOLD = Path(__file__).with_name("figures_gold.txt")


@dataclass
class GoldFigure:
    text: str
    value: str  # a number, LOW..HIGH, or for dates and periods the ISO 8601 form
    unit: str
    kind: str
    label: str  # "?": not scored
    period: str  # "?": not scored
    optional: bool = False
    qualifier: str = ""
    start: int = 0
    end: int = 0


@dataclass
class GoldArticle:
    id: str
    part: str  # dev | held | held2 | held3 | held4 | held5
    figures: list[GoldFigure] = field(default_factory=list)
    not_figures: list[tuple[int, int, str]] = field(default_factory=list)  # traps: nothing may overlap them


def read_gold(path: Path = GOLD) -> list[GoldArticle]:
    """The annotation file: an `@ ID [held|held2|held3|held4|held5]` line per article, then one figure
    a line, `text | value | unit | kind | label | period | extras`, in text
    order; `! text` marks a trap (a number that is not a figure)."""
    articles: list[GoldArticle] = []
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            parts = line[1:].split()
            articles.append(GoldArticle(parts[0], parts[1] if len(parts) > 1 else "dev"))
            continue
        if line.startswith("!"):
            articles[-1].not_figures.append((0, 0, line[1:].strip()))
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 6:
            raise SystemExit(f"{path.name}:{no}: a figure needs text | value | unit | kind | label | period")
        extras = cells[6].split() if len(cells) > 6 else []
        qualifier = next((e[2:] for e in extras if e.startswith("q=")), "")
        articles[-1].figures.append(GoldFigure(*cells[:6], optional="opt" in extras, qualifier=qualifier))
    return articles


def _corpus() -> dict[str, dict]:
    with CORPUS.open(encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, f)}


def locate(article: GoldArticle, body: str) -> None:
    """Give each figure (and trap) its span in the body: the next place its
    text stands after the one before."""
    pos = 0
    for f in article.figures:
        at = body.find(f.text, pos)
        if at < 0:
            raise SystemExit(f"{article.id}: {f.text!r} not found after offset {pos}")
        f.start, f.end = at, at + len(f.text)
        pos = f.end
    traps = []
    pos = 0
    for _, _, text in article.not_figures:
        at = body.find(text, pos)
        if at < 0:
            at = body.find(text)
        if at < 0:
            raise SystemExit(f"{article.id}: trap {text!r} not found")
        traps.append((at, at + len(text), text))
        pos = at + 1
    article.not_figures = traps


@dataclass
class Found:
    """An extracted figure, in the body's offsets."""

    start: int
    end: int
    text: str
    value: str
    unit: str
    kind: str
    label: str
    period: str
    confidence: float = 0.5


def extract(body: str, date: str) -> list[Found]:
    """The extractor run on the body as one article's text, one paragraph a line."""
    from pagedesk.core.figures.extract import extract_figures
    from pagedesk.core.lines import roles as R
    from pagedesk.core.text.page import LineTable

    table = LineTable.of(body)
    lines = range(1, len(table) + 1)
    page_date = f"{date[:4]}-{date[4:6]}-{date[6:8]}"
    figures = extract_figures(table, {ln: 0 for ln in lines}, {ln: R.BODY for ln in lines}, page_date)
    out = []
    for f in figures:
        value = f.iso if f.kind in TIME_KINDS and f.iso else _number(f.value)
        low, high = f.low, f.high
        if f.kind not in TIME_KINDS and low is not None and high is not None and low != high:
            value = f"{_number(low)}..{_number(high)}"
        out.append(Found(f.start, f.end, f.text, value, f.unit, f.kind, f.label, f.period, f.confidence))
    return out


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def same_value(gold: str, found: str) -> bool:
    """The gold's value, at the precision it is written to (2/3 is written 66.67)."""
    if gold == found:
        return True
    try:
        if ".." in gold or ".." in found:
            return [float(x) for x in gold.split("..")] == [float(x) for x in found.split("..")]
        g, f = float(gold), float(found)
        if abs(g - f) <= 1e-9 * max(1.0, abs(g)):
            return True
        places = len(gold.partition(".")[2])
        return places >= 2 and round(f, places) == g
    except ValueError:
        return False


@dataclass
class Score:
    gold: int = 0  # required gold figures
    found: int = 0  # of them, found with the right value
    extracted: int = 0  # extracted figures that are not on an optional gold figure
    right: int = 0  # of them, on a gold figure with the right value
    labels: int = 0
    labels_right: int = 0
    periods: int = 0
    periods_right: int = 0
    traps_hit: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [gold, found]
    # the confidence of each extracted figure, and whether an editor would
    # find it right: the right value, and its label and period where the gold gives them
    judged: list[tuple[float, bool]] = field(default_factory=list)


def _all_right(g: GoldFigure, f: Found) -> bool:
    """Nothing for the editor to mend: the value, and the label and period the gold gives."""
    if not same_value(g.value, f.value):
        return False
    if g.kind in TIME_KINDS:
        return True
    return (g.label == "?" or close_text(g.label, f.label)) and (g.period == "?" or close_text(g.period, f.period))


def score(articles: list[GoldArticle], verbose: bool = False) -> Score:
    rows = _corpus()
    s = Score()
    for art in articles:
        row = rows[art.id]
        locate(art, row["body"])
        got = extract(row["body"], row["date"])
        used: set[int] = set()
        for g in art.figures:
            hits = [k for k, f in enumerate(got) if f.start < g.end and g.start < f.end]
            good = [k for k in hits if same_value(g.value, got[k].value)]
            used.update(hits)
            if g.optional:
                continue
            s.gold += 1
            tally = s.by_kind.setdefault(g.kind, [0, 0])
            tally[0] += 1
            if good:
                s.found += 1
                tally[1] += 1
                f = got[good[0]]
                if g.kind not in TIME_KINDS:
                    if g.label != "?":
                        s.labels += 1
                        s.labels_right += close_text(g.label, f.label)
                        if verbose and not close_text(g.label, f.label):
                            s.wrong.append(f"{art.id} {g.text}: label {f.label!r}, not {g.label!r}")
                    if g.period != "?":
                        s.periods += 1
                        s.periods_right += close_text(g.period, f.period)
                        if verbose and not close_text(g.period, f.period):
                            s.wrong.append(f"{art.id} {g.text}: period {f.period!r}, not {g.period!r}")
            else:
                seen = ", ".join(f"{got[k].text}={got[k].value}" for k in hits) or "nothing"
                s.misses.append(f"{art.id} {g.text} = {g.value} {g.unit} {g.kind}: got {seen}")
        optional_spans = [(g.start, g.end) for g in art.figures if g.optional]
        for k, f in enumerate(got):
            if any(f.start < b and a < f.end for a, b in optional_spans) and not any(
                f.start < g.end and g.start < f.end for g in art.figures if not g.optional
            ):
                continue
            s.extracted += 1
            on = [g for g in art.figures if not g.optional and f.start < g.end and g.start < f.end]
            s.judged.append((f.confidence, any(_all_right(g, f) for g in on)))
            if any(same_value(g.value, f.value) for g in on):
                s.right += 1
            elif k not in used or on:
                s.wrong.append(f"{art.id} extra {f.text} = {f.value} {f.unit} {f.kind}")
        for a, b, text in art.not_figures:
            if any(f.start < b and a < f.end for f in got):
                s.traps_hit += 1
                s.wrong.append(f"{art.id} trap {text} read as a figure")
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["dev", "held", "held2", "held3", "held4", "held5", "all"], default="dev")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    articles = read_gold()
    if args.part != "all":
        articles = [a for a in articles if a.part == args.part]
    s = score(articles, args.verbose)
    n = sum(1 for a in articles for g in a.figures if not g.optional)
    print(f"{len(articles)} articles ({args.part}), {n} figures")
    print(f"  recall     {s.found / max(1, s.gold):.3f}  ({s.found}/{s.gold} with the right value)")
    print(f"  precision  {s.right / max(1, s.extracted):.3f}  ({s.right}/{s.extracted})")
    print(f"  label      {s.labels_right / max(1, s.labels):.3f}  ({s.labels_right}/{s.labels})")
    print(f"  period     {s.periods_right / max(1, s.periods):.3f}  ({s.periods_right}/{s.periods})")
    print(f"  traps read as figures: {s.traps_hit}")
    wrong = [c for c, ok in s.judged if not ok]
    right = [c for c, ok in s.judged if ok]
    print(
        f"  confidence below {LOW_FIGURE}: {sum(c < LOW_FIGURE for c in wrong)}/{len(wrong)} of the figures with "
        f"something to mend, {sum(c < LOW_FIGURE for c in right)}/{len(right)} of those right "
        f"(AUC {auc([c for c, _ in s.judged], [int(ok) for _, ok in s.judged]):.3f})"
    )
    for kind, (g, f) in sorted(s.by_kind.items()):
        print(f"  {kind:8} recall {f / max(1, g):.3f} ({f}/{g})")
    if args.verbose:
        for m in s.misses:
            print("miss  ", m)
        for w in s.wrong:
            print("wrong ", w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
