"""The lobby's "create a room" form, built from the game's declaration: every setting
validated as the game declares it, bad values explained."""

from __future__ import annotations

from typing import Any

from django import forms

from kogame.engine.game import Game
from kogame.engine.options import Setting
from kogame.rooms.models import DEFAULT_TURN_DEADLINE_MS, TURN_DEADLINE_MS, RoomDefinition

MAX_ROOM_NAME = 40


class RoomForm(forms.Form):
    """One game's form: the room's name and visibility, its clock, then the game's settings."""

    game = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label="Room name", max_length=MAX_ROOM_NAME)
    public = forms.BooleanField(
        label="List it in the lobby",
        required=False,
        initial=True,
        help_text="Untick for a private room: only people with its link can join.",
    )

    def __init__(self, game: Game[Any, Any, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.declared = game
        self.fields["game"].initial = game.name
        self.fields["name"].widget.attrs.update(
            maxlength=MAX_ROOM_NAME, autocomplete="off", placeholder="Friday night game"
        )
        rates = game.tick_rates
        self.fields["tick_rate"] = forms.IntegerField(
            label="Speed (ticks per second)",
            min_value=rates.low,
            max_value=rates.high,
            initial=rates.default,
            help_text=f"{rates.low} (relaxed) to {rates.high} (frantic).",
        )
        for setting in game.settings:
            self.fields[setting.name] = _field(setting)
        if game.turn_based:
            self.fields["turn_based"] = forms.BooleanField(
                label="Turn-based",
                required=False,
                help_text="Each turn waits until everyone has moved, or the move deadline.",
            )
            low, high = TURN_DEADLINE_MS
            self.fields["turn_deadline_ms"] = forms.IntegerField(
                label="Move deadline (ms)",
                required=False,  # only a turn-based room needs one; 500 ms when left empty
                min_value=low,
                max_value=high,
                initial=DEFAULT_TURN_DEADLINE_MS,
                help_text=f"How long a turn waits for moves: {low} to {high} ms.",
            )

    def rules(self) -> list[forms.BoundField]:
        """The fields of the form's "Rules" part, in order."""
        return [self[name] for name in self.fields if name not in {"game", "name", "public"}]

    def clean_game(self) -> str:
        if self.cleaned_data["game"] != self.declared.name:
            raise forms.ValidationError("Select a valid choice: that game is not offered here.")
        return str(self.cleaned_data["game"])

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError("Please give the room a name.")
        if not name.isprintable():
            raise forms.ValidationError("Room names can only contain printable characters.")
        return name

    def definition(self) -> RoomDefinition:
        """The valid form as an unsaved room definition (saving checks it again)."""
        data = self.cleaned_data
        return RoomDefinition(
            game=self.declared.name,
            name=data["name"],
            public=data["public"],
            tick_rate=data["tick_rate"],
            turn_based=data.get("turn_based", False),
            turn_deadline_ms=data.get("turn_deadline_ms") or DEFAULT_TURN_DEADLINE_MS,
            options={setting.name: data[setting.name] for setting in self.declared.settings},
        )


def _field(setting: Setting) -> forms.Field:
    if setting.kind == "choice":
        return forms.ChoiceField(
            label=setting.label,
            choices=[(choice, choice.replace("_", " ").capitalize()) for choice in setting.choices],
            initial=setting.default,
            help_text=setting.help,
        )
    if setting.kind == "bool":
        return forms.BooleanField(
            label=setting.label, required=False, initial=setting.default, help_text=setting.help
        )
    return forms.IntegerField(
        label=setting.label,
        min_value=setting.low,
        max_value=setting.high,
        initial=setting.default,
        help_text=setting.help,
    )
