"""Undo and redo over edits, and the edits not yet saved.

Every applied edit is kept with its inverse. Undo applies the inverse (and
that, too, is something the page went through: it is logged on save like any
edit), redo applies the edit again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pagedesk.core.editing.edits import Batch, Edit
from pagedesk.core.editing.state import PageState


@dataclass
class History:
    state: PageState
    done: list[tuple[Edit, Edit]] = field(default_factory=list)  # (edit, inverse), for undo
    undone: list[tuple[Edit, Edit]] = field(default_factory=list)  # for redo
    unsaved: list[tuple[Edit, Edit]] = field(default_factory=list)  # applied since the last save, in order

    def apply(self, edit: Edit) -> None:
        inverse = edit.apply(self.state)
        self.done.append((edit, inverse))
        self.undone.clear()
        self.unsaved.append((edit, inverse))

    def undo(self) -> Edit | None:
        if not self.done:
            return None
        edit, inverse = self.done.pop()
        redo = inverse.apply(self.state)
        self.undone.append((edit, inverse))
        self.unsaved.append((_named(inverse, "undo " + (edit.label or edit.kind)), redo))
        return edit

    def redo(self) -> Edit | None:
        if not self.undone:
            return None
        edit, _ = self.undone.pop()
        inverse = edit.apply(self.state)
        self.done.append((edit, inverse))
        self.unsaved.append((_named(edit, "redo " + (edit.label or edit.kind)), inverse))
        return edit

    @property
    def modified(self) -> bool:
        return bool(self.unsaved)

    def saved(self) -> None:
        self.unsaved.clear()


def _named(edit: Edit, label: str) -> Edit:
    return Batch(label, [edit])
