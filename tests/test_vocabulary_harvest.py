"""Terms harvested from public catalogues (docs/evaluation/vocabulary_sources.csv): each row
names a term of its category, and harvested device and product names code on their own.

Every sentence is written for these tests (none is taken from the analysts' examples or the
evaluation sets).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.survey.taxonomy import load_taxonomy
from tests.coding import SURVEY, code

SOURCES = Path(__file__).resolve().parent.parent / "docs" / "evaluation" / "vocabulary_sources.csv"


def _rows() -> list[dict[str, str]]:
    with SOURCES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_harvested_term_is_a_term_of_its_category_with_a_source():
    terms = {c.slug: {t.casefold() for t in c.terms} for c in load_taxonomy(SURVEY).categories}
    rows = _rows()
    assert rows
    for row in rows:
        assert row["term"].casefold() in terms[row["category"]], row
        assert row["source_url"].startswith(("http://", "https://")), row
    assert len({r["term"].casefold() for r in rows}) == len(rows)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Borgerne får en gangbuk eller et gangbord fra depotet", "mobilitet"),
        ("Vi har monteret loftsløftere med ny liftmotor i tre boliger", "mobilitet"),
        ("Toilet-badestole med hjul og toiletarmstøtter", "hygiejne"),
        ("Sengegalge og elevationsbund til de sengeliggende", "seng"),
        ("Edero armstøtte og elektrisk ske til spisning", "spise"),
        ("Kuglestol og fiberdyne i dagcentret", "sanse"),
        ("Qwiek projektor og Chromaviso lys på demensafsnittet", "sanse"),
        ("Talende ure og tidnedtællere til borgere med demens", "struktur"),
        ("Demenssikring af udgangsdøre", "tryghed"),
        ("Medicinhuskeren Dose Can", "medicin"),
        ("Genoptræning med Icura efter knæoperation", "traening"),
        ("Borgerne måler selv med en Omron-måler derhjemme", "selvmonitorering"),
        ("Beboerne på bostedet planlægger dagen i ShowMyDay", "struktur"),
        ("Elsi Smart Floor i alle nye plejeboliger", "tryghed"),
        ("Borgere med hjertesvigt tilbydes TeleHjerte", "skaermbesoeg"),
    ],
)
def test_harvested_names_code_to_their_category(coder, text, expected):
    coding = code(coder, text)
    assert coding.joined == expected, coding.evidence


def test_a_toilet_arm_support_is_hygiene_not_an_eating_arm_support(coder):
    coding = code(coder, "Toiletarmstøtte på badeværelset")
    assert coding.joined == "hygiejne"
    assert not coding.needs_review, coding.evidence
