"""Undo and redo over edits, and the edits not yet saved.

Every applied edit is kept with its inverse. Undo applies the inverse (and
that, too, is something the page went through: it is logged on save like any
edit), redo applies the edit again. An edit that changes nothing is neither
applied nor logged.

What is unsaved is counted as the net change: the steps between the state
the page was saved in and the state it is in now, along the undo history
(undoing back to the saved state leaves nothing unsaved). A save writes the
edits logged up to the moment it began (`checkpoint`); edits made while it
runs stay unsaved after it (`saved`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

from pagedesk.core.editing.edits import Batch, Edit, is_noop
from pagedesk.core.editing.state import PageState

_serials = count(1)


@dataclass(frozen=True)
class Step:
    """An applied edit, the edit that undoes it, and which step it is (kept through undo and redo)."""

    edit: Edit
    inverse: Edit
    serial: int


@dataclass(frozen=True)
class Checkpoint:
    """What a save begun now writes: the edits logged so far, reaching this history's position."""

    logged: int  # how many entries of the log it writes
    upto: int  # the sequence number after the last of them (see History.on_log)
    position: tuple[int, ...]
    edits: list[tuple[Edit, Edit]]


@dataclass
class History:
    state: PageState
    done: list[Step] = field(default_factory=list)  # for undo, the latest last
    undone: list[Step] = field(default_factory=list)  # for redo
    log: list[tuple[Edit, Edit]] = field(default_factory=list)  # (edit, inverse) since the last save, in order
    saved_at: tuple[int, ...] = ()  # the serials of `done` when the page was last saved (or loaded)
    # told of every entry logged, with its sequence number (the journal of unsaved edits listens)
    on_log: Callable[[int, Edit, Edit], None] | None = None
    seq: int = 0  # the sequence number of the next entry logged

    def _log(self, edit: Edit, inverse: Edit) -> None:
        self.log.append((edit, inverse))
        if self.on_log is not None:
            self.on_log(self.seq, edit, inverse)
        self.seq += 1

    def apply(self, edit: Edit) -> bool:
        """Apply an edit; False (and nothing recorded) when it changes nothing."""
        inverse = edit.apply(self.state)
        if is_noop(edit, inverse):
            return False
        self.done.append(Step(edit, inverse, next(_serials)))
        self.undone.clear()
        self._log(edit, inverse)
        return True

    def undo(self) -> Edit | None:
        """Undo the latest edit; the edit undone, or None when there is none."""
        if not self.done:
            return None
        step = self.done.pop()
        redo = step.inverse.apply(self.state)
        self.undone.append(step)
        self._log(_named(step.inverse, "undo", step.edit), redo)
        return step.edit

    def redo(self) -> Edit | None:
        """Apply the latest undone edit again; the edit, or None when there is none."""
        if not self.undone:
            return None
        step = self.undone.pop()
        inverse = step.edit.apply(self.state)
        self.done.append(Step(step.edit, inverse, step.serial))
        self._log(_named(step.edit, "redo", step.edit), inverse)
        return step.edit

    @property
    def position(self) -> tuple[int, ...]:
        return tuple(s.serial for s in self.done)

    @property
    def unsaved(self) -> int:
        """The net change since the last save, in steps."""
        now, saved = self.position, self.saved_at
        shared = 0
        for a, b in zip(now, saved, strict=False):
            if a != b:
                break
            shared += 1
        return len(now) + len(saved) - 2 * shared

    @property
    def modified(self) -> bool:
        return self.unsaved > 0

    def checkpoint(self) -> Checkpoint:
        return Checkpoint(len(self.log), self.seq, self.position, list(self.log))

    def saved(self, checkpoint: Checkpoint) -> None:
        """The save begun at `checkpoint` is written: what was logged after it stays to be saved."""
        del self.log[: checkpoint.logged]
        self.saved_at = checkpoint.position


def _named(edit: Edit, verb: str, of: Edit) -> Edit:
    return Batch(f"{verb} {of.label or of.kind}", [edit])
