"""Settings that would fail every game are refused at start-up, with the reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kogame.liveserver import free_port
from kogame.rooms.checks import default_room_settings, games_offered

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_settings_pass() -> None:
    assert default_room_settings() == []
    assert games_offered() == []


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("KOGAME_SNEK_BOTS", 100, "bots"),
        ("KOGAME_SNEK_TICK_RATE", 99, "tick_rate"),
        ("KOGAME_SNEK_SIZE", 3, "width"),
        ("KOGAME_SNEK_SIZE", "big", "not a whole number"),
    ],
)
def test_a_default_room_setting_out_of_range_is_an_error(
    settings: Any, name: str, value: int, said: str
) -> None:
    settings.KOGAME_ROOM_DEFAULTS = {
        "snek": {name.removeprefix("KOGAME_SNEK_").lower(): str(value)}
    }
    (error,) = default_room_settings()
    assert error.id == "kogame.E001"
    assert said in error.msg
    assert name in (error.hint or "")


def test_a_choice_the_game_does_not_offer_is_an_error(settings: Any) -> None:
    settings.KOGAME_ROOM_DEFAULTS = {"tally": {"counter": "pebbles"}}
    (error,) = default_room_settings()
    assert error.id == "kogame.E001"
    assert "Tally has no counter 'pebbles'" in error.msg


def test_a_setting_the_game_does_not_have_is_named(settings: Any) -> None:
    settings.KOGAME_ROOM_DEFAULTS = {"snek": {"sizzle": "3"}}
    (error,) = default_room_settings()
    assert error.id == "kogame.E001"
    assert "KOGAME_SNEK_SIZZLE: Snek has no such setting" in error.msg


def test_the_server_refuses_to_start_and_says_why(tmp_path: Path) -> None:
    env = os.environ | {"KOGAME_SNEK_BOTS": "100", "KOGAME_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "kogame.serve", "--port", str(free_port())]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "kogame.E001" in done.stderr and "bots must be between" in done.stderr
