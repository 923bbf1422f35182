"""Small modal screens: choose, confirm, edit. Each returns its answer through `dismiss`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, NoBinding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Static
from textual.widgets.input import Selection
from textual.widgets.option_list import Option

from pagedesk.core.text.safe import printable, printable_lines


class Keyed(ModalScreen):
    """A dialog of a few answers, each with a key; escape answers None."""

    DEFAULT_CSS = """
    Keyed { align: center middle; }
    Keyed > Vertical { max-width: 95%; height: auto; background: $panel; }
    """
    BINDINGS = [Binding("escape", "cancel", "cancel", id="dialog.cancel")]

    def __init__(self, answers: list[tuple[str, str, object]]):
        super().__init__()
        self.answers = answers  # (key, label, value)

    def on_key(self, event) -> None:
        for key, _, value in self.answers:
            if key and event.character == key:
                event.stop()
                self.dismiss(value)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)


class Choose(Keyed):
    """A list to pick one item from, by arrow keys and enter, or by its key."""

    DEFAULT_CSS = """
    Choose > Vertical { width: 60; max-height: 90%; border: round $accent; padding: 0 1; }
    Choose OptionList { height: auto; max-height: 18; }
    """

    def __init__(self, title: str, options: list[tuple[str, str, object]]):
        super().__init__(options)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(printable_lines(self.title_text), style="bold"))
            yield OptionList(
                *[
                    Option(Text(printable(f"{k:>2}  {label}")), id=str(i))
                    for i, (k, label, _) in enumerate(self.answers)
                ]
            )

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.answers[int(event.option.id)][2])


class Confirm(Keyed):
    """A question with a few answers (buttons, each with a key)."""

    DEFAULT_CSS = """
    Confirm > Vertical { width: 64; border: round $warning; padding: 1 2; }
    Confirm Grid { grid-size: 3; grid-gutter: 1; height: auto; margin-top: 1; }
    Confirm Button { width: 100%; }
    """

    def __init__(self, question: str, answers: list[tuple[str, str, str]]):
        super().__init__(answers)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(printable_lines(self.question)))
            with Grid():
                for key, label, value in self.answers:
                    yield Button(f"{label} ({key})", id=f"answer-{value}")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id.removeprefix("answer-"))


@dataclass
class Field:
    name: str
    label: str  # a word or two, beside the input
    value: str
    help: str = ""  # what goes in it, shown while the field has the cursor


class Form(ModalScreen):
    """A few text fields, one line each (nine fit at 80x24); enter on the last
    one (or ctrl+s) accepts, escape cancels. `done` gets the answers (a dict
    by field name), or None.

    Keys in one burst (a slow SSH link delivers `:90⏎j` in one write) keep
    their order across the form: the keys that come while it is being put up
    wait for its first field, and on accepting, the keys after ctrl+s wait
    until the field has taken the keys before it, the form is gone and `done`
    has run (and perhaps put up the next form); then they go on, to whatever
    screen is in front."""

    DEFAULT_CSS = """
    Form { align: center middle; }
    Form > Vertical {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        border: round $accent;
        background: $panel;
        padding: 0 1;
    }
    Form .row { height: 1; }
    Form .row Label { width: 11; }
    Form .row.current Label { text-style: reverse; }
    Form .row Input { width: 1fr; height: 1; border: none; padding: 0; background: $boost; }
    Form .hint { color: $text-muted; }
    """
    # the keys themselves are taken in `takes_key`, before any binding: these
    # name them for the help, the palette and a user keymap
    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="dialog.cancel"),
        Binding("ctrl+s", "accept", "accept", id="dialog.accept"),
        Binding("enter", "next_field", "next field", id="dialog.next", show=False),
    ]

    def __init__(self, title: str, fields: list[Field], done: Callable[[dict | None], None], hint: str = ""):
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.done = done
        self.hint = hint
        self._state = "opening"  # opening | open | closing | closed
        self._early: list[events.Key] = []  # keys that came while opening

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(printable_lines(self.title_text), style="bold"))
            if self.hint:
                yield Static(Text(printable_lines(self.hint)), classes="hint")
            for f in self.fields:
                with Horizontal(classes="row", id=f"row-{f.name}"):
                    yield Label(f.label)
                    yield Input(value=f.value, id=f"field-{f.name}", select_on_focus=False)
            yield Static(id="field-help", classes="hint")
            yield Static(Text("enter: next / accept   ctrl+s: accept   escape: cancel"), classes="hint")

    def takes_key(self, event: events.Key) -> bool:
        """The app asks this first, for every key, in the order the keys came:
        True when the form has taken the key (or keeps it for later)."""
        if self._state == "opening":
            self._early.append(event)
            return True
        if self._state != "open":
            return False
        action = self._action_for(event.key)
        if action == "cancel":
            self.action_cancel()
        elif action == "accept":
            self.action_accept()
        elif action == "next_field":
            self.action_next_field()
        else:
            return False  # typed into the field that has the cursor
        return True

    def _action_for(self, key: str) -> str | None:
        """The form's own action bound to a key (as a user keymap may have moved
        it), before the field's own (an Input binds enter too)."""
        try:
            bindings = self._bindings.get_bindings_for_key(key)  # private to Textual (hence the pin)
        except NoBinding:
            return None
        return bindings[0].action if bindings else None

    def on_mount(self) -> None:
        self._enter(self.query(Input).first())
        self.app.call_later(self._opened)  # behind any key the app has now

    async def _opened(self) -> None:
        self._state = "open"
        early, self._early = self._early, []
        for event in early:
            await self.app.on_event(event)

    def _enter(self, field: Input) -> None:
        """The cursor into a field with its text selected, so typing replaces it.
        Done here, at once, not by the Input on its focus event: that event
        comes after keys already queued for the field, and the selection it
        makes would swallow what they typed."""
        self.set_focus(field)
        field.selection = Selection(0, len(field.value))

    def _field_index(self) -> int:
        inputs = list(self.query(Input))
        return inputs.index(self.focused) if self.focused in inputs else -1

    def action_next_field(self) -> None:
        k = self._field_index()
        if k + 1 < len(self.fields):
            self._enter(list(self.query(Input))[k + 1])
        else:
            self.action_accept()

    def on_descendant_focus(self, event) -> None:
        """The field with the cursor: its label reversed (seen without colour too) and its help below."""
        for f in self.fields:
            current = event.widget.id == f"field-{f.name}"
            self.query_one(f"#row-{f.name}").set_class(current, "current")
            if current:
                self.query_one("#field-help", Static).update(Text(printable(f.help)))

    def action_accept(self) -> None:
        """Read the fields once the one with the cursor has typed the keys sent
        to it before this one: a callback queued behind them. The app holds
        every key that comes meanwhile."""
        if self._state != "open":
            return
        self._state = "closing"
        self.app.hold_keys()
        field = self.focused if isinstance(self.focused, Input) else self
        field.call_later(lambda: self._close(self._values()))

    def action_cancel(self) -> None:
        if self._state == "open":
            self._close(None)

    def _values(self) -> dict[str, str]:
        return {f.name: self.query_one(f"#field-{f.name}", Input).value for f in self.fields}

    def _close(self, values: dict | None) -> None:
        self._state = "closed"
        self.app.pop_screen()
        self.done(values)
        self.app.release_keys()


class Help(ModalScreen):
    """Every key of the screen it was opened from, with what it does and its binding id."""

    DEFAULT_CSS = """
    Help { align: center middle; }
    Help > Vertical { width: 90%; height: 90%; border: round $accent; background: $panel; }
    Help DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "close", "close", id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str]], keymap_file: str):
        super().__init__()
        self.rows = rows
        self.keymap_file = keymap_file

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Keys (escape closes). Change any key by its id in " + self.keymap_file, style="bold"))
            table = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("key", "does", "id")
            for key, desc, bid in self.rows:
                table.add_row(Text(key), Text(desc), Text(bid))
            yield table

    def action_close(self) -> None:
        self.dismiss(None)
