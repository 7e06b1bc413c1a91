"""Matches and scores: what Kogame remembers once a game is over.

Rooms hand results to the recorder (recorder.py), which writes them off the tick loop;
leaderboards.py and the views read them back.
"""
