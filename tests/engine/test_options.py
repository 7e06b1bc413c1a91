"""Declared settings check values as the lobby and the environment give them."""

from __future__ import annotations

import pytest

from kogame.engine.options import Setting, clean_options, parse

MAP = Setting("map", "Map", "office", kind="choice", choices=("office", "warehouse"))


def test_a_choice_is_one_of_its_names() -> None:
    assert MAP.clean("warehouse") == "warehouse"
    with pytest.raises(ValueError, match="Map must be one of: office, warehouse"):
        MAP.clean("moon")
    with pytest.raises(ValueError):
        MAP.clean(3)


def test_a_choice_defaults_to_one_of_its_names() -> None:
    with pytest.raises(ValueError, match="default is not one of its choices"):
        Setting("map", "Map", "moon", kind="choice", choices=("office",))
    assert clean_options((MAP,), {}) == {"map": "office"}


def test_the_environment_gives_a_choice_as_written() -> None:
    assert parse("choice", " warehouse ") == "warehouse"
    assert parse("int", "12") == 12
    assert parse("bool", "Yes") is True
