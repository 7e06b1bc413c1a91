"""A game's results declaration: what it may declare, and which lives fit it."""

from __future__ import annotations

from typing import Any

import pytest

from kogame.engine.results import LEFT, Life, Results, Stat

DECLARED = Results(
    causes={"wall": "Hit a wall"}, stats=(Stat("length", "Length"), Stat("kills", "Kills"))
)


def _life(**fields: Any) -> Life:
    values: dict[str, Any] = {
        "player": "p",
        "name": "P",
        "score": 1,
        "cause": "wall",
        "ticks": 3,
        "stats": {"length": 3, "kills": 0},
    }
    return Life(**(values | fields))


@pytest.mark.parametrize(
    "declaration",
    [
        {"ranks_by": "speed"},
        {"stats": (Stat("kills", "Kills"), Stat("kills", "Kills again"))},
        {"stats": (Stat("score", "Score"),)},
        {"stats": (Stat("Kills", "Kills"),)},
        {"stats": (Stat("kills__x", "Kills"),)},
        {"stats": (Stat("kills", " "),)},
        {"causes": {"hit wall": "Hit a wall"}},
        {"causes": {LEFT: "Went home"}},
        {"causes": {"wall": ""}},
        {"causes": {"x" * 33: "Long"}},
    ],
)
def test_a_declaration_that_a_board_could_not_show_is_refused(declaration: dict[str, Any]) -> None:
    values: dict[str, Any] = {"causes": {"wall": "Hit a wall"}, "stats": (Stat("kills", "Kills"),)}
    with pytest.raises(ValueError):
        Results(**(values | declaration))


def test_a_board_ranks_by_score_unless_told_a_stat() -> None:
    assert DECLARED.ranks_by == "score"
    assert Results(causes={}, stats=(Stat("kills", "Kills"),), ranks_by="kills").ranks_by == "kills"


def test_every_game_can_end_a_life_by_leaving_and_each_cause_has_words() -> None:
    assert DECLARED.problem(_life(cause=LEFT)) is None
    assert (DECLARED.words("wall"), DECLARED.words(LEFT)) == ("Hit a wall", "Left the game")
    assert DECLARED.words("gone") == "gone", "a cause no longer declared reads as stored"


@pytest.mark.parametrize(
    "fields",
    [
        {"cause": "lava"},
        {"stats": {"length": 3}},
        {"stats": {"length": 3, "kills": 0, "apples": 1}},
        {"stats": {"length": 3, "kills": 0.5}},
        {"stats": {"length": 3, "kills": False}},
        {"stats": {"length": 3, "kills": -1}},
    ],
)
def test_a_life_must_fit_the_declaration(fields: dict[str, Any]) -> None:
    assert DECLARED.problem(_life()) is None
    assert DECLARED.problem(_life(**fields)) is not None


def test_a_declaration_cannot_be_changed_once_made() -> None:
    causes = {"wall": "Hit a wall"}
    declared = Results(causes=causes, stats=[Stat("kills", "Kills")])  # type: ignore[arg-type]
    causes["lava"] = "Fell in lava"
    assert "lava" not in declared.causes
    assert declared.stats == (Stat("kills", "Kills"),)
