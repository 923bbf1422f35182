"""The README's table of keys names every key the app binds, by id, with the key it is bound to."""

from __future__ import annotations

import re

from textual.binding import Binding

from pagedesk.tui.app import PagedeskApp
from pagedesk.tui.dialogs import Choose, Confirm, Form, Help
from pagedesk.tui.queue import QueueScreen
from pagedesk.tui.review import ReviewScreen

from .conftest import ROOT

SCREENS = [PagedeskApp, QueueScreen, ReviewScreen, Choose, Confirm, Form, Help]
SHOWN = {
    "question_mark": "?",
    "slash": "/",
    "plus": "+",
    "space": "space",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "down": "↓",
    "up": "↑",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "colon": ":",
    "left": "←",
    "right": "→",
    "right_curly_bracket": "}",
    "left_curly_bracket": "{",
    "number_sign": "#",
    "exclamation_mark": "!",
}


def _bindings() -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for owner in SCREENS:
        for b in owner.BINDINGS:
            if isinstance(b, Binding) and b.id:
                keys.setdefault(b.id, []).extend(SHOWN.get(k, k) for k in b.key.split(","))
    return keys


def _readme_rows() -> list[tuple[str, list[str]]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- keys:", 1)[1].split("\n\n", 1)[0]
    rows = []
    for line in table.splitlines()[3:]:
        key, _does, ids = (c.strip() for c in line.strip("|").split("|"))
        rows.append((key, [i.strip() for i in ids.split(",")]))
    return rows


def test_every_binding_id_is_in_the_readme_and_nothing_else_is():
    listed = [i for _, ids in _readme_rows() for i in ids]
    assert sorted(set(listed)) == sorted(_bindings())


def test_the_readme_names_the_keys_each_id_is_bound_to():
    bound = _bindings()
    for key, ids in _readme_rows():
        written = set(re.split(r"[ ,]+", key.replace(", then", " ").split(" then ")[0]))
        for i in ids:
            assert any(k in written for k in bound[i]), (i, key, bound[i])
