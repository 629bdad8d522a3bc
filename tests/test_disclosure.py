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


def revealed_sets(
    sizes: list[int], visible: set[int], *, national: bool = True
) -> list[tuple[int, ...]]:
    """Every set of regions whose combined figure follows from the published ones (each
    visible region, and the national total when it is published)."""
    k = len(sizes)
    published = [np.eye(k)[i] for i in sorted(visible)] + ([np.ones(k)] if national else [])
    if not published:
        return []
    base = np.linalg.matrix_rank(np.array(published))
    out = []
    for r in range(1, k + 1):
        for subset in combinations(range(k), r):
            vector = np.zeros(k)
            vector[list(subset)] = 1
            if np.linalg.matrix_rank(np.array([*published, vector])) == base:
                out.append(subset)
    return out


def assert_nothing_small_revealed(
    sizes: list[int], visible: set[int], threshold: int, *, national: bool = True
) -> None:
    """Every revealed set rests on none or on at least threshold + 1 municipalities, all
    regions together (the national figure, published when `national`) included."""
    for subset in revealed_sets(sizes, visible, national=national):
        n = sum(sizes[i] for i in subset)
        assert n == 0 or n >= threshold + 1, (sizes, visible, subset)


sizes_st = st.lists(st.integers(0, 12), min_size=2, max_size=6)


@given(sizes=sizes_st, threshold=st.integers(1, 8))
def test_the_rule_reveals_no_small_group_by_differencing(sizes, threshold):
    hidden = disclosure.hidden_cells(dict(enumerate(sizes)), threshold)
    visible = set(range(len(sizes))) - hidden
    assert all(disclosure.publishable(sizes[i], threshold) for i in visible)
    national = disclosure.publishable(sum(sizes), threshold)  # as the indicators stage has it
    assert_nothing_small_revealed(sizes, visible, threshold, national=national)


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
        national = disclosure.publishable(sum(true), threshold)
        assert_nothing_small_revealed(true, visible, threshold, national=national)


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
    # the regions partition the nation, whose figure is published only when enough answered
    assert national["suppressed"] == (not disclosure.publishable(sum(sizes), THRESHOLD))
    if not national["suppressed"]:
        assert int(national["denominator"]) == sum(sizes)
    visible = {i for i, r in enumerate(REGIONS) if not rows.loc[r, "suppressed"]}
    for i in visible:
        row = rows.loc[list(REGIONS)[i]]
        assert int(row["denominator"]) == sizes[i] >= THRESHOLD + 1
        assert int(row["numerator"]) == sum(layout[i])
    for i in set(range(5)) - visible:
        assert pd.isna(rows.loc[list(REGIONS)[i], "share"])
    published = not national["suppressed"]
    assert_nothing_small_revealed(sizes, visible, THRESHOLD, national=published)
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


def _national_frame(d: Micro, years: list[int]) -> pd.DataFrame:
    frames = {y: pd.DataFrame(d.responses[y], columns=RESPONSE_COLUMNS) for y in years}
    responses = pd.concat(frames.values(), ignore_index=True).astype({"value_code": "Int64"})
    return compute_indicators(
        responses,
        pd.DataFrame(columns=CODED_COLUMNS),
        INDICATORS,
        register=REGISTER,
        years=years,
    )


def test_a_national_figure_few_answered_is_hidden_like_a_region():
    """Regression: 3 answers to the supplier question were published nationally as 3/3 = 100 %.

    A reader who is one of the three learns the other two answers; the rule for a region
    (n >= threshold + 1) holds for a national cell as well. All categories of the question
    share its n, so they are hidden together (no category can be had from the others)."""
    d = Micro()
    everyone = HOVEDSTADEN + SJAELLAND
    for m in everyone:  # a question nearly all answer: published as before
        d.multi(2019, m, "training_in_operation", {2}, 6)
    for m in everyone[:3]:  # the supplier question: three answers, all "I høj grad"
        d.single(2019, m, "supplier_involvement", 1)
    for m in everyone[:4]:  # one area of a matrix: four answers
        d.single(2019, m, "screen_visits_citizen_call", 1, item="handicap")
    for m in everyone[:7]:  # another area: seven answers, enough
        d.single(2019, m, "screen_visits_citizen_call", 2, item="hjemmepleje")
    frame = _national_frame(d, [2019])

    supplier = frame[frame["indicator_id"] == "supplier_involvement"]
    assert len(supplier) == 5 and supplier["suppressed"].all()
    for col in disclosure.FIGURE_COLUMNS:
        assert supplier[col].isna().all(), col
    handicap = frame[frame["indicator_id"] == "screen_visits_citizen_call.handicap"]
    assert len(handicap) and handicap["suppressed"].all() and handicap["share"].isna().all()
    home = frame[frame["indicator_id"] == "screen_visits_citizen_call.hjemmepleje"]
    assert not home["suppressed"].any()
    assert set(home["denominator"]) == {7}
    training = frame[frame["indicator_id"] == "training_any_area"]
    assert not training["suppressed"].any() and set(training["denominator"]) == {18}


def test_no_change_is_published_from_or_to_a_hidden_national_figure():
    """Differencing over years: a change from or to a hidden year (4 answers) is left empty."""
    for hidden_year, shown_year in ((2018, 2019), (2019, 2018)):
        d = Micro()
        for m in HOVEDSTADEN[:4]:
            d.single(hidden_year, m, "supplier_involvement", 1)
        for m in HOVEDSTADEN[:8]:
            d.single(shown_year, m, "supplier_involvement", 2)
        frame = _national_frame(d, [2018, 2019])
        rows = frame[frame["indicator_id"] == "supplier_involvement"].set_index(["year", "group"])
        assert rows.loc[(hidden_year, "I høj grad"), "suppressed"]
        assert rows.loc[(shown_year, "I nogen grad"), "share_pct"] == 100
        assert rows["change_pp"].isna().all()


def test_the_maps_hide_exactly_the_regions_indicators_csv_hides():
    """Regression: the landkort re-applied the rule without the hidden regions' sizes, took
    them for unknown and hid a third region (Midtjylland) that indicators.csv and the
    workbook showed. One computation: the indicators stage's flags."""
    from pipeline.site.landkort import regional_layers

    layout = [[True] * 9, [True] * 9, [True] * 8, [True, False] * 4, [True] * 5]
    frame = _layout_frame(layout)
    rows = frame[frame["indicator_id"] == "training_any_area_by_region"].set_index("group")
    hidden = set(rows[rows["suppressed"]].index)
    assert hidden == {"Region Syddanmark", "Region Nordjylland"}  # 5, then the smaller of 8, 8
    (layer,) = regional_layers(frame, 2019, REGISTER, THRESHOLD)
    shown = {r for r, text in layer.regions.items() if not text.startswith("Ikke vist")}
    assert shown == set(REGIONS) - hidden
    assert layer.regions["Region Midtjylland"] == "50 pct. (n=8)"
