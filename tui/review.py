"""The review screen: one page's text beside its articles and figures, corrected by keyboard.

Every key dispatches an edit from core.editing.edits through the page's
History, so undo, redo, the audit log and the journal of unsaved edits see
exactly what the editor did. Saving runs in a worker thread with its own
database connection and reports back by message; a save that finds the page
saved by someone else meanwhile merges (core.editing.merge).

One cursor model: the cursor line decides the current article (the lists
show it and its figures) and the current figure (what c, x and E act on);
f and F go to the next figure from the cursor.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from pagedesk.core.editing import edits as E
from pagedesk.core.editing.history import Checkpoint, History
from pagedesk.core.editing.merge import Merge, describe, merge
from pagedesk.core.editing.state import FigureState, is_low_article, is_low_figure
from pagedesk.core.figures.extract import parse_figure
from pagedesk.core.lines import roles as R
from pagedesk.core.result import FIGURE_KINDS, FigureFacts
from pagedesk.core.text.normalize import find_span
from pagedesk.core.text.safe import printable
from pagedesk.db.journal import Journal, Unsaved
from pagedesk.db.schema import ConflictError, StoreError
from pagedesk.db.store import LoadedPage, Store
from pagedesk.tui import memory
from pagedesk.tui.dialogs import Choose, Confirm, Field, Form
from pagedesk.tui.keymap import binding_table
from pagedesk.tui.pageview import GUTTER, PageView
from pagedesk.tui.render import figure_value, figure_when
from pagedesk.tui.rowlist import Row, RowList

WIDE = 120  # columns from which text and details stand side by side
WATCH_EVERY = 3.0  # seconds between looks at whether someone else saved the page
KIND_KEYS = {"a": None, **{kind[0]: kind for kind in FIGURE_KINDS if kind != "period"}, "e": "period"}


class Saved(Message):
    """A save's answer, from the worker thread."""

    def __init__(
        self,
        version: int | None,
        error: str = "",
        checkpoint: Checkpoint | None = None,
        merged: Merge | None = None,
        base: int | None = None,
    ) -> None:
        self.version, self.error, self.checkpoint, self.merged, self.base = version, error, checkpoint, merged, base
        super().__init__()


class ReviewScreen(Screen):
    # Every key of the review is a priority binding: the app runs it as it reads
    # it, in the order the keys came, before it reads the next. A key that asks
    # for one more (r, m, g, C, X) sets its question as it runs, and the app
    # hands the next key to it first (PagedeskApp.on_event): a burst (r a, sent
    # in one write over a slow link) gives the role and never runs `a` as a
    # command. A key that went through a widget first would run after a key
    # sent behind it.
    # id             keys                  action                       description (*: in the footer)
    BINDINGS = binding_table(
        "review",
        """
    line_down        down,j                line(1)                      line down
    line_up          up,k                  line(-1)                     line up
    page_down        pagedown              line(20)                     page down
    page_up          pageup                line(-20)                    page up
    top              g                     prefix_g                     g g: first line
    end              G                     end                          last line
    goto             colon                 goto                         go to line
    scroll_left      left                  sideways(-20)                scroll left
    scroll_right     right                 sideways(20)                 scroll right
    next_article     right_square_bracket  article(1)                   *next article
    prev_article     left_square_bracket   article(-1)                  previous article
    next_figure      f                     figure(1)                    *next figure
    prev_figure      F                     figure(-1)                   previous figure
    next_low         l                     next_low                     next doubtful
    next_unassigned  o                     next_unassigned              next line of no article
    next_headline    h                     next_headline                next headline-like line
    search           slash                 search                       search the page
    search_next      n                     search_again(1)              next match
    search_prev      N                     search_again(-1)             previous match
    next_page        right_curly_bracket   page(1)                      next page
    prev_page        left_curly_bracket    page(-1)                     previous page
    mark             space                 mark                         mark
    split            s                     split                        *split
    merge_prev       less_than_sign        merge(-1)                    merge with previous
    merge_next       greater_than_sign     merge(1)                     merge with next
    split_items      i                     split_items                  split a compilation into items
    join_items       I                     join_items                   join as items of a compilation
    move             m                     move                         *move
    role             r                     role                         *role
    block_up         K                     block(-1)                    block up in reading order
    block_down       J                     block(1)                     block down in reading order
    edit_fields      e                     edit_fields                  edit title…
    note             number_sign           note                         note
    confirm_figure   c                     confirm_figure               confirm
    reject_figure    x                     reject_figure                reject
    confirm_figures  C                     decide_figures('confirmed')  confirm figures…
    reject_figures   X                     decide_figures('rejected')   reject figures…
    edit_figure      E                     edit_figure                  edit figure
    add_figure       plus                  add_figure                   add figure
    approve_article  a                     approve_article              *approve
    approve_page     A                     approve_page                 approve page
    second_look      exclamation_mark      second_look                  needs a second look
    undo             u,ctrl+z              undo                         *undo
    redo             ctrl+r,ctrl+y         redo                         redo
    save             ctrl+s                save                         save
    history          H                     history                      history
    compress         z                     compress                     blank lines
    toggle_details   v                     toggle_details               text/details
    back             escape                back                         back
    quit             q                     app.quit_app                 quit
    help             question_mark         app.help                     keys
""",
        priority=True,
    )

    DEFAULT_CSS = """
    ReviewScreen #status { height: 1; background: $boost; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    ReviewScreen #status.asking { height: auto; max-height: 3; text-wrap: wrap; }
    ReviewScreen #body { height: 1fr; }
    ReviewScreen PageView { width: 1fr; height: 1fr; }
    ReviewScreen #details { width: 1fr; height: 1fr; }
    ReviewScreen.wide #body { layout: horizontal; }
    ReviewScreen.wide #details { width: 1fr; border-left: vkey $accent; }
    ReviewScreen.narrow #body { layout: vertical; }
    ReviewScreen.narrow #details { display: none; }
    ReviewScreen.narrow.show-details #details { display: block; height: 1fr; }
    ReviewScreen.narrow.show-details PageView { height: 0; }
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
        self.journal: Journal | None = None
        self._pending: tuple[dict[str, object], Callable[[object], None]] | None = None
        self._figure_pick: int | None = None  # the figure f/F went to, among those of its line
        self._listed: object = ()  # the article whose figures the list shows
        self._followed: int | None = None  # the cursor line the lists were last brought to
        self._search: str = ""
        self._watched = time.monotonic()
        self._told_changed = False

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
                yield RowList(
                    [("#", 3), ("title", -1), ("lines", 13), ("conf", 5), ("status", 9)], focusable=False, id="articles"
                )
                yield Static(id="figures-head", classes="head")
                yield RowList(
                    # what an editor checks first stands first: kind and status are the
                    # first to scroll off on a narrow screen
                    [("text", 12), ("value", 14), ("unit", 6), ("label", -1), ("period", 10),
                     ("ISO/range", 0), ("kind", 7), ("status", 9), ("flag", 6)],
                    focusable=False,
                    id="figures",
                )  # fmt: skip
        yield Footer()

    def on_mount(self) -> None:
        self._layout(self.app.size.width)
        self.journal = Journal(self.db_path, self.page.row.id, self.user, self.version)
        self.history.on_log = self.journal.record
        view = self.query_one(PageView)
        table = self.state.table
        if len(table) - len(table.nonblank()) > len(table) / 3:
            view.set_compressed(True)  # a blank line after every line: show the text, not the gaps
        first = next(iter(self.state.ordered_articles()), None)
        lines = self.state.lines_of(first) if first is not None else []
        view.focus()
        self.go_to(lines[0] if lines else 1)
        self.refresh_all()
        self.call_after_refresh(memory.settle)

    def on_unmount(self) -> None:
        if self.journal is not None:
            self.journal.close()

    def on_resize(self, event) -> None:
        self._layout(event.size.width)
        self.call_after_refresh(self._fill_lists)  # the lists' columns at their new width

    def _layout(self, width: int) -> None:
        self.set_class(width >= WIDE, "wide")
        self.set_class(width < WIDE, "narrow")
        if width >= WIDE:
            # the text as wide as the page's column, up to 3/5 of the screen:
            # the rest goes to the titles and figures
            view = self.query_one(PageView)
            view.styles.width = min(view.column_width + GUTTER + 2, width * 3 // 5)  # 2: the scrollbar and a space

    # --- showing the state -------------------------------------------------------------

    def refresh_all(self) -> None:
        view = self.query_one(PageView)
        view.refresh_page()
        view.follow()
        self._fill_lists()

    def _fill_lists(self) -> None:
        self._fill_articles()
        self._fill_figures()
        self._status()

    def _status(self) -> None:
        s = self.state
        view = self.query_one(PageView)
        a = view.current_article
        n = view.numbers.get(a)
        mark = f"●{self.history.unsaved} unsaved" if self.history.modified else "saved"
        if self.saving:
            mark = "saving…"
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(printable(self.page.row.name.rsplit(".", 1)[0]) + " ", style="bold")
        line.append(f"v{self.version} {s.status} ")
        line.append(mark, style="bold" if self.history.modified else "")
        if view.mark_anchor is not None:
            line.append(f" marked {len(view.marked)}")
        line.append(f" L{view.cursor} ")
        if n:
            line.append(f"A{n}/{len(view.numbers)} ")
            line.append(printable(self._headline(a)), style="bold")
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
            note = " ✎" if meta.note else ""
            rows.append(
                Row(
                    a,
                    [str(n), self._headline(a) + note,
                     f"{lines[0]}-{lines[-1]} ({len(lines)})", f"{meta.confidence:.2f}", meta.status],
                    mark="!" if is_low_article(meta) else " ",
                    strong=a == view.current_article,
                )
            )  # fmt: skip
        lst.set_rows(rows, keep=view.current_article)
        self.query_one("#articles-head", Static).update(lst.header(), layout=False)

    def _fill_figures(self) -> None:
        lst = self.query_one("#figures", RowList)
        view = self.query_one(PageView)
        current = self.figure
        rows = []
        for f in self.state.figures_of(view.current_article):
            rows.append(
                Row(
                    f.id,
                    [f.text.replace("\n", "⏎"), figure_value(f.value, f.kind), f.unit, f.label, f.period,
                     figure_when(f), f.kind, f.status, "⚑" + f.flag if f.flag else ""],
                    mark="!" if is_low_figure(f) else " ",
                    strong=current is not None and f.id == current.id,
                )
            )  # fmt: skip
        # the list's ▶ is the figure c, x and E act on (or, with none on the cursor line, the first)
        lst.set_rows(rows, keep=current.id if current is not None else None)
        self.query_one("#figures-head", Static).update(lst.header(), layout=False)
        self._listed = view.current_article

    # --- the cursor -------------------------------------------------------------------------

    @on(PageView.CursorMoved)
    def cursor_moved(self, event: PageView.CursorMoved) -> None:
        if event.line != self._followed:  # the key's own action has usually followed already
            self._follow(event.line)

    def go_to(self, line: int, figure: int | None = None) -> None:
        """Move the cursor and bring the lists along in the same frame (waiting
        for CursorMoved would draw the screen twice)."""
        view = self.query_one(PageView)
        view.go_to(line)
        self._figure_pick = figure
        self._follow(view.cursor)

    def _follow(self, line: int) -> None:
        view = self.query_one(PageView)
        self._followed = line
        if view.current_article != self._listed:
            self._fill_articles()
        self._fill_figures()
        self._status()
        self._watch_page()

    @property
    def figure(self) -> FigureState | None:
        """The current figure: the one f/F went to, else the first on the cursor line."""
        cursor = self.query_one(PageView).cursor
        on_line = sorted((f for f in self.state.figures.values() if f.line == cursor), key=lambda f: f.start)
        if not on_line:
            return None
        return next((f for f in on_line if f.id == self._figure_pick), on_line[0])

    def _watch_page(self) -> None:
        """Now and then, whether someone else saved this page since it was opened."""
        if self._told_changed or time.monotonic() - self._watched < WATCH_EVERY:
            return
        self._watched = time.monotonic()
        try:
            row = self.app.store.row(self.page.row.id)
        except StoreError:
            return
        if row.version != self.version and not self.saving:
            self._told_changed = True
            who = f" by {printable(row.last_editor)}" if row.last_editor else ""
            self.notify(f"this page was saved{who} since you opened it: your save will merge", timeout=6)

    # --- moving -----------------------------------------------------------------------------

    def action_line(self, rows: int) -> None:
        view = self.query_one(PageView)
        view.move(rows)
        self._figure_pick = None
        self._follow(view.cursor)

    def action_prefix_g(self) -> None:
        self.prompt("g: g first line, G last line", {"g": 1, "G": -1}, lambda k: self.action_end() if k < 0 else
                    self.go_to(1))  # fmt: skip

    def action_end(self) -> None:
        self.go_to(len(self.state.table))

    def action_sideways(self, columns: int) -> None:
        self.query_one(PageView).scroll_sideways(columns)

    def action_article(self, step: int) -> None:
        a = self.query_one(PageView).current_article
        order = [x for x in self.state.ordered_articles() if self.state.lines_of(x)]
        if a is None:
            cursor = self.query_one(PageView).cursor
            later = [x for x in order if self.state.lines_of(x)[0] > cursor]
            earlier = [x for x in order if self.state.lines_of(x)[0] < cursor]
            target = (later[0] if later else None) if step > 0 else (earlier[-1] if earlier else None)
        else:
            target = E.neighbour(self.state, a, step)
        if target is None:
            self.notify("no more articles", timeout=2)
            return
        self.go_to(self.state.lines_of(target)[0])

    def action_figure(self, step: int) -> None:
        """The next (or previous) figure in text order from the cursor."""
        figs = sorted(self.state.figures.values(), key=lambda f: f.start)
        if not figs:
            return
        view = self.query_one(PageView)
        here = self.figure
        anchor = here.start if here is not None else self.state.table.start(view.cursor)
        if step > 0:
            later = [f for f in figs if f.start > anchor or (here is None and f.start >= anchor)]
            target = later[0] if later else None
        else:
            earlier = [f for f in figs if f.start < anchor]
            target = earlier[-1] if earlier else None
        if target is None:
            self.notify("no more figures", timeout=2)
            return
        self.go_to(target.line, target.id)

    def action_next_low(self) -> None:
        cursor = self.query_one(PageView).cursor
        items: list[tuple[int, int | None]] = []
        for a in self.state.ordered_articles():
            if is_low_article(self.state.articles[a]) and self.state.lines_of(a):
                items.append((self.state.lines_of(a)[0], None))
        items += [(f.line, f.id) for f in self.state.figures.values() if is_low_figure(f)]
        items.sort(key=lambda it: (it[0], -1 if it[1] is None else it[1]))
        after = [it for it in items if it[0] > cursor] or items
        if not after:
            self.notify("nothing doubtful left on this page", timeout=2)
            return
        self.go_to(*after[0])
        self.notify(self._why_doubtful(*after[0]), timeout=3)

    def _headline(self, a: int) -> str:
        return self.state.field_text(a, "title") or "(no headline)"

    def _why_doubtful(self, line: int, figure: int | None) -> str:
        """What `l` stopped on and what to check there, in one line: at 80
        columns the lists that would show it are behind `v`."""
        if figure is None:  # l stops on an article at its first line
            a = self.state.article_of[line]
            n = self.query_one(PageView).numbers.get(a)
            sure = self.state.articles[a].confidence
            return f"doubtful article A{n}: {printable(self._headline(a))} ({sure:.2f}): check where it starts and ends"
        f = self.state.figures[figure]
        if f.flag:
            return f"{printable(f.text)}: {f.flag}"
        label = printable(f.label) or "no label"
        period = f", period {printable(f.period)}" if f.period else ""
        return f"doubtful figure {printable(f.text)} ({f.confidence:.2f}): label {label}{period}"

    def _next_line(self, wanted: Callable[[int], bool], what: str) -> None:
        cursor = self.query_one(PageView).cursor
        lines = sorted(self.state.role_of)
        found = next((ln for ln in lines if ln > cursor and wanted(ln)), None)
        if found is None:
            found = next((ln for ln in lines if wanted(ln)), None)
        if found is None:
            self.notify(f"no {what} on this page", timeout=2)
            return
        self.go_to(found)

    def action_next_unassigned(self) -> None:
        self._next_line(lambda ln: ln not in self.state.article_of, "line outside the articles")

    def action_next_headline(self) -> None:
        """The next line that reads like a headline: one of an article's headline
        lines, or a short line of no article that ends no sentence."""

        def headline_like(ln: int) -> bool:
            role = self.state.role_of.get(ln)
            if role in R.HEAD_ROLES:
                return True
            text = self.state.table.line(ln).strip()
            return ln not in self.state.article_of and 2 <= len(text) <= 30 and text[-1] not in "。！？”"

        self._next_line(headline_like, "headline-like line")

    def action_goto(self) -> None:
        def done(values) -> None:
            if values and values["line"].strip().isdigit():
                self.go_to(int(values["line"]))

        self.app.push_screen(Form("Go to line", [Field("line", "line", "", "its number, as in the gutter")], done))

    def action_search(self) -> None:
        def done(values) -> None:
            if values and values["text"].strip():
                self._search = values["text"].strip()
                self.action_search_again(1)

        field = Field("text", "text", self._search, "spaces and line breaks are ignored")
        self.app.push_screen(Form("Search this page", [field], done))

    def action_search_again(self, step: int) -> None:
        if not self._search:
            self.notify("nothing searched yet (/ searches)", timeout=2)
            return
        text, table = self.state.text, self.state.table
        cursor = self.query_one(PageView).cursor
        hits: list[int] = []
        pos = 0
        while (span := find_span(text, self._search, pos)) is not None:
            hits.append(table.line_of(span[0]))
            pos = span[0] + 1
        if not hits:
            self.notify(f"{printable(self._search)!r} is not on this page", timeout=2)
            return
        later = [ln for ln in hits if ln > cursor] if step > 0 else [ln for ln in hits if ln < cursor][::-1]
        self.go_to((later or (hits if step > 0 else hits[::-1]))[0])

    def action_page(self, step: int) -> None:
        self.app.open_neighbour(self, step)

    # --- a one-key question in the status line ---------------------------------------------

    def prompt(self, question: str, keys: dict[str, object], then: Callable[[object], None]) -> None:
        """Ask for one more key in the status line; escape (or any other key) cancels.
        Called from a priority binding, this is set before the next key arrives."""
        self._pending = (keys, then)
        status = self.query_one("#status", Static)
        status.add_class("asking")  # a question may take two lines: every answer shows
        status.update(Text(printable(question), style="bold reverse"))

    def takes_key(self, event) -> bool:
        """The key that answers the question asked, if one is (else False).
        Any key not among the answers cancels it."""
        pending = self._pending
        if pending is None:
            return False
        self._pending = None
        keys, then = pending
        value = keys.get(event.character or "", keys.get(event.key))
        self.query_one("#status", Static).remove_class("asking")
        self._status()
        if value is not None:
            then(value)
        return True

    # --- editing ----------------------------------------------------------------------------

    def do(self, build, lists_only: bool = False) -> bool:
        """Build an edit against the current state and apply it; say why if it
        cannot. An edit that changes nothing is neither applied nor logged.
        An edit of figures or of an article's status leaves the text as it was:
        only the lists are redrawn."""
        try:
            changed = self.history.apply(build())
        except E.EditError as e:
            self.notify(str(e), severity="warning", timeout=3)
            return False
        if not changed:
            return True
        view = self.query_one(PageView)
        if lists_only:
            self._fill_lists()
            return True
        view.mark_anchor = None
        self.refresh_all()
        return True

    def _current(self) -> int | None:
        return self.query_one(PageView).current_article

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

    def action_split_items(self) -> None:
        a = self._current()
        if a is None:
            self.notify("the cursor is not in an article", severity="warning", timeout=2)
            return
        self.do(lambda: E.split_items(self.state, a))

    def action_join_items(self) -> None:
        """The marked lines' articles, else this one and the next, as one compilation."""
        view = self.query_one(PageView)
        a = self._current()
        touched = {self.state.article_of.get(ln) for ln in view.marked} - {None}
        if not touched and a is not None:
            touched = {a, E.neighbour(self.state, a, 1)} - {None}
        if len(touched) < 2:
            self.notify("no next article to join as an item", severity="warning", timeout=2)
            return
        self.do(lambda: E.join_items(self.state, sorted(touched)))

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
            self.prompt(f"move {len(lines)} line(s) to: 1-{len(order)} article, n new, o out", keys, to)
            return
        options: list[tuple[str, str, object]] = [
            ("", f"article {n}: {self._headline(a)}", a) for n, a in enumerate(order, 1)
        ]
        options += [("n", "a new article", "new"), ("o", "out of every article (furniture)", "out")]
        self.app.push_screen(Choose(f"Move {len(lines)} line(s) to", options), lambda v: v is not None and to(v))

    def action_role(self) -> None:
        lines = self.query_one(PageView).selection()
        if not lines:
            return
        keys: dict[str, object] = {}
        for role, letter in R.ROLE_LETTER.items():
            keys[letter.lower()] = keys[letter] = role
        hint = " ".join(f"{letter.lower()}:{role[:4]}" for role, letter in R.ROLE_LETTER.items())
        self.prompt(f"role {hint}", keys, lambda role: self.do(lambda: E.set_role(self.state, lines, role,
                                                                                   self._current())))  # fmt: skip

    def action_block(self, step: int) -> None:
        """Move the marked lines, or (none marked) the cursor's line and the
        article's lines that run on after it, one part up or down the article's
        reading order: a second half an extractor set before the lead goes back."""
        view = self.query_one(PageView)
        lines = view.marked or E.run_from(self.state, view.cursor)
        if lines and self.do(lambda: E.move_block(self.state, lines, step), lists_only=True):
            self.notify("reading order: " + ("block moved up" if step < 0 else "block moved down"), timeout=2)

    def action_edit_fields(self) -> None:
        a = self._current()
        if a is None:
            self.notify("the cursor is not in an article", severity="warning", timeout=2)
            return
        s = self.state
        fields = [Field(n, n, s.field_text(a, n)) for n in ("kicker", "title", "subtitle", "byline")]

        def done(values) -> None:
            if not values:
                return
            changes = {n: v for n, v in values.items() if v != s.field_text(a, n)}
            if changes:
                self.do(lambda: E.Batch("edit article", [E.SetArticleFields(a, changes)]))

        self.app.push_screen(Form("Article fields", fields, done))

    def action_note(self) -> None:
        a = self._current()
        s = self.state
        fields = [Field("page", "page note", s.note, "the editor's note on the whole page")]
        if a is not None:
            fields.insert(0, Field("article", "article", s.articles[a].note, "the note on this article"))

        def done(values) -> None:
            if not values:
                return
            parts = []
            if a is not None and values["article"] != s.articles[a].note:
                parts += E.set_note(s, a, values["article"]).parts
            if values["page"] != s.note:
                parts += E.set_note(s, None, values["page"]).parts
            if parts:
                self.do(lambda: E.Batch("note", parts), lists_only=True)

        self.app.push_screen(Form("Notes", fields, done))

    def action_second_look(self) -> None:
        if self.do(lambda: E.second_look(self.state), lists_only=True):
            self.notify(f"page: {self.state.status.replace('_', ' ')}", timeout=2)

    def _figure(self) -> FigureState | None:
        f = self.figure
        if f is None:
            self.notify("no figure on this line (f goes to the next)", severity="warning", timeout=2)
        return f

    def _decide(self, build) -> None:
        f = self._figure()
        if f and self.do(lambda: build(self.state, f.id), lists_only=True):
            self.action_figure(1)

    def action_confirm_figure(self) -> None:
        self._decide(E.confirm_figure)

    def action_reject_figure(self) -> None:
        self._decide(E.reject_figure)

    def action_decide_figures(self, status: str) -> None:
        """Every undecided figure of the current article at once, or of one kind."""
        a = self._current()
        verb = "confirm" if status == "confirmed" else "reject"
        kinds = " ".join(f"{k}:{kind or 'all'}" for k, kind in KIND_KEYS.items())
        self.prompt(f"{verb} this article's figures: {kinds}", {k: kind or "" for k, kind in KIND_KEYS.items()},
                    lambda kind: self.do(lambda: E.decide_figures(self.state, a, status, kind or None),
                                         lists_only=True))  # fmt: skip

    def _figure_fields(self, f: FigureFacts | None) -> list[Field]:
        """The figure form, filled from `f` (a figure, or the reading of newly marked text)."""

        def number(x: float | None) -> str:
            return "" if x is None else f"{x:g}"

        return [
            Field("value", "value", number(f.value) if f else "", "in the base unit: 元, 人, 吨…"),
            Field("unit", "unit", f.unit if f else "", "as the text names it: 亿元, 家, 个百分点"),
            Field("kind", "kind", f.kind if f else "count", " ".join(FIGURE_KINDS)),
            Field("label", "label", f.label if f else "", "what is counted or measured: 总产值, 企业, 增长"),
            Field("period", "period", f.period if f else "", "the time it refers to, as written: 今年前三季度"),
            Field("iso", "ISO 8601", f.iso if f else "", "a date's or period's: 2024-10-14, 2024-01/2024-09, P3Y"),
            Field("low", "range from", number(f.low) if f else "", "a range's or vague amount's low end, or empty"),
            Field("high", "range to", number(f.high) if f else "", "its high end, or empty"),
            Field("qualifier", "qualifier", f.qualifier if f else "", "approx over under range 前, or empty"),
        ]

    def _figure_values(self, values: dict[str, str]) -> dict | None:
        """The form's answers as a figure's fields, or None (and a notice) if a number is not one."""
        out: dict = dict(values)
        for name in ("value", "low", "high"):
            text = values[name].strip()
            if name != "value" and not text:
                out[name] = None
                continue
            try:
                out[name] = float(text)
            except ValueError:
                self.notify(f"the {name} must be a number", severity="error", timeout=3)
                return None
        return out

    def action_edit_figure(self) -> None:
        f = self._figure()
        if f is None:
            return
        fields = self._figure_fields(f)

        def done(answers) -> None:
            if not answers or (values := self._figure_values(answers)) is None:
                return
            changes = {k: v for k, v in values.items() if getattr(f, k) != v}
            if changes:
                self.do(lambda: E.edit_figure(self.state, f.id, **changes), lists_only=True)

        self.app.push_screen(Form(f"Figure {f.text!r}", fields, done))

    def action_add_figure(self) -> None:
        """A figure from the marked lines: its text is asked for, its value,
        unit and kind read from it and offered to correct."""
        lines = self.query_one(PageView).selection()
        if not lines:
            return
        table = self.state.table
        lo, hi = table.start(lines[0]), table.end(lines[-1])
        offered = self._unfound_number(lo, hi)

        def got_text(values) -> None:
            if not values or not values["text"].strip():
                return
            span = find_span(self.state.text, values["text"], lo, hi)
            if span is None:
                self.notify("that text is not in the marked lines", severity="error", timeout=3)
                return
            start, end = span
            guess = parse_figure(self.state.text[start:end])
            fields = self._figure_fields(guess)

            def done(answers) -> None:
                if not answers or (v := self._figure_values(answers)) is None:
                    return
                extra = {k: v[k] for k in ("label", "period", "iso", "low", "high", "qualifier")}
                extra["raw_unit"] = guess.raw_unit if guess else v["unit"]
                self.do(lambda: E.add_figure(self.state, start, end, v["value"], v["unit"], v["kind"], **extra))

            self.app.push_screen(Form(f"Add figure {self.state.text[start:end]!r}", fields, done))

        field = Field("text", "figure", offered, "as it reads in the marked lines, e.g. 105.3 亿元")
        self.app.push_screen(Form("Add a figure", [field], got_text, hint=f"lines {lines[0]}-{lines[-1]}"))

    def _unfound_number(self, lo: int, hi: int) -> str:
        """The first number in text[lo:hi] no figure covers, with the word after
        it (8 大类): what the editor most likely marked the lines for."""
        import re

        taken = [(f.start, f.end) for f in self.state.figures.values() if f.status != "rejected"]
        for m in re.finditer(r"[\d.]+[\s]*[万亿]?[\s]*[\u4e00-\u9fff%]{0,2}", self.state.text[lo:hi]):
            start, end = lo + m.start(), lo + m.end()
            if m.group()[0] != "." and not any(a < end and start < b for a, b in taken):
                return " ".join(m.group().split())
        return ""

    def action_approve_article(self) -> None:
        a = self._current()
        if a is None:
            self.notify("the cursor is not in an article", severity="warning", timeout=2)
            return
        if self.do(lambda: E.approve_article(self.state, a), lists_only=True):
            self.action_article(1)

    def action_approve_page(self) -> None:
        if self.do(lambda: E.approve_page(self.state)):
            self.save(then=lambda: self.app.open_next(self))

    def action_undo(self) -> None:
        edit = self.history.undo()
        self.notify(f"undone: {edit.label}" if edit else "nothing to undo", timeout=2)
        self.refresh_all()

    def action_redo(self) -> None:
        edit = self.history.redo()
        self.notify(f"redone: {edit.label}" if edit else "nothing to redo", timeout=2)
        self.refresh_all()

    def action_history(self) -> None:
        """Who changed what on this page; choose an edit to make it again (a change someone overwrote)."""
        try:
            log = self.app.store.history(self.page.row.id)
        except StoreError as e:
            self.notify(str(e), severity="error", timeout=4)
            return
        if not log:
            self.notify("no saved edits on this page yet", timeout=2)
            return
        options = [
            ("", f"v{h['version']} {h['at'][:16].replace('T', ' ')} {h['user']}: {h['operation']}", h)
            for h in reversed(log)
        ]

        def chosen(h) -> None:
            if h is None:
                return
            edit = E.Edit.from_json(h["after"])
            if self.do(lambda: edit):
                self.notify(f"made again: {h['operation']} ({h['user']}, v{h['version']})", timeout=3)

        self.app.push_screen(Choose("History of this page (enter makes an edit again)", options), chosen)

    def action_compress(self) -> None:
        self.query_one(PageView).set_compressed(not self.query_one(PageView).compressed)

    def action_toggle_details(self) -> None:
        self.toggle_class("show-details")

    def action_back(self) -> None:
        view = self.query_one(PageView)
        if view.mark_anchor is not None:
            self.action_mark()
            return
        self.app.leave_review(self)

    # --- the journal of unsaved edits ------------------------------------------------------------

    def discard(self) -> None:
        """The unsaved edits are given up: the journal forgets them."""
        if self.journal is not None:
            self.journal.discard()

    def restore(self, left: Unsaved | None) -> None:
        """Apply again the edits a journal kept (`left`), or drop them (None).
        Made on the version loaded, they replay as they were; made on an older
        one, they merge with what was saved since, asking where both changed
        the same thing."""
        self.discard()  # what is restored is journalled again as it is applied
        if left is None:
            return
        if left.base_version == self.version:
            applied = [edit for edit, _ in left.edits]
            clashes = []
            lost = 0
        else:
            merged = merge(self.state, self.app.store.edits_since(self.page.row.id, left.base_version), left.edits)
            applied = [edit for edit, _ in merged.applied]
            clashes = merged.clashes
            lost = len(merged.lost)
        for edit in applied:
            try:
                self.history.apply(edit)
            except E.EditError:
                lost += 1
        self.refresh_all()
        said = f" ({lost} no longer applied)" if lost else ""
        self.notify(f"restored {len(applied)} unsaved edits{said}", timeout=4)
        self._settle_restored(clashes)

    def _settle_restored(self, clashes: list) -> None:
        if not clashes:
            return
        c = clashes[0]
        question = (f"An unsaved edit of yours and a saved one both changed {describe(c.items)}:\n"
                    f"yours: {c.mine.label or c.mine.kind}\nsaved: {'; '.join(c.theirs)}")  # fmt: skip

        def answer(choice) -> None:
            if choice == "mine":
                self.do(lambda: c.mine)
            self._settle_restored(clashes[1:])

        self.app.push_screen(Confirm(question, [("m", "keep mine", "mine"), ("t", "keep the saved one", "theirs")]),
                             answer)  # fmt: skip

    # --- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save in the background; `then` runs once it is saved (as on the way out)."""
        if self.saving:
            return
        if not self.history.modified and then is None:
            self.notify("nothing to save", timeout=2)
            return
        self.saving = True
        self._then = then
        self._status()
        # what is saved is the state and the edits as they are now; edits made
        # while the save runs stay unsaved after it
        self._save_worker(self.state.copy(), self.history.checkpoint(), self.version)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save_worker(self, state, checkpoint: Checkpoint, expected: int, keep_mine: set[int] | None = None) -> None:
        """Off the UI thread, with its own connection; the answer comes back as a message.
        Someone else saved meanwhile: my edits are merged onto theirs, and saved
        at once where nothing clashes."""
        page_id = self.page.row.id
        try:
            with Store(self.db_path) as store:
                try:
                    version = store.save(page_id, state, expected, checkpoint.edits, self.user)
                    self.post_message(Saved(version, checkpoint=checkpoint))
                    return
                except ConflictError:
                    pass
                theirs = store.load(page_id)
                merged = merge(theirs.state, store.edits_since(page_id, expected), checkpoint.edits, keep_mine)
                if merged.clashes:
                    self.post_message(Saved(None, checkpoint=checkpoint, merged=merged, base=theirs.version))
                    return
                version = store.save(page_id, merged.state, theirs.version, merged.applied, self.user)
                self.post_message(Saved(version, checkpoint=checkpoint, merged=merged, base=theirs.version))
        except StoreError as e:
            self.post_message(Saved(None, str(e), checkpoint))
        except Exception as e:  # noqa: BLE001 - whatever fails, the edits stay unsaved and the app goes on
            self.post_message(Saved(None, f"{self.db_path}: {type(e).__name__}: {e}", checkpoint))

    @on(Saved)
    def saved(self, msg: Saved) -> None:
        self.saving = False
        then, self._then = getattr(self, "_then", None), None
        if msg.version is not None:
            self.version = msg.version
            self._told_changed = False
            if msg.merged is not None:
                self._merged_in(msg.merged, msg.checkpoint, msg.version)
            else:
                self.history.saved(msg.checkpoint)
                self.journal.saved(msg.checkpoint.upto, msg.version)
            self.notify(f"saved (version {msg.version})", timeout=2)
            self._status()
            if then is not None:
                then()
        elif msg.merged is not None:
            self._ask_clashes(msg, then)
        else:
            self.notify(f"not saved: {msg.error}", severity="error", timeout=6)
            self._status()

    def _merged_in(self, merged: Merge, checkpoint: Checkpoint, version: int) -> None:
        """The page is now theirs with mine on top: the editing goes on from
        there, with the edits made while the save ran replayed on it."""
        later = self.history.log[checkpoint.logged :]
        self.journal.discard()  # its entries are replayed below, and journalled again
        start = self.history.seq
        self.history = History(merged.state, on_log=self.journal.record, seq=start)
        lost = len(merged.lost)
        for edit, _ in later:
            try:
                self.history.apply(edit)
            except E.EditError:
                lost += 1
        self.journal.saved(start, version)  # the replayed edits now stand on the merged version
        view = self.query_one(PageView)
        view.state = self.state
        self.refresh_all()
        said = f"; {lost} of your edits no longer applied" if lost else ""
        self.notify(f"merged with the changes saved meanwhile{said}", timeout=5)

    def _ask_clashes(self, msg: Saved, then: Callable[[], None] | None) -> None:
        """Where both editors changed the same thing, the editor chooses, one clash at a time."""
        clashes = msg.merged.clashes
        keep: set[int] = set()
        name = printable(self.page.row.name)

        def ask(k: int) -> None:
            if k == len(clashes):
                self.saving = True
                self._then = then
                self._save_worker(self.state.copy(), msg.checkpoint, msg.base or self.version, keep)
                return
            c = clashes[k]
            question = (f"{name} was saved by someone else meanwhile. Both changed {describe(c.items)}:\n"
                        f"yours: {c.mine.label or c.mine.kind}\ntheirs: {'; '.join(c.theirs)}")  # fmt: skip

            def answer(choice) -> None:
                if choice not in ("mine", "theirs"):
                    self.notify("not saved: the clash is still to be settled (ctrl+s)", timeout=4)
                    self._status()
                    return
                if choice == "mine":
                    keep.add(c.position)
                ask(k + 1)

            self.app.push_screen(
                Confirm(question, [("m", "keep mine", "mine"), ("t", "keep theirs", "theirs"),
                                   ("l", "later", "later")]),
                answer,
            )  # fmt: skip

        ask(0)
