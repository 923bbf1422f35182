"""The review screen: one page's text beside its articles and figures, corrected by keyboard.

Every key dispatches an edit from core.edits through the page's History, so
undo, redo and the audit log see exactly what the editor did. Saving runs in
a worker thread with its own database connection and reports back by message.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from pagedesk.core.editing import edits as E
from pagedesk.core.editing.history import Checkpoint, History
from pagedesk.core.editing.state import FigureState, is_low_article, is_low_figure
from pagedesk.core.figures.extract import parse_figure
from pagedesk.core.text.normalize import find_span
from pagedesk.core.text.safe import printable
from pagedesk.db.schema import ConflictError, StoreError
from pagedesk.db.store import LoadedPage, Store
from pagedesk.tui import memory
from pagedesk.tui.dialogs import ROLE_KEYS, Choose, Confirm, Field, Form
from pagedesk.tui.pageview import PageView
from pagedesk.tui.render import figure_value
from pagedesk.tui.rowlist import Row, RowList

WIDE = 120  # columns from which text and details stand side by side


class Saved(Message):
    def __init__(
        self,
        version: int | None,
        error: str = "",
        conflict: ConflictError | None = None,
        checkpoint: Checkpoint | None = None,
    ) -> None:
        self.version, self.error, self.conflict, self.checkpoint = version, error, conflict, checkpoint
        super().__init__()


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("down,j", "line(1)", "line down", show=False, id="review.line_down"),
        Binding("up,k", "line(-1)", "line up", show=False, id="review.line_up"),
        Binding("pagedown", "line(20)", "page down", show=False, id="review.page_down"),
        Binding("pageup", "line(-20)", "page up", show=False, id="review.page_up"),
        Binding("right_square_bracket", "article(1)", "next article", id="review.next_article"),
        Binding("left_square_bracket", "article(-1)", "prev article", show=False, id="review.prev_article"),
        Binding("f", "figure(1)", "next figure", id="review.next_figure"),
        Binding("F", "figure(-1)", "prev figure", show=False, id="review.prev_figure"),
        Binding("l", "next_low", "next low-confidence", id="review.next_low"),
        Binding("g", "goto", "go to line", show=False, id="review.goto"),
        Binding("space", "mark", "mark range", id="review.mark"),
        Binding("s", "split", "split here", id="review.split"),
        Binding("less_than_sign", "merge(-1)", "merge with previous", id="review.merge_prev"),
        Binding("greater_than_sign", "merge(1)", "merge with next", id="review.merge_next"),
        Binding("m", "move", "move line(s)", id="review.move"),
        Binding("r", "role", "set role", id="review.role"),
        Binding("e", "edit_fields", "edit title…", id="review.edit_fields"),
        Binding("c", "confirm_figure", "confirm figure", id="review.confirm_figure"),
        Binding("x", "reject_figure", "reject figure", id="review.reject_figure"),
        Binding("E", "edit_figure", "edit figure", show=False, id="review.edit_figure"),
        Binding("plus", "add_figure", "add figure", show=False, id="review.add_figure"),
        Binding("a", "approve_article", "approve+next", id="review.approve_article"),
        Binding("A", "approve_page", "approve page+next", id="review.approve_page"),
        Binding("u,ctrl+z", "undo", "undo", id="review.undo"),
        Binding("ctrl+r,ctrl+y", "redo", "redo", show=False, id="review.redo"),
        Binding("ctrl+s", "save", "save", id="review.save"),
        Binding("z", "compress", "hide blank lines", show=False, id="review.compress"),
        Binding("v", "toggle_details", "text/details", show=False, id="review.toggle_details"),
        Binding("escape", "back", "back to pages", id="review.back"),
    ]

    DEFAULT_CSS = """
    ReviewScreen #status { height: 1; background: $boost; padding: 0 1; }
    ReviewScreen #body { height: 1fr; }
    ReviewScreen PageView { width: 1fr; height: 1fr; }
    ReviewScreen #details { width: 1fr; height: 1fr; }
    ReviewScreen.wide #body { layout: horizontal; }
    ReviewScreen.wide PageView { width: 3fr; }
    ReviewScreen.wide #details { width: 2fr; border-left: vkey $accent; }
    ReviewScreen.narrow #body { layout: vertical; }
    ReviewScreen.narrow #details { display: none; }
    ReviewScreen.narrow.show-details #details { display: block; height: 1fr; }
    ReviewScreen.narrow.show-details PageView { display: none; }
    ReviewScreen .head { height: 1; background: $boost; }
    ReviewScreen #articles { height: 1fr; }
    ReviewScreen #figures { height: 2fr; }
    ReviewScreen.narrow #articles, ReviewScreen.narrow #figures { height: 1fr; }
    """

    def __init__(self, db_path, page: LoadedPage, user: str, queue: list[int] | None = None):
        super().__init__()
        self.db_path = db_path
        self.page = page
        self.user = user
        self.queue = queue or []
        self.history = History(page.state)
        self.version = page.version
        self.saving = False
        self.figure_cursor: int | None = None
        self._pending: tuple[dict, object] | None = None
        self._listed: int | None = None  # the article whose figures the list shows
        self._followed: int | None = None  # the cursor line the lists were last brought to

    @property
    def state(self):
        return self.history.state

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Vertical(id="body"):
            yield PageView(self.state, id="page")
            with Vertical(id="details"):
                yield Static(id="articles-head", classes="head")
                yield RowList([("#", 3), ("title", 26), ("lines", 13), ("conf", 6), ("status", 8)], id="articles")
                yield Static(id="figures-head", classes="head")
                yield RowList(
                    [
                        ("text", 12),
                        ("value", 15),
                        ("unit", 6),
                        ("kind", 7),
                        ("label", 12),
                        ("period", 10),
                        ("status", 10),
                        ("flag", 0),
                    ],
                    id="figures",
                )
        yield Footer()

    def on_mount(self) -> None:
        self._layout(self.app.size.width)
        view = self.query_one(PageView)
        table = self.state.table
        if len(table) - len(table.nonblank()) > len(table) / 3:
            view.set_compressed(True)  # a blank line after every line: show the text, not the gaps
        first = next(iter(self.state.ordered_articles()), None)
        view.current_article = first
        view.focus()
        lines = self.state.lines_of(first) if first is not None else []
        view.go_to(lines[0] if lines else 1)
        self.refresh_all()
        self.call_after_refresh(memory.settle)

    def on_resize(self, event) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width >= WIDE, "wide")
        self.set_class(width < WIDE, "narrow")

    # --- showing the state -------------------------------------------------------------

    def refresh_all(self) -> None:
        view = self.query_one(PageView)
        view.refresh_page()
        self._fill_articles()
        self._fill_figures()
        self._status()

    def _status(self) -> None:
        s = self.state
        view = self.query_one(PageView)
        a = view.current_article
        n = view.numbers.get(a)
        title = s.field_text(a, "title") if a is not None and a in s.articles else ""
        mark = f"●{self.history.unsaved} unsaved" if self.history.modified else "saved"
        if self.saving:
            mark = "saving…"
        marked = f" marked {len(view.marked)}" if view.mark_anchor is not None else ""
        name = printable(self.page.row.name.rsplit(".", 1)[0])
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{name[:18]} ", style="bold")
        line.append(f"v{self.version} {s.status} ")
        line.append(mark, style="bold" if self.history.modified else "")
        line.append(f"{marked} L{view.cursor} ")
        if n:
            line.append(f"A{n}/{len(view.numbers)} ")
            line.append(printable(title) or "(no headline)", style="bold")
        else:
            line.append(f"no article ({s.role_of.get(view.cursor, 'blank')})")
        self.query_one("#status", Static).update(line, layout=False)

    def _fill_articles(self) -> None:
        lst = self.query_one("#articles", RowList)
        view = self.query_one(PageView)
        rows = []
        for a, n in sorted(view.numbers.items(), key=lambda t: t[1]):
            meta = self.state.articles[a]
            lines = self.state.lines_of(a)
            low = is_low_article(meta)
            rows.append(
                Row(
                    a,
                    [
                        str(n),
                        self.state.field_text(a, "title") or "(no headline)",
                        f"{lines[0]}-{lines[-1]} ({len(lines)})",
                        f"{meta.confidence:.2f}",
                        meta.status,
                    ],
                    mark="*" if a == view.current_article else ("!" if low else " "),
                    strong=a == view.current_article,
                )
            )
        lst.set_rows(rows, keep=view.current_article)
        self.query_one("#articles-head", Static).update(lst.header(), layout=False)

    def _fill_figures(self) -> None:
        lst = self.query_one("#figures", RowList)
        view = self.query_one(PageView)
        rows = []
        for f in self.state.figures_of(view.current_article):
            low = is_low_figure(f)
            rows.append(
                Row(
                    f.id,
                    [
                        f.text.replace("\n", "⏎"),
                        figure_value(f.value, f.kind),
                        f.unit,
                        f.kind,
                        f.label,
                        f.period,
                        f.status,
                        "⚑ " + f.flag if f.flag else "",
                    ],
                    mark="!" if low else " ",
                    strong=f.id == self.figure_cursor,
                )
            )
        lst.set_rows(rows, keep=self.figure_cursor)
        self.query_one("#figures-head", Static).update(lst.header(), layout=False)
        self._listed = view.current_article

    # --- following the cursor --------------------------------------------------------------

    @on(PageView.CursorMoved)
    def cursor_moved(self, event: PageView.CursorMoved) -> None:
        if event.line != self._followed:  # the key's own action has usually followed already
            self._follow(event.line)

    def go_to(self, line: int) -> None:
        """Move the cursor and bring the lists along in the same frame (waiting
        for CursorMoved would draw the screen twice)."""
        view = self.query_one(PageView)
        view.go_to(line)
        self._follow(view.cursor)

    def _follow(self, line: int) -> None:
        """List the articles and figures for the article under the cursor."""
        view = self.query_one(PageView)
        self._followed = line
        if view.current_article != self._listed:
            self.figure_cursor = None
            self._fill_articles()
            self._fill_figures()
        on_line = [f for f in self.state.figures.values() if f.line == line]
        if on_line and self.figure_cursor not in {f.id for f in on_line}:
            self.figure_cursor = on_line[0].id
            self.query_one("#figures", RowList).move_to(self.figure_cursor)
        self._status()

    @on(RowList.Highlighted, "#articles")
    def article_highlighted(self, event: RowList.Highlighted) -> None:
        self._show_article(event.key)  # the text follows the list; the list keeps the keys

    @on(RowList.Chosen, "#articles")
    def article_chosen(self, event: RowList.Chosen) -> None:
        if self._show_article(event.key):
            self.query_one(PageView).focus()

    def _show_article(self, article: int) -> bool:
        lines = self.state.lines_of(article)
        if lines:
            self.go_to(lines[0])
        return bool(lines)

    @on(RowList.Highlighted, "#figures")
    @on(RowList.Chosen, "#figures")
    def figure_chosen(self, event: RowList.RowMessage) -> None:
        f = self.state.figures.get(event.key)
        if f:
            self.figure_cursor = f.id
            self.go_to(f.line)

    # --- editing ----------------------------------------------------------------------------

    def do(self, build, figures_only: bool = False, articles_only: bool = False) -> bool:
        """Build an edit against the current state and apply it; say why if it cannot.

        An edit of figures alone (or of an article's status) leaves the page
        text as it was, so only that list is redrawn."""
        try:
            edit = build()
            self.history.apply(edit)
        except E.EditError as e:
            self.notify(str(e), severity="warning", timeout=3)
            return False
        if figures_only or articles_only:
            (self._fill_figures if figures_only else self._fill_articles)()
            self._status()
            return True
        view = self.query_one(PageView)
        view.mark_anchor = None
        if view.current_article not in self.state.articles:
            view.current_article = self.state.article_of.get(view.cursor)
        self.refresh_all()
        return True

    def _current(self) -> int | None:
        return self.query_one(PageView).current_article

    def action_line(self, rows: int) -> None:
        view = self.query_one(PageView)
        view.move(rows)
        self._follow(view.cursor)

    def action_article(self, step: int) -> None:
        a = self._current()
        target = E.neighbour(self.state, a, step) if a is not None else next(iter(self.state.ordered_articles()), None)
        if target is None:
            self.notify("no more articles", timeout=2)
            return
        self.go_to(self.state.lines_of(target)[0])

    def action_figure(self, step: int) -> None:
        figs = sorted(self.state.figures.values(), key=lambda f: f.start)
        if not figs:
            return
        ids = [f.id for f in figs]
        k = ids.index(self.figure_cursor) + step if self.figure_cursor in ids else (0 if step > 0 else len(ids) - 1)
        k = max(0, min(len(ids) - 1, k))
        self.go_to(figs[k].line)  # refills the lists (and forgets the figure) if the article changes
        self.figure_cursor = ids[k]
        self.query_one("#figures", RowList).move_to(self.figure_cursor)

    def action_next_low(self) -> None:
        view = self.query_one(PageView)
        items: list[tuple[int, int | None]] = []
        for a in self.state.ordered_articles():
            m = self.state.articles[a]
            if is_low_article(m) and self.state.lines_of(a):
                items.append((self.state.lines_of(a)[0], None))
        for f in self.state.figures.values():
            if is_low_figure(f):
                items.append((f.line, f.id))
        items.sort()
        after = [it for it in items if it[0] > view.cursor] or items
        if not after:
            self.notify("nothing of low confidence left on this page", timeout=2)
            return
        line, fid = after[0]
        self.go_to(line)
        if fid is not None:
            self.figure_cursor = fid
            self.query_one("#figures", RowList).move_to(fid)

    def action_goto(self) -> None:
        def done(values) -> None:
            if values and values["line"].strip().isdigit():
                self.go_to(int(values["line"]))

        self.app.push_screen(Form("Go to line", [Field("line", "line number", "")]), done)

    def action_mark(self) -> None:
        view = self.query_one(PageView)
        view.mark_anchor = None if view.mark_anchor is not None else view.cursor
        view.refresh()
        self._status()

    def action_split(self) -> None:
        view = self.query_one(PageView)
        a = self.state.article_of.get(view.cursor)
        if a is None:
            self.notify("the cursor is not in an article", severity="warning", timeout=2)
            return
        self.do(lambda: E.split_article(self.state, a, view.cursor))

    def action_merge(self, step: int) -> None:
        a = self._current()
        other = E.neighbour(self.state, a, step) if a is not None else None
        if other is None:
            self.notify("no article to merge with", severity="warning", timeout=2)
            return
        keep, absorb = (other, a) if step < 0 else (a, other)
        self.do(lambda: E.merge_articles(self.state, keep, absorb))

    def action_move(self) -> None:
        view = self.query_one(PageView)
        lines = view.selection()
        if not lines:
            return

        def to(target) -> None:
            self.do(lambda: E.move_lines(self.state, lines, None if target == "out" else target))

        order = [a for a, _ in sorted(view.numbers.items(), key=lambda t: t[1])]
        if len(order) <= 9:
            # one more key: the article's number, n for a new article, o for out of every article
            keys = {str(n): a for n, a in enumerate(order, 1)} | {"n": "new", "o": "out"}
            self.prompt(f"move {len(lines)} line(s) to: 1-{len(order)} article, n new, o out, esc cancel", keys, to)
            return
        options: list[tuple[str, str, object]] = [
            ("", f"article {n}: {self.state.field_text(a, 'title') or '(no headline)'}", a)
            for n, a in enumerate(order, 1)
        ]
        options += [("n", "a new article", "new"), ("o", "out of every article (furniture)", "out")]
        self.app.push_screen(Choose(f"Move {len(lines)} line(s) to", options), lambda v: v is not None and to(v))

    def action_role(self) -> None:
        view = self.query_one(PageView)
        lines = view.selection()
        if not lines:
            return
        keys = dict(ROLE_KEYS)
        hint = " ".join(f"{k}={role}" for k, role in ROLE_KEYS)
        self.prompt(
            f"role: {hint}", keys, lambda role: self.do(lambda: E.set_role(self.state, lines, role, self._current()))
        )

    # --- a one-key question in the status line ---------------------------------------------

    def prompt(self, question: str, keys: dict[str, object], then) -> None:
        """Ask for one more key in the status line; escape (or any other key) cancels."""
        self._pending = (keys, then)
        self.query_one("#status", Static).update(
            Text(printable(question), style="bold reverse", no_wrap=True, overflow="ellipsis"), layout=False
        )

    def on_key(self, event) -> None:
        pending = getattr(self, "_pending", None)
        if pending is None:
            return
        event.stop()
        event.prevent_default()
        self._pending = None
        keys, then = pending
        value = keys.get(event.character or "")
        if value is None:
            self._status()
            return
        then(value)
        self._status()

    def action_edit_fields(self) -> None:
        a = self._current()
        if a is None:
            return
        s = self.state
        fields = [Field(n, n, s.field_text(a, n)) for n in ("kicker", "title", "subtitle", "byline")]

        def done(values) -> None:
            if not values:
                return
            changes = [(n, v) for n, v in values.items() if v != s.field_text(a, n)]
            if changes:
                self.do(lambda: E.Batch("edit article", [E.SetArticleFields(a, dict(changes))]))

        self.app.push_screen(Form("Article fields", fields), done)

    def _figure(self) -> FigureState | None:
        f = self.state.figures.get(self.figure_cursor) if self.figure_cursor is not None else None
        if f is None:
            self.notify("no figure selected (f moves to the next)", severity="warning", timeout=2)
        return f

    def action_confirm_figure(self) -> None:
        f = self._figure()
        if f:
            self.do(lambda: E.confirm_figure(self.state, f.id), figures_only=True)
            self.action_figure(1)

    def action_reject_figure(self) -> None:
        f = self._figure()
        if f:
            self.do(lambda: E.reject_figure(self.state, f.id), figures_only=True)
            self.action_figure(1)

    def action_edit_figure(self) -> None:
        f = self._figure()
        if f is None:
            return
        fields = [
            Field("value", "value (in the base unit: 元, 人, 吨…)", str(f.value)),
            Field("unit", "unit", f.unit),
            Field("kind", "kind (money percent count measure date period rank)", f.kind),
            Field("label", "label", f.label),
            Field("period", "period", f.period),
            Field("qualifier", "qualifier (approx over under range)", f.qualifier),
        ]

        def done(values) -> None:
            if not values:
                return
            try:
                values["value"] = float(values["value"])
            except ValueError:
                self.notify("the value must be a number", severity="error", timeout=3)
                return
            changes = {k: v for k, v in values.items() if getattr(f, k) != v}
            if changes:
                self.do(lambda: E.edit_figure(self.state, f.id, **changes), figures_only=True)

        self.app.push_screen(Form(f"Figure {f.text!r}", fields), done)

    def action_add_figure(self) -> None:
        view = self.query_one(PageView)
        lines = view.selection()
        if not lines:
            return
        table = self.state.table
        lo, hi = table.start(lines[0]), table.end(lines[-1])
        fields = [Field("text", "the figure as it reads in the marked lines, e.g. 105.3 亿元", "")]

        def got_text(values) -> None:
            if not values or not values["text"].strip():
                return
            span = find_span(self.state.text, values["text"], lo, hi)
            if span is None:
                self.notify("that text is not in the marked lines", severity="error", timeout=3)
                return
            start, end = span
            guess = parse_figure(self.state.text[start:end])
            more = [
                Field("value", "value (in the base unit)", str(guess.value) if guess else ""),
                Field("unit", "unit", guess.unit if guess else ""),
                Field("kind", "kind (money percent count measure date period rank)", guess.kind if guess else "count"),
                Field("label", "label", ""),
                Field("period", "period", ""),
            ]

            def done(v) -> None:
                if not v:
                    return
                try:
                    value = float(v["value"])
                except ValueError:
                    self.notify("the value must be a number", severity="error", timeout=3)
                    return
                self.do(
                    lambda: E.add_figure(
                        self.state,
                        start,
                        end,
                        value,
                        v["unit"],
                        v["kind"],
                        label=v["label"],
                        period=v["period"],
                        raw_unit=guess.raw_unit if guess else v["unit"],
                    )
                )

            self.app.push_screen(Form(f"Add figure {self.state.text[start:end]!r}", more), done)

        self.app.push_screen(Form("Add a figure", fields, hint=f"lines {lines[0]}-{lines[-1]}"), got_text)

    def action_approve_article(self) -> None:
        a = self._current()
        if a is None:
            return
        if self.do(lambda: E.approve_article(self.state, a), articles_only=True):
            self.action_article(1)

    def action_approve_page(self) -> None:
        if self.do(lambda: E.approve_page(self.state)):
            self.save(then_next=True)

    def action_undo(self) -> None:
        edit = self.history.undo()
        self.notify(f"undone: {edit.label}" if edit else "nothing to undo", timeout=2)
        self._after_history()

    def action_redo(self) -> None:
        edit = self.history.redo()
        self.notify(f"redone: {edit.label}" if edit else "nothing to redo", timeout=2)
        self._after_history()

    def _after_history(self) -> None:
        view = self.query_one(PageView)
        if view.current_article not in self.state.articles:
            view.current_article = self.state.article_of.get(view.cursor)
        self.refresh_all()

    def action_compress(self) -> None:
        view = self.query_one(PageView)
        view.set_compressed(not view.compressed)

    def action_toggle_details(self) -> None:
        self.toggle_class("show-details")
        if self.has_class("show-details") and self.has_class("narrow"):
            self.query_one("#figures", RowList).focus()
        else:
            self.query_one(PageView).focus()

    def action_back(self) -> None:
        view = self.query_one(PageView)
        if view.mark_anchor is not None:
            self.action_mark()
            return
        self.app.leave_review(self)

    # --- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    def save(self, then_next: bool = False, force: bool = False) -> None:
        if self.saving:
            return
        if not self.history.modified and not then_next:
            self.notify("nothing to save", timeout=2)
            return
        self.saving = True
        self._status()
        # what is saved is the state and the edits as they are now; edits made
        # while the save runs stay unsaved after it
        self._save_worker(self.state.copy(), self.history.checkpoint(), then_next, force)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save_worker(self, state, checkpoint: Checkpoint, then_next: bool, force: bool) -> None:
        """Off the UI thread, with its own connection; the answer comes back as a message."""
        try:
            with Store(self.db_path) as store:
                expected = store.row(self.page.row.id).version if force else self.version
                version = store.save(self.page.row.id, state, expected, checkpoint.edits, self.user)
            self.post_message(Saved(version, checkpoint=checkpoint))
            if then_next:
                self.app.call_from_thread(self.app.open_next, self)
        except ConflictError as e:
            self.post_message(Saved(None, str(e), e))
        except StoreError as e:
            self.post_message(Saved(None, str(e)))
        except Exception as e:  # noqa: BLE001 - whatever fails, the edits stay unsaved and the app goes on
            self.post_message(Saved(None, f"{self.db_path}: {type(e).__name__}: {e}"))

    @on(Saved)
    def saved(self, msg: Saved) -> None:
        self.saving = False
        if msg.version is not None:
            self.version = msg.version
            self.history.saved(msg.checkpoint)
            self.notify(f"saved (version {msg.version})", timeout=2)
        elif msg.conflict:

            def answer(choice) -> None:
                if choice == "theirs":
                    self.app.reload_review(self)
                elif choice == "mine":
                    self.save(force=True)

            self.app.push_screen(
                Confirm(
                    f"{msg.error}.\nReload their version (your unsaved changes are dropped), "
                    "or keep yours and save over it?",
                    [("r", "reload theirs", "theirs"), ("k", "keep mine", "mine"), ("escape", "cancel", "cancel")],
                ),
                answer,
            )
        else:
            self.notify(f"not saved: {msg.error}", severity="error", timeout=6)
        self._status()
