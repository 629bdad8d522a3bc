"""Tile placement for the adoption map (landkort): one equal square per municipality.

A tile map gives Læsø (1,800 inhabitants) the same square as Aarhus, so a small island's answer
is as visible as a city's; it needs no boundary geometry, only each municipality's seat
(`survey/municipalities.csv` latitude/longitude).

The algorithm is deterministic (same register, same map): project each seat onto a grid of
roughly square cells (longitude shrunk by cos(latitude)), then place the municipalities one by
one, most crowded first, each into the free cell nearest its true position (ties: the cell
further north, then further west). Crowded places (the Copenhagen suburbs) spill into the
nearest free cells, so the map keeps its shape while every tile stays distinct.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.errors import DefinitionError
from pipeline.municipalities import Municipality

#: Cell size in degrees latitude (about 20 km); longitude cells are as wide in kilometres.
CELL_DEGREES = 0.19
#: Seats east of this longitude are drawn as an inset this far east (Bornholm lies 140 km east
#: of Zealand; Danish maps draw it in a box near Copenhagen rather than leave a gap of sea).
INSET_EAST = 13.0
INSET_AT = 13.5
#: The fisheye around the most crowded place: magnification at its centre (1 + SPREAD) and
#: how fast it fades (cells).
SPREAD = 2.5
SPREAD_RADIUS = 1.5
#: How far (in cells) a municipality may be moved from its position before we give up.
MAX_RADIUS = 12


@dataclass(frozen=True)
class Tile:
    """One municipality's square: grid column and row (row 0 is the northernmost)."""

    code: str
    name: str
    region: str
    abbreviation: str
    column: int
    row: int


def _projected(m: Municipality) -> tuple[float, float]:
    """(x, y) in cell units; y grows southwards."""
    if m.latitude is None or m.longitude is None:
        raise DefinitionError(
            f"municipality {m.code} {m.name} has no latitude/longitude; the adoption map needs "
            "the position of every municipality",
            file="survey/municipalities.csv",
            column="latitude",
        )
    lon = INSET_AT if m.longitude > INSET_EAST else m.longitude
    x = lon * math.cos(math.radians(56.0)) / CELL_DEGREES
    y = -m.latitude / CELL_DEGREES
    return x, y


def _neighbours(points: dict[str, tuple[float, float]], x: float, y: float) -> int:
    return sum(1 for ox, oy in points.values() if abs(ox - x) < 1.5 and abs(oy - y) < 1.5)


def _spread(points: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Magnify the most crowded place (a fisheye around it), so its many small
    municipalities keep their relative positions instead of queueing for the nearest cells.
    The centre is found from the data (the seat with most seats around it), not named."""
    centre = max(sorted(points), key=lambda c: _neighbours(points, *points[c]))
    cx, cy = points[centre]
    out = {}
    for code, (x, y) in points.items():
        d = math.hypot(x - cx, y - cy)
        factor = 1 + SPREAD * math.exp(-d / SPREAD_RADIUS)
        out[code] = (cx + (x - cx) * factor, cy + (y - cy) * factor)
    return out


def place_tiles(municipalities: Sequence[Municipality]) -> list[Tile]:
    """Every municipality on its own grid cell, in register order (see the module doc)."""
    points = {m.code: _projected(m) for m in municipalities}
    if not points:
        return []
    points = _spread(points)
    min_x = min(x for x, _ in points.values())
    min_y = min(y for _, y in points.values())
    points = {c: (x - min_x, y - min_y) for c, (x, y) in points.items()}

    def crowding(code: str) -> tuple[int, str]:
        return (-_neighbours(points, *points[code]), code)

    taken: dict[tuple[int, int], str] = {}
    cells: dict[str, tuple[int, int]] = {}
    for code in sorted(points, key=crowding):
        x, y = points[code]
        home = (round(x), round(y))
        best = None
        for radius in range(MAX_RADIUS + 1):
            ring = [
                (home[0] + dx, home[1] + dy)
                for dx in range(-radius, radius + 1)
                for dy in range(-radius, radius + 1)
                if max(abs(dx), abs(dy)) == radius
            ]
            free = [c for c in ring if c not in taken and c[0] >= 0 and c[1] >= 0]
            if free:
                best = min(free, key=lambda c: ((c[0] - x) ** 2 + (c[1] - y) ** 2, c[1], c[0]))
                break
        if best is None:  # cannot happen with 98 tiles; a guard against a broken register
            raise DefinitionError(f"no free map cell near municipality {code}")
        taken[best] = code
        cells[code] = best
    names = abbreviations([m.name for m in municipalities])
    return [
        Tile(m.code, m.name, m.region, names[m.name], cells[m.code][0], cells[m.code][1])
        for m in municipalities
    ]


def _letters(name: str) -> str:
    folded = unicodedata.normalize("NFC", name).upper()
    return "".join(c for c in folded if c.isalpha())


def abbreviations(names: Sequence[str]) -> dict[str, str]:
    """A distinct three-letter label per name, in order ("Frederiksberg" FRE, "Fredensborg"
    FRD): the first three letters, else the first two and a later letter, else the first and
    two later ones. Deterministic, so a tile keeps its label from year to year."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        letters = _letters(name) or "X"
        candidates = [letters[:3]]
        candidates += [letters[:2] + c for c in letters[2:]]
        candidates += [
            letters[0] + a + b for i, a in enumerate(letters[1:]) for b in letters[i + 2 :]
        ]
        label = next((c for c in candidates if len(c) == 3 and c not in used), None)
        if label is None:  # a very short name: number it
            label = f"{letters[:2]}{len(used)}"
        used.add(label)
        out[name] = label
    return out


def grid_size(tiles: Sequence[Tile]) -> tuple[int, int]:
    """(columns, rows) the tiles occupy."""
    return (max(t.column for t in tiles) + 1, max(t.row for t in tiles) + 1) if tiles else (0, 0)
