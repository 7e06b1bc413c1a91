"""Snek as a Django app: its templates and static files, and its game registered when ready."""

from django.apps import AppConfig


class SnekConfig(AppConfig):
    name = "kogame.games.snek"
    label = "snek"
    verbose_name = "Snek"

    def ready(self) -> None:
        from kogame.engine.registry import register
        from kogame.games.snek.game import SnekGame

        register(SnekGame())
