from django.apps import AppConfig


class TallyConfig(AppConfig):
    name = "tests.tally"
    label = "tally"

    def ready(self) -> None:
        from kogame.engine.registry import register
        from tests.tally.game import TallyGame

        register(TallyGame())
