"""The page queue: every page with its status, counts and risk; open one with enter."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from db.store import PageRow

SORTS = ["name", "risk", "status", "updated"]
FILTERS = [None, "new", "in_review", "approved"]


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
    QueueScreen DataTable { height: 1fr; }
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
        yield Input(placeholder="search article text, enter to apply, escape to clear", id="search")
        table = DataTable(id="pages", cursor_type="row", zebra_stripes=True)
        table.add_columns("page", "status", "articles", "figures", "low", "editor")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self, keep: int | None = None) -> None:
        store = self.app.store
        rows = store.pages(status=self.status_filter, order=self.sort)
        if self.search_ids is not None:
            wanted = set(self.search_ids)
            rows = [r for r in rows if r.id in wanted]
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for r in rows:
            table.add_row(
                Text(r.name),
                Text(r.status),
                Text(str(r.n_articles)),
                Text(str(r.n_figures)),
                Text(str(r.n_low) + (" !" if r.n_low else "")),
                Text(r.last_editor or ""),
                key=str(r.id),
            )
        if keep is not None and any(r.id == keep for r in rows):
            table.move_cursor(row=[r.id for r in rows].index(keep), animate=False)
        self._summary()

    def _summary(self) -> None:
        counts = self.app.store.counts()
        total = sum(counts.values())
        reviewed = counts.get("approved", 0)
        line = Text()
        line.append(f"{self.app.db_path.name}  ", style="bold")
        line.append(f"reviewed {reviewed}/{total}  sort: {self.sort}  status: {self.status_filter or 'all'}")
        if self.search_ids is not None:
            line.append(f"  search: {self.search_text} ({len(self.rows)} pages)")
        self.query_one("#summary", Static).update(line)

    def current_id(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].id

    def order(self) -> list[int]:
        return [r.id for r in self.rows]

    def action_open(self) -> None:
        page_id = self.current_id()
        if page_id is not None:
            self.app.open_page(page_id)

    @on(DataTable.RowSelected)
    def selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_page(int(event.row_key.value))

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.reload(self.current_id())

    def action_filter(self) -> None:
        self.status_filter = FILTERS[(FILTERS.index(self.status_filter) + 1) % len(FILTERS)]
        self.reload(self.current_id())

    def action_search(self) -> None:
        self.add_class("searching")
        self.query_one("#search", Input).focus()

    @on(Input.Submitted, "#search")
    def searched(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.search_text = text
        self.search_ids = self.app.store.search(text) if text else None
        self.remove_class("searching")
        self.query_one(DataTable).focus()
        self.reload()

    def action_clear(self) -> None:
        self.search_ids = None
        self.search_text = ""
        self.query_one("#search", Input).value = ""
        self.remove_class("searching")
        self.query_one(DataTable).focus()
        self.reload(self.current_id())

    def action_reload(self) -> None:
        self.reload(self.current_id())
