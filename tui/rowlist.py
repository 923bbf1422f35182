"""A table drawn line by line: the page queue, the article list, the figures.

Textual's DataTable measures every cell it is given; these lists are replaced
whole after every edit and can hold thousands of rows, so they are drawn the
way PageView is (the Line API): only the rows on screen, each one Strip.
Cell text is never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from pagedesk.core.text.safe import printable
from pagedesk.tui.stripview import StripView


def fit(text: str, width: int) -> str:
    """Cut or pad to `width` terminal cells (CJK characters take two; one cut
    in half becomes a space)."""
    return set_cell_size(text, width)


@dataclass
class Row:
    key: object
    cells: list[str]
    mark: str = " "  # a one-character sign in front (! low confidence…); the current row shows ▶ before it
    strong: bool = False


class RowList(StripView, can_focus=True):
    """Rows under fixed-width columns; a cursor row; enter chooses."""

    BINDINGS = [
        Binding("down,j", "move(1)", "down", show=False),
        Binding("up,k", "move(-1)", "up", show=False),
        Binding("pagedown", "move(20)", "page down", show=False),
        Binding("pageup", "move(-20)", "page up", show=False),
        Binding("home", "move(-1000000)", "first", show=False),
        Binding("end", "move(1000000)", "last", show=False),
        Binding("enter", "choose", "open", show=False),
    ]
    # The vertical bar always shows: a bar that comes and goes as the row count
    # crosses the height would re-lay-out the whole screen (tens of ms) on keys
    # that only change which article's figures are listed.
    DEFAULT_CSS = "RowList { background: $surface; overflow-y: scroll; scrollbar-size-vertical: 1; }"

    class RowMessage(Message):
        def __init__(self, rowlist: RowList, key: object) -> None:
            self.rowlist = rowlist
            self.key = key
            super().__init__()

        @property
        def control(self) -> RowList:
            return self.rowlist

    class Chosen(RowMessage):
        """enter on a row."""

    class Highlighted(RowMessage):
        """The cursor moved to a row. Not a kind of Chosen: a handler of Chosen
        (the queue's, which opens the page) must not fire on every j and k."""

    def __init__(self, columns: list[tuple[str, int]], focusable: bool = True, **kw) -> None:
        """columns: (title, width); a width of 0 takes what the rows need (up to 40 cells).
        focusable False: the list only shows (its owner moves its cursor)."""
        super().__init__(1000, **kw)
        self.can_focus = focusable
        self.columns = columns
        self.widths = [max(w, 0) or 8 for _, w in columns]
        self.rows: list[Row] = []
        self.cursor = 0

    def set_columns(self, columns: list[tuple[str, int]]) -> None:
        """Other columns (the rows given next must have cells for them)."""
        self.columns = columns
        self.widths = [max(w, 0) or 8 for _, w in columns]
        self._cache.clear()

    @property
    def current_key(self) -> object:
        return self.rows[self.cursor].key if self.rows else None

    def _widths(self, width: int) -> list[int]:
        """The columns' widths at this width: a column declared -1 takes what the others leave."""
        widths = list(self.widths)
        for k, (_, w) in enumerate(self.columns):
            if w < 0:
                others = sum(x for j, x in enumerate(widths) if j != k) + len(widths) + 2
                widths[k] = max(8, width - others)
        return widths

    def header(self) -> Text:
        widths = self._widths(self.scrollable_content_region.width or 80)
        return Text(
            "  " + " ".join(fit(t, w) for (t, _), w in zip(self.columns, widths, strict=True)),
            style="bold",
            no_wrap=True,
            overflow="crop",
        )

    def set_rows(self, rows: list[Row], keep: object = None) -> None:
        self.rows = rows
        self._cache.clear()
        for k, (_, w) in enumerate(self.columns):
            if w == 0:
                self.widths[k] = min(
                    40, max([cell_len(self.columns[k][0])] + [cell_len(r.cells[k]) for r in rows[:2000]])
                )
        keys = [r.key for r in rows]
        if keep in keys:
            self.cursor = keys.index(keep)
        self.cursor = max(0, min(self.cursor, len(rows) - 1))
        self._set_virtual_size(Size(sum(self.widths) + len(self.widths) + 2, len(rows)))
        self.refresh()
        if self.is_mounted and self.scrollable_content_region.height:
            self._show_cursor()
        else:
            self.call_after_refresh(self._show_cursor)

    def _set_virtual_size(self, size: Size) -> None:
        """Tell the scrollbars the new extent without a layout pass: the list's
        own size on screen does not depend on how many rows it holds. (Setting
        `virtual_size` would re-lay-out the screen; a scrollbar that has to
        appear or vanish still does, through its `display`.)"""
        if size != self.virtual_size:
            self.set_reactive(RowList.virtual_size, size)
            self._scroll_update(size)  # private to Textual (hence the pin in pyproject.toml)

    def move_to(self, key: object) -> None:
        keys = [r.key for r in self.rows]
        if key in keys:
            self.cursor = keys.index(key)
            self._show_cursor()
            self.refresh()

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))
            self._show_cursor()
            self.refresh()
            self.post_message(self.Highlighted(self, self.current_key))

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self, self.current_key))

    def _show_cursor(self) -> None:
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True)

    def row_count(self) -> int:
        return len(self.rows)

    def row_look(self, row: int) -> tuple:
        return (id(self.rows[row]), row == self.cursor, row == self.cursor and self.has_focus)

    def draw_row(self, row: int, width: int) -> Strip:
        cells = self.rows[row]
        # the current row's ▶ takes the mark's place; its mark (! doubtful) moves
        # into the space after it, so the current row still says it is doubtful
        gutter = "▶" + cells.mark if row == self.cursor else cells.mark + " "
        text = gutter + " ".join(fit(printable(c), w) for c, w in zip(cells.cells, self._widths(width), strict=True))
        strip = Strip([Segment(text, Style(bold=cells.strong))])
        if row == self.cursor and self.has_focus:
            strip = strip.apply_style(Style(reverse=True))
        return strip

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
