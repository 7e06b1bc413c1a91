"""The account forms: Django's own, with the site's fields, short help, and a display name.

Django's help texts (a list of every password rule, the username's allowed characters) are
replaced by one plain sentence each; the rules themselves still apply, and a refused password
still says which one it broke.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.models import User

from kogame.engine.game import InputError
from kogame.players import names
from kogame.players.constants import NAME_MAX_LENGTH

REGISTER_HELP = {
    "name": "Shown on the leaderboards and to the people you play with.",
    "username": "For logging in. Letters, digits and @ . + - _ only.",
    "password1": "At least 8 characters, not a common password, not like your username.",
    "password2": "The same password again.",
}
AUTOCOMPLETE = {"name": "nickname"}


def _style(form: forms.BaseForm, help_texts: dict[str, str]) -> None:
    """The site's input look (kogame.css `.field`) on every field, and our help texts."""
    for name, field in form.fields.items():
        field.widget.attrs["class"] = "field"
        if name in AUTOCOMPLETE:
            field.widget.attrs["autocomplete"] = AUTOCOMPLETE[name]
        field.help_text = help_texts.get(name, "")


class RegisterForm(UserCreationForm[User]):
    """An account, and the name this player goes by (set on their Player row)."""

    name = forms.CharField(
        label="Display name",
        max_length=NAME_MAX_LENGTH,
    )
    field_order = ("name", "username", "password1", "password2")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password2"].label = "Confirm password"
        _style(self, REGISTER_HELP)

    def clean_name(self) -> str:
        """Validated as the name a player types when joining a room (kogame/players/names.py)."""
        try:
            return names.clean_name(self.cleaned_data["name"])
        except InputError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self, {})
