"""Zombies as seen by the platform: the rules behind the engine's `Game` interface, with
areas (each connection sees the window around its player) and a private part per person
(the input the server applied last and where it left them, for prediction)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeGuard

import orjson
from django.templatetags.static import static

from kogame.engine.colours import Swatch
from kogame.engine.game import InputError, Message
from kogame.engine.results import Life
from kogame.games.zombies import ai, codec, declaration, persist, rules
from kogame.games.zombies.events import (
    Downed,
    Event,
    GameOver,
    Joined,
    LifeEnded,
    Refused,
    Revived,
)
from kogame.games.zombies.geometry import PLAYER_HALF
from kogame.games.zombies.mapfile import MapError, available_maps, load_map, shipped_maps
from kogame.games.zombies.results import RESULTS
from kogame.games.zombies.state import Act, Follow, Input, Join, Leave, Options, State, is_bot
from kogame.games.zombies.tilemap import SUB, TILE_PX, TileMap
from kogame.games.zombies.views import REGION, VIEW, WHOLE_MAP, area_of

_SEQ_LIMIT = 2**31  # input numbers past this are refused (they would never be acked again)
_ACT_FIELDS = ("seq", "move", "aim", "fire", "seen")


class ZombiesGame:
    name = "zombies"
    client_module = "zombies/js/game.js"
    title = "Zombies"
    tick_rates = declaration.TICK_RATES
    input_rate = declaration.INPUT_RATE
    turn_based = False
    colours: tuple[Swatch, ...] = ()
    results = RESULTS

    def __init__(self, maps: Mapping[str, Path] | None = None) -> None:
        """`maps`: the map files on offer by name (default: the shipped ones and the
        operator's folder, `KOGAME_ZOMBIE_MAPS`), read when a room first needs one. A
        folder that is not there leaves the shipped maps; the system check says why."""
        if maps is None:
            try:
                maps = available_maps()
            except MapError:
                maps = shipped_maps()
        self.paths = dict(maps)
        self.settings = declaration.settings(self.paths)
        self._maps: dict[str, TileMap] = {}
        self._infos: dict[str, Message] = {}

    def tilemap(self, name: str) -> TileMap:
        """The map called `name`; ValueError (naming the file and the problem) when it cannot
        be read, or when there is no such map."""
        tilemap = self._maps.get(name)
        if tilemap is None:
            path = self.paths.get(name)
            if path is None:
                raise ValueError(f"Zombies has no map {name!r}")
            tilemap = self._maps[name] = load_map(path)
        return tilemap

    def capacity(self, options: Mapping[str, Any]) -> int | None:
        return int(options.get("max_players") or declaration.DEFAULTS.max_players)

    def summary(self, options: Mapping[str, Any]) -> list[str]:
        place = str(options.get("map") or declaration.DEFAULT_MAP).replace("_", " ")
        bots = options.get("bots", declaration.DEFAULTS.bots)
        return [place.capitalize(), f"{bots} AI teammates" if bots else "no AI"]

    def new_state(self, options: Mapping[str, Any], tick_rate: int, seed: int) -> State:
        defaults = declaration.DEFAULTS
        chosen = Options(
            bots=int(options.get("bots", defaults.bots)),
            max_players=int(options.get("max_players", defaults.max_players)),
        )
        tilemap = self.tilemap(str(options.get("map") or declaration.DEFAULT_MAP))
        return rules.new_state(tilemap, chosen, tick_rate, seed)

    def info(self, state: State) -> Message:
        """The map (drawn once by the client) and the figures its prediction needs."""
        info = self._infos.get(state.map_name)
        if info is None:
            tilemap = self.tilemap(state.map_name)
            info = self._infos[state.map_name] = {
                "map": {
                    "name": tilemap.name,
                    "width": tilemap.width,
                    "height": tilemap.height,
                    "tile": TILE_PX,
                    "floor": list(tilemap.floor),
                    "walls": list(tilemap.walls),
                    "tileset": static(tilemap.tileset),
                    "columns": tilemap.tile_columns,
                },
                "sub": SUB,
                "speed": rules.PLAYER_SPEED,
                "player_half": PLAYER_HALF,
                "view": list(VIEW),
                "region": REGION,
            }
        return info | {"tick_rate": state.tick_rate}

    def step(self, state: State, inputs: Sequence[Input]) -> tuple[State, Sequence[Event]]:
        return rules.step(self.tilemap(state.map_name), state, inputs)

    # -- frames: areas and private parts --------------------------------------------------

    def view(self, state: State, player: str) -> str:
        """A player's own window; a watcher's is the window of the player they follow, or the
        whole map."""
        me = state.players.get(player) or state.players.get(state.following.get(player, ""))
        if me is None:
            return WHOLE_MAP
        return area_of(self.tilemap(state.map_name), me.x, me.y)

    def area_deltas(self, state: State, events: Sequence[Event]) -> Mapping[str, Message]:
        return codec.AreaFrames(self.tilemap(state.map_name), state, events)

    def area_snapshot(self, state: State, area: str) -> Message:
        return codec.snapshot(self.tilemap(state.map_name), state, area)

    def private(self, state: State, events: Sequence[Event]) -> Mapping[str, Message]:
        return codec.private(state)

    def snapshot(self, state: State) -> Message:
        return self.area_snapshot(state, WHOLE_MAP)

    def delta(self, state: State, events: Sequence[Event]) -> Message:
        return self.area_deltas(state, events)[WHOLE_MAP]

    # -- inputs ----------------------------------------------------------------------------

    def join(self, player: str, name: str, colour: str | None = None) -> Input:
        """Zombies colours survivors on each client, in the order they are first seen: it
        offers no choice (`colours` is empty) and leaves `colour` unused."""
        return Join(player, name)

    def leave(self, player: str) -> Input:
        return Leave(player)

    def parse_input(self, player: str, message: Mapping[str, Any]) -> Input:
        kind = message["type"]
        if kind == "follow":
            target = message.get("player")
            if target is not None and not (isinstance(target, str) and 0 < len(target) <= 64):
                raise InputError("bad_field", "'player' must be a player's id, or null.")
            return Follow(player, target)
        if kind != "act":
            raise InputError(
                "unknown_type", f"Zombies does not understand messages of type {kind!r}."
            )
        values = [message.get(name) for name in _ACT_FIELDS]
        seq, move, aim, fire, seen = values
        if not _whole(seq, 1, _SEQ_LIMIT):
            raise InputError("bad_field", f"'seq' must be a whole number from 1 to {_SEQ_LIMIT}.")
        if not _whole(move, 0, 8):
            raise InputError("bad_field", "'move' must be a whole number from 0 (stand) to 8.")
        if not _whole(aim, 0, 4095):
            raise InputError("bad_field", "'aim' must be a whole number from 0 to 4095.")
        if not isinstance(fire, bool):
            raise InputError("bad_field", "'fire' must be true or false.")
        if not _whole(seen, 0, 2**53):
            raise InputError("bad_field", "'seen' must be the tick you saw, a whole number.")
        return Act(player, seq, move, aim, fire, seen)

    def input_message(self, action: Input) -> Message:
        if isinstance(action, Follow):
            return {"type": "follow", "player": action.target}
        if not isinstance(action, Act):
            raise TypeError(f"only acts and follows travel as messages, not {action!r}")
        return {
            "type": "act",
            "seq": action.seq,
            "move": action.move,
            "aim": action.aim,
            "fire": action.fire,
            "seen": action.seen,
        }

    def notices(self, events: Sequence[Event]) -> Iterable[tuple[str, Message]]:
        for event in events:
            if isinstance(event, Refused):
                message = (
                    f"This room is full ({event.max_players} players). "
                    "You can watch, and join when someone leaves."
                )
                yield event.player, {"type": "error", "code": "room_full", "message": message}

    # -- people ----------------------------------------------------------------------------

    def is_playing(self, state: State, player: str) -> bool:
        return player in state.players

    def has_place(self, state: State, player: str) -> bool:
        return player in state.players

    def players(self, state: State) -> int:
        return state.people()

    def movers(self, state: State) -> frozenset[str]:
        return frozenset()  # never turn-based

    def bot_inputs(self, state: State) -> Sequence[Input]:
        return ai.bot_inputs(self.tilemap(state.map_name), state)

    def feed(self, state: State, events: Sequence[Event]) -> Iterable[str]:
        """People coming and going, going down and getting up, and the end of a game."""
        names = {p.id: p.name for p in state.players.values()}
        for event in events:
            match event:
                case Joined(player, name) if not is_bot(player):
                    yield f"{name} joined the game"
                case LifeEnded(player, name, cause="left") if not is_bot(player):
                    yield f"{name} left the game"
                case Downed(player) if player in names:
                    yield f"{names[player]} is down!"
                case Revived(player, by) if by is not None and player in names and by in names:
                    yield f"{names[by]} got {names[player]} back up"
                case GameOver():
                    yield f"Overrun on wave {state.wave}. A new game starts in a moment."

    def lives_ended(self, state: State, events: Sequence[Event]) -> Iterable[Life]:
        for event in events:
            if isinstance(event, LifeEnded) and not is_bot(event.player):
                yield event.life()

    def named(self, state: State, events: Sequence[Event]) -> Iterable[tuple[str, str]]:
        for event in events:
            if isinstance(event, Joined) and not is_bot(event.player):
                yield event.player, event.name

    # -- persistence -----------------------------------------------------------------------

    def save_state(self, state: State) -> bytes:
        return persist.save_state(state)

    def load_state(self, data: bytes) -> State:
        try:
            name = orjson.loads(data)["map"]
        except (orjson.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"saved Zombies state names no map: {error}") from error
        return persist.load_state(data, self.tilemap(str(name)))


def _whole(value: object, low: int, high: int) -> TypeGuard[int]:
    return type(value) is int and low <= value <= high
