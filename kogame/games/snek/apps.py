"""Snek as a Django app, so that its templates and static files are found."""

from django.apps import AppConfig


class SnekConfig(AppConfig):
    name = "kogame.games.snek"
    label = "snek"
