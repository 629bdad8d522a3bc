"""Danish number and date formatting, as printed in the report."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from pipeline.formatting import (
    fmt_count_of,
    fmt_date,
    fmt_int,
    fmt_month,
    fmt_n,
    fmt_number,
    fmt_pct,
    fmt_period,
    fmt_pp,
    lower_first,
    round_half_up,
    to_percent,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.634, "63 pct."),
        (0.625, "63 pct."),  # half up, not to even (Python's round gives 62)
        (0.615, "62 pct."),
        (0.6249, "62 pct."),
        (0.005, "1 pct."),
        (0.0, "0 pct."),
        (1.0, "100 pct."),
        (63, "63 pct."),  # an int is already a percent
        (np.float64(0.125), "13 pct."),
        (np.int64(40), "40 pct."),
        (pd.NA, "–"),
        (None, "–"),
        (float("nan"), "–"),
        (Decimal("0.345"), "35 pct."),
    ],
)
def test_fmt_pct(value, expected):
    assert fmt_pct(value) == expected


def test_fmt_pct_without_unit_and_bad_input():
    assert fmt_pct(0.634, unit=False) == "63"
    with pytest.raises(TypeError):
        fmt_pct("63")
    with pytest.raises(TypeError):
        fmt_pct(True)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (15, {}, "15 pct.-point"),
        (1, {}, "1 pct.-point"),
        (15, {"sign": True}, "+15 pct.-point"),
        (-5, {"sign": True}, "-5 pct.-point"),
        (0, {"sign": True}, "0 pct.-point"),
        (1, {"long": True}, "1 procentpoint"),  # same word in singular and plural
        (12, {"long": True}, "12 procentpoint"),
        (12.5, {}, "13 pct.-point"),
        (-12.5, {}, "-13 pct.-point"),
        (pd.NA, {}, "–"),
    ],
)
def test_fmt_pp(value, kwargs, expected):
    assert fmt_pp(value, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1400, "1.400"),
        (98, "98"),
        (0, "0"),
        (-1234567, "-1.234.567"),
        (1400.0, "1.400"),
        (None, "–"),
    ],
)
def test_fmt_int(value, expected):
    assert fmt_int(value) == expected


def test_fmt_number_with_decimals_uses_a_decimal_comma():
    assert fmt_number(12.25, 1) == "12,3"
    assert fmt_number(1234.5, 1) == "1.234,5"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2019, 9, 4), "4. september 2019"),
        (date(2019, 1, 31), "31. januar 2019"),
        (date(2020, 3, 1), "1. marts 2020"),
        (date(2019, 5, 1), "1. maj 2019"),
        (datetime(2019, 10, 25, 14, 30), "25. oktober 2019"),
        ("2019-10-25", "25. oktober 2019"),
        (pd.Timestamp("2019-12-03"), "3. december 2019"),
    ],
)
def test_fmt_date(value, expected):
    assert fmt_date(value) == expected


def test_fmt_month():
    assert fmt_month(date(2019, 12, 3)) == "december 2019"


def test_fmt_period():
    assert fmt_period(date(2019, 9, 4), date(2019, 10, 25)) == "4. september – 25. oktober 2019"
    assert fmt_period("2019-12-02", "2020-01-10") == "2. december 2019 – 10. januar 2020"
    assert fmt_period("2019-09-04", "2019-09-04") == "4. september 2019"
    with pytest.raises(ValueError, match="starts after"):
        fmt_period("2019-10-25", "2019-09-04")


def test_fmt_date_rejects_non_iso_text():
    with pytest.raises(ValueError, match="ISO"):
        fmt_date("04-09-2019")


def test_fmt_n():
    assert fmt_n(91) == "n=91"
    assert fmt_n(1400) == "n=1.400"
    assert fmt_n({2017: 84, 2018: 87, 2019: 91}) == "n=84 (2017), 87 (2018), 91 (2019)"
    assert fmt_n({2019: 91}) == "n=91"
    assert fmt_n({"KOL": 82, "Diabetes": 79}) == "n=82 (KOL), 79 (Diabetes)"


def test_small_helpers():
    assert fmt_count_of(97, 98) == "97 af 98"
    assert lower_first("Hygiejneteknologi") == "hygiejneteknologi"
    assert lower_first("KOL") == "KOL"
    assert round_half_up(62.5) == 63
    assert round_half_up(-2.5) == -3
    assert to_percent(0.625) == 63


def test_a_count_of_one_municipality_is_singular():
    from pipeline.formatting import fmt_municipalities

    assert [fmt_municipalities(n) for n in (0, 1, 2, 1000)] == [
        "0 kommuner",
        "1 kommune",
        "2 kommuner",
        "1.000 kommuner",
    ]
