"""The lobby's "create a room" form: every setting validated, bad values explained."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from kogame.games import GAMES
from kogame.lobby.models import BOARD_SIZE, BOTS, MAX_PLAYERS, TICK_RATE, RoomDefinition

MAX_ROOM_NAME = 40


class RoomForm(forms.ModelForm[RoomDefinition]):
    game = forms.ChoiceField(choices=[(name, name.capitalize()) for name in GAMES], initial="snek")

    class Meta:
        model = RoomDefinition
        fields = ("name", "game", "public", "board_size", "tick_rate", "max_players", "bots")
        labels: ClassVar[dict[str, str]] = {
            "name": "Room name",
            "public": "List it in the lobby",
            "board_size": "Board size",
            "tick_rate": "Speed (ticks per second)",
            "max_players": "Max players",
            "bots": "AI snakes",
        }
        help_texts: ClassVar[dict[str, str]] = {
            "public": "Untick for a private room: only people with its link can join.",
            "board_size": "Cells per side, 16 to 128.",
            "tick_rate": "5 (relaxed) to 30 (frantic).",
            "max_players": "1 to 32. Watchers are always welcome.",
            "bots": "0 to 8. Bots top the room up to this many snakes while fewer people play.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update(
            maxlength=MAX_ROOM_NAME, autocomplete="off", placeholder="Friday night snakes"
        )
        limits = {"board_size": BOARD_SIZE, "tick_rate": TICK_RATE}
        limits |= {"max_players": MAX_PLAYERS, "bots": BOTS}
        for field, (low, high) in limits.items():
            # Lets the browser flag a bad value at once; the server still checks every one.
            self.fields[field].widget.attrs.update(min=low, max=high)

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError("Please give the room a name.")
        if not name.isprintable():
            raise forms.ValidationError("Room names can only contain printable characters.")
        return name
