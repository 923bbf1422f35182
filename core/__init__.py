"""pagedesk's domain: page text, articles, roles, figures, edits and evaluation.

Nothing here imports textual, rich or sqlite (tests/test_import_hygiene.py).
`analyze_page` is imported on first use: the review app and storage read
analysed pages without loading the detector.
"""

from __future__ import annotations

from typing import Any

from pagedesk.core.result import Article, Figure, PageAnalysis
from pagedesk.core.text.page import PageInputError, decode

__all__ = ["analyze_page", "decode", "Article", "Figure", "PageAnalysis", "PageInputError"]


def __getattr__(name: str) -> Any:
    if name == "analyze_page":
        from pagedesk.core.analysis import analyze_page

        return analyze_page
    raise AttributeError(name)
