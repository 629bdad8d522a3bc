"""What the committees' workbook shows, as plain tables (no Excel here, so it is testable).

The workbook follows the PDF: its order comes from the report definition's sections
(`survey/report.yaml` through the survey model) and the one numbering rule of the report,
`pipeline.figures.figure_numbers`; rows are sorted and left out by the report's own rules
(`pipeline.report.model.sorts_by_size`, `SORTED_KINDS`). Nothing here lists indicators,
questions or categories: an indicator added to `survey/indicators.yaml` (a figure, a `top_n`
list) turns up in its section's place with no change to this code.

Per section, in the PDF's reading order: its top-n lists, its numbered figures ("Figur N"),
its regional breakdowns, which the PDF draws as maps ("Kort N", numbered on their own as the
PDF numbers its maps: those with a region to show in the report year), then one sheet with
the section's other tables (e.g. supplier involvement, participation overall and per
region), which the PDF cites in its text. A cell the disclosure rule hides (`suppressed`) is never
given a number here: its column is in `Row.hidden` and its values are None.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline.figures import figure_numbers

#: The label of an indicator's only group when it has none (one figure for the country).
TOTAL_LABEL = "Hele landet"


@dataclass(frozen=True)
class Column:
    """One value column of a table: a survey year, one item (several items side by side), or
    one item in one year (the areas of a matrix question over the years, as the PDF draws
    them)."""

    heading: str
    year: int
    item: str = ""


@dataclass
class Row:
    """One row of a table: a group (an option, a category, a region) across the columns."""

    group: str
    label: str
    share: dict[str, float | None] = field(default_factory=dict)
    numerator: dict[str, int | float | None] = field(default_factory=dict)
    denominator: dict[str, int | float | None] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)  # column headings suppressed by disclosure
    change_pp: int | float | None = None  # latest column against the one before it
    combined: bool = False  # a sum of other answers (`groups:` in indicators.yaml)
    rank: int | None = None  # top-n: place in the report year
    previous_rank: int | None = None  # top-n: place in the previous survey year

    def is_all_zero(self) -> bool:
        """No municipality in any shown column (hidden cells are not zero: they are unknown)."""
        counts = [v for k, v in self.numerator.items() if k not in self.hidden]
        return not self.hidden and all(not v for v in counts)


@dataclass
class Table:
    """One table of the workbook: an indicator for the shown years (or its items)."""

    indicator_id: str
    title: str
    kind: str
    breakdown: str  # options | items | categories | region | none
    chart: str  # hbar | grouped_years | none: a native chart is drawn unless "none"
    note: str
    columns: list[Column]
    rows: list[Row]
    number: int | None = None  # "Figur N" (or, for a regional table, "Kort N") as in the PDF
    ranked: bool = False  # a top-n list: rows in rank order with their place
    previous_year: int | None = None  # top-n: the survey year the previous places are from
    left_out_zero: bool = False  # categories nobody named were left out
    #: what the row labels are, where the report says ("Teknologi", "Gevinst"; report.yaml
    #: `narrative.rankings`); empty: the kind's default
    label_heading: str = ""

    @property
    def latest(self) -> Column:
        return self.columns[-1]

    @property
    def by_year(self) -> bool:
        """Columns are years (one item), so a change between the last two can be shown."""
        return len({c.year for c in self.columns}) == len(self.columns)

    @property
    def has_change(self) -> bool:
        return (
            self.by_year
            and len(self.columns) > 1
            and any(r.change_pp is not None for r in self.rows)
        )

    @property
    def has_hidden(self) -> bool:
        return any(r.hidden for r in self.rows)

    @property
    def has_combined(self) -> bool:
        return any(r.combined for r in self.rows)

    def n_text(self) -> str:
        """n per column, e.g. "84 (2017), 87 (2018), 91 (2019)" or "79-82" when rows differ."""
        parts = []
        for col in self.columns:
            ns = sorted(
                {_int(r.denominator.get(col.heading)) for r in self.rows} - {None}  # type: ignore[misc]
            )
            if not ns:
                text = "–"
            elif ns[0] == ns[-1]:
                text = str(ns[0])
            else:
                text = f"{ns[0]}-{ns[-1]}"
            parts.append(text if len(self.columns) == 1 else f"{text} ({col.heading})")
        return ", ".join(parts)


@dataclass
class Sheet:
    """One sheet: its (Excel-safe) name, what the contents list says about it, its tables."""

    name: str
    description: str
    tables: list[Table]
    kind: str  # figure | top | map | tables


# -- the rules of the report, reused ------------------------------------------------------


def report_rules() -> tuple[tuple[str, ...], Callable[[str, str | None], bool]]:
    """The report's kinds whose unnamed categories are left out, and its sorting rule.

    Imported here rather than at the top: the report model pulls in the chart libraries,
    which the workbook needs only for these two definitions, not at import time.
    """
    from pipeline.report.model import SORTED_KINDS, sorts_by_size

    return SORTED_KINDS, sorts_by_size


# -- structuring -------------------------------------------------------------------------


def plan_sheets(
    indicators: pd.DataFrame,
    year: int,
    sections: Sequence[tuple[str, str]],
    *,
    compare_years: int = 3,
    question_types: dict[str, str] | None = None,
    item_labels: dict[str, dict[str, str]] | None = None,
    combined: dict[str, frozenset[str]] | None = None,
    figure_titles: dict[str, str] | None = None,
    ranking_columns: dict[str, str] | None = None,
    ranking_sheets: dict[str, str] | None = None,
) -> list[Sheet]:
    """The workbook's sheets after "Forside", in the PDF's order (see the module doc).

    `indicators` as `pipeline.figures.read_indicators` returns it (with `_order`), already
    through `disclosure.enforce_on_table`; `sections` the report definition's (id, title)
    in report order; `question_types` question id -> single | multi | matrix | text, for the
    report's sorting rule; `item_labels` question id -> item -> label (matrix rows);
    `combined` indicator id -> group keys that sum other answers (shown apart);
    `figure_titles` indicator id -> the caption of the figure it is drawn in with others.
    """
    figure_titles = figure_titles or {}
    ranking_columns = ranking_columns or {}
    ranking_sheets = ranking_sheets or {}
    question_types = question_types or {}
    item_labels = item_labels or {}
    combined = combined or {}
    frame = indicators[indicators["year"].astype(int) <= year]
    numbers = figure_numbers(frame, year, [s for s, _ in sections])
    regional = frame["breakdown"].astype("string").fillna("") == "region"
    sheets: list[Sheet] = []
    taken: set[str] = {"forside", "alle indikatorer"}
    maps = 0
    for section_id, section_title in sections:
        rows = frame[frame["section"] == section_id]
        tops, region_tables, others = [], [], []
        #: figure number -> the indicators drawn in it (several: the areas of a question or
        #: the diseases side by side, one figure in the PDF, so one table here)
        drawn: dict[int, list[tuple[str, pd.DataFrame, dict[str, Any], bool]]] = {}
        for indicator_id, part in sorted(
            rows.groupby("indicator_id", sort=False), key=lambda kv: kv[1]["_order"].min()
        ):
            indicator_id = str(indicator_id)
            kind = _first(part["kind"], "")
            qid = _first(part["question_id"], "")
            options: dict[str, Any] = {
                "compare_years": compare_years,
                "item_labels": item_labels.get(qid, {}),
                "combined": combined.get(indicator_id, frozenset()),
            }
            if indicator_id in numbers:
                sort = report_rules()[1](kind, question_types.get(qid))
                drawn.setdefault(numbers[indicator_id], []).append(
                    (indicator_id, part, options, sort)
                )
            elif kind == "top_n":
                table = top_table(part, year)
                if table is not None:
                    table.label_heading = ranking_columns.get(qid, "")
                    tops.append((ranking_sheets.get(qid) or section_title, table))
            else:
                table = other_table(part, year, **options)
                if table is None:
                    continue
                if bool(regional[part.index].any()) and kind != "participation":
                    # the PDF's maps ("Kort N"): only those with a region to show this year
                    if any(r.share.get(table.latest.heading) is not None for r in table.rows):
                        maps += 1
                        table.number = maps
                        region_tables.append(table)
                else:
                    others.append(table)
        for sheet_title, table in tops:
            # "Top 5 Prioriteter", "Top 5 Gevinster" (report.yaml narrative.rankings.sheet)
            name = unique_sheet_name(f"Top {len(table.rows)} {sheet_title}", taken)
            sheets.append(Sheet(name, table.title, [table], "top"))
        for number, parts in sorted(drawn.items()):
            first_id, _, options, sort = parts[0]
            rows = pd.concat([p for _, p, _, _ in parts])
            table = figure_table(rows, year, number, sort=sort, **options)
            if table is None:
                continue
            if len(parts) > 1:  # the items as columns, under the figure's caption
                table.title = figure_titles.get(first_id) or table.title
            name = unique_sheet_name(f"Figur {number}", taken)
            sheets.append(Sheet(name, table.title, [table], "figure"))
        for table in region_tables:
            name = unique_sheet_name(f"Kort {table.number}", taken)
            sheets.append(Sheet(name, table.title, [table], "map"))
        if others:
            name = unique_sheet_name(section_title, taken)
            titles = "; ".join(t.title for t in others)
            text = f"Tal, som afsnittet »{section_title}« nævner i teksten: {titles}"
            sheets.append(Sheet(name, text, others, "tables"))
    return sheets


def figure_table(
    rows: pd.DataFrame,
    year: int,
    number: int | None,
    *,
    sort: bool = False,
    compare_years: int = 3,
    item_labels: dict[str, str] | None = None,
    combined: frozenset[str] = frozenset(),
) -> Table | None:
    """A numbered figure as the PDF draws it: the report year's groups, unnamed categories
    left out, largest first where the report sorts; years (or, with several items, the
    items of the report year) as columns. Cells the disclosure rule hides are marked, as the
    PDF names them in the figure's note; a figure hidden altogether in the report year keeps
    its sheet (its number is the PDF's), every cell marked."""
    hidden = rows["suppressed"].astype(bool)
    in_year = rows["year"].astype(int) == year
    current = rows[in_year & ~hidden & rows["share_pct"].notna()]
    if current.empty:
        current = rows[in_year & hidden]
        if current.empty:
            return None
    table = _table(rows, year, compare_years, item_labels or {}, combined, groups_from=current)
    table.number = number
    if sort:  # as the report: largest first on the printed (rounded) share; ties keep order
        pct = _report_year_pct(current)
        table.rows.sort(key=lambda r: (r.combined, -pct.get(r.group, -1)))
    return table


def other_table(
    rows: pd.DataFrame,
    year: int,
    *,
    compare_years: int = 3,
    item_labels: dict[str, str] | None = None,
    combined: frozenset[str] = frozenset(),
) -> Table | None:
    """An indicator the PDF cites in its text or draws as a map: every group, hidden cells
    marked; None when it has nothing for the shown years."""
    shown = rows[rows["year"].astype(int) <= year]
    if shown.empty or not (shown["year"].astype(int) == year).any():
        return None
    return _table(shown, year, compare_years, item_labels or {}, combined, groups_from=shown)


def top_table(rows: pd.DataFrame, year: int) -> Table | None:
    """A top-n list as in the PDF: the report year's ranked categories in rank order, with
    their place in the previous survey year."""
    visible = rows[~rows["suppressed"].astype(bool)]
    current = visible[(visible["year"].astype(int) == year) & visible["share_pct"].notna()]
    if current.empty:
        return None
    if current["rank"].isna().all():  # unranked: by size, as the report does
        current = current.sort_values(["share_pct", "_order"], ascending=[False, True])
        current = current.assign(rank=range(1, len(current) + 1))
    current = current[current["rank"].notna()].sort_values(["rank", "_order"], kind="stable")
    earlier = visible[(visible["year"].astype(int) < year) & visible["rank"].notna()]
    previous_year = int(earlier["year"].max()) if not earlier.empty else None
    previous = {}
    if previous_year is not None:
        last = earlier[earlier["year"].astype(int) == previous_year]
        previous = {str(g): _int(r) for g, r in zip(last["group"], last["rank"], strict=True)}
    column = Column(str(year), year)
    out = []
    for rec in current.to_dict("records"):
        group = str(rec["group"])
        out.append(
            Row(
                group=group,
                label=_label(rec),
                share={column.heading: _float(rec["share"]) if _has(rec, "share") else None},
                numerator={column.heading: _count(rec["numerator"])},
                denominator={column.heading: _count(rec["denominator"])},
                change_pp=_count(rec["change_pp"]),
                rank=_int(rec["rank"]),
                previous_rank=previous.get(group),
            )
        )
        if out[-1].share[column.heading] is None:
            pct = _float(rec["share_pct"])
            out[-1].share[column.heading] = None if pct is None else pct / 100
    first = current.iloc[0]
    return Table(
        indicator_id=str(first["indicator_id"]),
        title=_text(first["title"]) or str(first["indicator_id"]),
        kind="top_n",
        breakdown=_text(first["breakdown"]) or "categories",
        chart="none",
        note=_text(first["note"]) or "",
        columns=[column],
        rows=out,
        ranked=True,
        previous_year=previous_year,
    )


def _table(
    rows: pd.DataFrame,
    year: int,
    compare_years: int,
    item_labels: dict[str, str],
    combined: frozenset[str],
    *,
    groups_from: pd.DataFrame,
) -> Table:
    rows = rows[rows["year"].astype(int) <= year]
    items = [i for i in dict.fromkeys(str(i) for i in rows["item"].fillna("")) if i]
    first = rows.sort_values("year").iloc[-1]
    stacked = _text(first["kind"]) == "matrix_share"
    if len(items) > 1 and stacked:
        # the areas of a matrix question: the PDF draws each area in every year it shows
        # ("Handicapområdet 2017", "... 2018", "... 2019"), so the columns are those bars
        years = sorted({int(y) for y in rows["year"]})[-compare_years:]
        rows = rows[rows["year"].astype(int).isin(years)]
        have = {
            (str(i), int(y)) for i, y in zip(rows["item"].fillna(""), rows["year"], strict=True)
        }
        columns = [
            Column(
                f"{item_labels.get(i, i)} {y}" if len(years) > 1 else item_labels.get(i, i), y, i
            )
            for i in items
            for y in years
            if (i, y) in have
        ]
        groups_from = groups_from[groups_from["year"].astype(int) == year]
    elif len(items) > 1:  # several items side by side, the report year only (as the PDF)
        rows = rows[rows["year"].astype(int) == year]
        columns = [Column(item_labels.get(i, i), year, i) for i in items]
        groups_from = groups_from[groups_from["year"].astype(int) == year]
    else:
        years = sorted({int(y) for y in rows["year"]})[-compare_years:]
        rows = rows[rows["year"].astype(int).isin(years)]
        columns = [Column(str(y), y) for y in years]
    heading = {(c.year, c.item): c.heading for c in columns}
    groups: dict[str, Row] = {}
    for key, label in _ordered_groups(groups_from):
        groups[key] = Row(group=key, label=label)
    for rec in groups_from.to_dict("records"):
        if _text(rec.get("group_key")) in combined and str(rec["group"]) in groups:
            groups[str(rec["group"])].combined = True
    latest_year = columns[-1].year
    for rec in rows.to_dict("records"):
        key = str(rec["group"])
        row = groups.get(key)
        col = heading.get((int(rec["year"]), str(rec["item"] or "") if len(items) > 1 else ""))
        if row is None or col is None:
            continue
        if _truthy(rec["suppressed"]):
            row.hidden.add(col)
            row.share[col] = row.numerator[col] = row.denominator[col] = None
            continue
        share = _float(rec["share"]) if _has(rec, "share") else None
        if share is None and _float(rec["share_pct"]) is not None:
            share = _float(rec["share_pct"]) / 100  # type: ignore[operator]
        row.share[col] = share
        row.numerator[col] = _count(rec["numerator"])
        row.denominator[col] = _count(rec["denominator"])
        if len(items) <= 1 and int(rec["year"]) == latest_year:
            row.change_pp = _count(rec["change_pp"])
    table = Table(
        indicator_id=str(first["indicator_id"]),
        title=_text(first["title"]) or str(first["indicator_id"]),
        kind=_text(first["kind"]) or "",
        breakdown=_text(first["breakdown"]) or "",
        chart=_text(first["chart"]) or "none",
        note=_text(first["note"]) or "",
        columns=columns,
        rows=list(groups.values()),
    )
    for row in table.rows:  # no change from or to a hidden cell
        if row.hidden & {c.heading for c in columns[-2:]}:
            row.change_pp = None
    sorted_kinds, _ = report_rules()
    if table.kind in sorted_kinds and len(table.rows) > 1:
        kept = [r for r in table.rows if not r.is_all_zero()]
        if kept and len(kept) < len(table.rows):
            table.rows, table.left_out_zero = kept, True
    return table


def _ordered_groups(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(group, label) in group_order, then file order; the newest label wins."""
    order: dict[str, tuple[float, int]] = {}
    labels: dict[str, str] = {}
    for pos, rec in enumerate(frame.sort_values("year", kind="stable").to_dict("records")):
        key = str(rec["group"])
        labels[key] = _label(rec)
        group_order = _float(rec["group_order"])
        sort_key = (group_order if group_order is not None else math.inf, pos)
        order[key] = min(order.get(key, sort_key), sort_key)
    return [(k, labels[k]) for k in sorted(order, key=order.__getitem__)]


def _report_year_pct(current: pd.DataFrame) -> dict[str, float]:
    """Group -> the report year's printed share, from its first row (first item), as the
    report sorts its bars."""
    ordered = current.sort_values(["group_order", "_order"], na_position="last", kind="stable")
    first = ordered.drop_duplicates("group", keep="first")
    return {
        str(g): float(p)
        for g, p in zip(first["group"], first["share_pct"], strict=True)
        if not pd.isna(p)  # a hidden cell: no share, keeps its place
    }


# -- sheet names ---------------------------------------------------------------------------

#: Excel refuses these in a sheet name; 31 characters at most; "History" is reserved.
FORBIDDEN_IN_NAME = str.maketrans({c: " " for c in "[]:*?/\\"})
MAX_NAME = 31


def unique_sheet_name(text: str, taken: set[str]) -> str:
    """An Excel-valid sheet name from `text`, cut at a word (with "…") to fit 31 characters,
    numbered when a name is already `taken` (compared case-insensitively, as Excel does);
    the chosen name is added to `taken`."""
    base = " ".join(text.translate(FORBIDDEN_IN_NAME).split()).strip("'") or "Ark"
    if base.lower() == "history":
        base = "History (tabel)"
    name, n = _cut(base, MAX_NAME), 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = _cut(base, MAX_NAME - len(suffix)) + suffix
    taken.add(name.lower())
    return name


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if text[limit - 1] != " " and " " in head:  # not at a word's end: drop the broken word
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" –-,") + "…"


# -- values --------------------------------------------------------------------------------


def _first(series: pd.Series, default: str) -> str:
    values = series.dropna()
    return str(values.iloc[0]) if len(values) else default


def _label(rec: dict[str, Any]) -> str:
    return _text(rec.get("group_label")) or _text(rec.get("group")) or TOTAL_LABEL


def _has(rec: dict[str, Any], key: str) -> bool:
    return key in rec and not is_missing(rec[key])


def is_missing(value: Any) -> bool:
    """None, NaN, NA or NaT: a cell with no value (what pandas reads from an empty cell)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _float(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


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
    return None if is_missing(value) or str(value) == "" else str(value)


def _truthy(value: Any) -> bool:
    return False if is_missing(value) else bool(value)
