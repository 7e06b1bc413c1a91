from django.urls import path

from kogame.records import views

app_name = "records"

urlpatterns = [
    path("leaderboard/", views.all_time, name="all_time"),
    path("leaderboard/today/", views.today, name="today"),
    path("leaderboard/<str:game>/<str:room>/", views.room, name="room"),
    path("players/<str:player_id>/", views.player, name="player"),
    path("me/", views.me, name="me"),
]
