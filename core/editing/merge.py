"""Two editors' work on one page, put together.

When my save finds that someone saved the page after I loaded it, my edits
(the ones not saved yet, as data) are replayed on top of their saved state.
An edit of mine that touches nothing they changed applies as it is. One that
touches the same line, article or figure as one of theirs is a clash: the
editor is shown both and chooses, per clash, to keep theirs or to put mine
on top. Articles and figures that my edits created get new ids where theirs
took the same ones, so that neither editor's new article swallows the
other's.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from pagedesk.core.editing.edits import (
    AssignLines,
    Batch,
    Edit,
    EditError,
    PutArticle,
    PutFigure,
    SetArticleFields,
    SetPageNote,
    SetPageStatus,
    SetRoles,
)
from pagedesk.core.editing.state import PageState

Item = tuple[str, int]  # ("line", 84), ("article", 3), ("figure", 12), ("page", 0)


def touched(edit: Edit) -> set[Item]:
    """The lines, articles, figures and page fields an edit changes."""
    if isinstance(edit, Batch):
        return set().union(*(touched(p) for p in edit.parts)) if edit.parts else set()
    if isinstance(edit, AssignLines):
        return {("line", ln) for ln in edit.assign}
    if isinstance(edit, SetRoles):
        return {("line", ln) for ln in edit.roles}
    if isinstance(edit, (PutArticle, SetArticleFields)):
        return {("article", edit.id)}
    if isinstance(edit, PutFigure):
        return {("figure", edit.id)}
    if isinstance(edit, SetPageStatus):
        return {("page", 0)}
    if isinstance(edit, SetPageNote):
        return {("page", 1)}
    return set()


def describe(items: set[Item]) -> str:
    """A few words for a set of items: lines 84–90, article 3, figure 12."""
    lines = sorted(n for kind, n in items if kind == "line")
    parts = []
    if lines:
        parts.append(f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}–{lines[-1]}")
    for kind in ("article", "figure"):
        ids = sorted(n for k, n in items if k == kind)
        if ids:
            parts.append(f"{kind} {', '.join(map(str, ids))}" if len(ids) < 4 else f"{len(ids)} {kind}s")
    if any(kind == "page" for kind, _ in items):
        parts.append("the page's status or note")
    return ", ".join(parts)


@dataclass
class Clash:
    """An edit of mine that touches what the other editor changed."""

    mine: Edit
    position: int  # where it stands among my edits (what `keep_mine` names)
    items: set[Item]  # what both changed
    theirs: list[str]  # their edits there: "bob: move lines"


@dataclass
class Merge:
    state: PageState  # theirs, with my edits that apply
    applied: list[tuple[Edit, Edit]] = field(default_factory=list)  # mine, as applied, with their inverses
    clashes: list[Clash] = field(default_factory=list)
    lost: list[Edit] = field(default_factory=list)  # mine that no longer apply (what they stood on is gone)


def merge(
    theirs: PageState,
    their_edits: list[tuple[str, Edit]],
    mine: list[tuple[Edit, Edit]],
    keep_mine: set[int] | None = None,
) -> Merge:
    """My edits (edit, inverse, in the order made) replayed on their state.

    `their_edits` are (editor, edit) saved since my version. `keep_mine`: the
    positions in `mine` of clashing edits the editor chose to put on top; a
    clash not in it is left as theirs and reported in `clashes`."""
    keep_mine = keep_mine or set()
    their_items: dict[Item, list[str]] = {}
    for who, edit in their_edits:
        for item in touched(edit):
            their_items.setdefault(item, []).append(f"{who}: {edit.label or edit.kind}")
    out = Merge(theirs.copy())
    renames: dict[str, dict[int, int]] = {"article": {}, "figure": {}}
    for k, (edit, inverse) in enumerate(mine):
        edit = _renamed(edit, inverse, out.state, renames)
        common = {item for item in touched(edit) if item in their_items}
        if common and k not in keep_mine:
            out.clashes.append(Clash(edit, k, common, sorted({w for i in common for w in their_items[i]})))
            continue
        try:
            out.applied.append((edit, edit.apply(out.state)))
        except EditError:
            out.lost.append(edit)
    return out


def _renamed(edit: Edit, inverse: Edit, state: PageState, renames: dict[str, dict[int, int]]) -> Edit:
    """`edit` with the ids of what it creates moved clear of ids `state` has,
    and with the ids earlier edits moved likewise."""
    created = _created(edit, inverse)
    for kind, ids in created.items():
        taken = state.articles if kind == "article" else state.figures
        for old in ids:
            if old in taken or old in renames[kind].values():
                used = set(taken) | set(renames[kind].values())
                renames[kind][old] = max(used, default=-1) + 1
    if not any(renames.values()):
        return edit
    return _with_ids(copy.deepcopy(edit), renames)


def _created(edit: Edit, inverse: Edit) -> dict[str, list[int]]:
    """The articles and figures an edit creates: its inverse removes them."""
    out: dict[str, list[int]] = {"article": [], "figure": []}
    for part in _parts(inverse):
        if isinstance(part, PutArticle) and part.meta is None:
            out["article"].append(part.id)
        elif isinstance(part, PutFigure) and part.figure is None:
            out["figure"].append(part.id)
    return out


def _parts(edit: Edit) -> list[Edit]:
    return [p for part in edit.parts for p in _parts(part)] if isinstance(edit, Batch) else [edit]


def _with_ids(edit: Edit, renames: dict[str, dict[int, int]]) -> Edit:
    articles, figures = renames["article"], renames["figure"]
    if isinstance(edit, Batch):
        edit.parts = [_with_ids(p, renames) for p in edit.parts]
    elif isinstance(edit, AssignLines):
        edit.assign = {ln: articles.get(a, a) if a is not None else None for ln, a in edit.assign.items()}
    elif isinstance(edit, PutArticle):
        edit.id = articles.get(edit.id, edit.id)
        if edit.meta is not None:
            edit.meta.id = edit.id
    elif isinstance(edit, SetArticleFields):
        edit.id = articles.get(edit.id, edit.id)
    elif isinstance(edit, PutFigure):
        edit.id = figures.get(edit.id, edit.id)
        if edit.figure is not None:
            edit.figure.id = edit.id
    return edit
