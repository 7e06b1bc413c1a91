from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "kogame.rooms"
    label = "rooms"
    verbose_name = "Rooms"

    def ready(self) -> None:
        from kogame.rooms import checks  # noqa: F401 (registers the system checks)
