"""The one way a value reaches a workbook cell, and the workbook's house style.

Text is formula-guarded (`pipeline.io.safe_cell`) and stripped of control characters xlsx
cannot hold; numbers stay numbers; NA becomes an empty cell. Shares are written unrounded
with the Excel percent format `0%` everywhere (sums and re-calculations are not distorted by
rounding; Excel shows whole percent), counts as whole numbers.
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import io
from pipeline.export.model import is_missing
from pipeline.formatting import strip_control

SHARE_FORMAT = "0%"
COUNT_FORMAT = "0"
CHANGE_FORMAT = "+0;-0;0"
RANK_FORMAT = '0"."'
#: A cell the disclosure rule hides (explained on "Forside").
HIDDEN_MARK = ".."

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
TABLE_TITLE_FONT = Font(bold=True, size=12)
NOTE_FONT = Font(italic=True, size=9)
LINK_FONT = Font(color="0563C1", underline="single")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right")
ITALIC = Font(italic=True)
RULE_ABOVE = Border(top=Side(style="thin", color="1F4E79"))


def put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    """Write one value: text guarded, numbers as numbers (with `number_format`), NA empty."""
    value = _plain(value)
    if isinstance(value, str):
        value = strip_control(value)  # xlsx cannot hold a NUL or a vertical tab
    cell = ws.cell(row=row, column=col, value=io.safe_cell(value))
    if number_format and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        cell.number_format = number_format
    return cell


def put_hidden(ws: Worksheet, row: int, col: int) -> Any:
    """Mark a suppressed cell: the mark, never a number."""
    cell = put(ws, row, col, HIDDEN_MARK)
    cell.alignment = RIGHT
    return cell


def fit_height(ws: Worksheet, row: int, text: str, width: float) -> None:
    """Give a wrapped row room for its lines (spreadsheet programs do not measure on open)."""
    lines = sum(max(1, math.ceil(len(part) / max(width - 2, 1))) for part in text.split("\n"))
    current = ws.row_dimensions[row].height or 15
    ws.row_dimensions[row].height = max(current, 15 * lines)


def fit_to_page(
    ws: Worksheet, *, landscape: bool, pages_tall: int = 0, title_rows: str | None = None
) -> None:
    """A4, one page wide (and `pages_tall` high; 0 = as many as needed), header rows repeated."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    ws.print_options.horizontalCentered = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    if title_rows:
        ws.print_title_rows = title_rows


def _plain(value: Any) -> Any:
    """numpy/pandas scalars -> Python; NA -> None."""
    if is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value
