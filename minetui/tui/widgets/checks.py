"""A one-line multiple choice for keyboard forms: `[x] 实地测量  [ ] 无人机航测  [ ] 井下测量`.

←/→ (or h/l) move the highlight, space toggles the highlighted option, the digits 1–9 toggle an option
directly, Enter goes on to the next field. Some options may be fixed (always on, shown but not toggled).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

V = TypeVar("V")


class CheckField(Widget, Generic[V], can_focus=True):
    """Pick any of a few options with the keyboard; posts `CheckField.Changed` when the set changes."""

    DEFAULT_CSS = """
    CheckField {
        height: auto;
        width: 1fr;
        padding: 0 1;
    }
    CheckField:focus {
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", show=False),
        Binding("right,l", "move(1)", show=False),
        Binding("space", "toggle", show=False),
        Binding("enter", "app.focus_next", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, field: CheckField, values: list[object]) -> None:
            super().__init__()
            self.field, self.values = field, values

        @property
        def control(self) -> CheckField:
            return self.field

    def __init__(self, options: Sequence[tuple[str, V]], chosen: Iterable[V] = (), *, fixed: Iterable[V] = (),
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.fixed = set(fixed)
        self._chosen = {*chosen, *self.fixed}

    @property
    def value(self) -> list[V]:
        """The chosen options, in option order."""
        return [v for _title, v in self.options if v in self._chosen]

    @value.setter
    def value(self, values: Iterable[V]) -> None:
        self._chosen = {*values, *self.fixed}
        self.refresh()
        self.post_message(self.Changed(self, list(self.value)))

    def option_text(self, index: int) -> Text:
        title, value = self.options[index]
        on = value in self._chosen
        part = Text("[x] " if on else "[ ] ", style="bold" if on else "dim")
        if self.has_focus and index == self.cursor:
            part.stylize("reverse")
        part.append(title, style="bold" if on else "")
        if value in self.fixed:
            part.append("*", style="dim")
        return part

    def render(self) -> Text:
        """The options on as many lines as the width needs, never breaking one option."""
        width = max(self.content_size.width, 1)
        line, used = Text(no_wrap=True), 0
        for index in range(len(self.options)):
            part = self.option_text(index)
            if index and used + 2 + part.cell_len > width:
                line.append("\n")
                used = 0
            elif index:
                line.append("  ")
                used += 2
            line.append_text(part)
            used += part.cell_len
        return line

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.options)

    def action_toggle(self, index: int | None = None) -> None:
        value = self.options[self.cursor if index is None else index][1]
        if value in self.fixed:
            return
        self._chosen ^= {value}
        self.refresh()
        self.post_message(self.Changed(self, list(self.value)))

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Typed characters stay here (a stray letter must not reach a screen key), except `?` for help."""
        return character is not None and character.isprintable() and character != "?"

    def on_key(self, event: events.Key) -> None:
        """Digits toggle an option: 1 is the first."""
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.options):
                event.stop()
                event.prevent_default()
                self.cursor = index
                self.action_toggle(index)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
