"""Zombies as a Django app: its maps checked at start-up, its game registered when ready."""

from django.apps import AppConfig
from django.core import checks


class ZombiesConfig(AppConfig):
    name = "kogame.games.zombies"
    label = "zombies"
    verbose_name = "Zombies"

    def ready(self) -> None:
        from kogame.engine.registry import register
        from kogame.games.zombies.checks import check_maps
        from kogame.games.zombies.game import ZombiesGame

        checks.register(check_maps)
        register(ZombiesGame())
