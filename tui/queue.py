"""The page queue: every page with its status, counts and risk; open one with enter."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from pagedesk.core.text.safe import printable
from pagedesk.db.store import PageRow
from pagedesk.tui import memory
from pagedesk.tui.rowlist import Row, RowList

SORTS = ["name", "risk", "status", "updated"]
FILTERS = [None, "new", "in_review", "second_look", "approved"]


class QueueScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "open", id="queue.open"),
        Binding("slash", "search", "search text", id="queue.search"),
        Binding("o", "sort", "sort", id="queue.sort"),
        Binding("t", "filter", "filter status", id="queue.filter"),
        Binding("escape", "clear", "clear search", show=False, id="queue.clear"),
        Binding("R", "reload", "reload", show=False, id="queue.reload"),
    ]

    DEFAULT_CSS = """
    QueueScreen #summary { height: 1; background: $boost; padding: 0 1; }
    QueueScreen #search { display: none; }
    QueueScreen.searching #search { display: block; }
    QueueScreen #header { height: 1; background: $boost; }
    QueueScreen RowList { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.sort = "name"
        self.status_filter: str | None = None
        self.search_ids: list[int] | None = None
        self.search_text = ""
        self.rows: list[PageRow] = []

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield Static(id="header")
        yield RowList(self._columns(self.app.size.width), id="pages")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(RowList).focus()
        self.call_after_refresh(memory.settle)

    def reload(self, keep: int | None = None) -> None:
        from pagedesk.db.journal import editing

        store = self.app.store
        rows = store.pages(status=self.status_filter, order=self.sort)
        if self.search_ids is not None:
            wanted = set(self.search_ids)
            rows = [r for r in rows if r.id in wanted]
        self.rows = rows
        others = editing(store, self.app.user)
        pages = self.query_one(RowList)
        columns = [name for name, _ in pages.columns]
        pages.set_rows([self._row(r, others.get(r.id), columns) for r in rows], keep)
        self._header()
        self.call_after_refresh(self._header)  # at the width the list has once laid out
        self._summary()

    # the page's name first, whole where it fits; its newspaper, date and page
    # number where the terminal is wide enough for them too
    NARROW = [("page", -1), ("status", 11), ("art.", 4), ("fig.", 4), ("low", 4), ("editor", 14)]
    WIDE = [("page", -1), ("paper", 10), ("date", 10), ("p.", 3)] + NARROW[1:]

    def _columns(self, width: int) -> list[tuple[str, int]]:
        return self.WIDE if width >= 110 else self.NARROW

    def on_resize(self, event) -> None:
        pages = self.query_one(RowList)
        columns = self._columns(event.size.width)
        if columns != pages.columns:
            pages.set_columns(columns)
            self.reload(self.current_id())

    def _row(self, r: PageRow, editing: list[str] | None, columns: list[str]) -> Row:
        cells = {
            "page": r.name + (" ✎" if r.note else ""),
            "paper": r.newspaper or "",
            "date": r.date or "",
            "p.": str(r.page_no or ""),
            "status": r.status.replace("_", " "),
            "art.": str(r.n_articles),
            "fig.": str(r.n_figures),
            "low": f"{r.n_low}{'!' if r.n_low else ''}",
            "editor": f"editing: {', '.join(editing)}" if editing else (r.last_editor or ""),
        }
        return Row(r.id, [cells[name] for name in columns])

    def _header(self) -> None:
        self.query_one("#header", Static).update(self.query_one(RowList).header())

    def _summary(self) -> None:
        counts = self.app.store.counts()
        total = sum(counts.values())
        reviewed = counts.get("approved", 0)
        line = Text()
        line.append(f"{printable(self.app.db_path.name)}  ", style="bold")
        line.append(f"reviewed {reviewed}/{total}  sort: {self.sort}  status: {self.status_filter or 'all'}")
        if self.search_ids is not None:
            line.append(f"  search: {printable(self.search_text)} ({len(self.rows)} pages)")
        self.query_one("#summary", Static).update(line)

    def current_id(self) -> int | None:
        return self.query_one(RowList).current_key

    @on(RowList.Chosen)
    def chosen(self, event: RowList.Chosen) -> None:
        self.app.open_page(event.key)

    def order(self) -> list[int]:
        return [r.id for r in self.rows]

    def action_open(self) -> None:
        page_id = self.current_id()
        if page_id is not None:
            self.app.open_page(page_id)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.reload(self.current_id())

    def action_filter(self) -> None:
        self.status_filter = FILTERS[(FILTERS.index(self.status_filter) + 1) % len(FILTERS)]
        self.reload(self.current_id())

    def action_search(self) -> None:
        if not self.query("#search"):  # made on first use: start-up does not pay for it
            self.mount(
                Input(placeholder="search article text, enter to apply, escape to clear", id="search"),
                before=self.query_one("#header"),
            )
        self.add_class("searching")
        self.call_after_refresh(self.query_one("#search", Input).focus)

    @on(Input.Submitted, "#search")
    def searched(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.search_text = text
        self.search_ids = self.app.store.search(text) if text else None
        self.remove_class("searching")
        self.query_one(RowList).focus()
        self.reload()

    def action_clear(self) -> None:
        self.search_ids = None
        self.search_text = ""
        if self.query("#search"):
            self.query_one("#search", Input).value = ""
        self.remove_class("searching")
        self.query_one(RowList).focus()
        self.reload(self.current_id())

    def action_reload(self) -> None:
        self.reload(self.current_id())
