"""Strict readers for a game's saved state (`Game.load_state`): each value must be exactly
what `save_state` wrote, or the load fails with a ValueError naming the part that is wrong.

A saved state comes from a store other processes write (distributed mode's failover), so it
is read as data and checked, never trusted: a field missing, one too many, a bool where an int
belongs, all mean a state that would not restore exactly.
"""

from __future__ import annotations

import random
from typing import Any, TypeVar

T = TypeVar("T")


def record(value: object, keys: tuple[str, ...], what: str) -> list[Any]:
    """The values of an object that must have exactly `keys`, in that order: a field missing
    or unknown means data from another format, which would not restore exactly."""
    if not isinstance(value, dict) or value.keys() != set(keys):
        raise ValueError(f"{what}: expected an object with the fields {', '.join(keys)}")
    return [value[key] for key in keys]


def items(value: object, count: int, what: str) -> list[Any]:
    """The items of an array that must hold `count` of them."""
    if not isinstance(value, list) or len(value) != count:
        raise ValueError(f"{what}: expected an array of {count} items")
    return value


def ints(value: object, what: str) -> list[int]:
    """An array of whole numbers (checked inline: a big board's free list holds 65k)."""
    found: list[int] = typed(value, list, what)
    for item in found:
        if type(item) is not int:
            raise ValueError(f"{what}: expected int, got {type(item).__name__}")
    return found


def typed(value: object, kind: type[T], what: str) -> T:
    """`value` if it is exactly a `kind`: a bool is not taken for an int, nor an int for a float
    (what is loaded must be what was saved)."""
    if not isinstance(value, kind) or type(value) is not kind:
        raise ValueError(f"{what}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def generator(value: object) -> random.Random:
    """A random generator from the `getstate()` it was saved as (JSON arrays for tuples)."""
    version, internal, gauss_next = items(value, 3, "rng")
    if gauss_next is not None:
        gauss_next = typed(gauss_next, float, "rng gauss_next")
    rng = random.Random()
    try:
        rng.setstate((version, tuple(ints(internal, "rng state")), gauss_next))
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError(f"saved random generator state is invalid: {error}") from error
    return rng
