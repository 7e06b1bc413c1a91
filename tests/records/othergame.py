"""Another game for the results' tests, ranked by one of its stats rather than by score: Tally's
rules under another name and results declaration."""

from __future__ import annotations

from typing import Any, cast

import pytest

from kogame.engine.registry import GAMES
from kogame.engine.results import Results, Stat
from tests.tally.game import TallyGame

TAG = "tag"


class TagGame(TallyGame):
    name = TAG
    title = "Tag"
    results = Results(
        causes={"tagged": "Got tagged"},
        stats=(Stat("tags", "Tags"), Stat("dodges", "Dodges")),
        ranks_by="tags",
    )


def offer_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    """The site offers Tag after Snek for the rest of the test."""
    monkeypatch.setitem(GAMES, TAG, cast(Any, TagGame()))
