"""A one-line radio choice for keyboard forms: `(•) 正常  ( ) 异常  ( ) 不适用`.

←/→ (or h/l) move the choice, space cycles it, the digits 1–9 pick an option directly, Enter goes on to the
next field. It may start with nothing chosen (`value` None), which a form can treat as "not answered".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

V = TypeVar("V")


class ChoiceField(Widget, Generic[V], can_focus=True):
    """Pick one of a few options with the keyboard; posts `ChoiceField.Changed` when the value changes."""

    DEFAULT_CSS = """
    ChoiceField {
        height: 1;
        width: auto;
        padding: 0 1;
    }
    ChoiceField:focus {
        background: $boost;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", show=False),
        Binding("right,l", "move(1)", show=False),
        Binding("space", "move(1)", show=False),
        Binding("enter", "app.focus_next", show=False),
    ]

    value: reactive[V | None] = reactive(None, init=False)  # type: ignore[assignment]

    class Changed(Message):
        def __init__(self, choice: ChoiceField, value: object) -> None:
            super().__init__()
            self.choice, self.value = choice, value

        @property
        def control(self) -> ChoiceField:
            return self.choice

    def __init__(self, options: Sequence[tuple[str, V]], value: V | None = None, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.options = list(options)
        self.set_reactive(ChoiceField.value, value)

    @property
    def values(self) -> list[V]:
        return [v for _label, v in self.options]

    def render(self) -> Text:
        line = Text()
        for index, (title, value) in enumerate(self.options):
            if index:
                line.append("  ")
            chosen = value == self.value
            line.append("(•) " if chosen else "( ) ", style="bold" if chosen else "dim")
            line.append(title, style="bold" if chosen else "")
        return line

    def watch_value(self) -> None:
        self.post_message(self.Changed(self, self.value))

    def action_move(self, step: int) -> None:
        values = self.values
        if self.value not in values:
            self.value = values[0] if step > 0 else values[-1]
        else:
            self.value = values[(values.index(self.value) + step) % len(values)]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Typed characters stay here (a stray letter must not reach a screen key), except `?` for help."""
        return character is not None and character.isprintable() and character != "?"

    def on_key(self, event: events.Key) -> None:
        """Digits pick an option: 1 is the first."""
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.options):
                event.stop()
                event.prevent_default()
                self.value = self.options[index][1]
