from django.apps import AppConfig


class PlayConfig(AppConfig):
    name = "kogame.play"
    label = "play"
    verbose_name = "Play"

    def ready(self) -> None:
        from kogame.play import checks  # noqa: F401 (registers the system check)
