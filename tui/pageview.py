"""The page text, line by line, with a gutter that says what each line is.

A Line API view (like Toolong's): only the visible lines are rendered, each
from the page state, so a 1,000-line page scrolls as fast as a 40-line one.

    ▶  356 1┃K │ 时尚设计制造产业集群入选山东省特色产业集群

cursor, line number, article number, a bar on the current article's lines,
the role letter, then the text. Everything the colours say is also in the
characters, so the view reads the same with NO_COLOR.
"""

from __future__ import annotations

import functools

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from pagedesk.core.editing.state import PageState
from pagedesk.core.lines.roles import ROLE_LETTER
from pagedesk.core.text.safe import printable
from pagedesk.tui.stripview import StripView

GUTTER = 14  # cells before the text: cursor, line number, article, bar, role, rule
ARTICLE_COLOURS = ["#5f87d7", "#d7875f", "#87af5f", "#af5faf", "#5fafaf", "#d7af5f", "#8787d7", "#d75f87"]


class PageView(StripView, can_focus=True, inherit_bindings=False):
    """The page's lines. The owner tells it the state and listens for cursor moves.

    It binds no keys of its own (a ScrollView's arrows would scroll the view
    and leave the cursor behind): the review screen moves the cursor, and the
    view follows it."""

    DEFAULT_CSS = """
    PageView { background: $surface; }
    """

    cursor: reactive[int] = reactive(1, always_update=True)  # a line number of the page

    class CursorMoved(Message):
        def __init__(self, line: int) -> None:
            self.line = line
            super().__init__()

    def __init__(self, state: PageState, **kw) -> None:
        super().__init__(4000, **kw)
        self.state = state
        self.compressed = False
        self.current_article: int | None = None
        self.mark_anchor: int | None = None
        self.numbers: dict[int, int] = {}
        self._rows: list[int] = []
        self.refresh_page()

    # --- what is shown --------------------------------------------------------------

    def refresh_page(self) -> None:
        """Recompute rows and article numbers after the state changed."""
        table = self.state.table
        self._rows = [n for n in range(1, len(table) + 1) if not self.compressed or table.line(n).strip()]
        self._stops = [n for n in self._rows if n in self.state.role_of]  # the lines the cursor stops on
        order = [a for a in self.state.ordered_articles() if self.state.lines_of(a)]
        self.numbers = {a: k + 1 for k, a in enumerate(order)}
        self._cache.clear()
        width = self.text_width + GUTTER
        if Size(width, len(self._rows)) != self.virtual_size:
            self.virtual_size = Size(width, len(self._rows))
        self.refresh()

    @functools.cached_property
    def line_widths(self) -> list[int]:
        """Every line of text's width in cells, narrowest first (the text never changes)."""
        table = self.state.table
        return sorted(cell_len(printable(table.line(n))) for n in range(1, len(table) + 1) if table.line(n).strip())

    @property
    def text_width(self) -> int:
        """The longest line's width in cells."""
        return self.line_widths[-1] if self.line_widths else 0

    @property
    def column_width(self) -> int:
        """The width of nearly all lines (19 in 20): a page's column, without the
        odd long line (a masthead, a headline set across), which scrolls."""
        widths = self.line_widths
        return widths[(len(widths) * 19) // 20] if widths else 0

    @property
    def marked(self) -> list[int]:
        """The marked lines (a range from the anchor to the cursor), or none."""
        if self.mark_anchor is None:
            return []
        lo, hi = sorted((self.mark_anchor, self.cursor))
        return [n for n in range(lo, hi + 1) if n in self.state.role_of]

    def selection(self) -> list[int]:
        """What an operation applies to: the marked lines, else the cursor line."""
        return self.marked or ([self.cursor] if self.cursor in self.state.role_of else [])

    def set_compressed(self, on: bool) -> None:
        line = self.cursor
        self.compressed = on
        self.refresh_page()
        self.go_to(self._nearest(line))

    def _nearest(self, line: int) -> int:
        """The first line of text from `line` on (else the last)."""
        stops = self._stops or self._rows
        for n in stops:
            if n >= line:
                return n
        return stops[-1] if stops else 1

    # --- moving --------------------------------------------------------------------------

    def go_to(self, line: int) -> None:
        line = max(1, min(line, len(self.state.table)))
        if line not in self._rows or line not in self.state.role_of:
            line = self._nearest(line)
        before = self.cursor
        self.cursor = line
        article = self.state.article_of.get(line)
        entered = article != self.current_article
        # the cursor line decides the current article, always: the bar moves with it, in this frame
        self.current_article = article
        y = self._row_of(line)
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if self.mark_anchor is None and not entered and top <= y < top + height and before in self._rows:
            # only two rows change: redraw those, not the screen
            width = self.scrollable_content_region.width
            for row in (self._row_of(before), y):
                self.refresh(Region(0, row - top, width, 1))
        else:
            self.scroll_to_region(Region(0, y, 1, 1), animate=False, spacing=None, force=True)
            self.refresh()
        self.post_message(self.CursorMoved(line))

    def _row_of(self, line: int) -> int:
        """Row index of a shown line (binary search: rows are sorted line numbers)."""
        from bisect import bisect_left

        return min(bisect_left(self._rows, line), max(0, len(self._rows) - 1))

    def follow(self) -> None:
        """After an edit: the current article is the cursor line's again."""
        self.current_article = self.state.article_of.get(self.cursor)

    def scroll_sideways(self, columns: int) -> None:
        """Long lines: show more of them to the right (or back to the left)."""
        self.scroll_to(x=max(0, self.scroll_offset.x + columns), animate=False)
        self._cache.clear()
        self.refresh()

    def move(self, rows: int) -> None:
        """Down (or up) by `rows` lines of text: the cursor never stops on a
        blank line, where there is nothing to mark, move or give a role."""
        stops = self._stops
        if not stops:
            return
        from bisect import bisect_left

        here = bisect_left(stops, self.cursor)  # the cursor is always on a stop, but for a page of no text
        y = max(0, min(len(stops) - 1, here + rows))
        self.go_to(stops[y])

    # --- rendering --------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._rows)

    def _marked(self, n: int) -> bool:
        anchor = self.mark_anchor
        return anchor is not None and min(anchor, self.cursor) <= n <= max(anchor, self.cursor)

    def row_look(self, row: int) -> tuple:
        n = self._rows[row]
        in_current = self.current_article is not None and self.state.article_of.get(n) == self.current_article
        return (n, n == self.cursor, self._marked(n), in_current)

    def draw_row(self, row: int, width: int) -> Strip:
        n = self._rows[row]
        return self._render_row(n, n == self.cursor, self._marked(n))

    def _render_row(self, n: int, is_cursor: bool, marked: bool) -> Strip:
        s = self.state
        article = s.article_of.get(n)
        role = s.role_of.get(n)
        in_current = article is not None and article == self.current_article
        number = self.numbers.get(article) if article is not None else None
        colour = ARTICLE_COLOURS[(number - 1) % len(ARTICLE_COLOURS)] if number else None
        dim = Style(dim=True)
        gutter_style = Style(color=colour, bold=in_current) if colour else dim
        text_style = Style(bold=in_current) if in_current else (Style() if article is not None else dim)
        if marked:
            text_style += Style(underline=True)
        cursor_mark = "▶" if is_cursor else ("+" if marked else " ")
        art = f"{number:>2}" if number else (" ·" if role else "  ")
        bar = "┃" if in_current else " "
        mark = ROLE_LETTER.get(role, " ") if role else " "
        if role == "body":
            gutter_style += Style(dim=True)  # the letter of most lines, so that the others stand out
        segments = [
            Segment(cursor_mark, Style(bold=True)),
            Segment(f"{n:>5} ", dim),
            Segment(art, gutter_style),
            Segment(bar, gutter_style),
            Segment(mark, gutter_style),
            Segment(" │ ", dim),
            Segment(printable(s.table.line(n)), text_style),
        ]
        strip = Strip(segments)
        if is_cursor:
            strip = strip.apply_style(Style(reverse=True))
        return strip

    def on_resize(self) -> None:
        self._cache.clear()
