"""Snek's palette stays apart for everyone: under normal vision and the three dichromacies
(Machado et al. 2009 simulations), measured in CIEDE2000, and away from the food's colour.

The minimums are what the palette measures (palette.py says how it was chosen), a little
rounded down: a change that makes any pair closer fails here. For scale, a CIEDE2000 difference
of 1 is about the smallest one can see side by side, and above 10 two colours read as
different colours.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from kogame.engine.colours import is_hex_colour
from kogame.games.snek import palette
from kogame.games.snek.palette import FOOD, PALETTE, SWATCHES, Vision, distance

RENDER_JS = Path(palette.__file__).parent / "static" / "snek" / "js" / "render.js"

# The least difference between two snake colours, and between a snake and the food.
MIN_APART = {
    Vision.NORMAL: 13.9,
    Vision.PROTANOPIA: 11.1,
    Vision.DEUTERANOPIA: 10.9,
    Vision.TRITANOPIA: 10.9,
}
MIN_FROM_FOOD = {
    Vision.NORMAL: 30.0,
    Vision.PROTANOPIA: 19.5,
    Vision.DEUTERANOPIA: 14.0,
    Vision.TRITANOPIA: 20.0,
}


@pytest.mark.parametrize("vision", list(Vision))
def test_every_two_colours_stay_apart(vision: Vision) -> None:
    apart = {(a, b): distance(a, b, vision) for a, b in itertools.combinations(PALETTE, 2)}
    closest = min(apart, key=apart.__getitem__)
    assert apart[closest] >= MIN_APART[vision], closest


@pytest.mark.parametrize("vision", list(Vision))
def test_no_colour_looks_like_the_food(vision: Vision) -> None:
    closest = min(PALETTE, key=lambda colour: distance(colour, FOOD, vision))
    assert distance(closest, FOOD, vision) >= MIN_FROM_FOOD[vision], closest


def test_the_food_colour_is_the_one_the_board_draws() -> None:
    drawn = re.search(r'const FOOD_COLOUR = "(#[0-9a-fA-F]{6})";', RENDER_JS.read_text())
    assert drawn is not None and drawn.group(1).lower() == FOOD


def test_twelve_named_colours_in_the_platform_form() -> None:
    assert len(PALETTE) == len(set(PALETTE)) == 12
    assert all(is_hex_colour(colour) for colour in PALETTE)
    assert len({swatch.label for swatch in SWATCHES}) == 12


def test_any_colour_snaps_to_the_palette_colour_most_like_it() -> None:
    assert [palette.nearest(colour) for colour in PALETTE] == list(PALETTE)
    assert palette.nearest("#ff0000") in PALETTE
    assert palette.nearest("#ffff10") == "#eeee00"  # a yellow is the yellow
    assert palette.nearest("#2080ff", among=["#3377aa", "#ffbb77"]) == "#3377aa"


def test_a_simulation_changes_what_it_should() -> None:
    """A grey looks the same to everyone; red and green, the protan and deutan confusion, come
    close; blue and green, which tritans confuse, come closer for them than for others."""
    grey = palette.lab("#808080")
    for vision in Vision:
        assert palette.difference(palette.lab("#808080", vision), grey) < 0.01
    for vision in (Vision.PROTANOPIA, Vision.DEUTERANOPIA):
        assert distance("#cc3333", "#669900", vision) < distance("#cc3333", "#669900") / 2
    tritan = distance("#3399ff", "#33cc99", Vision.TRITANOPIA)
    assert tritan < distance("#3399ff", "#33cc99") / 2


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # Sharma, Wu and Dalal (2005), the CIEDE2000 test data: pairs 1, 7, 17, 25 and 34.
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_ciede2000_matches_the_published_test_data(
    first: palette.Lab, second: palette.Lab, expected: float
) -> None:
    assert palette.difference(first, second) == pytest.approx(expected, abs=1e-4)
    assert palette.difference(second, first) == pytest.approx(expected, abs=1e-4)
