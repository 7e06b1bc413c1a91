"""The results recorder: batches off the tick loop, surviving outages, never blocking."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from django.test import Client
from prometheus_client import REGISTRY

from kogame.players.models import Player
from kogame.records.models import Match, Score
from kogame.records.recorder import (
    MatchOpened,
    PlayerColoured,
    PlayerNamed,
    Recorder,
    Result,
    get_recorder,
    write_batch,
)
from tests.records.outage import database_unavailable
from tests.records.results import T0, closed, life, opened, player_id
from tests.records.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def _sample(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


def _lives() -> list[tuple[str, str, int]]:
    return sorted(Score.objects.values_list("player_id", "match__key", "life"))


def test_results_are_written_in_batches_of_at_most_batch_size(attempts: list[int]) -> None:
    recorder = Recorder(batch_size=500)
    recorder.submit(opened())
    for n in range(1, 1200):
        recorder.submit(life(life=n))
    written_before = _sample("kogame_results_written_total")
    recorder.start()
    try:
        assert recorder.flush()
    finally:
        recorder.stop()
    assert attempts == [500, 500, 200]
    assert Score.objects.count() == 1199
    assert recorder.written == 1200
    assert recorder.pending == 0
    assert _sample("kogame_results_written_total") - written_before == 1200


def test_results_that_trickle_in_are_written_together(attempts: list[int]) -> None:
    """The writer wakes for a first result, then lingers for more: a busy room's deaths
    become one transaction, not one each (stopping ends the wait at once)."""
    recorder = Recorder(linger_seconds=60)
    recorder.start()
    recorder.submit(opened())
    time.sleep(0.2)  # time enough for a writer that does not linger to take the first alone
    for n in range(1, 21):
        recorder.submit(life(life=n))
    recorder.stop()
    assert attempts == [21]
    assert Score.objects.count() == 20


def test_a_batch_that_fails_for_another_reason_is_dropped_and_the_writer_goes_on(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from kogame.records import recorder as recorder_module

    write_batch = recorder_module.write_batch
    calls: list[int] = []

    def broken_once(batch: list[Result]) -> int:
        calls.append(len(batch))
        if len(calls) == 1:
            raise RuntimeError("a bug, not an outage")
        return write_batch(batch)

    monkeypatch.setattr(recorder_module, "write_batch", broken_once)
    recorder.start()
    recorder.submit(opened())
    assert recorder.flush()
    recorder.submit(opened(key="m2"))
    assert recorder.flush()
    assert list(Match.objects.values_list("key", flat=True)) == ["m2"]
    assert recorder.rejected == 1
    assert "could not be written" in caplog.text


def test_a_match_its_lives_and_its_end_are_written_together(recorder: Recorder) -> None:
    for result in (opened(), life(), life(player=player_id(2)), closed()):
        recorder.submit(result)
    recorder.start()
    assert recorder.flush()
    match = Match.objects.get()
    assert (match.game, match.room, match.settings) == ("snek", "main", {"size": 16})
    assert match.started_at == T0
    assert match.ended_at == closed().at
    assert _lives() == [(player_id(2), "m1", 1), ("playerAAAAAA", "m1", 1)]


def test_a_new_player_is_created_with_the_name_it_played_under(recorder: Recorder) -> None:
    Player.objects.create(id=player_id(1), name="Known")
    recorder.start()
    recorder.submit(opened())
    recorder.submit(life(player=player_id(1), name="Other"))
    recorder.submit(life(player=player_id(2), name="  Newcomer  "))
    recorder.submit(life(player=player_id(3), name="   "))
    assert recorder.flush()
    names = dict(Player.objects.values_list("id", "name"))
    assert names == {player_id(1): "Known", player_id(2): "Newcomer", player_id(3): "Player"}
    assert Player.objects.get(id=player_id(1)).last_seen == life().at


def test_a_chosen_name_is_written_and_the_newest_wins_over_a_lifes(recorder: Recorder) -> None:
    Player.objects.create(id=player_id(1), name="Known")
    recorder.submit(PlayerNamed(player_id(1), "First"))
    recorder.submit(opened())
    recorder.submit(life(player=player_id(2), name="Played As"))
    recorder.submit(PlayerNamed(player_id(2), "Chosen"))
    recorder.submit(PlayerNamed(player_id(1), "Second"))
    recorder.submit(PlayerNamed("x" * 13, "Too Long An Id"))
    recorder.start()
    assert recorder.flush()
    names = dict(Player.objects.values_list("id", "name"))
    assert names == {player_id(1): "Second", player_id(2): "Chosen"}
    assert recorder.rejected == 1


def test_a_chosen_colour_is_kept_apart_from_the_name_and_the_newest_wins(
    recorder: Recorder,
) -> None:
    """A colour may come before the player's row (it is kept at the join, the name once the
    game places them): the row is made, and the name that follows replaces its made-up one."""
    Player.objects.create(id=player_id(1), name="Known")
    recorder.submit(PlayerColoured(player_id(1), "#00ccaa"))
    recorder.submit(PlayerNamed(player_id(1), "Renamed"))
    recorder.submit(PlayerColoured(player_id(1), "#7777ff"))
    recorder.submit(PlayerColoured(player_id(2), "#eeee00"))
    recorder.submit(PlayerColoured(player_id(3), "red"))
    recorder.start()
    assert recorder.flush()
    rows = {p.id: (p.name, p.colour) for p in Player.objects.all()}
    assert rows[player_id(1)] == ("Renamed", "#7777ff")
    assert rows[player_id(2)][1] == "#eeee00" and rows[player_id(2)][0]
    assert player_id(3) not in rows and recorder.rejected == 1
    recorder.submit(PlayerNamed(player_id(2), "Bex"))
    assert recorder.flush()
    assert Player.objects.get(id=player_id(2)).name == "Bex"


def test_a_short_outage_loses_nothing(
    recorder: Recorder, attempts: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    recorder.submit(opened())
    recorder.start()
    assert recorder.flush()
    caplog.set_level(logging.INFO, logger="kogame.records.recorder")
    results = [life(player=player_id(n % 7), life=n) for n in range(1, 301)]
    with database_unavailable():
        for result in results[:150]:
            assert recorder.submit(result)
        wait_until(lambda: len(attempts) >= 4, "the writer retried a few times")
        for result in results[150:]:
            assert recorder.submit(result)
        assert recorder.written == 1
        assert recorder.pending == 300
    assert recorder.flush()
    expected = sorted((r.life.player, "m1", r.number) for r in results)
    assert _lives() == expected, "every result landed, exactly once"
    messages = [record.getMessage() for record in caplog.records]
    assert sum("database unavailable" in m for m in messages) == 1, messages
    assert sum("database available again" in m for m in messages) == 1, messages


def test_a_rename_flood_during_an_outage_loses_no_life_result(
    recorder: Recorder, attempts: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    """Names wait apart from game results, one per player: however many arrive, every life
    that fits the queue is written, and each player keeps their newest name."""
    recorder.capacity = 60
    recorder.name_capacity = 20
    shed_before = _sample("kogame_names_shed_total")
    caplog.set_level(logging.INFO, logger="kogame.records.recorder")
    recorder.submit(opened())
    recorder.start()
    assert recorder.flush()
    lives = [life(player=player_id(n % 40), life=n + 1) for n in range(55)]
    with database_unavailable():
        wait_until(lambda: recorder.pending == 0, "the match is written before the outage")
        for n in range(4000):
            assert recorder.submit(PlayerNamed(player_id(n % 40), f"Name {n}"))
            if n % 70 == 0 and lives:
                assert recorder.submit(lives.pop(0)), "a life found the queue full"
        for result in lives:
            assert recorder.submit(result), "a life found the queue full"
        wait_until(lambda: len(attempts) >= 3, "the writer retried a few times")
    assert recorder.flush()
    assert recorder.dropped == 0
    assert len(_lives()) == 55, "every life was written"
    assert recorder.shed == _sample("kogame_names_shed_total") - shed_before > 0
    shed = [r for r in caplog.records if "names table is full" in r.getMessage()]
    assert len(shed) == 1 and shed[0].levelno == logging.WARNING
    # The newest names of the 20 players named last were never shed.
    names = dict(Player.objects.values_list("id", "name"))
    assert all(names[player_id(n % 40)] == f"Name {n}" for n in range(3980, 4000))


def test_a_full_queue_refuses_results_counts_them_and_says_so_once(
    recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    recorder.capacity = 3
    dropped_before = _sample("kogame_results_dropped_total")
    caplog.set_level(logging.INFO, logger="kogame.records.recorder")
    results: list[Result] = [opened(), *(life(life=n) for n in (1, 2, 3, 4))]
    accepted = [recorder.submit(result) for result in results]
    assert accepted == [True, True, True, False, False]
    assert recorder.dropped == 2
    assert _sample("kogame_results_dropped_total") - dropped_before == 2
    full = [r for r in caplog.records if "queue is full" in r.getMessage()]
    assert len(full) == 1 and full[0].levelno == logging.WARNING
    recorder.start()
    assert recorder.flush()
    assert _lives() == [("playerAAAAAA", "m1", 1), ("playerAAAAAA", "m1", 2)]
    assert sum("room again" in r.getMessage() for r in caplog.records) == 1


def test_flush_waits_for_what_was_submitted_and_says_when_it_could_not(
    recorder: Recorder,
) -> None:
    recorder.submit(opened())
    assert not recorder.flush(timeout=0.01), "nothing writes before start()"
    recorder.start()
    assert recorder.flush()
    assert Match.objects.count() == 1
    assert recorder.flush(), "nothing pending: returns at once"


def test_stop_writes_what_is_queued_first() -> None:
    recorder = Recorder()
    recorder.start()
    for result in (opened(), life(), closed()):
        recorder.submit(result)
    recorder.stop()
    assert Score.objects.count() == 1
    assert Match.objects.get().ended_at is not None


def test_a_batch_retried_after_it_half_landed_writes_each_result_once() -> None:
    batch: list[Result] = [opened(), *(life(player=player_id(n), life=1) for n in range(10))]
    batch.append(closed())
    assert write_batch(batch[:6]) == 0
    assert write_batch(batch) == 0
    assert write_batch(batch) == 0
    assert Score.objects.count() == 10
    assert Match.objects.count() == 1
    assert Player.objects.count() == 10


def test_invalid_results_are_rejected_without_holding_back_the_rest(
    recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    rejected_before = _sample("kogame_results_rejected_total")
    bad = [
        life(life=0),
        life(life=2, score=-1),
        life(life=3, cause="boredom"),
        life(life=4, duration=float("nan")),
        life(life=5, player="x" * 13),
        life(life=6, at=T0.replace(tzinfo=None)),
    ]
    results: list[Result] = [opened(), *bad, life(life=7)]
    for result in results:
        recorder.submit(result)
    recorder.start()
    assert recorder.flush()
    assert _lives() == [("playerAAAAAA", "m1", 7)]
    assert recorder.rejected == len(bad)
    assert _sample("kogame_results_rejected_total") - rejected_before == len(bad)
    assert sum("result rejected" in r.getMessage() for r in caplog.records) == len(bad)


def test_a_life_whose_match_was_never_opened_is_still_kept(recorder: Recorder) -> None:
    recorder.submit(life(match="lost"))
    recorder.start()
    assert recorder.flush()
    match = Match.objects.get()
    assert (match.key, match.game, match.room) == ("lost", "", "")
    assert _lives() == [("playerAAAAAA", "lost", 1)]


def test_a_life_of_a_player_merged_into_an_account_goes_to_the_account(
    recorder: Recorder,
) -> None:
    account = Player.objects.create(id=player_id(1), name="Account")
    Player.objects.create(id=player_id(2), name="Anonymous", merged_into=account)
    for result in (opened(), life(player=player_id(2))):
        recorder.submit(result)
    recorder.start()
    assert recorder.flush()
    assert _lives() == [(player_id(1), "m1", 1)]


def test_the_process_has_one_recorder_and_its_queue_length_is_exported(client: Client) -> None:
    assert get_recorder() is get_recorder()
    metrics = client.get("/metrics").content.decode()
    assert "kogame_results_queued 0.0" in metrics
    assert "kogame_results_dropped_total" in metrics


def test_a_match_whose_settings_are_not_json_is_rejected_alone(recorder: Recorder) -> None:
    unwritable = MatchOpened(key="bad", game="snek", room="r", settings={"x": {1, 2}}, at=T0)
    for result in (unwritable, opened(), life()):
        recorder.submit(result)
    recorder.start()
    assert recorder.flush()
    assert list(Match.objects.values_list("key", flat=True)) == ["m1"]
    assert recorder.rejected == 1
    assert _lives() == [("playerAAAAAA", "m1", 1)]


def test_a_life_is_written_with_its_game_and_its_games_stats() -> None:
    lives = [life(stats={"length": 12, "kills": 2}), life(life=2, cause="left")]
    assert write_batch([opened(), *lives]) == 0, "nothing rejected"
    scores = Score.objects.order_by("life")
    assert [(s.game, s.stats, s.cause) for s in scores] == [
        ("snek", {"length": 12, "kills": 2}, "wall"),
        ("snek", {"length": 9, "kills": 0}, "left"),
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"cause": "boredom"},
        {"stats": {"length": 9, "kills": 0, "apples": 3}},
        {"stats": {"length": 9}},
        {"stats": {"length": 9, "kills": 1.5}},
        {"stats": {"length": 9, "kills": "1"}},
        {"stats": {"length": 9, "kills": True}},
        {"stats": {"length": 9, "kills": -1}},
        {"game": "chess"},
    ],
    ids=["cause", "unknown stat", "missing stat", "float", "text", "bool", "negative", "game"],
)
def test_a_life_that_does_not_fit_its_games_declaration_is_rejected(
    fields: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    assert write_batch([opened(), life(**fields), life(life=2)]) == 1
    assert _lives() == [("playerAAAAAA", "m1", 2)]
    assert sum("result rejected" in r.getMessage() for r in caplog.records) == 1
