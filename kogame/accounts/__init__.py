"""Optional accounts: register or log in to keep one player across devices.

Logging in adopts the browser's anonymous player into the account (merge.py), so nothing a
player did before registering is lost.
"""
