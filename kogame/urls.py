"""Top-level URL routes."""

from django.contrib import admin
from django.urls import include, path

from kogame import monitoring

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", monitoring.healthz, name="healthz"),
    path("metrics", monitoring.metrics, name="metrics"),
    path("", include("kogame.lobby.urls")),
    path("", include("kogame.play.urls")),
    path("", include("kogame.records.urls")),
    path("accounts/", include("kogame.accounts.urls")),
]
