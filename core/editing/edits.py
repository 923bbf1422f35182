"""Edits are data: every change an editor makes is a small operation with
`apply(state)`, which changes the page state and returns the operation that
undoes it. Undo/redo, the audit log and the tests all use the same objects.

Five primitive operations change one aspect each (which article a line
belongs to, line roles, an article's record, a figure's record, the page's
status); `Batch` groups them under the name the editor knows ("split",
"merge", "move lines"…). The functions at the end build those batches.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

from pagedesk.core.editing.state import (
    FIGURE_STATUSES,
    PAGE_STATUSES,
    TEXT_FIELDS,
    ArticleMeta,
    FigureState,
    PageState,
)
from pagedesk.core.lines import roles as R

ARTICLE_FIELDS = (*TEXT_FIELDS, "status", "confidence", "note", "order")


class EditError(ValueError):
    """An edit that cannot apply to this page (no such article, line, figure…)."""


class Edit:
    kind: ClassVar[str] = "edit"
    label: str = ""

    def apply(self, s: PageState) -> Edit:
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        return {"op": self.kind, **_plain(asdict(self))}

    @staticmethod
    def from_json(d: dict[str, Any]) -> Edit:
        return _from_json(d)


def is_noop(edit: Edit, inverse: Edit) -> bool:
    """Did applying `edit` change nothing? Then its inverse sets just what it set."""
    if isinstance(edit, Batch):
        return len(edit.parts) == len(inverse.parts) and all(
            is_noop(part, undo) for part, undo in zip(edit.parts, reversed(inverse.parts), strict=True)
        )
    return edit == inverse


@dataclass
class AssignLines(Edit):
    """Lines to an article (id) or out of every article (None)."""

    assign: dict[int, int | None]
    kind: ClassVar[str] = "assign_lines"

    def apply(self, s: PageState) -> Edit:
        for ln, a in self.assign.items():
            if ln not in s.role_of:
                raise EditError(f"line {ln} is blank or not on the page")
            if a is not None and a not in s.articles:
                raise EditError(f"no article {a}")
        before = {ln: s.article_of.get(ln) for ln in self.assign}
        for ln, a in self.assign.items():
            if a is None:
                s.article_of.pop(ln, None)
            else:
                s.article_of[ln] = a
        s.changed()
        return AssignLines(before)


@dataclass
class SetRoles(Edit):
    roles: dict[int, str]
    kind: ClassVar[str] = "set_roles"

    def apply(self, s: PageState) -> Edit:
        for ln, role in self.roles.items():
            if ln not in s.role_of:
                raise EditError(f"line {ln} is blank or not on the page")
            if role not in R.ALL_ROLES:
                raise EditError(f"no role {role!r}")
        before = {ln: s.role_of[ln] for ln in self.roles}
        s.role_of.update(self.roles)
        return SetRoles(before)


def _put(records: dict, key: int, record, what: str):
    """Create or replace records[key] (a copy of record), or remove it where
    record is None; returns what stood there before (None for nothing)."""
    before = copy.deepcopy(records.get(key))
    if record is None:
        if key not in records:
            raise EditError(f"no {what} {key}")
        del records[key]
    else:
        records[key] = copy.deepcopy(record)
    return before


@dataclass
class PutArticle(Edit):
    """Create, replace or (meta None) remove an article record. An article
    goes only once no line is in it: a line must never point at nothing."""

    id: int
    meta: ArticleMeta | None
    kind: ClassVar[str] = "put_article"

    def apply(self, s: PageState) -> Edit:
        if self.meta is None and self.id in s.article_of.values():
            raise EditError(f"article {self.id} still has lines")
        return PutArticle(self.id, _put(s.articles, self.id, self.meta, "article"))


@dataclass
class SetArticleFields(Edit):
    id: int
    values: dict[str, Any]
    kind: ClassVar[str] = "set_article"

    def apply(self, s: PageState) -> Edit:
        meta = s.articles.get(self.id)
        if meta is None:
            raise EditError(f"no article {self.id}")
        for name in self.values:
            if name not in ARTICLE_FIELDS:
                raise EditError(f"an article has no field {name!r}")
        before = {name: getattr(meta, name) for name in self.values}
        for name, value in self.values.items():
            setattr(meta, name, value)
        return SetArticleFields(self.id, before)


@dataclass
class PutFigure(Edit):
    """Create, replace or (figure None) remove a figure record. Nothing
    points at a figure, so one can go at any time; its status is checked
    here because a journal or a merge replays edits made elsewhere."""

    id: int
    figure: FigureState | None
    kind: ClassVar[str] = "put_figure"

    def apply(self, s: PageState) -> Edit:
        if self.figure is not None and self.figure.status not in FIGURE_STATUSES:
            raise EditError(f"no figure status {self.figure.status!r}")
        return PutFigure(self.id, _put(s.figures, self.id, self.figure, "figure"))


class _PageValue(Edit):
    """One value of the page itself (its one field, named as the page state
    names it) set; the inverse sets back what stood there."""

    def check(self) -> None:
        pass

    def apply(self, s: PageState) -> Edit:
        self.check()
        (name,) = (f.name for f in fields(self))
        before = getattr(s, name)
        setattr(s, name, getattr(self, name))
        return type(self)(before)


@dataclass
class SetPageStatus(_PageValue):
    status: str
    kind: ClassVar[str] = "set_page_status"

    def check(self) -> None:
        if self.status not in PAGE_STATUSES:
            raise EditError(f"no page status {self.status!r}")


@dataclass
class SetPageNote(_PageValue):
    note: str
    kind: ClassVar[str] = "set_page_note"


@dataclass
class Batch(Edit):
    """Edits applied in order under one name; undone in reverse order."""

    label: str
    parts: list[Edit] = field(default_factory=list)
    kind: ClassVar[str] = "batch"

    def apply(self, s: PageState) -> Edit:
        undo: list[Edit] = []
        try:
            for part in self.parts:
                undo.append(part.apply(s))
        except EditError:
            for u in reversed(undo):  # leave the state as it was
                u.apply(s)
            raise
        return Batch(self.label, list(reversed(undo)))

    def to_json(self) -> dict[str, Any]:
        return {"op": self.kind, "label": self.label, "parts": [p.to_json() for p in self.parts]}


_KINDS = {
    c.kind: c
    for c in (AssignLines, SetRoles, PutArticle, SetArticleFields, PutFigure, SetPageStatus, SetPageNote, Batch)
}


def _plain(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "label" or v}


def _int_keys(d: dict) -> dict:
    return {int(k): v for k, v in d.items()}


def _from_json(d: dict[str, Any]) -> Edit:
    op = d.get("op")
    if op == "batch":
        return Batch(d.get("label", ""), [_from_json(p) for p in d.get("parts", [])])
    if op == "assign_lines":
        return AssignLines(_int_keys(d["assign"]))
    if op == "set_roles":
        return SetRoles(_int_keys(d["roles"]))
    if op == "put_article":
        return PutArticle(d["id"], ArticleMeta(**d["meta"]) if d.get("meta") else None)
    if op == "set_article":
        return SetArticleFields(d["id"], d["values"])
    if op == "put_figure":
        return PutFigure(d["id"], FigureState(**d["figure"]) if d.get("figure") else None)
    if op == "set_page_status":
        return SetPageStatus(d["status"])
    if op == "set_page_note":
        return SetPageNote(d["note"])
    raise EditError(f"unknown edit {op!r}")


# --- what an editor does ----------------------------------------------------------------


def split_article(s: PageState, article: int, at_line: int) -> Batch:
    """A new article from `at_line` down: the article's lines numbered from there on."""
    lines = s.lines_of(article)
    moving = [ln for ln in lines if ln >= at_line]
    if not moving or len(moving) == len(lines):
        raise EditError("split needs lines of the article both above and from the cursor")
    new = s.new_article_id()
    return Batch(
        "split", [PutArticle(new, ArticleMeta(id=new, confidence=1.0)), AssignLines({ln: new for ln in moving})]
    )


def merge_articles(s: PageState, keep: int, absorb: int) -> Batch:
    """Every line of `absorb` into `keep`; `absorb` goes."""
    if keep == absorb or keep not in s.articles or absorb not in s.articles:
        raise EditError("merge needs two different articles")
    return Batch("merge", [AssignLines({ln: keep for ln in s.lines_of(absorb)}), PutArticle(absorb, None)])


# A compilation (several items under one heading, each with its own title and
# byline) is one article whose items are sections: their titles are subheads.
ITEM_HEAD_ROLES = (R.KICKER, R.SUBHEAD, R.SUBTITLE, R.BYLINE)
_ITEM_BODY_ROLES = (R.BODY, R.DATELINE, R.CAPTION, R.SIGNATURE)


def item_runs(s: PageState, article: int) -> list[list[int]]:
    """The title-and-byline runs that open each item after the first, in the
    article's reading order: title and byline lines after body text, a
    subhead among them, that hold a byline or stand right above a dateline.
    A feature's section heads (a subhead alone between paragraphs) open no
    item, nor does the article's own headline and byline set after its body."""
    order = s.reading_order(article)
    runs: list[list[int]] = []
    run: list[int] = []
    seen_body = False
    for k, ln in enumerate(order):
        role = s.role_of.get(ln)
        if role in ITEM_HEAD_ROLES and seen_body:
            run.append(ln)
            after = s.role_of.get(order[k + 1]) if k + 1 < len(order) else None
            if after not in ITEM_HEAD_ROLES:
                titled = any(s.role_of.get(x) == R.SUBHEAD for x in run)
                if titled and (any(s.role_of.get(x) == R.BYLINE for x in run) or after == R.DATELINE):
                    runs.append(run)
                run = []
        seen_body = seen_body or role in _ITEM_BODY_ROLES
    return runs


def split_items(s: PageState, article: int) -> Batch:
    """A compilation split into its items: each from its title down becomes an
    article, its title lines (subheads in the compilation) its headline. The
    compilation's own headline stays with the first item, wherever it stands."""
    runs = item_runs(s, article)
    if not runs:
        raise EditError("no item with its own title and byline inside this article to split at")
    starts = {run[0] for run in runs}
    in_runs = {ln for run in runs for ln in run}
    new = s.new_article_id()
    item = -1  # the first item keeps the article's id
    moves: dict[int, int] = {}
    for ln in s.reading_order(article):
        if ln in starts:
            item += 1
        if item >= 0 and not (s.role_of.get(ln) in R.HEAD_ROLES and ln not in in_runs):
            moves[ln] = new + item
    parts: list[Edit] = [PutArticle(new + k, ArticleMeta(id=new + k, confidence=1.0)) for k in range(len(runs))]
    parts.append(AssignLines(moves))
    titles = {ln: R.HEADLINE for ln in in_runs if s.role_of.get(ln) == R.SUBHEAD}
    if titles:
        parts.append(SetRoles(titles))
    return Batch(f"split into {len(runs) + 1} items", parts)


def join_items(s: PageState, articles: list[int]) -> Batch:
    """Articles joined as the items of one compilation, the first holding the
    rest: their headline lines become its subheads (the items' titles);
    kickers and subtitles keep their roles, so splitting gives them back."""
    wanted = set(articles)
    order = [a for a in s.ordered_articles() if a in wanted and s.lines_of(a)]
    if len(order) < 2:
        raise EditError("joining items needs two articles or more")
    keep, rest = order[0], order[1:]
    parts: list[Edit] = []
    for a in rest:
        lines = s.lines_of(a)
        parts.append(AssignLines({ln: keep for ln in lines}))
        heads = {ln: R.SUBHEAD for ln in lines if s.role_of.get(ln) == R.HEADLINE}
        if heads:
            parts.append(SetRoles(heads))
        parts.append(PutArticle(a, None))
    return Batch(f"join {len(order)} items", parts)


def neighbour(s: PageState, article: int, step: int) -> int | None:
    order = [a for a in s.ordered_articles() if s.lines_of(a)]
    if article not in order:
        return None
    k = order.index(article) + step
    return order[k] if 0 <= k < len(order) else None


def move_lines(s: PageState, lines: list[int], to: int | None | str) -> Batch:
    """Lines to another article (an id), out of every article (None), or to a new one ("new").

    How a displaced headline gets attached. A line leaving the articles takes
    the role furniture; a line joining one from outside becomes body text
    (set its role next). An article left without lines goes.
    """
    parts: list[Edit] = []
    if to == "new":
        to = s.new_article_id()
        parts.append(PutArticle(to, ArticleMeta(id=to, confidence=1.0)))
    elif to is not None and to not in s.articles:
        raise EditError(f"no article {to}")
    lines = sorted(set(lines))
    parts.append(AssignLines({ln: to for ln in lines}))
    roles = {}
    for ln in lines:
        role = s.role_of.get(ln)
        if to is None and role in R.ARTICLE_ROLES:
            roles[ln] = R.FURNITURE
        elif to is not None and role in R.UNASSIGNED_ROLES:
            roles[ln] = R.BODY
    if roles:
        parts.append(SetRoles(roles))
    emptied = {s.article_of.get(ln) for ln in lines} - {None, to}
    for a in sorted(emptied):
        if not set(s.lines_of(a)) - set(lines):
            parts.append(PutArticle(a, None))
    return Batch("move lines", parts)


def set_role(s: PageState, lines: list[int], role: str, article: int | None = None) -> Batch:
    """Give lines a role. An unassigned role (furniture, ad, continuation)
    takes them out of their article; an article role puts a loose line into
    `article`."""
    if role not in R.ALL_ROLES:
        raise EditError(f"no role {role!r}")
    parts: list[Edit] = []
    if role in R.UNASSIGNED_ROLES:
        inside = [ln for ln in lines if ln in s.article_of]
        if inside:
            parts.append(AssignLines({ln: None for ln in inside}))
            for a in sorted({s.article_of[ln] for ln in inside}):
                if not set(s.lines_of(a)) - set(inside):
                    parts.append(PutArticle(a, None))
    else:
        loose = [ln for ln in lines if ln not in s.article_of]
        if loose:
            if article is None or article not in s.articles:
                raise EditError("a line outside the articles needs an article for that role")
            parts.append(AssignLines({ln: article for ln in loose}))
    parts.insert(0, SetRoles({ln: role for ln in lines}))
    return Batch(f"role {role}", parts)


def set_field(s: PageState, article: int, name: str, value: str | None) -> Batch:
    if name not in TEXT_FIELDS:
        raise EditError(f"an article has no field {name!r}")
    return Batch(f"edit {name}", [SetArticleFields(article, {name: value})])


def _figure(s: PageState, fid: int) -> FigureState:
    f = s.figures.get(fid)
    if f is None:
        raise EditError(f"no figure {fid}")
    return copy.deepcopy(f)


def confirm_figure(s: PageState, fid: int) -> Batch:
    f = _figure(s, fid)
    f.status = "confirmed"
    return Batch("confirm figure", [PutFigure(fid, f)])


def reject_figure(s: PageState, fid: int) -> Batch:
    f = _figure(s, fid)
    f.status = "rejected"
    return Batch("reject figure", [PutFigure(fid, f)])


def edit_figure(s: PageState, fid: int, **changes: Any) -> Batch:
    f = _figure(s, fid)
    for name, value in changes.items():
        if name in ("id", "start", "end", "text", "line") or not hasattr(f, name):
            raise EditError(f"a figure's {name!r} cannot be edited; add a figure over the right text instead")
        setattr(f, name, value)
    if f.status != "added":
        f.status = "edited"
    return Batch("edit figure", [PutFigure(fid, f)])


def add_figure(s: PageState, start: int, end: int, value: float, unit: str, kind: str, **extra: Any) -> Batch:
    """A figure over the text [start, end) the editor marked."""
    if not (0 <= start < end <= len(s.text)) or not s.text[start:end].strip():
        raise EditError("mark the figure's text first")
    fid = s.new_figure_id()
    f = FigureState(
        id=fid,
        start=start,
        end=end,
        text=s.text[start:end],
        value=value,
        unit=unit,
        raw_unit=extra.pop("raw_unit", unit),
        kind=kind,
        line=s.table.line_of(start),
        confidence=1.0,
        status="added",
        **extra,
    )
    return Batch("add figure", [PutFigure(fid, f)])


def _decide_figures(s: PageState, figures: list[FigureState], status: str) -> list[Edit]:
    """The figures among these still as the detector left them ("auto"), given
    the status: what the editor corrected, added or already decided stays."""
    out: list[Edit] = []
    for f in figures:
        if f.status == "auto":
            f = copy.deepcopy(f)
            f.status = status
            out.append(PutFigure(f.id, f))
    return out


def decide_figures(s: PageState, article: int | None, status: str, kind: str | None = None) -> Batch:
    """Confirm or reject, at once, every undecided figure of an article (or of
    the lines of no article), or only those of one kind (every date, say)."""
    if status not in ("confirmed", "rejected"):
        raise EditError(f"figures are confirmed or rejected, not {status!r}")
    figures = [f for f in s.figures_of(article) if kind is None or f.kind == kind]
    parts = _decide_figures(s, figures, status)
    if not parts:
        raise EditError("no figure left to decide here" + (f" of kind {kind}" if kind else ""))
    verb = "confirm" if status == "confirmed" else "reject"
    return Batch(f"{verb} {len(parts)} figures" + (f" ({kind})" if kind else ""), parts)


def approve_article(s: PageState, article: int) -> Batch:
    """The article approved, with the figures of it the editor left undecided confirmed."""
    parts: list[Edit] = [SetArticleFields(article, {"status": "approved"})]
    parts += _decide_figures(s, s.figures_of(article), "confirmed")
    if s.status == "new":
        parts.append(SetPageStatus("in_review"))
    return Batch("approve article", parts)


def approve_page(s: PageState) -> Batch:
    """Every article approved and every undecided figure confirmed: an approved
    page exports no figure nobody looked at."""
    parts: list[Edit] = [
        SetArticleFields(a, {"status": "approved"}) for a in s.articles if s.articles[a].status != "approved"
    ]
    parts += _decide_figures(s, sorted(s.figures.values(), key=lambda f: f.start), "confirmed")
    parts.append(SetPageStatus("approved"))
    return Batch("approve page", parts)


def second_look(s: PageState) -> Batch:
    """The page marked as needing a second look (or, marked already, back in review)."""
    status = "in_review" if s.status == "second_look" else "second_look"
    return Batch("needs a second look" if status == "second_look" else "second look done", [SetPageStatus(status)])


def set_note(s: PageState, article: int | None, note: str) -> Batch:
    """The editor's note on an article, or on the page (article None)."""
    if article is None:
        return Batch("page note", [SetPageNote(note)])
    if article not in s.articles:
        raise EditError(f"no article {article}")
    return Batch("article note", [SetArticleFields(article, {"note": note})])


def move_block(s: PageState, lines: list[int], step: int) -> Batch:
    """Move a block of an article's lines one part earlier (step -1) or later
    (+1) in the order the article reads. The parts are the runs of the
    article's lines in reading order around the block: a second half an
    extractor set before the lead goes back after it."""
    article = s.article_of.get(lines[0]) if lines else None
    if article is None or any(s.article_of.get(ln) != article for ln in lines):
        raise EditError("mark lines of one article to move them within it")
    order = s.reading_order(article)
    block = [ln for ln in order if ln in set(lines)]
    first, last = order.index(block[0]), order.index(block[-1])
    if last - first + 1 != len(block):
        raise EditError("mark lines that stand together in the article")
    rest = order[:first] + order[last + 1 :]
    # the neighbouring part: the run of lines that are next to each other on the page
    if step < 0:
        if first == 0:
            raise EditError("the block already opens the article")
        k = first - 1
        while k > 0 and _adjacent(s, rest[k - 1], rest[k]):
            k -= 1
        new = rest[:k] + block + rest[k:]
    else:
        if last == len(order) - 1:
            raise EditError("the block already closes the article")
        k = first
        while k + 1 < len(rest) and _adjacent(s, rest[k], rest[k + 1]):
            k += 1
        new = rest[: k + 1] + block + rest[k + 1 :]
    return Batch("move block", [SetArticleFields(article, {"order": None if new == s.lines_of(article) else new})])


def run_from(s: PageState, line: int) -> list[int]:
    """The line and the lines of its article that follow it on the page without
    a line of another article between (a part of it an extractor set apart)."""
    article = s.article_of.get(line)
    if article is None:
        return []
    lines = s.lines_of(article)
    k = lines.index(line)
    run = [line]
    for ln in lines[k + 1 :]:
        if not _adjacent(s, run[-1], ln):
            break
        run.append(ln)
    return run


def _adjacent(s: PageState, a: int, b: int) -> bool:
    """Do lines a and b follow each other on the page (blank lines aside)?"""
    return a < b and not any(a < ln < b for ln in s.role_of)
