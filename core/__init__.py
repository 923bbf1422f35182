"""pagedesk's domain: page text, articles, roles, figures, edits and evaluation.

Nothing here imports textual, rich or sqlite (tests/test_import_hygiene.py).
"""

from .analysis import analyze_page
from .model import Article, Figure, PageAnalysis
from .text import PageInputError, decode

__all__ = ["analyze_page", "decode", "Article", "Figure", "PageAnalysis", "PageInputError"]
