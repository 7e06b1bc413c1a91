from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kogame.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Every way of logging in (the form, registering, the admin) sends user_logged_in.
        from kogame.accounts import signals, throttle  # noqa: F401
