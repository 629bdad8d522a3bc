"""Indicators on small hand-made microdata: every kind, rounding, changes, 'Ved ikke', free-text
non-answers, suppression, the top-5 tie-break, years without a question and the CSV contract."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import disclosure
from pipeline.errors import MissingStageOutput, MunicipalityNotFound
from pipeline.indicators import (
    CSV_COLUMNS,
    compute_year,
    load_indicators,
    municipality_answers,
    regional_shares,
    round_half_up,
    write_indicators,
)
from pipeline.indicators.compute import Cell, Result, _changes
from pipeline.ingest.stage import RESPONSE_COLUMNS
from pipeline.normalise.coder import is_non_answer
from pipeline.normalise.stage import CODED_COLUMNS  # the coder stage's real schema
from pipeline.survey.taxonomy import load_taxonomy
from tests.conftest import ROOT

TAXONOMY = load_taxonomy(ROOT / "survey")

# municipality codes by region (from survey/municipalities.csv)
HOVEDSTADEN = ["101", "147", "151", "153", "155", "157", "159", "161", "163"]
SJAELLAND = ["253", "259", "265", "269", "306", "316", "320", "326", "329"]
SYDDANMARK = ["410", "420", "430", "440", "450", "461", "479", "480", "482"]
MIDTJYLLAND = ["615", "657", "661", "665", "671", "706", "707", "710", "727"]
NORDJYLLAND = ["773", "787", "810", "813", "820", "825", "840", "846", "849"]


class Micro:
    """Tidy microdata in the shape of responses.parquet and coded_text.parquet."""

    def __init__(self) -> None:
        self.responses: dict[int, list[dict]] = defaultdict(list)
        self.coded: dict[int, list[dict]] = defaultdict(list)
        self.respondents: dict[int, list[dict]] = defaultdict(list)

    def _row(self, year, m, qid, item="", code=None, text=None):
        self.responses[year].append(
            {
                "year": year,
                "municipality_code": m,
                "municipality_name": "",
                "respondent_id": 1,
                "question_id": qid,
                "item": item,
                "item_label": "",
                "value_code": code,
                "value_label": "",
                "text": text,
            }
        )

    def single(self, year, m, qid, code, item=""):
        self._row(year, m, qid, item, code=code)
        return self

    def multi(self, year, m, qid, ticked, options):
        for o in range(1, options + 1):
            self._row(year, m, qid, str(o), code=int(o in ticked))
        return self

    def text(self, year, m, qid, text, categories="", item=""):
        self._row(year, m, qid, item, text=text)
        self.coded[year].append(
            {
                "answer_id": f"{year}-{m}-{qid}-{item}",
                "year": year,
                "municipality_code": m,
                "question_id": qid,
                "item": item,
                "context": "",
                "text": text,
                "categories": categories,
                "confidence": 1.0,
                "needs_review": False,
                "evidence": "",
                "source": "test",
                # as the normalize stage sets it: the coder's verdict (taxonomy `non_answers:`)
                "non_answer": not categories and is_non_answer(text, TAXONOMY),
            }
        )
        return self

    def write(self, project, *, coded=True):
        for year, rows in self.responses.items():
            folder = project.processed(year)
            folder.mkdir(parents=True, exist_ok=True)
            frame = pd.DataFrame(rows, columns=RESPONSE_COLUMNS)
            frame["value_code"] = frame["value_code"].astype("Int64")
            frame.to_parquet(folder / "responses.parquet", index=False)
            if coded:
                pd.DataFrame(self.coded.get(year, []), columns=CODED_COLUMNS).to_parquet(
                    folder / "coded_text.parquet", index=False
                )
        return project


@pytest.fixture
def proj(project):
    """The copied survey/ (the bundled taxonomy: its order is the coding manual's)."""
    return project


def cell(frame, indicator_id, year, group=""):
    hit = frame[
        (frame["indicator_id"] == indicator_id)
        & (frame["year"] == year)
        & (frame["group"] == group)
    ]
    assert len(hit) == 1, f"{indicator_id} {year} {group!r}: {len(hit)} rows"
    return hit.iloc[0]


def figures(frame, indicator_id, year, group=""):
    """(numerator, denominator, share_pct, change_pp) with None for empty cells."""
    row = cell(frame, indicator_id, year, group)
    return tuple(
        None if pd.isna(row[c]) else int(row[c])
        for c in ("numerator", "denominator", "share_pct", "change_pp")
    )


# --------------------------------------------------------------------------- main dataset

M = HOVEDSTADEN  # nine municipalities of one region are enough for the national figures


@pytest.fixture
def data(proj, monkeypatch):
    """The counting rules on a handful of municipalities (1 to 9 per question).

    The disclosure rule would hide nearly all of these figures nationally as well (n < 6);
    it is tested on its own (below and in tests/test_disclosure.py), so it is set aside here:
    every cell resting on at least one municipality is shown."""
    monkeypatch.setattr(disclosure, "min_denominator", lambda threshold: 1)
    d = Micro()
    # 2019 training: option 1 by 1 of 8 (12.5 -> 13), option 2 by 5 of 8 (62.5 -> 63);
    # M[8] reached the question but ticked nothing: not in n
    ticks = [{1, 2}, {2}, {2}, {2}, {2, 3}, {6}, {6}, {4}]
    for m, t in zip(M[:8], ticks, strict=True):
        d.multi(2019, m, "training_in_operation", t, 6)
    d.multi(2019, M[8], "training_in_operation", set(), 6)
    # 2018: option 2 by 1 of 3 (33.3), option 1 by 2 of 3 (66.7)
    for m, t in zip(M[:3], [{1, 2}, {1}, {6}], strict=True):
        d.multi(2018, m, "training_in_operation", t, 6)
    d.multi(2017, M[0], "training_in_operation", {1}, 6)

    # supplier involvement: 2018 'I høj grad' 5 of 8 (62.5); 2019 1 of 2 (50) -> -12.5 -> -13
    for i, m in enumerate(M[:8]):
        d.single(2018, m, "supplier_involvement", 1 if i < 5 else 2)
    d.single(2019, M[0], "supplier_involvement", 1)
    d.single(2019, M[1], "supplier_involvement", 5)  # Ved ikke

    # screen-visit status, Hjemmeplejen 2019: 1, 2, 3, 5; M[4] answered only Handicapområdet
    for m, code in zip(M[:4], [1, 2, 3, 5], strict=True):
        d.single(2019, m, "screen_visits_status", code, item="hjemmepleje")
        d.single(2019, m, "screen_visits_status", 4, item="hjemmesygepleje")
    d.single(2019, M[4], "screen_visits_status", 1, item="handicap")
    d.single(2017, M[0], "screen_visits_status", 1, item="hjemmepleje")
    d.single(2019, M[0], "screen_visits_any", 1)
    d.single(2019, M[1], "screen_visits_any", 2)

    # mobility free text 2019: two non-answers (not in n), one answer without a category (in n)
    d.text(2019, M[0], "mobility_technologies", "Loftlifte og vasketoiletter", "hygiejne;mobilitet")
    d.text(2019, M[1], "mobility_technologies", "Ved ikke.", "")
    d.text(2019, M[2], "mobility_technologies", "-", "")
    d.text(2019, M[3], "mobility_technologies", "Diverse løsninger efter behov", "")
    d.text(2019, M[4], "mobility_technologies", "Rollatorer", "mobilitet")
    d.text(2018, M[0], "mobility_technologies", "Plejesenge", "seng")
    d.text(2019, M[0], "prevention_technologies", "Telemedicin", "skaermbesoeg", item="kol")

    # priorities: 2019 counts skaermbesoeg 4, traening 3, medicin 3, hygiejne 2, tryghed 2,
    # seng 2; in 2018 medicin 2, traening 1, seng 1.
    for m, cats in zip(
        M[:6],
        [
            "medicin;skaermbesoeg;traening",
            "medicin;skaermbesoeg;traening",
            "hygiejne;medicin;skaermbesoeg;traening",
            "hygiejne;seng;skaermbesoeg;tryghed",
            "seng;tryghed",
            "",
        ],
        strict=True,
    ):
        d.text(2019, m, "priority_next_year", "ved ikke" if not cats else "tekst", cats)
    for m, cats in zip(M[:3], ["medicin;traening", "medicin;seng", ""], strict=True):
        d.text(2018, m, "priority_next_year", "tekst" if cats else "-", cats)
    d.text(2017, M[0], "priority_next_year", "Skærmbesøg", "skaermbesoeg")
    return d.write(proj)


@pytest.fixture
def frame(data):
    return compute_year(data, 2019)


def test_option_share_rounds_half_up_on_the_exact_fraction(frame):
    label1 = "Forebyggelse og sundhedsfremme (SUL §119)"
    label2 = "Genoptræning (SUL §140)"
    assert figures(frame, "training_in_operation", 2019, label1)[:3] == (1, 8, 13)
    assert figures(frame, "training_in_operation", 2019, label2)[:3] == (5, 8, 63)
    row = cell(frame, "training_in_operation", 2019, label1)
    assert row["share"] == pytest.approx(0.125)
    assert row["group_key"] == "1" and row["kind"] == "option_share"


def test_change_in_points_comes_from_unrounded_shares(frame):
    # 62.5 - 33.33 = 29.17 -> 29, although the printed percentages differ by 63 - 33 = 30
    assert figures(frame, "training_in_operation", 2019, "Genoptræning (SUL §140)") == (
        5,
        8,
        63,
        29,
    )
    # 12.5 - 66.67 = -54.17 -> -54
    assert (
        figures(frame, "training_in_operation", 2019, "Forebyggelse og sundhedsfremme (SUL §119)")[
            3
        ]
        == -54
    )
    # 50 - 62.5 = -12.5 -> -13 (half away from zero)
    assert figures(frame, "supplier_involvement", 2019, "I høj grad") == (1, 2, 50, -13)
    # the first year has no change
    assert figures(frame, "training_in_operation", 2017, "Genoptræning (SUL §140)")[3] is None


def test_any_of_counts_a_municipality_once(frame):
    # 6 of 8 have at least one of codes 1-5; two answered only "Nej, ingen i drift"
    assert figures(frame, "training_any_area", 2019)[:3] == (6, 8, 75)
    assert cell(frame, "training_any_area", 2019)["group"] == ""


def test_ved_ikke_included_is_an_answer_and_a_group(frame):
    assert figures(frame, "supplier_involvement", 2019, "Ved ikke")[:3] == (1, 2, 50)


def test_ved_ikke_excluded_leaves_n(data):
    path = data.survey / "indicators.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "dont_know: {codes: [5], rule: include}", "dont_know: {codes: [5], rule: exclude}"
        ),
        encoding="utf-8",
    )
    frame = compute_year(data, 2019)
    assert figures(frame, "supplier_involvement", 2019, "I høj grad")[:3] == (1, 1, 100)
    groups = frame[(frame["indicator_id"] == "supplier_involvement") & (frame["year"] == 2019)]
    assert "Ved ikke" not in set(groups["group"])


def test_matrix_row_with_combined_groups(frame):
    ind = "screen_visits_status.hjemmepleje"
    assert figures(frame, ind, 2019, "I drift")[:3] == (1, 4, 25)
    assert figures(frame, ind, 2019, "Planlagt")[:3] == (0, 4, 0)
    assert figures(frame, ind, 2019, "Under afprøvning eller implementering")[:3] == (2, 4, 50)
    assert figures(frame, ind, 2019, "I drift, under afprøvning eller implementering")[:3] == (
        3,
        4,
        75,
    )
    groups = list(frame[(frame["indicator_id"] == ind) & (frame["year"] == 2019)]["group"])
    assert groups == [
        "I drift",
        "Under afprøvning",
        "Under implementering",
        "Planlagt",
        "Nej",
        "Under afprøvning eller implementering",
        "I drift, under afprøvning eller implementering",
    ]
    by_area = frame[frame["indicator_id"] == "screen_visits_in_operation_by_area"]
    assert figures(by_area, "screen_visits_in_operation_by_area", 2019, "Hjemmeplejen")[:2] == (
        1,
        4,
    )
    assert figures(by_area, "screen_visits_in_operation_by_area", 2019, "Handicapområdet")[:2] == (
        1,
        1,
    )


def test_row_not_asked_that_year_gives_no_rows(frame):
    sygepleje = frame[frame["indicator_id"] == "screen_visits_status.hjemmesygepleje"]
    assert set(sygepleje["year"]) == {2019}
    # asked in every year: a year where nobody answered the row has n = 0 and no share
    pleje = frame[frame["indicator_id"] == "screen_visits_status.hjemmepleje"]
    assert set(pleje["year"]) == {2017, 2018, 2019}
    assert figures(frame, "screen_visits_status.hjemmepleje", 2018, "I drift") == (0, 0, None, None)


def test_free_text_non_answers_are_not_in_n(frame):
    # n = 3: two coded answers and one answer naming no category; "Ved ikke." and "-" are out
    assert figures(frame, "mobility_technologies", 2019, "mobilitet")[:3] == (2, 3, 67)
    assert figures(frame, "mobility_technologies", 2019, "hygiejne")[:3] == (1, 3, 33)
    row = cell(frame, "mobility_technologies", 2019, "hygiejne")
    assert row["group_label"] == "Hygiejneteknologi"
    assert figures(frame, "prevention_technologies.kol", 2019, "skaermbesoeg")[:3] == (1, 1, 100)


def test_question_not_asked_in_2017_gives_no_rows_and_no_error(frame):
    mobility = frame[frame["indicator_id"] == "mobility_technologies"]
    assert set(mobility["year"]) == {2018, 2019}
    assert figures(frame, "mobility_technologies", 2019, "seng")[3] == -100


def test_top5_tie_break_previous_year_then_taxonomy_order(frame):
    top = frame[(frame["indicator_id"] == "priority_next_year") & (frame["year"] == 2019)]
    assert list(top["group"]) == ["skaermbesoeg", "medicin", "traening", "seng", "hygiejne"]
    assert list(top["rank"]) == [1, 2, 3, 4, 5]
    assert list(top["numerator"]) == [4, 3, 3, 2, 2]
    assert set(top["denominator"]) == {5}  # the "ved ikke" answer is not in n
    # changes against the category's previous share, also when it was not in that top five
    assert figures(frame, "priority_next_year", 2019, "seng")[3] == -10  # 40 - 50
    assert figures(frame, "priority_next_year", 2019, "hygiejne")[3] == 40  # 40 - 0


def test_participation_counts_municipalities_with_answers(frame):
    assert figures(frame, "participation", 2019)[:3] == (9, 98, 9)
    by_region = frame[
        (frame["indicator_id"] == "participation_by_region") & (frame["year"] == 2019)
    ]
    assert list(by_region["denominator"]) == [29, 17, 22, 19, 11]
    assert list(by_region["numerator"]) == [9, 0, 0, 0, 0]


def test_respondents_file_decides_participation(data):
    folder = data.processed(2019)
    pd.DataFrame(
        {
            "year": [2019, 2019, 2019],
            "municipality_code": ["101", "147", "151"],
            "outcome": ["accepted", "accepted", "rejected"],
            "complete": [True, False, True],
        }
    ).to_parquet(folder / "respondents.parquet", index=False)
    assert figures(compute_year(data, 2019), "participation", 2019)[:2] == (2, 98)


def test_csv_has_exactly_the_public_columns(data):
    frame = write_indicators(data, 2019)
    csv = pd.read_csv(data.output(2019) / "indicators.csv", encoding="utf-8-sig", dtype=str)
    assert list(csv.columns) == CSV_COLUMNS
    assert len(csv) == len(frame)
    parquet = pd.read_parquet(data.processed(2019) / "indicators.parquet")
    assert {"title", "group_label", "rank", "suppressed", "section", "chart"} <= set(
        parquet.columns
    )
    # rows: YAML order of indicators, then year, then group order / rank
    order = load_indicators(data).ids()
    seen = list(dict.fromkeys(csv["indicator_id"]))
    assert seen == [i for i in order if i in seen]
    top = csv[(csv["indicator_id"] == "priority_next_year") & (csv["year"] == "2019")]
    assert list(top["group"])[0] == "skaermbesoeg"
    first = csv[csv["indicator_id"] == "training_in_operation"]
    assert list(first["year"]) == sorted(first["year"])
    row = csv[(csv["indicator_id"] == "training_any_area") & (csv["year"] == "2019")].iloc[0]
    assert (row["numerator"], row["denominator"], row["share_pct"]) == ("6", "8", "75")
    assert row["share"] == "0.75" and pd.isna(row["group"])


def test_missing_responses_name_the_file_and_command(proj):
    with pytest.raises(MissingStageOutput) as exc:
        compute_year(proj, 2019)
    assert "responses.parquet" in str(exc.value)
    assert "statusmaaling ingest --year 2019" in str(exc.value)


def test_missing_coded_text_names_the_file_and_command(proj):
    Micro().single(2019, "101", "screen_visits_any", 1).write(proj, coded=False)
    with pytest.raises(MissingStageOutput) as exc:
        compute_year(proj, 2019)
    assert "coded_text.parquet" in str(exc.value)
    assert "statusmaaling normalize --year 2019" in str(exc.value)


def test_stale_coded_text_is_refused(proj):
    d = Micro().text(2019, "101", "mobility_technologies", "Loftlifte", "mobilitet")
    d.coded[2019].clear()
    d.write(proj)
    with pytest.raises(MissingStageOutput, match="lacks 1 answer"):
        compute_year(proj, 2019)


def test_later_years_are_left_out(data):
    frame = compute_year(data, 2018)
    assert set(frame["year"]) == {2017, 2018}


# --------------------------------------------------------------------------- suppression


@pytest.fixture
def regions(proj):
    """2019: Hovedstaden 6, Sjælland 8, Syddanmark 5, Midtjylland 7, Nordjylland 3 answers;
    2018: Nordjylland 3 and Syddanmark 4 (two primary suppressions), the rest 6."""
    d = Micro()
    sizes = {2019: (6, 8, 5, 7, 3), 2018: (6, 6, 4, 6, 3)}
    for year, counts in sizes.items():
        lists = (HOVEDSTADEN, SJAELLAND, SYDDANMARK, MIDTJYLLAND, NORDJYLLAND)
        for codes, n in zip(lists, counts, strict=True):
            for i, m in enumerate(codes[:n]):
                d.multi(year, m, "training_in_operation", {2} if i % 2 == 0 else {6}, 6)
    return d.write(proj)


def test_primary_and_secondary_suppression(regions):
    frame = compute_year(regions, 2019)
    ind = "training_any_area_by_region"
    rows = frame[(frame["indicator_id"] == ind) & (frame["year"] == 2019)].set_index("group")
    assert rows.loc["Region Nordjylland", "suppressed"]  # 3 < 5
    assert rows.loc["Region Syddanmark", "suppressed"]  # secondary: next-smallest (5)
    assert not rows.loc["Region Hovedstaden", "suppressed"]
    for region in ("Region Nordjylland", "Region Syddanmark"):
        assert figures(frame, ind, 2019, region) == (None, None, None, None)
        assert pd.isna(rows.loc[region, "share"])
    assert figures(frame, ind, 2019, "Region Hovedstaden")[:3] == (3, 6, 50)
    # the national figure rests on 29 municipalities: shown
    assert figures(frame, "training_any_area", 2019)[:2] == (16, 29)


def test_two_primary_suppressions_need_no_secondary(regions):
    frame = compute_year(regions, 2019)
    rows = frame[(frame["indicator_id"] == "training_any_area_by_region") & (frame["year"] == 2018)]
    hidden = set(rows[rows["suppressed"]]["group"])
    assert hidden == {"Region Nordjylland", "Region Syddanmark"}


def test_no_change_from_a_suppressed_year():
    def cell(num: int, den: int, suppressed: bool) -> Cell:
        munis = [f"{i:03d}" for i in range(den)]
        return Cell(
            "g", "g", "g", 0, frozenset(munis[:num]), frozenset(munis), suppressed=suppressed
        )

    def results(*cells: Cell) -> list[Result]:
        return [Result(None, 2017 + i, [c]) for i, c in enumerate(cells)]

    hidden_then_shown = results(cell(1, 3, True), cell(4, 8, False))
    _changes(hidden_then_shown)
    assert hidden_then_shown[1].cells[0].change is None  # 33 -> 50 would reveal the hidden 1/3

    shown_then_shown = results(cell(3, 6, False), cell(6, 8, False))
    _changes(shown_then_shown)
    assert shown_then_shown[1].cells[0].change == 25

    shown_then_hidden = results(cell(3, 6, False), cell(1, 3, True))
    _changes(shown_then_hidden)
    assert shown_then_hidden[1].cells[0].change is None


def test_suppressed_cells_are_empty_in_the_csv(regions):
    write_indicators(regions, 2019)
    csv = pd.read_csv(regions.output(2019) / "indicators.csv", encoding="utf-8-sig", dtype=str)
    row = csv[
        (csv["indicator_id"] == "training_any_area_by_region")
        & (csv["year"] == "2019")
        & (csv["group"] == "Region Nordjylland")
    ].iloc[0]
    for col in ("numerator", "denominator", "share", "share_pct", "change_pp"):
        assert pd.isna(row[col]), col


def test_threshold_comes_from_the_settings(regions):
    path = regions.survey / "indicators.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "suppression_threshold: 5", "suppression_threshold: 2"
    )
    path.write_text(text, encoding="utf-8")
    frame = compute_year(regions, 2019)
    rows = frame[(frame["indicator_id"] == "training_any_area_by_region") & (frame["year"] == 2019)]
    assert not rows["suppressed"].any()


def test_region_restricted_figures_are_suppressed_below_threshold(regions):
    north = compute_year(regions, 2019, municipalities=set(NORDJYLLAND))
    assert "training_any_area_by_region" not in set(north["indicator_id"])
    assert figures(north, "training_any_area", 2019) == (None, None, None, None)
    capital = regional_shares(regions, 2019, "Region Hovedstaden")
    assert figures(capital, "training_any_area", 2019)[:3] == (3, 6, 50)
    assert figures(capital, "participation", 2019)[:2] == (6, 29)


# --------------------------------------------------------------------------- own answers


def test_municipality_answers(data):
    own = municipality_answers(data, 2019, "101")
    assert list(own.columns) == [
        "indicator_id",
        "year",
        "group",
        "in_denominator",
        "in_numerator",
        "own_label",
    ]
    assert not own["indicator_id"].str.endswith("_by_region").any()

    def one(ind, year, group=""):
        hit = own[(own["indicator_id"] == ind) & (own["year"] == year) & (own["group"] == group)]
        assert len(hit) == 1
        return tuple(hit.iloc[0][["in_denominator", "in_numerator", "own_label"]])

    assert one("training_in_operation", 2019, "Genoptræning (SUL §140)") == (True, True, "Valgt")
    assert one("training_in_operation", 2019, "Rehabilitering (SEL §83a)") == (
        True,
        False,
        "Ikke valgt",
    )
    assert one("screen_visits_status.hjemmepleje", 2019, "Nej") == (True, False, "I drift")
    assert one("mobility_technologies", 2019, "seng") == (True, False, "Ikke nævnt")
    assert one("participation", 2019) == (True, True, "Deltog")
    assert one("screen_visits_services", 2019, "Bostøtte (SEL §85)") == (
        False,
        False,
        "Ikke besvaret",
    )
    # a free-text non-answer: answered, but not in n
    own_147 = municipality_answers(data, 2019, "Frederiksberg")
    hit = own_147[
        (own_147["indicator_id"] == "mobility_technologies")
        & (own_147["year"] == 2019)
        & (own_147["group"] == "mobilitet")
    ].iloc[0]
    assert (hit["in_denominator"], hit["in_numerator"]) == (False, False)
    with pytest.raises(MunicipalityNotFound):
        municipality_answers(data, 2019, "999")


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(100, 8), 13),
        (Fraction(500, 8), 63),
        (Fraction(100, 3), 33),
        (Fraction(200, 3), 67),
        (Fraction(-25, 2), -13),
        (Fraction(-49, 4), -12),
        (Fraction(0), 0),
        (Fraction(1, 2), 1),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


@given(st.integers(min_value=-500, max_value=500), st.integers(min_value=1, max_value=200))
def test_round_half_up_is_decimal_round_half_up(num, den):
    with localcontext() as ctx:
        ctx.prec = 60
        expected = (Decimal(num * 100) / Decimal(den)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert round_half_up(Fraction(num * 100, den)) == int(expected)
