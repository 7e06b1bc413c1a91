"""Kogame: real-time multiplayer games on Django and Channels."""
