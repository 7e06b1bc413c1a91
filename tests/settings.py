"""The test suite's settings: the site's own, plus Tally, a game that lives only in tests/, and
Zombies' test maps (a small shooting range) beside the shipped ones."""

import os
from pathlib import Path

from kogame.settings import *  # noqa: F403
from kogame.settings import INSTALLED_APPS, KOGAME_GAMES, KOGAME_ROOM_DEFAULTS

KOGAME_GAMES = [*KOGAME_GAMES, "tests.tally"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.tally"]
KOGAME_ROOM_DEFAULTS = {**KOGAME_ROOM_DEFAULTS, "tally": {}}
os.environ.setdefault("KOGAME_ZOMBIE_MAPS", str(Path(__file__).parent / "games/zombies/maps"))
