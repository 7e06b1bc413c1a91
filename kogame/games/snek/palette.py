"""Snek's snake colours, chosen to stay apart for people with colour vision deficiencies.

Twelve colours, each named for the join card's swatches. They were picked (greedily, from a
grid of sRGB colours light enough for the dark board) to keep the smallest CIEDE2000
difference between any two of them as large as possible, under normal vision and under the
simulations of protanopia, deuteranopia and tritanopia of Machado, Oliveira and Fernandes
(2009, severity 1), and to stay far from the food's colour (render.js `FOOD_COLOUR`) under
every one of them. tests/games/snek/test_palette.py measures both.

The maths is small and kept here, so the game needs no colour library: sRGB to linear RGB,
the Machado matrix (applied to linear RGB, as its authors do), linear RGB to CIE XYZ (D65)
to CIE Lab, and CIEDE2000 (Sharma, Wu and Dalal 2005).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import Enum

from kogame.engine.colours import Swatch

Lab = tuple[float, float, float]
RGB = tuple[float, float, float]
Matrix = tuple[RGB, RGB, RGB]

SWATCHES: tuple[Swatch, ...] = (
    Swatch("#ffbb77", "Apricot"),
    Swatch("#eeee00", "Yellow"),
    Swatch("#bbaa00", "Mustard"),
    Swatch("#777700", "Olive"),
    Swatch("#cceebb", "Pale green"),
    Swatch("#00ccaa", "Teal"),
    Swatch("#aaffee", "Aqua"),
    Swatch("#3399bb", "Cerulean"),
    Swatch("#3377aa", "Steel blue"),
    Swatch("#99aaff", "Cornflower"),
    Swatch("#7777ff", "Periwinkle"),
    Swatch("#eeccff", "Lilac"),
)
PALETTE = tuple(swatch.colour for swatch in SWATCHES)

# The food on the board (render.js FOOD_COLOUR): no snake should look like it.
FOOD = "#ff5d7a"


class Vision(Enum):
    NORMAL = "normal"
    PROTANOPIA = "protanopia"
    DEUTERANOPIA = "deuteranopia"
    TRITANOPIA = "tritanopia"


# Machado et al. 2009, severity 1.0, for linear RGB.
_MACHADO: dict[Vision, Matrix] = {
    Vision.PROTANOPIA: (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    Vision.DEUTERANOPIA: (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    Vision.TRITANOPIA: (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
# Linear sRGB to CIE XYZ, D65 white.
_TO_XYZ: Matrix = (
    (0.4124564, 0.3575761, 0.1804375),
    (0.2126729, 0.7151522, 0.0721750),
    (0.0193339, 0.1191920, 0.9503041),
)
_WHITE = (0.95047, 1.0, 1.08883)


def rgb(colour: str) -> RGB:
    """A "#rrggbb" colour as sRGB components from 0 to 1."""
    value = int(colour[1:], 16)
    return ((value >> 16) / 255, ((value >> 8) & 0xFF) / 255, (value & 0xFF) / 255)


def lab(colour: str, vision: Vision = Vision.NORMAL) -> Lab:
    """The CIE Lab coordinates of `colour` as someone with `vision` sees it."""
    linear = tuple(_linear(component) for component in rgb(colour))
    if vision is not Vision.NORMAL:
        linear = tuple(min(1.0, max(0.0, c)) for c in _apply(_MACHADO[vision], linear))
    x, y, z = (value / white for value, white in zip(_apply(_TO_XYZ, linear), _WHITE, strict=True))
    fx, fy, fz = _f(x), _f(y), _f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def difference(first: Lab, second: Lab) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1)."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    dl, dc = l2 - l1, c2 - c1
    dh = 0.0
    if c1 * c2:
        dh = h2 - h1
        if dh > 180:
            dh -= 360
        elif dh < -180:
            dh += 360
    big_dh = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    h_mean = h1 + h2
    if c1 * c2:
        if abs(h1 - h2) <= 180:
            h_mean /= 2
        else:
            h_mean = (h_mean + 360) / 2 if h_mean < 360 else (h_mean - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc = 1 + 0.045 * c_mean
    sh = 1 + 0.015 * c_mean * t
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    rc = 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    rt = -math.sin(math.radians(2 * rotation)) * rc
    return math.sqrt(
        (dl / sl) ** 2 + (dc / sc) ** 2 + (big_dh / sh) ** 2 + rt * (dc / sc) * (big_dh / sh)
    )


def distance(first: str, second: str, vision: Vision = Vision.NORMAL) -> float:
    """How different two colours look to someone with `vision` (CIEDE2000)."""
    return difference(lab(first, vision), lab(second, vision))


def nearest(colour: str, among: Iterable[str] = PALETTE) -> str:
    """The colour of `among` that looks most like `colour` (a player's choice, snapped)."""
    wanted = lab(colour)
    return min(among, key=lambda candidate: difference(wanted, _LABS[candidate]))


def _linear(component: float) -> float:
    if component <= 0.04045:
        return component / 12.92
    return float(((component + 0.055) / 1.055) ** 2.4)


def _apply(matrix: Matrix, vector: Iterable[float]) -> RGB:
    x, y, z = vector
    r0, r1, r2 = matrix
    return (
        r0[0] * x + r0[1] * y + r0[2] * z,
        r1[0] * x + r1[1] * y + r1[2] * z,
        r2[0] * x + r2[1] * y + r2[2] * z,
    )


def _f(t: float) -> float:
    return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29


_LABS = {colour: lab(colour) for colour in PALETTE}
