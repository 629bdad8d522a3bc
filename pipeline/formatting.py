"""Danish number and date formatting for reports.

Plain functions, registered as jinja2 filters on the one report Environment
(`pipeline.report.render.make_environment`) and used by the narrative and chart code, so a
number reads the same in a caption, a sentence, a chart label and an alt text.

House rules (KL's published reports):

- percentages are whole numbers followed by "pct." ("63 pct."); shares are stored unrounded as
  0-1 and rounded half up here (0.625 -> 63, never banker's rounding to 62);
- differences between two percentages are "pct.-point" (Danish "procentpoint" is the same in
  singular and plural: "1 procentpoint", "15 procentpoint");
- thousands are grouped with "." and decimals with "," ("1.400", "12,5");
- dates are "4. september 2019" (lower-case month names), periods "4. september - 25. oktober
  2019" with an en dash;
- n is printed as "n=91", or per year "n=84 (2017), 87 (2018), 91 (2019)".
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

#: Printed where a value is missing or suppressed.
MISSING = "–"
#: The range dash: an en dash, with spaces between dates ("4. september – 25. oktober 2019").
DASH = "–"


def is_missing(value: Any) -> bool:
    """None, NaN and pandas NA/NaT: no value to print."""
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return math.isnan(float(value))
    return type(value).__name__ in {"NAType", "NaTType"}


def round_half_up(value: float | int | Decimal, digits: int = 0) -> int | Decimal:
    """Round half away from zero, as people do (2.5 -> 3, 62.5 -> 63, -2.5 -> -3).

    Python's `round` rounds half to even (`round(62.5) == 62`) and works on the binary float
    (`round(0.625 * 100)` sees 62.5); going through `Decimal(str(value))` rounds the decimal
    number the reader sees.
    """
    exponent = Decimal(1).scaleb(-digits)
    rounded = Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)
    return int(rounded) if digits == 0 else rounded


def to_percent(value: Any) -> int | None:
    """A share 0-1 (float) or an already whole percent (int) as a whole percent, or None.

    Integers are taken as percents (`63` -> 63); floats as shares (`0.634` -> 63, `1.0` ->
    100). A share is multiplied in `Decimal` so 0.625 gives 63, not 62.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise TypeError(f"not a share or percent: {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real | Decimal):
        return int(round_half_up(Decimal(str(float(value))) * 100))
    raise TypeError(f"not a share or percent: {value!r}")


def fmt_number(value: Any, decimals: int = 0) -> str:
    """A number the Danish way: "1.400", "12,5", "-3"; missing -> "–"."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if decimals == 0:
        number = int(value) if isinstance(value, numbers.Integral) else round_half_up(value)
        text = f"{number:,}"
    else:
        text = f"{round_half_up(value, decimals):,.{decimals}f}"
    # Python groups with "," and marks decimals with "."; Danish is the other way round.
    return text.translate(str.maketrans({",": ".", ".": ","}))


def fmt_int(value: Any) -> str:
    """A whole number with Danish thousands separators: 1400 -> "1.400"."""
    return fmt_number(value, 0)


def fmt_pct(value: Any, *, unit: bool = True) -> str:
    """A share (0.634) or whole percent (63) as "63 pct." (or "63" with `unit=False`)."""
    percent = to_percent(value)
    if percent is None:
        return MISSING
    return f"{fmt_int(percent)} pct." if unit else fmt_int(percent)


def fmt_pp(value: Any, *, sign: bool = False, long: bool = False) -> str:
    """A difference in percentage points: 15 -> "15 pct.-point"; `sign=True` -> "+15 ...".

    `long=True` writes "procentpoint", which Danish uses unchanged in singular and plural
    ("1 procentpoint", "15 procentpoint"). Floats are rounded half up; no sign on zero.
    """
    if is_missing(value):
        return MISSING
    points = int(value) if isinstance(value, numbers.Integral) else int(round_half_up(value))
    unit = "procentpoint" if long else "pct.-point"
    number = fmt_int(points)
    if sign and points > 0:
        number = "+" + number
    return f"{number} {unit}"


def as_date(value: Any) -> date:
    """A `date` from a date, datetime, pandas Timestamp or ISO string ("2019-09-04")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            raise ValueError(f"not an ISO date (yyyy-mm-dd): {value!r}") from None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    raise TypeError(f"not a date: {value!r}")


def fmt_date(value: Any, *, year: bool = True) -> str:
    """A date as "4. september 2019" (or "4. september" with `year=False`)."""
    if is_missing(value):
        return MISSING
    day = as_date(value)
    text = f"{day.day}. {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def fmt_month(value: Any) -> str:
    """A date's month and year, as on a report cover: "december 2019"."""
    day = as_date(value)
    return f"{MONTHS[day.month - 1]} {day.year}"


def fmt_period(start: Any, end: Any) -> str:
    """A period: "4. september – 25. oktober 2019"; the year is written once when shared.

    Across a new year both dates carry their year: "2. december 2019 – 10. januar 2020".
    """
    first, last = as_date(start), as_date(end)
    if first > last:
        raise ValueError(f"period starts after it ends: {first} > {last}")
    if first == last:
        return fmt_date(first)
    head = fmt_date(first, year=first.year != last.year)
    return f"{head} {DASH} {fmt_date(last)}"


def fmt_n(value: Any) -> str:
    """n as printed under a figure.

    `91` -> "n=91"; a mapping of label -> n gives one part each, in the mapping's order:
    `{2017: 84, 2018: 87, 2019: 91}` -> "n=84 (2017), 87 (2018), 91 (2019)"; a mapping with a
    single entry is just "n=91".
    """
    if isinstance(value, Mapping):
        items = [(label, n) for label, n in value.items() if not is_missing(n)]
        if not items:
            return f"n={MISSING}"
        if len(items) == 1:
            return f"n={fmt_int(items[0][1])}"
        return "n=" + ", ".join(f"{fmt_int(n)} ({label})" for label, n in items)
    return f"n={fmt_int(value)}"


def fmt_count_of(part: Any, whole: Any) -> str:
    """ "97 af 98" - a count of a total, with thousands separators."""
    return f"{fmt_int(part)} af {fmt_int(whole)}"


def fmt_count(count: Any, one: str, other: str) -> str:
    """ "1 kommune", "71 kommuner": a count with its noun in the number Danish needs (the
    singular for exactly one)."""
    return f"{fmt_int(count)} {one if count == 1 else other}"


def fmt_municipalities(count: Any) -> str:
    """ "1 kommune", "71 kommuner" (see `fmt_count`)."""
    return fmt_count(count, "kommune", "kommuner")


def lower_first(text: str) -> str:
    """Lower-case a label's first letter to use it inside a sentence, but keep acronyms.

    "Hygiejneteknologi" -> "hygiejneteknologi"; "KOL" and "SUL §140" stay as they are.
    """
    if len(text) >= 2 and text[0].isupper() and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """Capitalise a sentence's first letter without touching the rest."""
    return text[:1].upper() + text[1:]


#: The filters the report Environment registers (name -> function).
FILTERS = {
    "fmt_pct": fmt_pct,
    "fmt_pp": fmt_pp,
    "fmt_int": fmt_int,
    "fmt_number": fmt_number,
    "fmt_date": fmt_date,
    "fmt_month": fmt_month,
    "fmt_period": fmt_period,
    "fmt_n": fmt_n,
    "fmt_count_of": fmt_count_of,
    "fmt_municipalities": fmt_municipalities,
    "lower_first": lower_first,
    "upper_first": upper_first,
}


# -- sanitising free text for formats that cannot hold everything (issue #14) --------------

#: Control characters XML 1.0 (so xlsx) cannot hold: C0 except tab, newline, carriage return.
_XML_ILLEGAL = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
#: Characters of one answer shown in an extract or a review workbook; the full text stays in
#: data/processed. Excel's own cell limit is 32,767 characters.
DISPLAY_CHARS = 5_000


def strip_control(text: str) -> str:
    """`text` without the control characters xlsx/XML cannot store (a NUL, a vertical tab)."""
    return text.translate(_XML_ILLEGAL)


def display_text(text: str, limit: int = DISPLAY_CHARS) -> str:
    """An answer as shown to people: control characters removed, long ones cut with a note.

    Deterministic, so an imported review row can be compared with the pipeline's own copy
    passed through the same function.
    """
    clean = strip_control(text)
    if len(clean) <= limit:
        return clean
    return f"{clean[:limit]} … [forkortet: {fmt_int(len(clean))} tegn i alt]"
