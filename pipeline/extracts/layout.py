"""The extract's figure tables as fixed-width text lines.

A table laid out by WeasyPrint costs several boxes per cell; the 98 extracts have ~5,000 rows
between them, and table layout was 3/4 of the render time (measured: 3.8 s against 0.9 s for
the same 30 extracts). A preformatted block in a monospaced font is one text run per line, so
the columns are aligned here, in Python, and the template only prints the lines.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from pipeline.formatting import fmt_pct

LABEL = 60  # characters of the answer column
MARKS = 16  # "2017 2018 2019" and a gap
NUMBER = 13  # the region's and the country's share, right-aligned
WIDTH = LABEL + MARKS + 2 * NUMBER


@dataclass(frozen=True)
class Line:
    text: str
    kind: str  # head | title | row | note | gap


def _share(value: int | None) -> str:
    return fmt_pct(value) if value is not None else "–"


def section_blocks(
    section: dict[str, Any], *, answered: bool, years: list[int]
) -> list[list[Line]]:
    """One section's table as blocks of lines: the header, then one block per indicator (a
    title and its rows), so that a page break never separates an indicator from its title."""
    marks_head = " ".join(str(y) for y in years)
    if answered:
        head = (
            f"{'Svar':<{LABEL}}{marks_head:<{MARKS}}{'Regionen':>{NUMBER}}{'Hele landet':>{NUMBER}}"
        )
    else:
        head = f"{'Svar':<{LABEL + MARKS + NUMBER}}{'Hele landet':>{NUMBER}}"
    blocks = [[Line(head, "head")]]
    for ind in section["indicators"]:
        n = f"n={ind['n_national']}"
        if answered and ind.get("n_region"):
            n += f", i regionen n={ind['n_region']}"
        lines: list[Line] = []
        blocks.append(lines)
        for part in textwrap.wrap(f"{ind['title']} ({n})", WIDTH):
            lines.append(Line(part, "title"))
        for row in ind["rows"]:
            if row.get("note"):
                lines += [Line(p, "note") for p in textwrap.wrap(row["label"], WIDTH)]
                continue
            label = textwrap.wrap(row["label"], LABEL - 2) or [""]
            lines += [Line(part, "row") for part in label[:-1]]
            if answered:
                text = (
                    f"{label[-1]:<{LABEL}}{row['marks']:<{MARKS}}"
                    f"{_share(row['region_pct']):>{NUMBER}}{_share(row['national_pct']):>{NUMBER}}"
                )
            else:
                text = (
                    f"{label[-1]:<{LABEL + MARKS + NUMBER}}{_share(row['national_pct']):>{NUMBER}}"
                )
            lines.append(Line(text, "row"))
    return blocks
