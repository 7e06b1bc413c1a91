from django.apps import AppConfig


class PlayersConfig(AppConfig):
    name = "kogame.players"
    label = "players"
    verbose_name = "Players"
