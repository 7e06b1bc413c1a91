from django.urls import path

from kogame.records import views

app_name = "records"

# A room called "today" would have no board of its own: rooms made in the lobby have a random
# suffix, so only a default room (KOGAME_DEFAULT_ROOM) could be named so.
urlpatterns = [
    path("leaderboard/", views.boards, name="boards"),
    path("leaderboard/today/", views.boards_today, name="boards_today"),
    path("leaderboard/<str:game>/", views.all_time, name="all_time"),
    path("leaderboard/<str:game>/today/", views.today, name="today"),
    path("leaderboard/<str:game>/<str:room>/", views.room, name="room"),
    path("players/<str:player_id>/", views.player, name="player"),
    path("me/", views.me, name="me"),
]
