from django.apps import AppConfig


class LobbyConfig(AppConfig):
    name = "kogame.lobby"
    label = "lobby"
    verbose_name = "Lobby"
