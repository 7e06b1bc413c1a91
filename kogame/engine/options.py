"""What a game declares about its rooms: the settings a room may choose, and the clock rates.

The lobby builds its form from these declarations and checks every value against them, the
room directory checks stored rooms again, and the default room reads them from the
environment. The engine itself only carries the chosen values to the game's `new_state`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["int", "bool", "choice"]
Value = int | bool | str
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class Setting:
    """One room setting: `name` is its key in a room's options (and in the environment),
    `label` and `help` are what the lobby's form says of it.

    Kinds: a whole number in `low..high`, yes or no, or one of `choices` (names, e.g. a
    game's maps)."""

    name: str
    label: str
    default: Value
    kind: Kind = "int"
    low: int | None = None
    high: int | None = None
    help: str = ""
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or not self.name.islower():
            raise ValueError(f"setting name {self.name!r} must be a lower-case identifier")
        if self.kind == "int" and (self.low is None or self.high is None):
            raise ValueError(f"setting {self.name!r} needs a range (low and high)")
        if self.kind == "int" and not self.low <= self.default <= self.high:  # type: ignore[operator]
            raise ValueError(f"setting {self.name!r}: default out of its range")
        if self.kind == "choice" and self.default not in self.choices:
            raise ValueError(f"setting {self.name!r}: default is not one of its choices")

    def clean(self, value: object) -> Value:
        """`value` if it is a valid choice in the lobby; ValueError saying why otherwise."""
        if self.kind == "choice":
            if value not in self.choices:
                raise ValueError(f"{self.label} must be one of: {', '.join(self.choices)}.")
            return str(value)
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"{self.label} must be yes or no.")
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{self.label} must be a whole number.")
        if not self.low <= value <= self.high:  # type: ignore[operator]
            raise ValueError(f"{self.label} must be between {self.low} and {self.high}.")
        return value


@dataclass(frozen=True)
class TickRates:
    """The fixed clock rates a game runs well at, in ticks per second."""

    low: int
    high: int
    default: int

    def __post_init__(self) -> None:
        if not 1 <= self.low <= self.default <= self.high:
            raise ValueError("tick rates must satisfy 1 <= low <= default <= high")

    def __contains__(self, rate: object) -> bool:
        return isinstance(rate, int) and self.low <= rate <= self.high


def parse(kind: Kind, text: str) -> Value:
    """An environment variable's text as a value of `kind`; ValueError saying why not.

    A choice is taken as written: the game judges it when it builds the room."""
    if kind == "choice":
        return text.strip()
    word = text.strip().lower()
    if kind == "bool":
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError(f"{text!r} is not yes or no")
    try:
        return int(word)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None


def clean_options(settings: tuple[Setting, ...], options: Mapping[str, Any]) -> dict[str, Any]:
    """`options` checked against the declaration, with defaults for the missing ones.

    Raises ValueError naming the first unknown or invalid setting.
    """
    known = {setting.name for setting in settings}
    if unknown := sorted(set(options) - known):
        raise ValueError(f"Unknown setting {unknown[0]!r}.")
    return {
        setting.name: setting.clean(options[setting.name])
        if setting.name in options
        else setting.default
        for setting in settings
    }
