"""Laying out the workbook's tables (`pipeline.export.model`) on sheets; no counting here.

Each table: title, a line with what the shares are of and n per year, two header rows (block
and year), one row per group, then its source and notes under it. A sheet with one table
freezes its header rows and repeats them on every printed page; every sheet prints
landscape on A4, one page wide. Figure sheets carry a native Excel bar chart that reads the
sheet's own share cells, so a committee member can restyle it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.export.cells import (
    BOLD,
    CENTER,
    CHANGE_FORMAT,
    COUNT_FORMAT,
    HEADER_FILL,
    ITALIC,
    NOTE_FONT,
    RANK_FORMAT,
    RULE_ABOVE,
    SHARE_FORMAT,
    TABLE_TITLE_FONT,
    TITLE_FONT,
    WRAP_TOP,
    fit_height,
    fit_to_page,
    put,
    put_hidden,
)
from pipeline.export.model import Sheet, Table

#: Series colours, newest year first (KL-like blues, then grey for the oldest years).
PALETTE = ("1F4E79", "6A9BC3", "B4CDE2", "A6A6A6", "D9D9D9", "7F7F7F", "BDD7EE")
LABEL_WIDTH_MAX = 55
NOTE_WIDTH = 100  # characters a merged note row is wrapped at (about the printed width)


@dataclass
class Placed:
    """Where a table landed: for the chart and the sheet's freeze and print settings."""

    header_row: int
    first_row: int
    last_data_row: int
    last_row: int
    last_col: int
    share_cols: list[int]


def label_heading(table: Table) -> str:
    """The heading over the row labels, in the table's own terms."""
    if table.label_heading:
        return table.label_heading
    if table.breakdown == "region":
        return "Region"
    if table.kind in ("category_share", "top_n"):
        return "Kategori"
    if table.breakdown == "items":
        return "Område"
    if table.kind == "participation":
        return ""
    return "Svar"


def caption(table: Table) -> str:
    """What the shares are of, and n per column."""
    base = (
        "Pct. af de inviterede kommuner."
        if table.kind == "participation"
        else "Pct. af de kommuner, der har besvaret spørgsmålet."
    )
    n_label = "Inviterede kommuner" if table.kind == "participation" else "n"
    return f"{base} {n_label}: {table.n_text()}."


def source_line(table: Table) -> str:
    """The table's source: the survey and the years it shows."""
    years = sorted({c.year for c in table.columns})
    span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    return f"Kilde: KL's statusmåling på velfærdsteknologi {span}."


def notes(table: Table, zero_note: str) -> list[str]:
    """The lines under a table: its note, the left-out categories, hidden cells, the source."""
    lines = []
    if table.note:
        lines.append(f"Note: {table.note}")
    if table.left_out_zero:
        lines.append(zero_note)
    if table.has_hidden:
        lines.append(
            "..: skjult for at beskytte de enkelte kommuners besvarelser (for få kommuner, "
            "se Forside)."
        )
    if table.has_combined:
        lines.append(
            "Rækkerne i kursiv under stregen er summer af svarene ovenfor; de skal ikke lægges "
            "sammen med dem."
        )
    if table.ranked:
        lines.append(
            "Rangordnet efter antal kommuner, der nævner kategorien. Ændringen er i "
            "procentpoint i forhold til kategoriens andel året før."
        )
    lines.append(source_line(table))
    return lines


def write_sheet(ws: Worksheet, sheet: Sheet, zero_note: str) -> None:
    """All of a sheet's tables, one under the other; frozen headers when there is one."""
    single = len(sheet.tables) == 1
    row = 1
    placed: list[Placed] = []
    label_width = 14.0
    for table in sheet.tables:
        label_width = max(label_width, _label_width(table))
    ws.column_dimensions["A"].width = label_width
    for table in sheet.tables:
        title_font = TITLE_FONT if single else TABLE_TITLE_FONT
        where = write_table(ws, table, row, zero_note, title_font, label_width)
        placed.append(where)
        row = where.last_row + 3
    if single and placed:
        where = placed[0]
        first_data_col = 3 if sheet.tables[0].ranked else 2
        ws.freeze_panes = ws.cell(row=where.first_row, column=first_data_col).coordinate
        fit_to_page(ws, landscape=True, title_rows=f"{where.header_row}:{where.first_row - 1}")
    else:
        ws.freeze_panes = "B1"
        fit_to_page(ws, landscape=True)
    if sheet.kind == "figure" and placed and sheet.tables[0].chart != "none":
        table, where = sheet.tables[0], placed[0]
        if table.rows:
            chart = bar_chart(ws, table, where)
            ws.add_chart(chart, f"{get_column_letter(where.last_col + 2)}{where.header_row}")


def write_table(
    ws: Worksheet,
    table: Table,
    top: int,
    zero_note: str,
    title_font=TABLE_TITLE_FONT,
    label_width: float = 30,
) -> Placed:
    """Write `table` from row `top`; return where its parts are."""
    put(ws, top, 1, table.title).font = title_font
    put(ws, top + 1, 1, caption(table))
    header, sub, first = top + 3, top + 4, top + 5
    if table.ranked:
        last_col, share_cols = _ranked_body(ws, table, header, sub, first)
    else:
        last_col, share_cols = _body(ws, table, header, sub, first, label_width)
    last = first + len(table.rows) - 1
    for c in range(1, last_col + 1):
        for r in (header, sub):
            cell = ws.cell(row=r, column=c)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = CENTER
    ws.row_dimensions[header].height = 30
    row = last + 2
    width = max(label_width + 11 * (last_col - 1), 40)
    for line in notes(table, zero_note):
        cell = put(ws, row, 1, line)
        cell.font = NOTE_FONT
        cell.alignment = WRAP_TOP
        if last_col > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
        fit_height(ws, row, line, width)
        row += 1
    return Placed(header, first, last, max(last, row - 1), last_col, share_cols)


def _blocks(table: Table) -> list[tuple[str, str, str]]:
    if table.kind == "participation":
        return [
            ("Andel", "share", SHARE_FORMAT),
            ("Deltagende kommuner", "numerator", COUNT_FORMAT),
            ("Inviterede kommuner", "denominator", COUNT_FORMAT),
        ]
    return [
        ("Andel", "share", SHARE_FORMAT),
        ("Antal kommuner", "numerator", COUNT_FORMAT),
        ("n (besvarede)", "denominator", COUNT_FORMAT),
    ]


def _body(
    ws: Worksheet, table: Table, header: int, sub: int, first: int, label_width: float
) -> tuple[int, list[int]]:
    put(ws, header, 1, label_heading(table))
    ws.merge_cells(start_row=header, start_column=1, end_row=sub, end_column=1)
    col = 2
    share_cols: list[int] = []
    for heading, attr, fmt in _blocks(table):
        put(ws, header, col, heading)
        if len(table.columns) > 1:
            ws.merge_cells(
                start_row=header,
                start_column=col,
                end_row=header,
                end_column=col + len(table.columns) - 1,
            )
        for column in table.columns:
            put(ws, sub, col, column.heading)
            if attr == "share":
                share_cols.append(col)
            for i, row in enumerate(table.rows):
                if column.heading in row.hidden:
                    put_hidden(ws, first + i, col)
                else:
                    put(ws, first + i, col, getattr(row, attr).get(column.heading), fmt)
            _width(ws, col, max(9.0, min(14.0, len(heading) / len(table.columns) + 2)))
            col += 1
    if table.has_change:
        put(ws, header, col, "Ændring (procentpoint)")
        put(ws, sub, col, f"{table.columns[-2].heading}-{table.columns[-1].heading}")
        _width(ws, col, 12)
        for i, row in enumerate(table.rows):
            if row.hidden & {c.heading for c in table.columns[-2:]}:
                put_hidden(ws, first + i, col)
            else:
                put(ws, first + i, col, row.change_pp, CHANGE_FORMAT)
        col += 1
    first_combined = True
    for i, row in enumerate(table.rows):
        cell = put(ws, first + i, 1, row.label)
        cell.alignment = WRAP_TOP
        fit_height(ws, first + i, row.label, label_width)
        if row.combined:  # a sum of the answers above: set apart, so no one adds it to them
            for c in range(1, col):
                ws.cell(row=first + i, column=c).font = ITALIC
                if first_combined:
                    ws.cell(row=first + i, column=c).border = RULE_ABOVE
            first_combined = False
    return col - 1, share_cols


def _ranked_body(
    ws: Worksheet, table: Table, header: int, sub: int, first: int
) -> tuple[int, list[int]]:
    """A top-n list: place, category, share, count, n, previous place, change."""
    year = table.latest.heading
    previous = str(table.previous_year) if table.previous_year else ""
    heads: list[tuple[str, str, str]] = [
        ("Nr.", "", RANK_FORMAT),
        ("Kategori", "", ""),
        ("Andel", year, SHARE_FORMAT),
        ("Antal kommuner", year, COUNT_FORMAT),
        ("n (besvarede)", year, COUNT_FORMAT),
    ]
    if previous:
        heads.append((f"Nr. i {previous}", previous, RANK_FORMAT))
        heads.append(("Ændring (procentpoint)", f"{previous}-{year}", CHANGE_FORMAT))
    for c, (head, below, _) in enumerate(heads, start=1):
        put(ws, header, c, head)
        put(ws, sub, c, below)
    for i, row in enumerate(table.rows):
        r = first + i
        values = [
            row.rank,
            row.label,
            row.share.get(year),
            row.numerator.get(year),
            row.denominator.get(year),
        ]
        if previous:
            values += [row.previous_rank, row.change_pp]
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value, heads[c - 1][2] or None)
        if previous and row.previous_rank is None:
            put(ws, r, 6, "–").alignment = CENTER
        ws.cell(row=r, column=2).alignment = WRAP_TOP
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = min(max(len(r.label) for r in table.rows) + 2, 45)
    for c in range(3, len(heads) + 1):
        _width(ws, c, 13)
    return len(heads), [3]


def bar_chart(ws: Worksheet, table: Table, where: Placed) -> BarChart:
    """Horizontal bars, one series per column (year or item), reading the share cells.

    Sums of other answers at the end of the table are left out of the chart: drawn as bars
    like the answers they add up, readers would add past 100 pct."""
    plain = [r.combined for r in table.rows].index(True) if table.has_combined else None
    if plain and all(r.combined for r in table.rows[plain:]):
        where = replace(where, last_data_row=where.first_row + plain - 1)
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = table.title
    chart.style = 10
    count = len(where.share_cols)
    years = sorted({c.year for c in table.columns})
    # the areas of a matrix question in several years: one colour per year, as in the PDF
    by_year = len(years) > 1 and len(years) < count and len(table.columns) == count
    for n, col in enumerate(where.share_cols):
        ref = Reference(ws, min_col=col, min_row=where.first_row - 1, max_row=where.last_data_row)
        chart.add_data(ref, titles_from_data=True)
        age = len(years) - 1 - years.index(table.columns[n].year) if by_year else count - 1 - n
        colour = PALETTE[min(age, len(PALETTE) - 1)]
        series = chart.series[-1]
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    labels_ref = Reference(ws, min_col=1, min_row=where.first_row, max_row=where.last_data_row)
    for series in chart.series:  # text categories: a string reference, not openpyxl's numRef
        series.cat = AxDataSource(strRef=StrRef(f=str(labels_ref)))
    # categories top to bottom in table order; the value axis at the bottom
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.majorUnit = 0.2
    chart.y_axis.number_format = SHARE_FORMAT
    chart.y_axis.title = "Pct. af kommunerne"
    labels = DataLabelList()
    labels.showVal = True
    labels.showSerName = False
    labels.showCatName = False
    labels.showLegendKey = False
    labels.showPercent = False
    labels.numFmt = SHARE_FORMAT
    chart.dataLabels = labels
    if count == 1:
        chart.legend = None
    else:
        chart.legend.position = "b"
    chart.gapWidth = 60 if count == 1 else 80
    chart.width = 18
    rows = where.last_data_row - where.first_row + 1
    chart.height = max(7.5, 3.5 + 0.55 * rows * count)
    return chart


def _label_width(table: Table) -> float:
    if table.ranked:
        return 7
    longest = max([len(r.label) for r in table.rows] + [len(label_heading(table)), 12])
    return min(longest + 2, LABEL_WIDTH_MAX)


def _width(ws: Worksheet, col: int, width: float) -> None:
    letter = get_column_letter(col)
    current = ws.column_dimensions[letter].width or 0
    ws.column_dimensions[letter].width = max(current, width)
