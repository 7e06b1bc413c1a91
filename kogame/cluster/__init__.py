"""Distributed mode: rooms run in engine workers, web processes relay to them over Redis."""
