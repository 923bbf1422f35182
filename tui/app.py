"""The review app: the page queue, and the review screen for one page.

The app holds one read connection for the queue; each review screen saves
through its own connection in a worker thread. Opening a database of
analysed pages never loads the word dictionary (jieba).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding

from pagedesk.db.store import Store
from pagedesk.tui.keymap import keymap_path, load_keymap, screen_bindings
from pagedesk.tui.queue import QueueScreen

if TYPE_CHECKING:
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
        Binding("question_mark", "help", "keys", id="app.help"),
        Binding("ctrl+p", "command_palette", "commands", show=False, id="app.commands"),
    ]

    def __init__(self, db_path: str | Path, user: str, keymap: dict[str, str] | None = None):
        super().__init__()
        self.db_path = Path(db_path)
        self.user = user
        self.store = Store(self.db_path)
        self._user_keymap = keymap or {}

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
        from pagedesk.tui.review import ReviewScreen

        queue = self._queue()
        self.push_screen(
            ReviewScreen(self.db_path, self.store.load(page_id), self.user, queue.order() if queue else [])
        )

    def open_next(self, review: ReviewScreen) -> None:
        """After approving a page: the next page of the queue not approved yet."""
        order = review.queue
        page_id = review.page.row.id
        rest = order[order.index(page_id) + 1 :] if page_id in order else []
        following = next((p for p in rest if self.store.row(p).status != "approved"), None)
        self.pop_screen()
        queue = self._queue()
        if queue:
            queue.reload(following or page_id)
        if following is not None:
            self.open_page(following)
        else:
            self.notify("no more pages to review in this list", timeout=3)

    def leave_review(self, review: ReviewScreen) -> None:
        from pagedesk.tui.dialogs import Confirm

        def answer(choice) -> None:
            if choice == "save":
                review.save()
            elif choice == "discard":
                self._close_review()

        if review.history.modified:
            self.push_screen(
                Confirm(
                    "This page has unsaved changes.",
                    [("s", "save", "save"), ("d", "discard", "discard"), ("c", "cancel", "cancel")],
                ),
                answer,
            )
        else:
            self._close_review()

    def _close_review(self) -> None:
        review = self._review()
        page_id = review.page.row.id if review is self.screen else None
        self.pop_screen()
        queue = self._queue()
        if queue:
            queue.reload(page_id)

    def reload_review(self, review: ReviewScreen) -> None:
        from pagedesk.tui.review import ReviewScreen

        page_id = review.page.row.id
        queue = review.queue
        self.pop_screen()
        self.push_screen(ReviewScreen(self.db_path, self.store.load(page_id), self.user, queue))

    # --- app keys ----------------------------------------------------------------------------

    def action_quit_app(self) -> None:
        from pagedesk.tui.dialogs import Confirm

        review = self._review()
        if review is not None and review.history.modified:

            def answer(choice) -> None:
                if choice == "quit":
                    self.exit()
                elif choice == "save":
                    review.save()

            self.push_screen(
                Confirm(
                    "There are unsaved changes. Quit anyway?",
                    [("s", "save", "save"), ("y", "quit without saving", "quit"), ("c", "cancel", "cancel")],
                ),
                answer,
            )
        else:
            self.exit()

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
