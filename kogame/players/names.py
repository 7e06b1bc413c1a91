"""Display names: validation of what players type, and friendly defaults."""

from __future__ import annotations

import secrets

from kogame.engine.game import InputError
from kogame.players.constants import NAME_MAX_LENGTH

_ADJECTIVES = (
    "Brisk", "Clever", "Daring", "Eager", "Fuzzy", "Gentle", "Happy", "Jolly", "Lucky", "Mighty",
    "Nimble", "Plucky", "Quick", "Rapid", "Sly", "Sunny", "Swift", "Witty", "Zesty", "Bold",
)  # fmt: skip
_ANIMALS = (
    "Otter", "Badger", "Falcon", "Gecko", "Heron", "Ibis", "Koala", "Lemur", "Marten", "Newt",
    "Ocelot", "Panda", "Quokka", "Raven", "Stoat", "Tapir", "Viper", "Wombat", "Yak", "Zebu",
)  # fmt: skip


def friendly_name() -> str:
    return f"{secrets.choice(_ADJECTIVES)} {secrets.choice(_ANIMALS)}"


def clean_name(raw: object) -> str:
    """A valid display name: trimmed, 1-20 printable characters; raises InputError otherwise."""
    if not isinstance(raw, str):
        raise InputError("bad_name", "Your name must be text.")
    name = raw.strip()
    if not name:
        raise InputError("bad_name", "Please choose a name.")
    if len(name) > NAME_MAX_LENGTH:
        raise InputError("bad_name", f"Names can be at most {NAME_MAX_LENGTH} characters long.")
    if not name.isprintable():
        raise InputError("bad_name", "Names can only contain printable characters.")
    return name
