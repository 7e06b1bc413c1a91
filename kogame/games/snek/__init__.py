"""Snek: multiplayer Snake on one shared board."""
