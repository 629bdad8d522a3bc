"""The disclosure rule (issue #14): no published combination reveals fewer than 5 others.

The check is independent of the implementation: a set S of regions is revealed exactly when
its indicator vector lies in the span of what is published (each visible region and the
national total), which numpy's rank tells; S must then rest on 0 or at least threshold + 1
municipalities (the reader's own plus `threshold` others).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import disclosure
from pipeline.extracts.model import suppress_regions
from pipeline.indicators import load_indicators
from pipeline.indicators.compute import compute_indicators
from pipeline.ingest.stage import RESPONSE_COLUMNS
from pipeline.municipalities import load_register
from pipeline.normalise.stage import CODED_COLUMNS
from pipeline.project import Project
from tests.conftest import ROOT
from tests.test_indicators import (
    HOVEDSTADEN,
    MIDTJYLLAND,
    NORDJYLLAND,
    SJAELLAND,
    SYDDANMARK,
    Micro,
)

REGIONS = {
    "Region Hovedstaden": HOVEDSTADEN,
    "Region Sjælland": SJAELLAND,
    "Region Syddanmark": SYDDANMARK,
    "Region Midtjylland": MIDTJYLLAND,
    "Region Nordjylland": NORDJYLLAND,
}
INDICATORS = load_indicators(Project(ROOT))  # read-only: the real definitions
REGISTER = list(load_register(ROOT / "survey" / "municipalities.csv"))
THRESHOLD = INDICATORS.settings.suppression_threshold


def revealed_sets(sizes: list[int], visible: set[int]) -> list[tuple[int, ...]]:
    """Every set of regions whose combined figure follows from the published ones."""
    k = len(sizes)
    published = [np.eye(k)[i] for i in sorted(visible)] + [np.ones(k)]
    base = np.linalg.matrix_rank(np.array(published))
    out = []
    for r in range(1, k + 1):
        for subset in combinations(range(k), r):
            vector = np.zeros(k)
            vector[list(subset)] = 1
            if np.linalg.matrix_rank(np.array([*published, vector])) == base:
                out.append(subset)
    return out


def assert_nothing_small_revealed(sizes: list[int], visible: set[int], threshold: int) -> None:
    """All regions together are the national figure, published by design (never suppressed)."""
    for subset in revealed_sets(sizes, visible):
        if len(subset) == len(sizes):
            continue
        n = sum(sizes[i] for i in subset)
        assert n == 0 or n >= threshold + 1, (sizes, visible, subset)


sizes_st = st.lists(st.integers(0, 12), min_size=2, max_size=6)


@given(sizes=sizes_st, threshold=st.integers(1, 8))
def test_the_rule_reveals_no_small_group_by_differencing(sizes, threshold):
    hidden = disclosure.hidden_cells(dict(enumerate(sizes)), threshold)
    visible = set(range(len(sizes))) - hidden
    assert all(disclosure.publishable(sizes[i], threshold) for i in visible)
    assert_nothing_small_revealed(sizes, visible, threshold)


@given(
    sizes=sizes_st,
    unknown=st.lists(st.booleans(), min_size=6, max_size=6),
    threshold=st.integers(1, 8),
)
def test_a_cell_of_unknown_size_is_safe_whatever_its_true_size(sizes, unknown, threshold):
    """A region whose size is not known (a region's top-5 replaced by one hidden cell)."""
    given_sizes = {i: None if unknown[i] else n for i, n in enumerate(sizes)}
    hidden = disclosure.hidden_cells(given_sizes, threshold)
    visible = set(range(len(sizes))) - hidden
    assert not visible & {i for i, n in given_sizes.items() if n is None}
    for true_size in (1, threshold):  # the worst cases for the unknown cells
        true = [true_size if n is None else n for n in given_sizes.values()]
        assert_nothing_small_revealed(true, visible, threshold)


def test_a_region_without_the_cell_counts_as_unknown_in_the_extracts():
    key = ("top5", 2019, "mobilitet")
    regional = {
        "Region Hovedstaden": {key: (40, 20)},
        "Region Sjælland": {key: (50, 15)},
        "Region Nordjylland": {("top5", 2019, ""): (None, None)},  # its top-5 was suppressed
    }
    suppress_regions(regional, threshold=5)
    assert regional["Region Sjælland"][key] == (None, None)  # else national - visible = Nord
    assert regional["Region Hovedstaden"][key] == (40, 20)


@given(sizes=sizes_st, threshold=st.integers(1, 8))
def test_extracts_and_indicators_hide_the_same_regions(sizes, threshold):
    key = ("x", 2019, "g")
    regional = {f"R{i}": {key: (50, n)} for i, n in enumerate(sizes)}
    suppress_regions(regional, threshold, {r: {key: c[key][1]} for r, c in regional.items()})
    by_extracts = {int(r[1:]) for r, c in regional.items() if c[key] == (None, None)}
    assert by_extracts == disclosure.hidden_cells(dict(enumerate(sizes)), threshold)


def _layout_frame(layout: list[list[bool]]) -> pd.DataFrame:
    d = Micro()
    for codes, ticks in zip(REGIONS.values(), layout, strict=True):
        for m, ticked in zip(codes, ticks, strict=False):
            d.multi(2019, m, "training_in_operation", {2} if ticked else {6}, 6)
    return compute_indicators(
        pd.DataFrame(d.responses[2019], columns=RESPONSE_COLUMNS).astype({"value_code": "Int64"}),
        pd.DataFrame(columns=CODED_COLUMNS),
        INDICATORS,
        register=REGISTER,
        years=[2019],
    )


layout_st = st.lists(st.lists(st.booleans(), max_size=9), min_size=5, max_size=5)


@settings(max_examples=40, deadline=None)
@given(layout=layout_st)
def test_indicators_csv_reveals_no_small_group_for_any_respondent_layout(layout):
    sizes = [len(ticks) for ticks in layout]
    if not sum(sizes):
        return
    frame = _layout_frame(layout)
    rows = frame[frame["indicator_id"] == "training_any_area_by_region"].set_index("group")
    national = frame[frame["indicator_id"] == "training_any_area"].iloc[0]
    assert int(national["denominator"]) == sum(sizes)  # the regions partition the nation
    visible = {i for i, r in enumerate(REGIONS) if not rows.loc[r, "suppressed"]}
    for i in visible:
        row = rows.loc[list(REGIONS)[i]]
        assert int(row["denominator"]) == sizes[i] >= THRESHOLD + 1
        assert int(row["numerator"]) == sum(layout[i])
    for i in set(range(5)) - visible:
        assert pd.isna(rows.loc[list(REGIONS)[i], "share"])
    assert_nothing_small_revealed(sizes, visible, THRESHOLD)
    # the extracts show the same regional figures: they must hide exactly the same regions,
    # or the two publications together would show both regions of a tie
    key = ("training_any_area", 2019, "")
    regional = {r: {key: (50, n)} for r, n in zip(reversed(REGIONS), reversed(sizes), strict=True)}
    suppress_regions(regional, THRESHOLD, {r: {key: c[key][1]} for r, c in regional.items()})
    by_extracts = {i for i, r in enumerate(REGIONS) if regional[r][key] == (None, None)}
    assert by_extracts == set(range(5)) - visible


def test_five_respondents_in_a_region_are_hidden_in_indicators_csv():
    """Regression (issue #14): 3/5 was printed while the extract hid it (4 others only)."""
    layout = [[True] * 9, [True] * 9, [True, True, True, False, False], [True] * 9, [False] * 9]
    rows = _layout_frame(layout).set_index(["indicator_id", "group"])
    assert rows.loc[("training_any_area_by_region", "Region Syddanmark"), "suppressed"]


def test_a_tie_hides_the_same_region_in_the_extracts_and_indicators_csv():
    """Regression: ties were broken by region order in one and by name in the other."""
    layout = [[True] * 9, [True] * 9, [True] * 8, [True] * 8, [True, False, True]]
    rows = _layout_frame(layout).set_index("group")
    rows = rows[rows["indicator_id"] == "training_any_area_by_region"]
    key = ("training_any_area", 2019, "")
    sizes = dict(zip(REGIONS, (9, 9, 8, 8, 3), strict=True))
    regional = {r: {key: (50, n)} for r, n in sizes.items()}
    suppress_regions(regional, THRESHOLD, {r: {key: n} for r, n in sizes.items()})
    hidden = {r for r in REGIONS if regional[r][key] == (None, None)}
    assert hidden == set(rows[rows["suppressed"]].index)
    assert hidden == {"Region Syddanmark", "Region Nordjylland"}  # Midtjylland by name


def test_two_small_hidden_regions_hide_a_third():
    """Regression (issue #14): national minus visible gave two hidden regions (2+2) exactly."""
    layout = [[True] * 9, [True] * 7, [True, False], [True] * 8, [False, True]]
    rows = _layout_frame(layout).set_index("group")
    rows = rows[rows["indicator_id"] == "training_any_area_by_region"]
    hidden = set(rows[rows["suppressed"]].index)
    assert hidden == {"Region Syddanmark", "Region Nordjylland", "Region Sjælland"}
