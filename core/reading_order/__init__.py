"""Putting an extractor's lines back in reading order before analysis."""

from __future__ import annotations

from pagedesk.core.reading_order.columns import decolumnize, is_side_by_side, split_glued_headlines
from pagedesk.core.reading_order.interleave import untangle


def reading_text(text: str) -> tuple[str, bool]:
    """The page's text in reading order, and whether its columns stood side
    by side on the same lines (`pdftotext -layout`): those are rewritten
    column by column, columns read across are untangled, and two headlines
    printed on one line are set on two. Text that reads in order comes back
    as it was."""
    if is_side_by_side(text):
        return decolumnize(text), True
    text = split_glued_headlines(text)
    return untangle(text) or text, False
