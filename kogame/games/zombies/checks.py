"""System check: every map a room could name loads, so a bad map stops start-up, not a room.

The app's config registers `check_maps`; it is exported here, not registered, so importing
this module has no side effects.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error

from kogame.games.zombies.mapfile import MAPS_ENV, MapError, available_maps, load_map


def check_maps(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """One `zombies.E001` per map that fails to load, with the file and the problem."""
    hint = f"Fix the map in Tiled, or take it out of the shipped maps or of {MAPS_ENV}."
    try:
        maps = available_maps()
    except MapError as error:
        return [Error(str(error), hint=hint, id="zombies.E001")]
    problems: list[CheckMessage] = []
    for path in maps.values():
        try:
            load_map(path)
        except MapError as error:
            problems.append(Error(str(error), hint=hint, id="zombies.E001"))
    return problems
