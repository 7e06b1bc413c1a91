"""Game results (and the names and colours players choose), written to the database off the
tick loop.

A room calls `get_recorder().submit(result)` from its tick: that appends to a bounded
in-memory queue and returns at once, whatever the database is doing. One daemon thread per
process drains the queue in batches, one transaction per batch; after the first result of a
batch it lingers a moment for more, so a busy room's deaths are written a few hundred at a
time rather than one transaction (and one thread wake-up) each. While the database is
unavailable the batch in hand waits and is retried every `retry_seconds`, and new results
queue up behind it; only a full queue loses results (counted, and logged once per episode).

Names and colours players choose are not results: they wait apart, one name and one colour
per player (the newest), in a bounded table of their own, so however many arrive (a client
renaming in a loop during a database outage, say) they never take a game result's place; when
that table is full the oldest pending one is shed.

Every write is idempotent (inserts ignore rows that already exist, match ends and names are
plain UPDATEs), so a batch retried after a failure that happened half-way, or after a commit
whose acknowledgement was lost, writes each result exactly once.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    DataError,
    IntegrityError,
    close_old_connections,
    connections,
    transaction,
)
from django.db.models import Case, DateTimeField, Value, When

from kogame.engine.colours import is_hex_colour
from kogame.engine.registry import GAMES
from kogame.engine.results import Life
from kogame.players.constants import NAME_MAX_LENGTH, PLAYER_ID_LENGTH
from kogame.players.models import Player
from kogame.players.updates import rename_player, set_colour
from kogame.records.metrics import (
    NAMES_SHED,
    RESULTS_DROPPED,
    RESULTS_QUEUED,
    RESULTS_REJECTED,
    RESULTS_WRITTEN,
)
from kogame.records.models import Match, Score

log = logging.getLogger(__name__)

# Shown for a player whose row is created from a result with an unusable name.
FALLBACK_NAME = "Player"
_KEY_MAX_LENGTH = 32
# Errors that mean "this data cannot be written" rather than "the database is unavailable"
# (TypeError/ValueError: e.g. match settings that are not JSON).
_REFUSED_DATA = (IntegrityError, DataError, TypeError, ValueError)


@dataclass(frozen=True)
class MatchOpened:
    """A room started a run (`key`: a fresh uuid hex). `at` is timezone-aware, as all are."""

    key: str
    game: str
    room: str
    settings: dict[str, Any]
    at: datetime


@dataclass(frozen=True)
class MatchClosed:
    """A room's run ended (the room stopped)."""

    key: str
    at: datetime


@dataclass(frozen=True)
class LifeEnded:
    """A player's life in a match of `game` ended, as the game reported it.

    `number` counts that player's lives in the match from 1; `duration` is in seconds. The
    life must fit its game's results declaration to be written.
    """

    match: str
    game: str
    life: Life
    number: int
    duration: float
    at: datetime


@dataclass(frozen=True)
class PlayerNamed:
    """A player chose a display name (already validated) when joining a game."""

    player: str
    name: str


@dataclass(frozen=True)
class PlayerColoured:
    """A player chose a colour (already validated: "#rrggbb") when joining a game."""

    player: str
    colour: str


PlayerChoice = PlayerNamed | PlayerColoured
Result = MatchOpened | MatchClosed | LifeEnded | PlayerChoice
GameResult = MatchOpened | MatchClosed | LifeEnded


class Recorder:
    """A bounded queue of results, a table of pending names, and the thread that writes them
    in batches.

    `submit` is safe from any thread or event loop: it holds a lock only to append to a deque
    (or set a name), and never touches the database.
    """

    def __init__(
        self,
        capacity: int = 10_000,
        batch_size: int = 500,
        retry_seconds: float = 1.0,
        linger_seconds: float = 0.25,
        name_capacity: int = 10_000,
    ) -> None:
        self.capacity = capacity
        self.batch_size = batch_size
        self.retry_seconds = retry_seconds
        self.linger_seconds = linger_seconds
        self.name_capacity = name_capacity
        self._queue: deque[GameResult] = deque()
        # The newest pending name and colour of each player, oldest first (the first to be
        # shed), keyed by player and kind.
        self._names: dict[tuple[str, type[PlayerChoice]], PlayerChoice] = {}
        self._changed = threading.Condition()
        self._submitted = 0
        self._done = 0
        self._written = 0
        self._rejected = 0
        self._dropped = 0
        self._shed = 0
        self._full = False
        self._names_full = False
        self._stopping = False
        self._abandon = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> int:
        """Results submitted and not yet written: queued, or in a batch being (re)tried."""
        return self._submitted - self._done

    @property
    def written(self) -> int:
        return self._written

    @property
    def rejected(self) -> int:
        return self._rejected

    @property
    def dropped(self) -> int:
        """Game results lost to a full queue."""
        return self._dropped

    @property
    def shed(self) -> int:
        """Pending names and colours given up to make room for newer ones (the table was
        full)."""
        return self._shed

    def submit(self, result: Result) -> bool:
        """Queue a result for writing; False (and the result is lost) if the queue is full.

        A name (or colour) replaces the same player's pending name (or colour), if any, and
        is always taken: when the names table is full, the oldest pending one is shed instead.
        """
        if isinstance(result, PlayerNamed | PlayerColoured):
            self._name(result)
            return True
        with self._changed:
            if len(self._queue) < self.capacity:
                self._queue.append(result)
                self._submitted += 1
                # The writer waits for a first result, then for a full batch (or its linger).
                if self._waiting() in (1, self.batch_size):
                    self._changed.notify_all()
                return True
            self._dropped += 1
            first_drop = not self._full
            self._full = True
        RESULTS_DROPPED.inc()
        if first_drop:
            log.warning(
                "results queue is full (%d waiting): dropping new results until it drains",
                self.capacity,
            )
        return False

    def _name(self, named: PlayerChoice) -> None:
        key = (named.player, type(named))
        with self._changed:
            if self._names.pop(key, None) is None:
                self._submitted += 1
                if len(self._names) >= self.name_capacity:
                    del self._names[next(iter(self._names))]
                    self._shed += 1
                    self._done += 1  # given up: a flush does not wait for it
                    first_shed, self._names_full = not self._names_full, True
                    NAMES_SHED.inc()
                    if first_shed:
                        log.warning(
                            "names table is full (%d waiting): shedding the oldest names",
                            self.name_capacity,
                        )
            self._names[key] = named
            if self._waiting() in (1, self.batch_size):
                self._changed.notify_all()

    def _waiting(self) -> int:
        return len(self._queue) + len(self._names)

    def start(self) -> None:
        """Start the writer thread (once; later calls do nothing)."""
        with self._changed:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._run, name="kogame-recorder", daemon=True)
        self._thread.start()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every result submitted before this call is written (or rejected).

        False if that did not happen within `timeout` seconds, e.g. the database is still
        down or the writer was never started.
        """
        with self._changed:
            target = self._submitted
            return self._changed.wait_for(lambda: self._done >= target, timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Write what is queued, then end the writer thread.

        If that takes longer than `timeout` (the database is down), the writer gives up at its
        next retry and the results it still holds are logged as lost.
        """
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        if self._thread is None:
            return
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._abandon.set()
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            while (batch := self._next_batch()) is not None:
                self._write_until_done(batch)
        finally:
            connections.close_all()  # this thread's connections: none outlives the writer
            if self.pending:
                log.error("results recorder stopped: %d results were not written", self.pending)

    def _next_batch(self) -> list[Result] | None:
        """Up to `batch_size` results and up to as many names, waiting for the first and then
        lingering for more (not once stopping); None once stopped and empty."""
        with self._changed:
            while not self._waiting() and not self._stopping:
                self._changed.wait()
            self._changed.wait_for(
                lambda: self._stopping or self._waiting() >= self.batch_size,
                self.linger_seconds,
            )
            if not self._waiting() or self._abandon.is_set():
                return None
            size = min(self.batch_size, len(self._queue))
            batch: list[Result] = [self._queue.popleft() for _ in range(size)]
            for key in list(self._names)[: self.batch_size]:
                batch.append(self._names.pop(key))
            drained, self._full = self._full, False
            self._names_full = False
        if drained:
            log.info("results queue has room again (%d results dropped so far)", self._dropped)
        return batch

    def _write_until_done(self, batch: list[Result]) -> None:
        """Write one batch, retrying while the database is unavailable (logged once)."""
        failing = False
        while True:
            try:
                rejected = write_batch(batch)
                break
            except DatabaseError as exc:
                if not failing:
                    failing = True
                    log.warning(
                        "database unavailable (%s): %d results wait, retrying every %gs",
                        exc,
                        self.pending,
                        self.retry_seconds,
                    )
                if self._abandon.wait(self.retry_seconds):
                    return
            except Exception:
                # Not the database being away: retrying would fail the same way, and letting
                # it end this thread would drop every result after it.
                log.exception("a batch of %d results could not be written; dropping it", len(batch))
                rejected = len(batch)
                break
        if failing:
            log.info("database available again: %d waiting results written", len(batch))
        with self._changed:
            self._done += len(batch)
            self._written += len(batch) - rejected
            self._rejected += rejected
            self._changed.notify_all()
        RESULTS_WRITTEN.inc(len(batch) - rejected)
        RESULTS_REJECTED.inc(rejected)


WRITER_LOCK_WAIT_MS = 1000


def _reset_connection() -> None:
    """Start an attempt with no transaction left open and no broken connection.

    Django closes a connection it could not roll back, except an in-memory SQLite one (closing
    it would destroy the database), which can be left inside a transaction with autocommit off:
    every later write would then silently join that transaction. So finish it by hand first.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.connection is not None and not connection.get_autocommit():
        connection.rollback()
        connection.set_autocommit(True)
    close_old_connections()
    if connection.vendor == "sqlite":
        # Requests may wait long for SQLite's write lock; this thread would rather give up
        # soon and retry later, so that a long outage is noticed (and logged) as one.
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {WRITER_LOCK_WAIT_MS}")


def write_batch(batch: list[Result]) -> int:
    """Write a batch in one transaction; the number of results refused as invalid.

    Invalid results are refused before writing. Should the database (or its adapter) still
    refuse the batch's data, each result is written alone so one bad result cannot hold back
    the rest. Any other database error propagates: the caller retries.
    """
    valid = [result for result in batch if _accepted(result)]
    rejected = len(batch) - len(valid)
    _reset_connection()
    try:
        with transaction.atomic():
            _write(valid)
    except _REFUSED_DATA:
        log.exception("the database refused a batch of results; writing them one by one")
        for result in valid:
            try:
                with transaction.atomic():
                    _write([result])
            except _REFUSED_DATA as exc:
                log.error("result refused by the database (%s): %r", exc, result)
                rejected += 1
    return rejected


def _accepted(result: Result) -> bool:
    """Whether a result fits the schema; logs the ones that do not."""
    problem = _problem(result)
    if problem is not None:
        log.error("result rejected (%s): %r", problem, result)
    return problem is None


def _problem(result: Result) -> str | None:
    match result:
        case PlayerNamed() | PlayerColoured() if not 0 < len(result.player) <= PLAYER_ID_LENGTH:
            return "bad player id"
        case PlayerColoured() if not is_hex_colour(result.colour):
            return "bad colour"
        case PlayerNamed() | PlayerColoured():
            return None
        case LifeEnded() if not 0 < len(result.life.player) <= PLAYER_ID_LENGTH:
            return "bad player id"
        case _ if result.at.tzinfo is None:
            return "naive datetime"
        case MatchOpened() | MatchClosed() if not 0 < len(result.key) <= _KEY_MAX_LENGTH:
            return "bad match key"
        case MatchOpened(game=game, room=room) if max(len(game), len(room)) > _KEY_MAX_LENGTH:
            return "game or room name too long"
        case LifeEnded() if not 0 < len(result.match) <= _KEY_MAX_LENGTH:
            return "bad match key"
        case LifeEnded() if result.number < 1 or result.life.score < 0:
            return "negative figures"
        case LifeEnded() if not (math.isfinite(result.duration) and result.duration >= 0):
            return "bad duration"
        case LifeEnded(game=game) if game not in GAMES:
            return f"unknown game {game!r}"
        case LifeEnded(game=game, life=life):
            return GAMES[game].results.problem(life)
    return None


def _write(results: list[Result]) -> None:
    """Write results in order: new matches, lives (and their players), match ends, names and
    colours.

    Names come last, so a player's newest chosen name wins over the one a life carried.
    """
    opened = [result for result in results if isinstance(result, MatchOpened)]
    lives = [result for result in results if isinstance(result, LifeEnded)]
    Match.objects.bulk_create(
        [
            Match(key=r.key, game=r.game, room=r.room, settings=r.settings, started_at=r.at)
            for r in opened
        ],
        ignore_conflicts=True,
    )
    if lives:
        matches = _match_ids(lives)
        players = _player_ids(lives)
        Score.objects.bulk_create(
            [
                Score(
                    player_id=players[r.life.player],
                    match_id=matches[r.match],
                    game=r.game,
                    life=r.number,
                    score=r.life.score,
                    cause=r.life.cause,
                    stats=dict(r.life.stats),
                    duration=r.duration,
                    at=r.at,
                )
                for r in lives
            ],
            ignore_conflicts=True,
        )
    for result in results:
        if isinstance(result, MatchClosed):
            Match.objects.filter(key=result.key).update(ended_at=result.at)
    names = {result.player: result.name for result in results if isinstance(result, PlayerNamed)}
    for player, name in names.items():
        rename_player(player, name)
    for result in results:
        if isinstance(result, PlayerColoured):
            set_colour(result.player, result.colour)


def _match_ids(lives: list[LifeEnded]) -> dict[str, int]:
    """Each life's match row id, by key.

    A match whose MatchOpened never arrived (it was dropped from a full queue) is created
    without its game and room, so the player's score is still kept (the score names its game).
    """
    keys = {life.match for life in lives}
    found = dict(Match.objects.filter(key__in=keys).values_list("key", "id"))
    missing = {life.match: life.at for life in reversed(lives) if life.match not in found}
    if missing:
        log.warning("results for matches never opened, kept without a room: %s", sorted(missing))
        Match.objects.bulk_create(
            [Match(key=key, game="", room="", started_at=at) for key, at in missing.items()],
            ignore_conflicts=True,
        )
        found = dict(Match.objects.filter(key__in=keys).values_list("key", "id"))
    return found


def _player_ids(lives: list[LifeEnded]) -> dict[str, str]:
    """The player each life is credited to, creating players met for the first time.

    A player whose history was merged into an account (kogame/accounts/merge.py) may still
    finish a life on the connection it had before logging in: that life goes to the account.
    Should the account already hold that life number in that match (one person playing one
    match from two devices at once), the life is skipped like any duplicate.
    """
    latest = {ended.life.player: ended for ended in lives}
    Player.objects.bulk_create(
        [
            Player(id=player, name=_display_name(ended.life.name), created_at=ended.at)
            for player, ended in latest.items()
        ],
        ignore_conflicts=True,
    )
    Player.objects.filter(pk__in=latest).update(
        last_seen=Case(
            *(When(pk=player, then=Value(ended.at)) for player, ended in latest.items()),
            output_field=DateTimeField(),
        )
    )
    merged = Player.objects.filter(pk__in=latest, merged_into__isnull=False)
    moved = dict(merged.values_list("pk", "merged_into"))
    return {player: moved.get(player) or player for player in latest}


def _display_name(name: str) -> str:
    return name.strip()[:NAME_MAX_LENGTH] or FALLBACK_NAME


_recorder: Recorder | None = None
_recorder_lock = threading.Lock()


def get_recorder() -> Recorder:
    """This process's recorder, started on first use."""
    global _recorder
    with _recorder_lock:
        if _recorder is None:
            recorder = _recorder = Recorder()
            recorder.start()
            RESULTS_QUEUED.set_function(lambda: recorder.pending)
        return _recorder


def stop_recorder(timeout: float = 10.0) -> None:
    """Write what is queued and stop this process's recorder, if one was started.

    Its thread closes its database connections on the way out; the next `get_recorder`
    starts a fresh one.
    """
    global _recorder
    with _recorder_lock:
        recorder, _recorder = _recorder, None
    if recorder is not None:
        recorder.stop(timeout)
