"""What an extract prints, checked on the demo data against sources the extract does not use:
the published `indicators.csv`, the raw answers in `responses.parquet` and the indicator
definitions. Every option anyone chose is a row (so a municipality sees where it lags), no
row is all zeros, a regional share is printed only where the disclosure rule allows, and a
non-respondent gets the national picture with no marks of its own."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import disclosure
from pipeline.extracts.model import (
    CHOSEN,
    NOT_ANSWERED_NOTE,
    NOT_CHOSEN,
    build_extract_model,
    load_extract_data,
)
from pipeline.survey import load_survey

Y = 2019


@pytest.fixture(scope="module")
def data(demo_project):
    return load_extract_data(demo_project, Y)


@pytest.fixture(scope="module")
def register(demo_project):
    return {m.code: m for m in load_survey(demo_project).register}


@pytest.fixture(scope="module")
def models(data, register):
    return {code: build_extract_model(data, m) for code, m in register.items()}


@pytest.fixture(scope="module")
def published(demo_project, data):
    """This year's national figures as published (indicators.csv), by indicator, with each
    group's Danish label (the CSV has the key: an option's label, a category's slug)."""
    frame = pd.read_csv(demo_project.output(Y) / "indicators.csv", dtype={"group": str})
    frame = frame[(frame["year"] == Y)].copy()
    labels = {
        (ind["id"], key): lbl or "Ja" for ind in data.indicators for key, lbl in ind["groups"]
    }
    frame["label"] = [
        labels.get((i, "" if pd.isna(g) else g))
        for i, g in zip(frame["indicator_id"], frame["group"], strict=True)
    ]
    return {ind: rows for ind, rows in frame.groupby("indicator_id", sort=False)}


@pytest.fixture(scope="module")
def respondents(demo_project):
    frame = pd.read_parquet(demo_project.processed(Y) / "respondents.parquet")
    kept = frame[(frame["year"] == Y) & (frame["outcome"] == "accepted")]
    return dict(zip(kept["municipality_code"], kept["complete"].astype(bool), strict=True))


def indicators(model):
    return [ind for section in model["sections"] for ind in section["indicators"]]


def test_every_option_anyone_chose_is_a_row_with_the_published_national_share(models, published):
    model = models["751"]
    assert len(indicators(model)) >= 10
    for ind in indicators(model):
        rows = published[ind["id"]]
        shown = {row["label"]: row for row in ind["rows"]}
        chosen_by_someone = rows[rows["numerator"] > 0]
        assert set(chosen_by_someone["label"]) <= set(shown), ind["id"]
        for group, share in zip(rows["label"], rows["share_pct"], strict=True):
            if group in shown:
                assert shown[group]["national_pct"] == share, (ind["id"], group)


def test_no_row_is_all_zeros(models, published):
    """Options no municipality chose (the taxonomy's unused categories) are left out, unless
    the municipality itself chose one in an earlier year."""
    zero = {
        (ind, group)
        for ind, rows in published.items()
        for group, n in zip(rows["label"], rows["numerator"], strict=True)
        if n == 0
    }
    assert zero, "the demo data has options no municipality chose"
    for code, model in models.items():
        for ind in indicators(model):
            for row in ind["rows"]:
                if (ind["id"], row["label"]) in zero:
                    assert CHOSEN in row["marks"][:-1], (code, ind["id"], row["label"])


def test_the_municipalitys_mark_is_its_own_answer(demo_project, models, register):
    """The status of screen visits per area is a single choice: the raw answer's label is the
    one option marked ✓ this year (besides the sums containing it), every other one is –."""
    responses = pd.read_parquet(demo_project.processed(Y) / "responses.parquet")
    status = responses[
        (responses["year"] == Y) & (responses["question_id"] == "screen_visits_status")
    ]
    checked = 0
    for code in ("101", "751", "825", "851"):
        for item, label in zip(
            status.loc[status["municipality_code"] == code, "item"],
            status.loc[status["municipality_code"] == code, "value_label"],
            strict=True,
        ):
            ind = next(
                (i for i in indicators(models[code]) if i["id"] == f"screen_visits_status.{item}"),
                None,
            )
            if ind is None or pd.isna(label):
                continue
            options = [r for r in ind["rows"] if not r["combined"]]
            assert [r["label"] for r in options if r["marks"][-1] == CHOSEN] == [label]
            assert all(r["marks"][-1] == NOT_CHOSEN for r in options if r["label"] != label)
            checked += 1
    assert checked >= 8


def test_sums_of_options_are_set_apart(demo_project, models):
    definitions = {
        i.id: {g.label for g in i.groups} for i in load_survey(demo_project).indicators.indicators
    }
    seen = 0
    for ind in indicators(models["101"]):
        sums = definitions.get(ind["id"], set())
        for row in ind["rows"]:
            assert row["combined"] == (row["label"] in sums), (ind["id"], row["label"])
            seen += row["combined"]
        flags = [row["combined"] for row in ind["rows"]]
        assert flags == sorted(flags), "a sum comes after the options it adds up"
    assert seen >= 2


def test_a_regional_share_is_printed_only_where_the_disclosure_rule_allows(data, models, register):
    keys = {
        ind["id"]: {(lbl or "Ja"): key for key, lbl in ind["groups"]} for ind in data.indicators
    }
    printed = 0  # hidden ones: see test_extracts.test_small_regions_are_suppressed
    for code, model in models.items():
        region = data.regional[register[code].region]
        for ind in indicators(model):
            for row in ind["rows"]:
                share, n = region.get((ind["id"], Y, keys[ind["id"]][row["label"]]), (None, None))
                assert row["region_pct"] == share
                if share is not None:
                    printed += 1
                    assert disclosure.publishable(n, data.threshold), (code, ind["id"])
    assert printed


def test_a_question_the_municipality_skipped_says_so(models, respondents):
    partial = [code for code, complete in respondents.items() if not complete]
    assert partial, "the demo data has municipalities that answered only part of the survey"
    notes = [
        ind
        for code in partial
        for ind in indicators(models[code])
        if ind["note"] == NOT_ANSWERED_NOTE
    ]
    assert notes
    for ind in notes:
        assert all(row["marks"][-1] == "" for row in ind["rows"])


def test_a_non_respondent_gets_the_national_picture_without_marks(models, respondents, published):
    missing = [code for code in models if code not in respondents]
    assert missing
    for code in missing:
        model = models[code]
        assert not model["answered"] and model["years"] == []
        assert not model["free_text"] and not model["not_answered"]
        for ind in indicators(model):
            assert ind["note"] is None and ind["rows"]
            for row in ind["rows"]:
                assert row["marks"] == []
                group = published[ind["id"]]
                n = group.loc[group["label"] == row["label"], "numerator"]
                assert int(n.iloc[0]) > 0, (ind["id"], row["label"])


def test_a_national_share_few_answered_is_hidden_and_gives_nothing_away(demo_copy):
    """Regression: with the supplier question kept for 3 municipalities the extracts printed
    "Hele landet 100" (n = 3) and left out the options no one chose, so each of the three
    read the two others' answers. Now the national share is hidden like a regional one, and
    every option is a row (dropping the unchosen ones would tell as much)."""
    path = demo_copy.processed(Y) / "responses.parquet"
    frame = pd.read_parquet(path)
    supplier = (frame["year"] == Y) & (frame["question_id"] == "supplier_involvement")
    answered = frame.loc[supplier & frame["value_code"].notna(), "municipality_code"]
    keep = set(sorted(answered.unique())[:3])
    frame = frame[~supplier | frame["municipality_code"].isin(keep)]
    frame.to_parquet(path, index=False)

    data = load_extract_data(demo_copy, Y)
    register = {m.code: m for m in load_survey(demo_copy).register}
    for code in sorted(keep)[:1] + sorted(set(register) - keep)[:1]:
        model = build_extract_model(data, register[code])
        [ind] = [i for i in indicators(model) if i["id"] == "supplier_involvement"]
        assert ind["n_national"] is None and ind["n_region"] is None
        assert len(ind["rows"]) == 5  # every option, chosen or not
        for row in ind["rows"]:
            assert row["national_pct"] is None and row["national_hidden"]
            assert row["region_pct"] is None
        others = [i for i in indicators(model) if i["id"] != "supplier_involvement"]
        assert all(not r["national_hidden"] for i in others for r in i["rows"])
