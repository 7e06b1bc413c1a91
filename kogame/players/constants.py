"""The shape of a player id and a display name, shared by the row, the checks and the writers."""

PLAYER_ID_LENGTH = 12
NAME_MAX_LENGTH = 20
