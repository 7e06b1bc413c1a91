from django.urls import path

from kogame.lobby import views

app_name = "lobby"

urlpatterns = [
    path("", views.home, name="home"),
    path("api/rooms", views.rooms_json, name="rooms"),
]
