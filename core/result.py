"""The result of analysing a page: articles, line roles and figures.

Articles and roles refer to 1-based lines of the page text; figures to
character offsets `[start, end)` of it. `to_json` is the machine contract of
`pagedesk analyze --format json` (DESIGN.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

FIGURE_KINDS = ("money", "percent", "count", "measure", "date", "period", "rank")
TIME_KINDS = ("date", "period")  # the kinds that carry an ISO 8601 form


@dataclass
class FigureFacts:
    """What a figure states and where it stands: the fields the analysis
    (`Figure`) and the editable state (`state.FigureState`) share."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    raw_unit: str
    kind: str
    qualifier: str = ""  # approx | over | under | range | ""
    label: str = ""
    period: str = ""
    line: int = 0
    confidence: float = 0.5
    flag: str = ""  # "headline figure not in body" and the like
    iso: str = ""  # a date's or period's ISO 8601 form: 2024-10-14, 2024-01/2024-07, P3Y
    low: float | None = None  # a range's or vague amount's ends (3—5倍, 数十亿元)
    high: float | None = None

    def facts(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FACTS}


_FACTS = tuple(f.name for f in fields(FigureFacts))


def _plain(x: float | None) -> float | int | None:
    """A whole number as an int in the JSON (52000, not 52000.0)."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return int(x)
    return x


@dataclass
class Figure(FigureFacts):
    article: int | None = None  # index of its article in the analysis

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": _plain(self.value),
            "unit": self.unit,
            "raw_unit": self.raw_unit,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "label": self.label,
            "period": self.period,
            "line": self.line,
            "confidence": round(self.confidence, 2),
            "flag": self.flag,
            "iso": self.iso,
            "low": _plain(self.low),
            "high": _plain(self.high),
        }


@dataclass
class Article:
    lines: list[int]
    roles: dict[int, str]
    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    confidence: float = 0.5  # the chance it is exactly one article of the page
    index: int = 0
    # what the confidence was read from (segmentation.confidence); not in the
    # JSON: the confidence model's fitting and the tests read it
    cues: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "title": self.title,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "lines": sorted(self.lines),
            "roles": {str(k): v for k, v in sorted(self.roles.items())},
            "confidence": round(self.confidence, 2),
        }


@dataclass
class PageAnalysis:
    text: str
    path: str
    sha256: str
    line_count: int
    articles: list[Article] = field(default_factory=list)
    unassigned: dict[int, str] = field(default_factory=dict)  # line -> furniture/ad/continuation
    figures: list[Figure] = field(default_factory=list)
    # the extractor's line order was repaired (columns side by side or read
    # across): lines and offsets refer to `text`, not to the file as read
    reordered: bool = False

    @classmethod
    def from_json(cls, text: str, data: dict[str, Any]) -> PageAnalysis:
        """The analysis back from its JSON (as stored, or sent by a worker process)."""
        a = cls(text=text, path=data["page"]["path"], sha256=data["page"]["sha256"], line_count=data["page"]["lines"])
        a.articles = [
            Article(
                lines=x["lines"],
                roles={int(k): v for k, v in x["roles"].items()},
                title=x["title"],
                kicker=x["kicker"],
                subtitle=x["subtitle"],
                byline=x["byline"],
                confidence=x["confidence"],
                index=x["index"],
            )
            for x in data["articles"]
        ]
        roles = data.get("unassigned_roles") or {str(ln): "furniture" for ln in data["unassigned_lines"]}
        a.unassigned = {int(k): v for k, v in roles.items()}
        a.figures = [Figure(**f) for f in data["figures"]]
        return a

    def article_of_line(self) -> dict[int, int]:
        return {ln: a.index for a in self.articles for ln in a.lines}

    def to_json(self) -> dict[str, Any]:
        out = {
            "page": {"path": self.path, "sha256": self.sha256, "lines": self.line_count},
            "articles": [a.to_json() for a in self.articles],
            "unassigned_lines": sorted(self.unassigned),
            "unassigned_roles": {str(k): v for k, v in sorted(self.unassigned.items())},
            "figures": [f.to_json() for f in self.figures],
        }
        if self.reordered:
            out["text"] = self.text  # what the line numbers and offsets refer to
        return out


def as_dict(obj: Any) -> dict[str, Any]:
    return asdict(obj)
