from django.apps import AppConfig


class ClusterConfig(AppConfig):
    name = "kogame.cluster"
    label = "cluster"
    verbose_name = "Cluster"
