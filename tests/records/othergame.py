"""A second game for the results' tests: only what the records read of a game (its name and
results declaration), ranked by one of its stats rather than by score."""

from __future__ import annotations

from typing import Any, cast

import pytest

from kogame.engine.results import Results, Stat
from kogame.games import GAMES

TAG = "tag"


class TagGame:
    name = TAG
    results = Results(
        causes={"tagged": "Got tagged"},
        stats=(Stat("tags", "Tags"), Stat("dodges", "Dodges")),
        ranks_by="tags",
    )


def offer_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    """The site offers Tag after Snek for the rest of the test."""
    monkeypatch.setitem(GAMES, TAG, cast(Any, TagGame()))
