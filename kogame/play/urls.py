from django.urls import path

from kogame.play import views

app_name = "play"

urlpatterns = [
    path("play/<slug:game>/<slug:room>/", views.play, name="room"),
    path("play/player", views.player, name="player"),
]
