"""The game-agnostic room runtime: rooms, their tick loops, and the hosts they live in."""
