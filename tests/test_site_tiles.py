"""The municipalities' positions and the landkort's tile placement."""

from __future__ import annotations

import math

import pytest

from pipeline.errors import DefinitionError
from pipeline.municipalities import Municipality, load_register
from pipeline.project import BUNDLED_SURVEY
from pipeline.site.tiles import abbreviations, grid_size, place_tiles

REGISTER_CSV = BUNDLED_SURVEY / "municipalities.csv"

#: Rough boxes (lat, lon) around each region's land, to catch a swapped or mistyped position.
REGION_BOXES = {
    "Region Hovedstaden": ((55.55, 56.10), (11.95, 12.75), (54.95, 55.35, 14.65, 15.20)),
    "Region Sjælland": ((54.55, 56.00), (10.85, 12.50)),
    "Region Syddanmark": ((54.70, 55.95), (8.05, 11.00)),
    "Region Midtjylland": ((55.65, 56.80), (8.05, 11.00)),
    "Region Nordjylland": ((56.50, 57.80), (8.20, 11.20)),
}


@pytest.fixture(scope="module")
def register():
    return list(load_register(REGISTER_CSV))


def test_every_municipality_has_a_position_inside_its_region(register):
    assert all(m.latitude is not None and m.longitude is not None for m in register)
    for m in register:
        (lat_lo, lat_hi), (lon_lo, lon_hi), *island = REGION_BOXES[m.region]
        inside = lat_lo <= m.latitude <= lat_hi and lon_lo <= m.longitude <= lon_hi
        for a, b, c, d in island:  # Bornholm
            inside |= a <= m.latitude <= b and c <= m.longitude <= d
        assert inside, f"{m.code} {m.name}: {m.latitude}, {m.longitude} not in {m.region}"


def test_known_seats_are_where_they_should_be(register):
    by_name = {m.name: m for m in register}
    # Skagen's municipality is the northernmost seat, Bornholm the easternmost
    assert max(register, key=lambda m: m.latitude).name in ("Hjørring", "Frederikshavn")
    assert max(register, key=lambda m: m.longitude).name == "Bornholm"
    assert by_name["Læsø"].longitude > by_name["Frederikshavn"].longitude
    assert by_name["Aarhus"].latitude > by_name["Odense"].latitude


def test_98_distinct_tiles(register):
    tiles = place_tiles(register)
    assert len(tiles) == 98
    assert len({(t.column, t.row) for t in tiles}) == 98
    assert len({t.abbreviation for t in tiles}) == 98
    assert [t.code for t in tiles] == [m.code for m in register]


def test_placement_is_deterministic_and_independent_of_register_order(register):
    first = {t.code: (t.column, t.row) for t in place_tiles(register)}
    again = {t.code: (t.column, t.row) for t in place_tiles(list(reversed(register)))}
    assert first == again


def test_tiles_keep_the_country_shape(register):
    tiles = {t.name: t for t in place_tiles(register)}
    columns, rows = grid_size(list(tiles.values()))
    assert columns <= 20 and rows <= 20  # compact: no tile flung far away
    # north-south and west-east order of well separated places survives
    assert tiles["Hjørring"].row < tiles["Aalborg"].row < tiles["Aarhus"].row
    assert tiles["Aarhus"].row < tiles["Vejle"].row < tiles["Sønderborg"].row
    assert tiles["Esbjerg"].column < tiles["Odense"].column < tiles["Roskilde"].column
    assert tiles["Roskilde"].column < tiles["København"].column < tiles["Bornholm"].column
    # the small islands get their own tile, near where they are
    for island, near in (("Læsø", "Frederikshavn"), ("Samsø", "Odder"), ("Fanø", "Esbjerg")):
        a, b = tiles[island], tiles[near]
        assert math.hypot(a.column - b.column, a.row - b.row) <= 3, island


def test_a_crowded_cluster_spreads_to_distinct_nearby_cells():
    crowd = [
        Municipality(f"{100 + i}", f"By {chr(65 + i)}", "", "Region Hovedstaden", (), 55.68, 12.57)
        for i in range(9)
    ]
    tiles = place_tiles(crowd)
    cells = {(t.column, t.row) for t in tiles}
    assert len(cells) == 9
    columns, rows = grid_size(tiles)
    assert columns <= 4 and rows <= 4  # the nearest free cells, not scattered


def test_a_municipality_without_position_is_a_definition_error():
    m = Municipality("101", "København", "Københavns Kommune", "Region Hovedstaden")
    with pytest.raises(DefinitionError, match="no latitude/longitude"):
        place_tiles([m])


def test_abbreviations_are_distinct_and_stable():
    names = ["Frederiksberg", "Fredensborg", "Frederikssund", "Frederikshavn", "Fredericia"]
    first = abbreviations(names)
    assert first["Frederiksberg"] == "FRE"
    assert len(set(first.values())) == 5
    assert all(len(a) == 3 for a in first.values())
    assert abbreviations(names) == first


# --------------------------------------------------------------------------- register


def _register_with(tmp_path, row_147: str):
    lines = REGISTER_CSV.read_text(encoding="utf-8").splitlines()
    lines = [row_147 if line.startswith("147,") else line for line in lines]
    path = tmp_path / "municipalities.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BASE = "147,Frederiksberg,Frederiksberg Kommune,Region Hovedstaden,{lat},{lon},Frb"


@pytest.mark.parametrize(
    ("lat", "lon", "column", "message"),
    [
        ("12.53", "55.68", "latitude", "outside Denmark.*swapped"),
        ("55.68", "2.53", "longitude", "outside Denmark"),
        ("55.6.8", "12.53", "latitude", "not a number"),
        ("55.68", "", "longitude", "longitude is empty"),
    ],
    ids=["swapped", "west of Denmark", "not a number", "one coordinate"],
)
def test_bad_positions_are_refused_with_row_and_column(tmp_path, lat, lon, column, message):
    path = _register_with(tmp_path, BASE.format(lat=lat, lon=lon))
    with pytest.raises(DefinitionError, match=message) as exc:
        load_register(path)
    assert (exc.value.row, exc.value.column) == (3, column)


def test_a_decimal_comma_and_an_empty_position_are_accepted(tmp_path):
    path = _register_with(
        tmp_path, '147,Frederiksberg,Frederiksberg Kommune,Region Hovedstaden,"55,68","12,53",Frb'
    )
    assert load_register(path).get("147").latitude == 55.68
    path = _register_with(tmp_path, BASE.format(lat="", lon=""))
    assert load_register(path).get("147").latitude is None


def test_the_older_five_column_register_still_loads(tmp_path):
    lines = REGISTER_CSV.read_text(encoding="utf-8").splitlines()
    old = []
    for line in lines:
        cells = line.split(",")
        old.append(",".join([*cells[:4], *cells[6:]]))
    path = tmp_path / "municipalities.csv"
    path.write_text("\n".join(old) + "\n", encoding="utf-8")
    register = load_register(path)
    assert len(register) == 98 and register.get("101").latitude is None
    assert register.get("101").aliases == load_register(REGISTER_CSV).get("101").aliases
