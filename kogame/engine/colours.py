"""Colours as the platform carries them: a player's choice is an opaque CSS hex string.

The platform checks the form only ("#" and six hex digits, kept in lower case); what a colour
means is the game's business (a game may snap it to the nearest of its own colours). A game
that lets players pick declares its swatches (`Game.colours`), which the join card offers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard

# The form as a regular expression, for the database's check and the form's validator too.
HEX_COLOUR_PATTERN = r"^#[0-9a-f]{6}$"
HEX_COLOUR = re.compile(HEX_COLOUR_PATTERN)


@dataclass(frozen=True)
class Swatch:
    """One colour a player may pick: its "#rrggbb" value and the name a screen reader says."""

    colour: str
    label: str

    def __post_init__(self) -> None:
        if not is_hex_colour(self.colour):
            raise ValueError(f"{self.colour!r} is not a lower-case #rrggbb colour")


def is_hex_colour(value: object) -> TypeGuard[str]:
    """Whether `value` is a colour in the form the platform keeps: "#" and six lower-case hex
    digits."""
    return isinstance(value, str) and HEX_COLOUR.fullmatch(value) is not None
