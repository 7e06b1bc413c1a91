"""Players: who a browser is (identity, sessions), what they are called (names), and their row.

Below play, lobby, records and accounts, which all use it: this package imports none of them,
only Django, the standard library and the engine.
"""
