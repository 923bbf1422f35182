"""The user's keymap: binding ids to keys, from a JSON file.

    {"review.split": "S", "review.approve_article": "ctrl+a"}

Read from $PAGEDESK_KEYMAP, else ~/.config/pagedesk/keymap.json. The ids are
listed by `?` in the app and in the README.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.binding import Binding


class KeymapError(ValueError):
    pass


def keymap_path() -> Path:
    env = os.environ.get("PAGEDESK_KEYMAP")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    return base / "pagedesk" / "keymap.json"


def load_keymap(path: Path | None = None) -> dict[str, str]:
    path = path or keymap_path()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise KeymapError(f"{path}: not a JSON keymap ({e}); fix or remove it") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise KeymapError(f'{path}: a keymap maps binding ids to keys, e.g. {{"review.split": "S"}}')
    return data


def screen_bindings(screen: Any) -> Iterable[tuple[str, Any]]:
    """(key, Binding) for every binding with an id that works on this screen:
    the focused widget's, the screen's, the app's."""
    seen = set()
    nodes = [screen.focused, screen, screen.app] if screen.focused else [screen, screen.app]
    for node in nodes:
        for key, bindings in node._bindings.key_to_bindings.items():
            for b in bindings:
                if b.id and b.id not in seen:
                    seen.add(b.id)
                    yield key, b


def binding_table(screen: str, table: str, priority: bool = False) -> list[Binding]:
    """Bindings from a table of `id  keys  action  description`, one per line,
    columns apart by two spaces or more; a description that starts with `*`
    is shown in the footer. Each id is prefixed with the screen's name, and
    those ids are what a user's keymap names."""
    out = []
    for line in table.strip().splitlines():
        id, keys, action, description = re.split(r"\s{2,}", line.strip())
        show = description.startswith("*")
        out.append(Binding(keys, action, description.lstrip("*"), show=show, priority=priority, id=f"{screen}.{id}"))
    return out
