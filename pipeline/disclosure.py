"""The one disclosure rule for every published figure, national and regional (issue #14).

Who reads the figures: any of the 98 municipalities, and each knows its own answer. So a share
tells a reader among the municipalities behind it about the *other* ones. The promise (the
extracts print it, `indicators.csv`, the report and the workbook keep it too):

    a published figure rests on at least `threshold` municipalities besides any one
    reader's own, i.e. its denominator n satisfies n >= threshold + 1 (`publishable`).

This holds for a national figure as much as for a regional one: "the whole country" is no
protection when only three municipalities answered a question (3 of 3 "I høj grad" tells
each of the three what the two others answered). A national cell that is not publishable
is hidden wherever it would be printed ("for få kommuner"); one resting on no municipality
at all tells nothing and is left as it is (n = 0, no share), so a figure without data can be
told apart from a hidden one. The categories of one question share its n, so they are
hidden together and none can be had from the others.

When the national figure is published, the regions of one breakdown are a partition of a
known total: national minus the visible regions gives the hidden regions' *combined* figure
exactly (numerator and denominator). Only that sum is derivable (one linear equation), never a
single hidden region when two or more are hidden. Hence complementary suppression
(`hidden_cells`): the hidden cells of a breakdown together must rest on at least
threshold + 1 municipalities as well (or on none at all: then nothing is learnt), else the
smallest visible cell is hidden too, and again, until they do. A lone hidden cell never
satisfies this on its own, so the old "exactly one hidden region" rule is the special case.
When the national figure is hidden, every region is (each rests on fewer still).

Differences between years are blocked separately: no `change_pp` from or to a hidden cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

import pandas as pd

K = TypeVar("K", bound=Hashable)


def min_denominator(threshold: int) -> int:
    """The least n a published figure may rest on: the threshold plus the reader."""
    return threshold + 1


def publishable(n: int | None, threshold: int) -> bool:
    """Primary rule: n municipalities leave at least `threshold` besides the reader's own."""
    return n is not None and n >= min_denominator(threshold)


def hidden_cells(
    sizes: Mapping[K, int | None], threshold: int, *, hidden: Iterable[K] = ()
) -> set[K]:
    """The cells of one breakdown (a partition of a published total) that must be hidden.

    `sizes` maps each cell to the number of municipalities its figure rests on (None: not
    known, which can only hide more: such a cell is hidden, counts as 0, and the hidden cells
    must then reach threshold + 1 on their known sizes); `hidden` are cells already hidden
    for another reason. Primary: every cell that is not `publishable`. Complementary: while
    the hidden cells together rest on 1..threshold municipalities, the smallest visible cell
    (ties: the first in `sizes`' order) is hidden too.
    """
    n = {k: int(v or 0) for k, v in sizes.items()}
    unknown = {k for k, v in sizes.items() if v is None}
    hide = {k for k in n if not publishable(sizes[k], threshold)} | set(hidden) | unknown

    def exposed() -> bool:
        total = sum(n[k] for k in hide)
        return total < min_denominator(threshold) and (total > 0 or bool(hide & unknown))

    order = {k: i for i, k in enumerate(n)}
    while exposed():
        rest = [k for k in n if k not in hide]
        if not rest:
            break
        hide.add(min(rest, key=lambda k: (n[k], order[k])))
    return hide


#: The figures of an indicator table row that a suppressed cell leaves empty.
FIGURE_COLUMNS = ("numerator", "denominator", "share", "share_pct", "change_pp")


def enforce_on_table(frame: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Re-check an indicator table before it is published again (the workbook).

    The indicators stage applies `hidden_cells`; this guards against a table written before
    that (a stale `indicators.parquet`): when a visible regional row is not `publishable`,
    the hidden regions' sizes are no longer known, so its whole breakdown of that year is
    blanked rather than guessed at. A visible national row resting on 1..threshold
    municipalities (a table from before national cells were checked) is blanked too; its
    categories share its n, so they all are.
    """
    if frame.empty or "breakdown" not in frame:
        return frame
    visible = ~frame["suppressed"].fillna(False).astype(bool)
    is_region = frame["breakdown"] == "region"
    den = pd.to_numeric(frame["denominator"], errors="coerce")
    unfit = ~den.map(lambda n: publishable(None if pd.isna(n) else int(n), threshold))
    bad = visible & is_region & unfit
    national = visible & ~is_region & unfit & (den > 0)
    if not bad.any() and not national.any():
        return frame
    keys = set(zip(frame.loc[bad, "indicator_id"], frame.loc[bad, "year"], strict=True))
    blank = [(i, y) in keys for i, y in zip(frame["indicator_id"], frame["year"], strict=True)]
    out = frame.copy()
    mask = (pd.Series(blank, index=frame.index) & is_region) | national
    for col in FIGURE_COLUMNS:
        if col in out:
            out[col] = out[col].astype(object).where(~mask, None)
    out.loc[mask, "suppressed"] = True
    return out
