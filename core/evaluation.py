"""Scoring an analysis against gold (the format of ../shared/seed/*.gold.json).

Metrics, per page and over many pages:

- line-pair F1: over all pairs of lines, do they share an article? (Lines in
  no article pair with nothing.) Overall: the mean of the page scores.
- articles exact: gold articles whose set of lines the analysis reproduces.
- headline attachment: gold headline lines that land in the article holding
  most of their article's body.
- figure precision/recall: a figure matches a gold one when their spans
  overlap and their values are equal. Optional gold figures are neither
  required nor counted wrong. Pages whose gold has no `figures` key are not
  scored on figures.
- head roles: gold headline/kicker/subtitle lines the analysis gives a
  headline role.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pagedesk.core.lines.roles import HEAD_ROLES
from pagedesk.core.reading_order import reading_text
from pagedesk.core.result import PageAnalysis
from pagedesk.core.text.page import LineTable

READING_ORDER = "reading order"  # `lines_of` of a gold that counts the lines in reading order


class GoldError(ValueError):
    pass


@dataclass
class GoldFigure:
    article: str
    start: int
    end: int
    value: float
    optional: bool
    text: str
    # scored where the gold gives them (None: not scored)
    label: str | None = None
    period: str | None = None
    iso: str | None = None


@dataclass
class GoldArticle:
    id: str
    lines: set[int]
    body: set[int]
    headline_lines: list[int]


@dataclass
class Gold:
    articles: list[GoldArticle]
    non_article: set[int]
    figures: list[GoldFigure] | None
    lines: tuple[str, ...] = ()  # the page's lines, as the gold's line numbers count them


def text_path_for(gold_path: Path) -> Path:
    name = gold_path.name
    if not name.endswith(".gold.json"):
        raise GoldError(f"{gold_path}: a gold file is named PAGE.gold.json, beside PAGE.txt")
    return gold_path.with_name(name[: -len(".gold.json")] + ".txt")


_ROLE_KEYS = (
    "headline_lines",
    "kicker_lines",
    "subtitle_lines",
    "byline_lines",
    "subhead_lines",
    "dateline_lines",
    "caption_lines",
    "signature_lines",
)


def load_gold(data: dict, table: LineTable) -> Gold:
    """The gold of a page, checked against it: GoldError (one line, naming
    the field) for anything that is not the gold format or not this page's.
    A gold whose `lines_of` is "reading order" counts the lines of the page
    as the analysis puts them back in order (columns side by side rewritten
    one after another), not as the file holds them."""
    if data.get("lines_of") == READING_ORDER:
        table = LineTable.of(reading_text(table.text)[0])
    check = _GoldCheck(len(table))
    nonblank = set(table.nonblank())
    arts = []
    for k, a in enumerate(check.items(data, "articles")):
        where = f"articles[{k}]"
        if not isinstance(a, dict):
            raise GoldError(f'{where}: an article is an object with its lines, e.g. {{"body_ranges": [[3, 20]]}}')
        body: set[int] = set()
        for r, pair in enumerate(check.items(a, "body_ranges", where)):
            lo, hi = check.line_range(pair, f"{where}.body_ranges[{r}]")
            body.update(n for n in range(lo, hi + 1) if n in nonblank)
        lines = set(body)
        for key in _ROLE_KEYS:
            lines.update(check.lines(a, key, where))
        heads = sorted(
            set(check.lines(a, "headline_lines", where))
            | set(check.lines(a, "kicker_lines", where))
            | set(check.lines(a, "subtitle_lines", where))
        )
        arts.append(GoldArticle(str(a.get("id", len(arts))), lines, body, heads))
    figures = None
    if "figures" in data:
        figures = [check.figure(f, f"figures[{k}]", table) for k, f in enumerate(check.items(data, "figures"))]
    return Gold(arts, set(check.lines(data, "non_article_lines", "the gold")), figures, table.lines)


class _GoldCheck:
    """The shapes a gold file's fields must have, each said in one line when wrong."""

    def __init__(self, n_lines: int):
        self.n = n_lines

    def items(self, obj: dict, key: str, where: str = "the gold") -> list:
        got = obj.get(key, [])
        if not isinstance(got, list):
            raise GoldError(f"{where}.{key}: expected a list")
        return got

    def line(self, value, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= self.n:
            raise GoldError(f"{where}: {value!r} is not a line of this page (1 to {self.n})")
        return value

    def lines(self, obj: dict, key: str, where: str) -> list[int]:
        return [self.line(v, f"{where}.{key}") for v in self.items(obj, key, where)]

    def line_range(self, pair, where: str) -> tuple[int, int]:
        if not isinstance(pair, list) or len(pair) != 2:
            raise GoldError(f"{where}: expected [first, last] line numbers")
        lo, hi = self.line(pair[0], where), self.line(pair[1], where)
        if lo > hi:
            raise GoldError(f"{where}: the first line {lo} comes after the last {hi}")
        return lo, hi

    def figure(self, f, where: str, table: LineTable) -> GoldFigure:
        if not isinstance(f, dict):
            raise GoldError(f"{where}: a figure is an object with its line and text, or start and end")
        value = f.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise GoldError(f"{where}.value: expected a number, got {value!r}")
        text = f.get("text", "")
        if not isinstance(text, str):
            raise GoldError(f"{where}.text: expected the figure's text as a string")
        if "start" in f and "end" in f:
            start, end = f["start"], f["end"]
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)) or not (
                0 <= start < end <= len(table.text)
            ):
                raise GoldError(f"{where}: start and end must be offsets into the page (0 to {len(table.text)})")
        else:
            base = table.start(self.line(f.get("line"), f"{where}.line"))
            if not text:
                raise GoldError(f"{where}: give the figure's text (or its start and end)")
            start = table.text.find(text, base)
            if start < 0:
                raise GoldError(f"gold figure {text!r} not found from line {f['line']}")
            end = start + len(text)
        named = {}
        for name in ("label", "period", "iso"):
            if name in f:
                if not isinstance(f[name], str):
                    raise GoldError(f'{where}.{name}: expected a string ("" for none), got {f[name]!r}')
                named[name] = f[name]
        return GoldFigure(str(f.get("a", "")), start, end, float(value), bool(f.get("optional")), text, **named)


@dataclass
class Score:
    """One page (or pages) against gold: counts, each rate beside the counts it is made of."""

    # line pairs that share an article: in both, in the analysis, in the gold
    pair_tp: int = 0
    pair_pred: int = 0
    pair_gold: int = 0

    @property
    def pair_f1(self) -> float:
        return _share(2 * self.pair_tp, self.pair_pred + self.pair_gold)

    articles: int = 0  # gold articles
    articles_exact: int = 0  # ... recovered line for line
    exact_rate = property(lambda self: _share(self.articles_exact, self.articles))

    headlines: int = 0  # gold headline lines
    headlines_attached: int = 0  # ... in the article holding most of their body
    head_roles: int = 0  # ... given a headline role
    attachment = property(lambda self: _share(self.headlines_attached, self.headlines))
    head_role_rate = property(lambda self: _share(self.head_roles, self.headlines))

    figures_scored: bool = False  # the gold lists figures
    fig_gold: int = 0  # gold figures (optional ones aside)
    fig_found: int = 0  # ... found with their value
    fig_recall = property(lambda self: _share(self.fig_found, self.fig_gold))
    fig_pred: int = 0  # figures found (those on optional gold aside)
    fig_pred_ok: int = 0  # ... that are gold figures with their value
    fig_precision = property(lambda self: _share(self.fig_pred_ok, self.fig_pred))
    # of the gold figures found that give a label, period or ISO form: how many agree
    fig_labels: int = 0
    fig_labels_ok: int = 0
    fig_periods: int = 0
    fig_periods_ok: int = 0
    fig_isos: int = 0
    fig_isos_ok: int = 0
    label_rate = property(lambda self: _share(self.fig_labels_ok, self.fig_labels))
    period_rate = property(lambda self: _share(self.fig_periods_ok, self.fig_periods))
    iso_rate = property(lambda self: _share(self.fig_isos_ok, self.fig_isos))

    misses: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = {
            "line_pair_f1": round(self.pair_f1, 4),
            "articles": self.articles,
            "articles_exact": self.articles_exact,
            "headline_attachment": round(self.attachment, 4),
            "head_roles": round(self.head_role_rate, 4),
        }
        if self.figures_scored:
            d.update(figure_precision=round(self.fig_precision, 4), figure_recall=round(self.fig_recall, 4))
            for name, n, rate in (("label", self.fig_labels, self.label_rate), ("period", self.fig_periods,
                                  self.period_rate), ("iso", self.fig_isos, self.iso_rate)):  # fmt: skip
                if n:
                    d[f"figure_{name}"] = round(rate, 4)
        return d


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _squeezed(line: str) -> str:
    return "".join(line.split())


def line_origins(read: tuple[str, ...], rewritten: tuple[str, ...]) -> dict[int, int]:
    """Each non-blank line of a page's rewritten text (1-based) → the line of
    the text as read that it came from. The reading order moves whole lines
    (untangling columns read across) or cuts one line in two (two headlines
    printed on one line): a line is the same text, or a piece of one. Among
    equal lines the nearest unused one is taken."""
    places: dict[str, list[int]] = {}
    for no, line in enumerate(read, 1):
        if s := _squeezed(line):
            places.setdefault(s, []).append(no)
    used: set[int] = set()
    out: dict[int, int] = {}
    last = 1
    for no, line in enumerate(rewritten, 1):
        s = _squeezed(line)
        if not s:
            continue
        free = [n for n in places.get(s, ()) if n not in used]
        if free:
            last = out[no] = min(free, key=lambda n: abs(n - no))
            used.add(last)
            continue
        holders = [n for n, whole in enumerate(read, 1) if s in _squeezed(whole)]
        if holders:  # a piece of a line: the one nearest the line placed last
            last = out[no] = min(holders, key=lambda n: abs(n - last))
    return out


def _as_read(by_line: dict[int, object], origin: dict[int, int] | None) -> dict:
    """A mapping by line of the analysis, keyed by the gold's lines instead
    (the first of two pieces of one line speaks for it)."""
    if origin is None:
        return by_line
    out: dict = {}
    for ln, v in sorted(by_line.items()):
        if ln in origin:
            out.setdefault(origin[ln], v)
    return out


def _origins(analysis: PageAnalysis, gold: Gold) -> dict[int, int] | None:
    """The analysis counts the lines of its text in reading order
    (`PageAnalysis.text`); where that order differs from the text as read,
    which the gold counts, each line is taken back to where it was read."""
    if not analysis.reordered or not gold.lines:
        return None
    rewritten = LineTable.of(analysis.text).lines
    return None if rewritten == gold.lines else line_origins(gold.lines, rewritten)


def articles_as_read(analysis: PageAnalysis, gold: Gold) -> dict[int, int]:
    """The analysis's article (its index) of each line, the lines counted as the gold counts them."""
    return _as_read(analysis.article_of_line(), _origins(analysis, gold))


def score_page(analysis: PageAnalysis, gold: Gold) -> Score:
    sc = Score()
    origin = _origins(analysis, gold)
    pred_of = _as_read(analysis.article_of_line(), origin)
    gold_of = {ln: a.id for a in gold.articles for ln in a.lines}
    both = Counter((gold_of[ln], pred_of[ln]) for ln in gold_of if ln in pred_of)
    sc.pair_tp = sum(_pairs(n) for n in both.values())
    sc.pair_gold = sum(_pairs(len(a.lines)) for a in gold.articles)
    members = Counter(pred_of.values())
    sc.pair_pred = sum(_pairs(n) for n in members.values())

    pred_sets = {frozenset(ln for ln, a in pred_of.items() if a == k) for k in members}
    roles = _as_read({ln: r for a in analysis.articles for ln, r in a.roles.items()}, origin)
    for ga in gold.articles:
        sc.articles += 1
        if frozenset(ga.lines) in pred_sets:
            sc.articles_exact += 1
        holder = Counter(pred_of[ln] for ln in ga.body if ln in pred_of).most_common(1)
        home = holder[0][0] if holder else None
        for ln in ga.headline_lines:
            sc.headlines += 1
            if home is not None and pred_of.get(ln) == home:
                sc.headlines_attached += 1
            else:
                sc.misses.append(f"headline line {ln} not with its body")
            if roles.get(ln) in HEAD_ROLES:
                sc.head_roles += 1

    if gold.figures is not None:
        sc.figures_scored = True
        required = [g for g in gold.figures if not g.optional]
        sc.fig_gold = len(required)
        matched_gold: set[int] = set()
        for f in analysis.figures:
            hit = None
            optional_hit = False
            for k, g in enumerate(gold.figures):
                if f.start < g.end and g.start < f.end:
                    if g.optional:
                        optional_hit = True
                    elif k not in matched_gold and abs(float(f.value) - g.value) <= 1e-6 * max(1.0, abs(g.value)):
                        hit = k
                        break
            if hit is not None:
                matched_gold.add(hit)
                sc.fig_pred += 1
                sc.fig_pred_ok += 1
                _score_fields(sc, f, gold.figures[hit])
            elif optional_hit:
                continue
            else:
                sc.fig_pred += 1
                sc.misses.append(f"figure {f.text!r} (line {f.line}, {f.value}) not in gold")
        sc.fig_found = len(matched_gold)
        for k, g in enumerate(gold.figures):
            if not g.optional and k not in matched_gold:
                sc.misses.append(f"gold figure {g.text!r} ({g.value}) missed")
    return sc


def close_text(gold: str, found: str) -> bool:
    """A label or period is right when it is the same, or one holds the other
    and they differ by at most two characters (企业 for 集聚企业)."""
    gold, found = gold.strip(), found.strip()
    if gold == found:
        return True
    short, long = sorted((gold, found), key=len)
    return len(short) >= 2 and short in long and len(long) - len(short) <= 2


def _score_fields(sc: Score, f, g: GoldFigure) -> None:
    """A found figure's label, period and ISO form against the gold's, where it gives them."""
    for name, count, right, same in (
        ("label", "fig_labels", "fig_labels_ok", close_text),
        ("period", "fig_periods", "fig_periods_ok", close_text),
        ("iso", "fig_isos", "fig_isos_ok", str.__eq__),
    ):
        want, got = getattr(g, name), getattr(f, name)
        if want is None:
            continue
        setattr(sc, count, getattr(sc, count) + 1)
        if same(want, got):
            setattr(sc, right, getattr(sc, right) + 1)
        else:
            sc.misses.append(f"figure {g.text!r}: {name.replace('iso', 'ISO')} {got!r}, not {want!r}")


def combine(scores: list[Score]) -> dict:
    if not scores:
        return {}
    total = Score()
    for s in scores:
        for name in (
            "articles",
            "articles_exact",
            "headlines",
            "headlines_attached",
            "head_roles",
            "fig_gold",
            "fig_found",
            "fig_pred",
            "fig_pred_ok",
            "fig_labels",
            "fig_labels_ok",
            "fig_periods",
            "fig_periods_ok",
            "fig_isos",
            "fig_isos_ok",
        ):
            setattr(total, name, getattr(total, name) + getattr(s, name))
        total.figures_scored |= s.figures_scored
    d = total.as_dict()
    d["line_pair_f1"] = round(sum(s.pair_f1 for s in scores) / len(scores), 4)
    d["pages"] = len(scores)
    return d


def read_gold_file(path: Path) -> dict:
    if path.is_dir():
        raise GoldError(f"{path}: is a directory; give its gold files ({path / '*.gold.json'})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(f"{path}: cannot read ({e.__class__.__name__})") from None
    except json.JSONDecodeError as e:
        raise GoldError(f"{path}: not JSON ({e.msg} at line {e.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise GoldError(f"{path}: not a gold file (no 'articles' list)")
    return data


def _share(part: float, whole: float) -> float:
    """part / whole, and 1.0 where there is nothing to score (no mistake was possible)."""
    return part / whole if whole else 1.0
