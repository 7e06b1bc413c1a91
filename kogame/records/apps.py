from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "kogame.records"
    label = "records"
    verbose_name = "Players and scores"
