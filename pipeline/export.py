"""The export stage: indicators -> an Excel workbook for KL's committees (issue #5, part 6).

`output/<Y>/statusmaaling_<Y>.xlsx` holds a front sheet ("Forside": source, definitions,
table of contents), one sheet per numbered figure of the report ("Figur 1", ...: the table by
group and year with n, and a native Excel bar chart that reads the sheet's own cells) and the
full indicator table ("Alle indikatorer", filterable).

Two steps, as elsewhere: `figure_tables` structures the indicator table into plain
`FigureTable`s (testable without Excel), `_write_*` only lay them out. Every text cell goes
through `pipeline.io.safe_cell`; numbers are written as numbers (shares unrounded, shown with
the `0%` format, so sums and re-calculations in the sheet are not distorted by rounding).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from pipeline import disclosure, io
from pipeline.errors import EmptyReport
from pipeline.figures import figure_numbers
from pipeline.figures import read_indicators as report_indicators
from pipeline.formatting import fmt_date, strip_control
from pipeline.indicators.compute import CSV_COLUMNS
from pipeline.project import Project
from pipeline.survey import load_survey

#: The columns of the indicators.csv contract, then what makes the sheet readable.
ALL_COLUMNS = [*CSV_COLUMNS, "title", "group_label", "suppressed"]

SHARE_FORMAT = "0%"
COUNT_FORMAT = "0"
CHANGE_FORMAT = "+0;-0;0"
#: Series colours, newest year first (KL-like blues, then grey for the oldest years).
PALETTE = ("1F4E79", "6A9BC3", "B4CDE2", "A6A6A6", "D9D9D9")

HEADER_ROW = 4  # block headers ("Andel", "n (besvarede)", ...)
YEAR_ROW = 5  # years under each block; also the series titles of the chart
FIRST_DATA_ROW = 6
LABEL_WIDTH_MAX = 55
FRONT_TEXT_WIDTH = 95

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
LINK_FONT = Font(color="0563C1", underline="single")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass
class GroupRow:
    """One row of a figure table: a group (an option, an area, a region) across the years."""

    group: str
    label: str
    share: dict[int, float | None] = field(default_factory=dict)
    numerator: dict[int, int | float | None] = field(default_factory=dict)
    denominator: dict[int, int | float | None] = field(default_factory=dict)
    rank: dict[int, int | float | None] = field(default_factory=dict)
    change_pp: int | float | None = None
    suppressed: bool = False


@dataclass
class FigureTable:
    """What one "Figur N" sheet shows."""

    number: int
    indicator_id: str
    title: str
    kind: str
    chart: str  # hbar | grouped_years | none
    note: str
    years: list[int]
    rows: list[GroupRow]

    @property
    def sheet_name(self) -> str:
        return f"Figur {self.number}"

    @property
    def latest(self) -> int:
        return self.years[-1]

    @property
    def has_change(self) -> bool:
        return len(self.years) > 1 and any(r.change_pp is not None for r in self.rows)

    @property
    def has_rank(self) -> bool:
        return any(v is not None for r in self.rows for v in r.rank.values())

    @property
    def chart_years(self) -> list[int]:
        """Years drawn in the chart: all for grouped_years, else the latest."""
        return self.years if self.chart == "grouped_years" else [self.latest]

    def caption(self) -> str:
        base = (
            "Pct. af de inviterede kommuner."
            if self.kind == "participation"
            else "Pct. af de kommuner, der har besvaret spørgsmålet."
        )
        parts = [base, f"n = {self._n_text()}."]
        if any(r.suppressed for r in self.rows):
            parts.append("Tomme felter: undertrykt, for få besvarelser.")
        if self.note:
            parts.append(self.note)
        return " ".join(parts)

    def _n_text(self) -> str:
        per_year = []
        for year in self.years:
            ns = sorted({_int(r.denominator.get(year)) for r in self.rows} - {None})
            if not ns:
                text = "–"
            elif ns[0] == ns[-1]:
                text = str(ns[0])
            else:
                text = f"{ns[0]}-{ns[-1]}"
            per_year.append(text if len(self.years) == 1 else f"{text} ({year})")
        return ", ".join(per_year)


# -- reading -------------------------------------------------------------------------------


def workbook_path(project: Project, year: int) -> Path:
    return project.output(year) / f"statusmaaling_{year}.xlsx"


def read_indicators(project: Project, year: int) -> pd.DataFrame:
    """The year's indicator table (the report's reader), rows for `year` and earlier only."""
    frame = report_indicators(project, year)
    return frame[frame["year"].astype(int) <= year].reset_index(drop=True)


def read_meta(project: Project, year: int) -> dict[str, Any]:
    """ingest_meta.json, or {} when it is not there (the front sheet then says less)."""
    path = project.processed(year) / "ingest_meta.json"
    if not path.is_file():
        return {}
    data = io.read_json(path)
    return data if isinstance(data, dict) else {}


# -- structuring ---------------------------------------------------------------------------


def figure_tables(
    indicators: pd.DataFrame,
    numbers: dict[str, int] | None = None,
    combined: dict[str, tuple[str, str]] | None = None,
) -> list[FigureTable]:
    """One table per numbered figure; without `numbers`, every `figure` in file order.

    Several indicators drawn in one figure (the same number: the areas of a matrix question,
    the diseases of prevention) make one table, titled as the figure (`combined`: indicator
    id -> (figure title, row label)) and with each group under its row ("Hjemmeplejen: I
    drift"), so "Figur 7" is one sheet, as it is one figure in the report.
    """
    if numbers is None:
        figures = indicators[indicators["figure"].map(_truthy)]
        numbers = {ind: n for n, ind in enumerate(dict.fromkeys(figures["indicator_id"]), 1)}
    by_number: dict[int, list[str]] = {}
    for ind, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        by_number.setdefault(n, []).append(ind)
    tables = []
    for n, ids in by_number.items():
        if len(ids) == 1:
            tables.append(
                _figure_table(n, ids[0], indicators[indicators["indicator_id"] == ids[0]])
            )
            continue
        parts = []
        for position, ind in enumerate(ids):
            rows = indicators[indicators["indicator_id"] == ind].copy()
            # row by row (area by area), each in its answer order
            order = pd.to_numeric(rows["group_order"], errors="coerce").fillna(999)
            rows["group_order"] = position * 1000 + order
            label = (combined or {}).get(ind, ("", ind))[1] or ind
            rows["group"] = ind + "|" + rows["group"].astype(str)
            rows["group_label"] = label + ": " + rows["group_label"].astype(str)
            parts.append(rows)
        table = _figure_table(n, ids[0].rpartition(".")[0] or ids[0], pd.concat(parts))
        title = (combined or {}).get(ids[0], ("", ""))[0]
        if title:
            table.title = title
        tables.append(table)
    return tables


def _figure_table(number: int, indicator_id: Any, rows: pd.DataFrame) -> FigureTable:
    years = sorted({int(y) for y in rows["year"]})
    latest = rows[rows["year"].astype(int) == years[-1]]
    first = latest.iloc[0]
    groups: dict[str, GroupRow] = {}
    order: dict[str, tuple[float, int]] = {}
    # newest year last, so the newest label wins
    for pos, rec in enumerate(rows.sort_values("year", kind="stable").to_dict("records")):
        year = int(rec["year"])
        key = str(rec["group"])
        label = _text(rec["group_label"]) or key
        row = groups.setdefault(key, GroupRow(group=key, label=label))
        row.label = label
        row.share[year] = _float(rec["share"])
        row.numerator[year] = _count(rec["numerator"])
        row.denominator[year] = _count(rec["denominator"])
        row.rank[year] = _count(rec["rank"])
        row.suppressed = row.suppressed or _truthy(rec["suppressed"])
        if year == years[-1]:
            row.change_pp = _count(rec["change_pp"])
        group_order = _float(rec["group_order"])
        sort_key = (group_order if group_order is not None else math.inf, pos)
        order[key] = min(order.get(key, sort_key), sort_key)
    ordered = sorted(groups.values(), key=lambda r: order[r.group])
    return FigureTable(
        number=number,
        indicator_id=str(indicator_id),
        title=_text(first["title"]) or str(indicator_id),
        kind=_text(first["kind"]) or "",
        chart=_text(first["chart"]) or "none",
        note=_text(first["note"]) or "",
        years=years,
        rows=ordered,
    )


# -- the workbook --------------------------------------------------------------------------


def export_workbook(project: Project, year: int) -> Path:
    """Write output/<Y>/statusmaaling_<Y>.xlsx from the year's indicators; return its path."""
    table = read_indicators(project, year)  # first: a missing stage output says what to run
    survey = load_survey(project)
    threshold = survey.indicators.settings.suppression_threshold
    indicators = disclosure.enforce_on_table(table, threshold)
    meta = read_meta(project, year)
    book = survey.codebooks.get(year)
    if book is not None:  # counted from the codebook, as in the report
        meta = {**meta, "n_questions": book.n_questions()}
    # numbered as in the report, so "Figur N" is the same figure in the PDF and the workbook
    numbers = figure_numbers(indicators, year, survey.report.section_ids)
    if not numbers:
        raise EmptyReport(
            f"the {year} workbook would hold no figure: no indicator has a value for {year}",
            file=workbook_path(project, year),
        )
    combined = {
        ind.id: (ind.figure_title or "", ind.item_label)
        for ind in survey.indicators
        if ind.figure_title
    }
    tables = figure_tables(indicators, numbers, combined)
    wb = build_workbook(indicators, tables, meta, year)
    return io.write_atomic(workbook_path(project, year), wb.save)


def build_workbook(
    indicators: pd.DataFrame, tables: list[FigureTable], meta: dict[str, Any], year: int
) -> Workbook:
    title = f"Statusmåling på velfærdsteknologi {year}"
    wb = Workbook()
    front = wb.active
    assert front is not None
    front.title = "Forside"
    for table in tables:
        _write_figure(wb.create_sheet(table.sheet_name), table)
    _write_all(wb.create_sheet("Alle indikatorer"), indicators)
    _write_front(front, title, tables, meta, year)
    wb.active = 0
    props = wb.properties
    props.title = title
    props.subject = "Tabeller og figurer fra KL's statusmåling på velfærdsteknologi"
    props.creator = "KL"
    props.lastModifiedBy = "KL"
    props.language = "da-DK"
    props.keywords = "velfærdsteknologi; statusmåling; kommuner"
    return wb


def _fit_to_page(ws: Worksheet, *, landscape: bool, pages_tall: int = 1) -> None:
    """Print one page wide (and `pages_tall` high; 0 = as many as needed)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall


def _fit_height(ws: Worksheet, row: int, text: str, width: float) -> None:
    """Give a wrapped row room for its lines (spreadsheet programs do not measure on open)."""
    lines = max(1, math.ceil(len(text) / max(width - 2, 1)))
    current = ws.row_dimensions[row].height or 15
    ws.row_dimensions[row].height = max(current, 15 * lines)


def _put(ws: Worksheet, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    """The one way a value reaches a cell: text guarded, numbers as numbers, NA as empty."""
    value = _plain(value)
    if isinstance(value, str):
        value = strip_control(value)  # xlsx cannot hold a NUL or a vertical tab
    cell = ws.cell(row=row, column=col, value=io.safe_cell(value))
    if number_format and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        cell.number_format = number_format
    return cell


def _write_front(
    ws: Worksheet, title: str, tables: list[FigureTable], meta: dict[str, Any], year: int
) -> None:
    _put(ws, 1, 1, title).font = TITLE_FONT
    _put(ws, 2, 1, "Tabeller og figurer til KL's udvalg").font = Font(italic=True)
    lines = [
        ("Kilde", _source_text(meta, year)),
        ("Indsamling", _period_text(meta)),
        (
            "Andele",
            "Andele er opgjort i pct. af de kommuner, der har besvaret spørgsmålet. Kommuner, "
            "der ikke har besvaret et spørgsmål, indgår ikke i andelen for det spørgsmål.",
        ),
        (
            "n",
            "n er antallet af kommuner, der har besvaret spørgsmålet, dvs. det antal, andelen "
            "er beregnet af. Antal er antallet af kommuner med det pågældende svar. n står i "
            "figurteksten og i tabellen for hvert år; det kan variere mellem rækkerne, når "
            "spørgsmålet er stillet for flere områder.",
        ),
        (
            "Afrunding",
            "Andele vises i hele procent, afrundet efter almindelige regler (0,5 rundes op). "
            "Cellerne indeholder den uafrundede andel. Derfor summer de viste procenter ikke "
            "altid til 100.",
        ),
        (
            "Ændring",
            "Ændringer er angivet i procentpoint i forhold til den foregående måling.",
        ),
        (
            "Undertrykte tal",
            "For at beskytte de enkelte kommuners besvarelser vises tal for en region ikke, når "
            "for få kommuner i regionen har besvaret spørgsmålet. Sådanne celler er tomme.",
        ),
    ]
    row = 4
    for label, text in lines:
        if not text:
            continue
        _put(ws, row, 1, label).font = BOLD
        _put(ws, row, 2, text).alignment = WRAP_TOP
        ws.cell(row=row, column=1).alignment = WRAP_TOP
        _fit_height(ws, row, text, FRONT_TEXT_WIDTH)
        row += 1
    row += 1
    _put(ws, row, 1, "Indhold").font = Font(bold=True, size=12)
    row += 1
    links = [(t.sheet_name, t.title) for t in tables]
    links.append(("Alle indikatorer", "Alle indikatorer for alle år og grupper (kan filtreres)"))
    for sheet, text in links:
        cell = _put(ws, row, 1, sheet)
        cell.hyperlink = Hyperlink(
            ref=cell.coordinate, location=f"'{sheet}'!A1", display=str(cell.value)
        )
        cell.font = LINK_FONT
        _put(ws, row, 2, text).alignment = WRAP_TOP
        row += 1
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = FRONT_TEXT_WIDTH
    _fit_to_page(ws, landscape=False, pages_tall=0)


def _source_text(meta: dict[str, Any], year: int) -> str:
    text = f"KL's statusmåling på velfærdsteknologi {year}."
    accepted, invited = _int(meta.get("accepted")), _int(meta.get("invited"))
    if accepted is not None and invited is not None:
        text += f" {accepted} af {invited} inviterede kommuner har besvaret undersøgelsen."
    elif accepted is not None:
        text += f" {accepted} kommuner har besvaret undersøgelsen."
    n_questions = _int(meta.get("n_questions"))
    if n_questions is not None:
        text += f" Spørgeskemaet havde {n_questions} spørgsmål."
    return text


def _period_text(meta: dict[str, Any]) -> str:
    start, end = _date_da(meta.get("collection_start")), _date_da(meta.get("collection_end"))
    if start and end:
        return f"Data er indsamlet fra {start} til {end}."
    if start or end:
        return f"Data er indsamlet {start or end}."
    return ""


def _date_da(value: Any) -> str:
    if not value:
        return ""
    try:
        return fmt_date(value)
    except (TypeError, ValueError):
        return str(value)


def _write_figure(ws: Worksheet, table: FigureTable) -> None:
    _put(ws, 1, 1, table.title).font = TITLE_FONT
    _put(ws, 2, 1, table.caption())
    years = table.years
    blocks: list[tuple[str, str, str]] = [
        ("Andel", "share", SHARE_FORMAT),
        ("Antal kommuner", "numerator", COUNT_FORMAT),
        ("n (besvarede)", "denominator", COUNT_FORMAT),
    ]
    if table.has_rank:
        blocks.append(("Placering", "rank", COUNT_FORMAT))

    _put(ws, HEADER_ROW, 1, "Svar / gruppe")
    ws.merge_cells(start_row=HEADER_ROW, start_column=1, end_row=YEAR_ROW, end_column=1)
    col = 2
    share_cols: dict[int, int] = {}
    widths: dict[int, float] = {}
    for header, attr, fmt in blocks:
        _put(ws, HEADER_ROW, col, header)
        for c in range(col, col + len(years)):  # the header wraps over the block's columns
            widths[c] = max(9, min(14, len(header) / len(years) + 2))
        if len(years) > 1:
            ws.merge_cells(
                start_row=HEADER_ROW,
                start_column=col,
                end_row=HEADER_ROW,
                end_column=col + len(years) - 1,
            )
        for year in years:
            _put(ws, YEAR_ROW, col, str(year))
            if attr == "share":
                share_cols[year] = col
            for i, grow in enumerate(table.rows):
                _put(ws, FIRST_DATA_ROW + i, col, getattr(grow, attr).get(year), fmt)
            col += 1
    if table.has_change:
        previous = years[-2]
        _put(ws, HEADER_ROW, col, "Ændring (pct.-point)")
        _put(ws, YEAR_ROW, col, f"{previous}-{table.latest}")
        widths[col] = 12
        for i, grow in enumerate(table.rows):
            _put(ws, FIRST_DATA_ROW + i, col, grow.change_pp, CHANGE_FORMAT)
        col += 1
    last_col = col - 1

    for c in range(1, last_col + 1):
        for r in (HEADER_ROW, YEAR_ROW):
            cell = ws.cell(row=r, column=c)
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = CENTER
    longest = 0
    for i, grow in enumerate(table.rows):
        cell = _put(ws, FIRST_DATA_ROW + i, 1, grow.label)
        cell.alignment = WRAP_TOP
        longest = max(longest, len(str(cell.value)))
    label_width = min(max(longest, 14) + 2, LABEL_WIDTH_MAX)
    ws.column_dimensions["A"].width = label_width
    for i, grow in enumerate(table.rows):
        _fit_height(ws, FIRST_DATA_ROW + i, grow.label, label_width)
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2).coordinate
    _fit_to_page(ws, landscape=True)

    if table.chart != "none" and table.rows:
        chart = _bar_chart(ws, table, share_cols)
        ws.add_chart(chart, f"{get_column_letter(last_col + 2)}{HEADER_ROW}")


def _bar_chart(ws: Worksheet, table: FigureTable, share_cols: dict[int, int]) -> BarChart:
    """Horizontal bars, one series per charted year, reading the sheet's share cells."""
    last_row = FIRST_DATA_ROW + len(table.rows) - 1
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = table.title
    chart.style = 10
    years = table.chart_years
    for n, year in enumerate(years):
        ref = Reference(ws, min_col=share_cols[year], min_row=YEAR_ROW, max_row=last_row)
        chart.add_data(ref, titles_from_data=True)
        colour = PALETTE[min(len(years) - 1 - n, len(PALETTE) - 1)]
        series = chart.series[-1]
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    labels_ref = Reference(ws, min_col=1, min_row=FIRST_DATA_ROW, max_row=last_row)
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
    if len(years) == 1:
        chart.legend = None
    else:
        chart.legend.position = "b"
    chart.gapWidth = 60 if len(years) == 1 else 80
    bars = len(table.rows) * len(years)
    chart.width = 18
    chart.height = max(7.5, 3.5 + 0.55 * bars)
    return chart


def _write_all(ws: Worksheet, indicators: pd.DataFrame) -> None:
    columns = [c for c in ALL_COLUMNS if c in indicators.columns]
    formats = {
        "year": "0",
        "numerator": COUNT_FORMAT,
        "denominator": COUNT_FORMAT,
        "share": "0.0%",
        "share_pct": COUNT_FORMAT,
        "change_pp": CHANGE_FORMAT,
    }
    for c, name in enumerate(columns, start=1):
        cell = _put(ws, 1, c, name)
        cell.font = BOLD
        cell.fill = HEADER_FILL
    widths = {c: len(name) for c, name in enumerate(columns, start=1)}
    records = indicators[columns].to_dict("records")
    for r, rec in enumerate(records, start=2):
        for c, name in enumerate(columns, start=1):
            value = rec[name]
            if name in ("numerator", "denominator", "share_pct", "change_pp", "year"):
                value = _count(value)
            elif name == "share":
                value = _float(value)
            elif name == "suppressed":
                value = _truthy(value)
            cell = _put(ws, r, c, value, formats.get(name))
            if isinstance(cell.value, str):
                widths[c] = max(widths[c], len(cell.value))
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(max(width, 8) + 2, 60)
    last = f"{get_column_letter(len(columns))}{len(records) + 1}"
    ws.auto_filter.ref = f"A1:{last}"
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _fit_to_page(ws, landscape=True, pages_tall=0)


# -- values --------------------------------------------------------------------------------


def _isna(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    """numpy/pandas scalars -> Python; NA -> None."""
    if _isna(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    return value


def _float(value: Any) -> float | None:
    return None if _isna(value) else float(value)


def _count(value: Any) -> int | float | None:
    """A count stays an integer (parquet may hand it over as float because of NA)."""
    number = _float(value)
    if number is None:
        return None
    return int(number) if number.is_integer() else number


def _int(value: Any) -> int | None:
    number = _count(value)
    return int(number) if number is not None else None


def _text(value: Any) -> str | None:
    return None if _isna(value) else str(value)


def _truthy(value: Any) -> bool:
    return False if _isna(value) else bool(value)
