from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "kogame.records"
    label = "records"
    verbose_name = "Matches and scores"
