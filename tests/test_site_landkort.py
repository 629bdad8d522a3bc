"""Map layers from computed cells: statuses per municipality, legends, bands, alt text."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.indicators.compute import Cell, Result
from pipeline.municipalities import Municipality
from pipeline.project import BUNDLED_SURVEY
from pipeline.site.landkort import (
    BANDS,
    NEUTRAL_STYLE,
    alt_text,
    band,
    municipal_layers,
    regional_layers,
    tile_map_svg,
)
from pipeline.site.tiles import place_tiles
from pipeline.survey import load_survey

#: The answers drawn grey, as the bundled report definition names them (charts.neutral_answers).
NEUTRAL = load_survey(BUNDLED_SURVEY).report.charts.neutral_answers
REGISTER = [
    Municipality("101", "København", "", "Region Hovedstaden", (), 55.68, 12.57),
    Municipality("825", "Læsø", "", "Region Nordjylland", (), 57.26, 11.01),
    Municipality("751", "Aarhus", "", "Region Midtjylland", (), 56.15, 10.20),
    Municipality("400", "Bornholm", "", "Region Hovedstaden", (), 55.10, 14.71),
]


def _status_result() -> Result:
    ind = SimpleNamespace(
        id="screen_visits_status.hjemmepleje",
        title="Status for skærmbesøg: Hjemmeplejen",
        item_label="Hjemmeplejen",
        kind="matrix_share",
        breakdown="options",
        question="screen_visits_status",
        options=(1, 2, 5),
        categories=(),
    )
    den = frozenset({"101", "825"})
    cells = [
        Cell("1", "I drift", "I drift", 0, frozenset({"101"}), den),
        Cell("2", "Under afprøvning", "Under afprøvning", 1, frozenset(), den),
        Cell("5", "Nej", "Nej", 2, frozenset({"825"}), den),
        Cell("g", "I drift eller afprøvning", "I drift eller afprøvning", 3, frozenset(), den),
    ]
    answers = {"101": "I drift", "825": "Nej", "751": "Ved ikke"}  # 751 answered, not in n
    return Result(ind, 2019, cells, "one", answers)


def test_each_municipality_gets_its_own_status_and_the_legend_only_what_is_used():
    (layer,) = municipal_layers([_status_result()], 2019, REGISTER, {}, neutral_answers=NEUTRAL)
    assert layer.values == {"101": "1", "825": "5", "751": "not-counted", "400": "missing"}
    assert [s.label for s in layer.statuses] == [
        "I drift",
        "Under afprøvning",
        "Nej",
        "Svaret indgår ikke",
        "Ikke besvaret",
    ]
    assert layer.group == "Status for skærmbesøg"
    # the combined group is not a status: no municipality is coloured by it
    assert "g" not in layer.values.values()
    assert alt_text(layer) == (
        "Landkort over Danmarks 4 kommuner. Antal kommuner: I drift 1, Under afprøvning 0, "
        "Nej 1, Svaret indgår ikke 1, Ikke besvaret 1."
    )


def test_the_neutral_answers_are_the_report_definitions():
    styles = {
        s.label: s.style
        for s in municipal_layers([_status_result()], 2019, REGISTER, {}, neutral_answers=NEUTRAL)[
            0
        ].statuses
    }
    assert styles["Nej"] == NEUTRAL_STYLE and styles["I drift"] != NEUTRAL_STYLE
    (layer,) = municipal_layers([_status_result()], 2019, REGISTER, {}, neutral_answers=())
    assert all(s.style != NEUTRAL_STYLE for s in layer.statuses if s.key in {"1", "2", "5"})


def test_other_years_and_regional_results_make_no_municipal_layer():
    result = _status_result()
    assert municipal_layers([result], 2018, REGISTER, {}, neutral_answers=NEUTRAL) == []
    result.indicator.breakdown = "region"
    assert municipal_layers([result], 2019, REGISTER, {}, neutral_answers=NEUTRAL) == []


def test_tiles_carry_status_pattern_and_an_escaped_title():
    (layer,) = municipal_layers([_status_result()], 2019, REGISTER, {}, neutral_answers=NEUTRAL)
    svg = tile_map_svg(layer, place_tiles(REGISTER), map_id="m", title="<Kort> & co")
    assert svg.count('<g class="tile"') == 4
    assert '<title id="m-title">&lt;Kort&gt; &amp; co</title>' in svg
    assert '<pattern id="m-p-1"' in svg  # "Under afprøvning" is hatched, not just a colour
    assert "Læsø (Region Nordjylland): Nej" in svg


@pytest.mark.parametrize(("pct", "index"), [(0, 0), (19, 0), (20, 1), (59, 2), (80, 4), (100, 4)])
def test_share_bands(pct, index):
    assert band(pct) == index and len(BANDS) == 5


def _regional_frame(share_pct, denominator, suppressed) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": "x_by_region",
            "title": "Andel med x",
            "question_id": "x",
            "kind": "any_of",
            "breakdown": "region",
            "year": 2019,
            "group": ["Region Hovedstaden", "Region Nordjylland", "Region Midtjylland"],
            "share_pct": share_pct,
            "denominator": denominator,
            "suppressed": suppressed,
        }
    )


def test_regional_layer_never_carries_a_suppressed_share():
    """The cells as the indicators stage flags them (Nordjylland on 4, Midtjylland hidden
    with it), even with the numbers left behind the flag: drawn as not shown."""
    frame = _regional_frame([68, 91, 40], [28, 4, 19], [False, True, True])
    (layer,) = regional_layers(frame, 2019, REGISTER, threshold=5)
    assert layer.values["825"] == "suppressed"
    assert "91" not in alt_text(layer) and "40" not in alt_text(layer)
    assert layer.regions["Region Midtjylland"].startswith("Ikke vist")
    assert layer.regions["Region Hovedstaden"] == "68 pct. (n=28)"
    assert layer.values["101"] == layer.values["400"] == "band-3"
    assert layer.values["751"] == "suppressed"


def test_a_stale_regional_table_is_not_drawn():
    """A table not from the indicators stage, with a region on 4 unflagged: the whole
    breakdown is blanked (as in the workbook), so no map is drawn from it."""
    frame = _regional_frame([68, 91, 40], [28, 4, 19], [False, False, False])
    assert regional_layers(frame, 2019, REGISTER, threshold=5) == []
