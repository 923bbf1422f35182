"""The editable state of a page: which article each line belongs to, each
line's role, the articles' own fields, and the figures with their review status.

An analysis becomes a PageState (`from_analysis`); edits change it (`edits`);
storage saves and loads it; `to_analysis` turns it back into the analysis
contract for export and evaluation. Article ids are stable within a page:
splitting creates a new id, merging retires one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from functools import partial

from pagedesk.core.lines import roles as R
from pagedesk.core.result import TIME_KINDS, Article, Figure, FigureFacts, PageAnalysis
from pagedesk.core.text.normalize import display_text
from pagedesk.core.text.page import LineTable

ARTICLE_STATUSES = ("auto", "approved")
FIGURE_STATUSES = ("auto", "confirmed", "edited", "added", "rejected")
PAGE_STATUSES = ("new", "in_review", "second_look", "approved")
TEXT_FIELDS = ("kicker", "title", "subtitle", "byline")
_FIELD_ROLE = {"kicker": R.KICKER, "title": R.HEADLINE, "subtitle": R.SUBTITLE, "byline": R.BYLINE}

# Low confidence, the one definition the queue's counts, the lists' marks and
# the review's "next low-confidence" key all read: an article or figure the
# detector put there (still "auto") that it was less sure of than these, or
# a figure that disagrees with its headline (its flag).
# LOW_ARTICLE is set by bench/train_confidence.py: 82% of the wrong articles of
# even-day pages fall below it.
LOW_ARTICLE = 0.57
LOW_FIGURE = 0.6


@dataclass
class ArticleMeta:
    id: int
    # None: read from the lines with that role; a string: set by an editor
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    status: str = "auto"
    confidence: float = 0.5
    note: str = ""  # the editor's note on the article
    # the article's lines in reading order, where an editor put parts of it in
    # another order than the page's (None: the page's order)
    order: list[int] | None = None


@dataclass
class FigureState(FigureFacts):
    id: int = field(kw_only=True)
    status: str = "auto"


def is_low_article(meta: ArticleMeta) -> bool:
    return meta.status == "auto" and meta.confidence < LOW_ARTICLE


def is_low_figure(f: FigureState) -> bool:
    return f.status == "auto" and (f.confidence < LOW_FIGURE or bool(f.flag))


@dataclass
class PageState:
    text: str
    article_of: dict[int, int] = field(default_factory=dict)  # line -> article id
    role_of: dict[int, str] = field(default_factory=dict)  # line -> role, every non-blank line
    articles: dict[int, ArticleMeta] = field(default_factory=dict)
    figures: dict[int, FigureState] = field(default_factory=dict)
    status: str = "new"
    note: str = ""  # the editor's note on the page
    _table: LineTable | None = field(default=None, repr=False, compare=False)
    _by_article: dict[int, list[int]] | None = field(default=None, repr=False, compare=False)

    @property
    def table(self) -> LineTable:
        if self._table is None:
            self._table = LineTable.of(self.text)
        return self._table

    # --- reading ------------------------------------------------------------------

    def changed(self) -> None:
        """Edits call this after changing line assignments (drops the index)."""
        self._by_article = None

    def _index(self) -> dict[int, list[int]]:
        if self._by_article is None:
            by: dict[int, list[int]] = {}
            for ln in sorted(self.article_of):
                by.setdefault(self.article_of[ln], []).append(ln)
            self._by_article = by
        return self._by_article

    def lines_of(self, article: int) -> list[int]:
        return list(self._index().get(article, ()))

    def reading_order(self, article: int) -> list[int]:
        """The article's lines in the order it reads: as the editor put its
        parts, else the page's. Lines that joined it since go where they stand
        on the page, after the line before them."""
        lines = self.lines_of(article)
        order = self.articles[article].order
        if not order:
            return lines
        mine = set(lines)
        placed = [ln for ln in order if ln in mine]
        rest = [ln for ln in lines if ln not in set(placed)]
        for ln in rest:  # after the placed line nearest above it on the page
            above = [(x, k) for k, x in enumerate(placed) if x < ln]
            placed.insert(max(above)[1] + 1 if above else 0, ln)
        return placed

    def low_confidence(self) -> int:
        """How many articles (with lines) and figures are of low confidence."""
        index = self._index()
        return sum(1 for a, m in self.articles.items() if index.get(a) and is_low_article(m)) + sum(
            1 for f in self.figures.values() if is_low_figure(f)
        )

    def ordered_articles(self) -> list[int]:
        """Article ids in page order (by their first line); empty articles last."""
        index = self._index()
        return sorted(self.articles, key=lambda a: (index[a][0] if a in index else 10**9, a))

    def field_text(self, article: int, name: str) -> str:
        """kicker/title/subtitle/byline: the editor's value, or the lines' text."""
        value = getattr(self.articles[article], name)
        if value is not None:
            return value
        role = _FIELD_ROLE[name]
        lines = [ln for ln in self.lines_of(article) if self.role_of.get(ln) == role]
        text = display_text("\n".join(self.table.line(ln) for ln in lines))
        # a byline's typographic mark (□ 田昀澍, ▶ 记者…) is not part of it
        return text.strip("□■▶◆● ") if name == "byline" else text

    def figures_of(self, article: int | None) -> list[FigureState]:
        return sorted(
            (f for f in self.figures.values() if self.article_of.get(f.line) == article),
            key=lambda f: f.start,
        )

    def unassigned(self) -> list[int]:
        return sorted(ln for ln in self.role_of if ln not in self.article_of)

    def new_article_id(self) -> int:
        return max(self.articles, default=-1) + 1

    def new_figure_id(self) -> int:
        return max(self.figures, default=-1) + 1

    def copy(self) -> PageState:
        twin = copy.deepcopy(self)
        twin._by_article = None
        return twin

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PageState):
            return NotImplemented
        return (self.text, self.article_of, self.role_of, self.articles, self.figures, self.status, self.note) == (
            other.text,
            other.article_of,
            other.role_of,
            other.articles,
            other.figures,
            other.status,
            other.note,
        )

    # --- conversion ---------------------------------------------------------------------

    @classmethod
    def from_analysis(cls, a: PageAnalysis) -> PageState:
        s = cls(text=a.text)
        for art in a.articles:
            s.articles[art.index] = ArticleMeta(id=art.index, confidence=art.confidence)
            for ln in art.lines:
                s.article_of[ln] = art.index
                s.role_of[ln] = art.roles.get(ln, R.BODY)
        for ln, role in a.unassigned.items():
            s.role_of[ln] = role
        for ln in s.table.nonblank():
            s.role_of.setdefault(ln, R.FURNITURE)
        for k, f in enumerate(a.figures):
            s.figures[k] = FigureState(id=k, **f.facts())
        return s

    def to_analysis(self, path: str = "", sha256: str = "", include_rejected: bool = False) -> PageAnalysis:
        """The state as an analysis (the JSON contract): articles in page order,
        indexes 0..n-1; rejected figures left out."""
        order = [a for a in self.ordered_articles() if self.lines_of(a)]
        index = {a: k for k, a in enumerate(order)}
        articles = []
        for a in order:
            lines = self.lines_of(a)
            meta = self.articles[a]
            articles.append(
                Article(
                    lines=lines,
                    roles={ln: self.role_of.get(ln, R.BODY) for ln in lines},
                    title=self.field_text(a, "title"),
                    kicker=self.field_text(a, "kicker"),
                    subtitle=self.field_text(a, "subtitle"),
                    byline=self.field_text(a, "byline"),
                    confidence=meta.confidence,
                    index=index[a],
                )
            )
        figures = []
        for f in sorted(self.figures.values(), key=lambda f: f.start):
            if f.status == "rejected" and not include_rejected:
                continue
            owner = self.article_of.get(f.line)
            figures.append(Figure(**f.facts(), article=index.get(owner) if owner is not None else None))
        return PageAnalysis(
            text=self.text,
            path=path,
            sha256=sha256,
            line_count=len(self.table),
            articles=articles,
            unassigned={ln: self.role_of[ln] for ln in self.unassigned()},
            figures=figures,
        )

    def to_gold(self, name: str) -> dict:
        """The corrected page as a gold file (the seed's format), for `pagedesk eval`."""
        a = self.to_analysis()
        arts = []
        for art in a.articles:
            role = partial(_lines_in_role, art)
            head = [ln for ln in art.lines if art.roles[ln] in R.HEAD_ROLES]
            other = set(head) | set(role(R.BYLINE)) | set(role(R.CAPTION))
            body = [ln for ln in art.lines if ln not in other]
            arts.append(
                {
                    "id": str(art.index),
                    "title": art.title,
                    "headline_lines": head,
                    "kicker_lines": role(R.KICKER),
                    "subtitle_lines": role(R.SUBTITLE),
                    "byline_lines": role(R.BYLINE),
                    "dateline_lines": role(R.DATELINE),
                    "subhead_lines": role(R.SUBHEAD),
                    "caption_lines": role(R.CAPTION),
                    "signature_lines": role(R.SIGNATURE),
                    "body_ranges": [[ln, ln] for ln in body],
                }
            )
        figs = [
            {
                "a": str(f.article),
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "value": f.value,
                "unit": f.unit,
                "kind": f.kind,
                # what eval scores beside the value: a date's ISO form, another figure's label and period
                **({"iso": f.iso} if f.kind in TIME_KINDS else {"label": f.label, "period": f.period}),
            }
            for f in a.figures
        ]
        return {
            "page": name,
            "note": "exported from pagedesk",
            "non_article_lines": sorted(a.unassigned),
            "articles": arts,
            "figures": figs,
        }


def figure_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(FigureState))


def _lines_in_role(art: Article, role: str) -> list[int]:
    return [ln for ln in art.lines if art.roles[ln] == role]
