"""Whether a question was asked in the same words in two years.

A change since an earlier year means something only if the question was the same. The
codebooks hold each year's wording, so it is compared here rather than noted by hand: the
question text (folded the way `new-year` matches questions: case, whitespace and the years
written in it do not count, "i 2019" and "i 2020" are the same words), the answer labels, and
for one row of a matrix that row's label (a row added beside it changes nothing for it).
A question `new-year` marked `new:` in the later year is never comparable with an earlier one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipeline.survey.codebook import Codebook, Question

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" ?.:!")


def _signature(question: Question, item: str | None) -> tuple:
    rows = {r.item: _fold(r.label) for r in question.rows}
    return (
        _YEAR.sub("<år>", _fold(question.text)),
        tuple((o.code, _fold(o.label)) for o in question.options),
        rows.get(item) if item else None,
    )


def reworded_years(
    codebooks: Mapping[int, Codebook], question_id: str, item: str | None, year: int
) -> frozenset[int]:
    """The earlier years whose codebook asks `question_id` (row `item`) in other words than
    `year`'s; empty when `year` has no such question."""
    book = codebooks.get(year)
    current = book.by_id.get(question_id) if book is not None else None
    if current is None:
        return frozenset()
    mine = _signature(current, item)
    out = set()
    for earlier, other_book in codebooks.items():
        other = other_book.by_id.get(question_id) if earlier < year else None
        if other is not None and item and item not in {r.item for r in other.rows}:
            continue  # the row was not asked that year: nothing to compare
        if other is not None and (current.new or _signature(other, item) != mine):
            out.add(earlier)
    return frozenset(out)
