"""The review app: the page queue, and the review screen for one page.

The app holds one read connection for the queue; each review screen saves
through its own connection in a worker thread and keeps a journal of its
unsaved edits in the database. Opening a database of analysed pages never
loads the word dictionary (jieba).

Every way out asks when edits are unsaved (q, escape, ctrl+q, ctrl+c); a
terminal that closes leaves them in the journal, offered back the next time
the page is opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding

from pagedesk.core.text.safe import printable
from pagedesk.db.store import Store
from pagedesk.tui.keymap import keymap_path, load_keymap, screen_bindings
from pagedesk.tui.queue import QueueScreen

if TYPE_CHECKING:
    from pagedesk.db.journal import Unsaved
    from pagedesk.tui.review import ReviewScreen


def _binding_commands():
    """The command palette's list of keys, imported when the palette first opens."""
    from pagedesk.tui.commands import BindingCommands

    return BindingCommands


class PagedeskApp(App):
    TITLE = "pagedesk"
    COMMANDS = App.COMMANDS | {_binding_commands}
    BINDINGS = [
        Binding("q", "quit_app", "quit", id="app.quit"),
        # Textual's own ctrl+q quits at once and its ctrl+c says to press ctrl+q:
        # both ask first here, like q
        Binding("ctrl+q,ctrl+c", "quit_app", "quit", show=False, priority=True, id="app.quit_keys"),
        Binding("question_mark", "help", "keys", id="app.help"),
        Binding("ctrl+p", "command_palette", "commands", show=False, id="app.commands"),
    ]

    def __init__(self, db_path: str | Path, user: str, keymap: dict[str, str] | None = None):
        super().__init__()
        if self.no_color:
            # Textual's own NO_COLOR turns colours grey (still 256-colour codes);
            # NO_COLOR asks for none: the terminal's default colours, with
            # bold, reverse and underline to tell things apart
            from textual.filter import Monochrome, NoColor

            self._filters = [f for f in self._filters if not isinstance(f, Monochrome)] + [NoColor()]
        self.db_path = Path(db_path)
        self.user = user
        self.store = Store(self.db_path)
        self._user_keymap = keymap or {}
        self._held: list[events.Key] | None = None  # keys kept while a form closes

    async def on_event(self, event: events.Event) -> None:
        # Keys in the order they came, whatever the screens do meanwhile: held
        # while a form closes, and offered first to the screen in front (a
        # review screen asking for the second key of a command, a form being
        # put up) before any binding sees them. Keys bubbling back up from a
        # widget were seen here already.
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held is not None:
                self._held.append(event)
                return
            takes = getattr(self.screen, "takes_key", None)
            if takes is not None and takes(event):
                return
        await super().on_event(event)

    def hold_keys(self) -> None:
        """Keep every key that comes from now until `release_keys`."""
        if self._held is None:
            self._held = []

    def release_keys(self) -> None:
        """Let the held keys go, in order, behind whatever the app has queued now."""
        self.call_later(self._let_go)

    async def _let_go(self) -> None:
        held, self._held = self._held or [], None
        for event in held:
            await self.on_event(event)  # a key that begins another hold: those after it wait in it

    def get_default_screen(self) -> QueueScreen:
        # the queue is the app's first screen itself: nothing else is drawn before it
        return QueueScreen()

    def on_mount(self) -> None:
        if self._user_keymap:
            self.set_keymap(self._user_keymap)

    def on_unmount(self) -> None:
        self.store.close()

    # --- pages ----------------------------------------------------------------------------

    def _queue(self) -> QueueScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, QueueScreen)), None)

    def _review(self) -> ReviewScreen | None:
        from pagedesk.tui.review import ReviewScreen

        return next((s for s in reversed(self.screen_stack) if isinstance(s, ReviewScreen)), None)

    def open_page(self, page_id: int) -> None:
        """The page on the review screen; unsaved edits a journal kept of it offered back first."""
        from pagedesk.db.journal import unsaved
        from pagedesk.tui.review import ReviewScreen

        queue = self._queue()
        page = self.store.load(page_id)
        review = ReviewScreen(self.db_path, page, self.user, queue.order() if queue else [])
        self.push_screen(review)
        left = unsaved(self.store, page_id, self.user)
        if left is not None:
            self.call_after_refresh(self._offer_back, review, left)

    def _offer_back(self, review: ReviewScreen, left: Unsaved) -> None:
        from pagedesk.tui.dialogs import Confirm

        when = datetime.fromisoformat(left.at).astimezone().strftime("%Y-%m-%d %H:%M")
        n = len(left.edits)
        since = "" if left.base_version == review.version else " (the page was saved since: they are merged)"

        def answer(choice) -> None:
            review.restore(left if choice == "restore" else None)

        self.push_screen(
            Confirm(f"{printable(review.page.row.name)}: restore {n} unsaved edit{'s' * (n != 1)} from {when}?{since}",
                    [("y", "restore", "restore"), ("n", "discard them", "discard")]),
            answer,
        )  # fmt: skip

    def open_next(self, review: ReviewScreen) -> None:
        """After approving a page: the next page of the queue not approved yet."""
        order = review.queue
        page_id = review.page.row.id
        rest = order[order.index(page_id) + 1 :] if page_id in order else []
        following = next((p for p in rest if self.store.row(p).status != "approved"), None)
        self._close_review(page_id)
        if following is not None:
            self.open_page(following)
        else:
            self.notify("no more pages to review in this list", timeout=3)

    def open_neighbour(self, review: ReviewScreen, step: int) -> None:
        """The next (or previous) page of the queue, approved or not; asks about unsaved edits first."""
        order = review.queue
        page_id = review.page.row.id
        k = order.index(page_id) + step if page_id in order else -1
        if not 0 <= k < len(order):
            self.notify("no more pages in this list", timeout=2)
            return
        target = order[k]

        def go() -> None:
            self._close_review(page_id)
            self.open_page(target)

        self._leave(review, go, "open the next page" if step > 0 else "open the previous page")

    def leave_review(self, review: ReviewScreen) -> None:
        page_id = review.page.row.id
        self._leave(review, lambda: self._close_review(page_id), "go back to the pages")

    def _leave(self, review: ReviewScreen, then, where: str) -> None:
        """Leave the page by `then`: at once when all is saved, else after asking."""
        from pagedesk.tui.dialogs import Confirm

        if not review.history.modified:
            then()
            return

        def answer(choice) -> None:
            if choice == "save":
                review.save(then=then)
            elif choice == "discard":
                review.discard()
                then()

        self.push_screen(
            Confirm(f"This page has unsaved changes. Save them and {where}?",
                    [("s", "save", "save"), ("d", "discard", "discard"), ("c", "cancel", "cancel")]),
            answer,
        )  # fmt: skip

    def _close_review(self, page_id: int) -> None:
        if self._review() is self.screen:
            self.pop_screen()
        queue = self._queue()
        if queue:
            queue.reload(page_id)

    # --- app keys ----------------------------------------------------------------------------

    def action_quit_app(self) -> None:
        from pagedesk.tui.dialogs import Confirm

        review = self._review()
        if review is None or not review.history.modified:
            self.exit()
            return

        def answer(choice) -> None:
            if choice == "quit":
                review.discard()
                self.exit()
            elif choice == "save":
                review.save(then=self.exit)

        self.push_screen(
            Confirm("There are unsaved changes.",
                    [("s", "save and quit", "save"), ("y", "quit without saving", "quit"), ("c", "cancel", "cancel")]),
            answer,
        )  # fmt: skip

    def action_help(self) -> None:
        from pagedesk.tui.dialogs import Help

        if isinstance(self.screen, Help):
            return
        rows = [(self._key_label(key), b.description, b.id or "") for key, b in screen_bindings(self.screen)]
        self.push_screen(Help(rows, str(keymap_path())))

    def _key_label(self, key: str) -> str:
        return self.get_key_display(Binding(key, ""))

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Keys", "Every key of this screen", self.action_help)


def run(db_path: str | Path, user: str) -> int:
    app = PagedeskApp(db_path, user, load_keymap())
    app.run()
    return 0
