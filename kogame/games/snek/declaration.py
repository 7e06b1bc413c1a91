"""What Snek declares to the platform: the settings a room may choose and its clock rates."""

from __future__ import annotations

from kogame.engine.options import Setting, TickRates

SETTINGS: tuple[Setting, ...] = (
    Setting("size", "Board size", 48, low=16, high=128, help="Cells per side, 16 to 128."),
    Setting(
        "max_players", "Max players", 12, low=1, high=32,
        help="1 to 32. Watchers are always welcome.",
    ),
    Setting(
        "bots", "AI snakes", 3, low=0, high=8,
        help="0 to 8. Bots top the room up to this many snakes while fewer people play.",
    ),
)  # fmt: skip
TICK_RATES = TickRates(low=5, high=30, default=10)
# Turns and respawns: a person presses a few keys a second; 30 leaves room for bursts.
INPUT_RATE = 30.0
