from django.apps import AppConfig


class PlayConfig(AppConfig):
    name = "kogame.play"
    label = "play"
    verbose_name = "Play"
