"""A scroll view drawn row by row (Textual's Line API), each row one Strip,
cached by what decides its look: the base of PageView and RowList.

Only the rows on screen are drawn, so a list of thousands of rows scrolls as
fast as one of ten; a row is drawn again only when its look key changes.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.style import Style
from textual.cache import LRUCache
from textual.scroll_view import ScrollView
from textual.strip import Strip


class StripView(ScrollView):
    def __init__(self, cache_size: int, **kw) -> None:
        super().__init__(**kw)
        self._cache: LRUCache[tuple, Strip] = LRUCache(cache_size)

    def row_count(self) -> int:
        raise NotImplementedError

    def row_look(self, row: int) -> Hashable:
        """Everything that changes how `row` looks (its cache key)."""
        raise NotImplementedError

    def draw_row(self, row: int, width: int) -> Strip:
        """The whole row, before the horizontal scroll cuts it to the view."""
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if row >= self.row_count():
            return Strip.blank(width, Style())
        x = self.scroll_offset.x
        key = (self.row_look(row), x, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self.draw_row(row, width).crop_extend(x, x + width, Style())
            self._cache[key] = strip
        return strip
