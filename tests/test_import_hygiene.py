"""The architecture in one direction: tui -> db -> core. core has no UI and no
storage; db has no UI. Checked both on the source and on what importing loads."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> set[str]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_core_imports_no_ui_and_no_storage():
    assert not _imports("core") & {"textual", "rich", "sqlite3", "sqlite_utils", "db", "tui"}


def test_db_imports_no_ui():
    assert not _imports("db") & {"textual", "tui"}


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


def test_importing_core_loads_no_ui_storage_or_jieba():
    loaded = _loaded_after_import("pagedesk.core")
    assert not loaded & {"textual", "rich", "sqlite3", "sqlite_utils", "jieba"}


def test_importing_the_cli_loads_no_textual_and_no_jieba():
    loaded = _loaded_after_import("pagedesk.tui.cli")
    assert "textual" not in loaded and "jieba" not in loaded
