from django.contrib.auth import views as auth_views
from django.urls import path

from kogame.accounts import views
from kogame.accounts.forms import LoginForm

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    # Logging out takes a POST, so a link or an image cannot log anyone out; a GET (a typed
    # address, an old link) gets a page with the button, or says you are not logged in.
    path(
        "logout/",
        auth_views.LogoutView.as_view(
            http_method_names=["get", "post", "options"], template_name="accounts/logout.html"
        ),
        name="logout",
    ),
]
