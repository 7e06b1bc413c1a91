"""Tally: a tiny second game that lives only in the tests, to prove a game plugs in alone."""
