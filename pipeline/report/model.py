"""The report model: what goes on which page, as plain data for the templates.

`build_report_model(project, year)` reads the stage outputs (indicators.parquet,
ingest_meta.json), the taxonomy, the codebook and the analysts' quotes, and returns a dict:
sections in order, each with its narrative and numbered figures (caption with n, chart as a
data: URI, alt text), the technology overview, the top-5 priorities, quotes and the generated
"Om undersøgelsen", and the landkort maps (regional shares on the 98-tile map, see
`pipeline.site.landkort`). Templates only lay this out; nothing here knows HTML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

import pandas as pd

from pipeline import charts, disclosure, narrative
from pipeline.figures import (
    figure_groups,
    figure_key,
    figure_numbers,
    figures_without_values,
    first_value,
    read_indicators,
    read_meta,
)
from pipeline.formatting import (
    DASH,
    fmt_count_of,
    fmt_int,
    fmt_n,
    fmt_pct,
    fmt_period,
    is_missing,
    lower_first,
    round_half_up,
)
from pipeline.problems import Problem
from pipeline.project import Project
from pipeline.report import editorial
from pipeline.report.quotes import check_quotes
from pipeline.site.landkort import regional_map_figures
from pipeline.site.tiles import place_tiles
from pipeline.survey import Survey, load_survey
from pipeline.survey.quotes import Quote
from pipeline.survey.report_definition import (
    ChartStyle,
    Comparability,
    ReportDefinition,
    Texts,
    Unit,
)

# --------------------------------------------------------------------------- inputs


#: A hyphen that opens a word after a space: the suspended hyphen of "strømpepåtagere og
#: -aftagere", which must never be left at the end of a line.
_SUSPENDED_HYPHEN = re.compile(r"(?<=\s)-(?=\w)")


def keep_suspended_hyphens(text: str) -> str:
    """Make the hyphen of "-aftagere" a non-breaking hyphen (U+2011), so a line is never
    broken between it and its word."""
    return _SUSPENDED_HYPHEN.sub("\u2011", str(text))


def taxonomy_entries(survey: Survey) -> list[dict[str, Any]]:
    """The taxonomy categories (slug, label, description, examples) for the overview."""
    return [
        {
            "slug": c.slug,
            "label": c.label,
            "description": keep_suspended_hyphens(c.description),
            "examples": [keep_suspended_hyphens(e) for e in c.examples],
        }
        for c in survey.taxonomy.categories
    ]


def question_info(survey: Survey, year: int) -> dict[str, dict[str, Any]]:
    """Question id -> {type, rows: {item: label}} from the year's codebook.

    Used for row labels ("kol" -> "KOL") and to tell ordered answer scales (single choice,
    matrix: kept in questionnaire order) from lists (multi choice, taxonomy: sorted by size).
    """
    book = survey.codebooks.get(year)
    if book is None:
        return {}
    return {
        q.id: {"type": q.type, "rows": {r.item: r.label for r in q.rows}} for q in book.questions
    }


#: Kinds whose groups are a list to rank by size rather than an ordered answer scale.
SORTED_KINDS = ("category_share",)


def sorts_by_size(kind: str, question_type: str | None) -> bool:
    """Bars largest first for lists (taxonomy categories, multi-choice options); answer
    scales (single choice: "I høj grad" ... "Slet ikke"; matrix rows) keep their order."""
    return kind in SORTED_KINDS or (kind == "option_share" and question_type == "multi")


# --------------------------------------------------------------------------- helpers


def _int(value: Any) -> int | None:
    if is_missing(value):
        return None
    number = float(value)
    return None if math.isnan(number) else int(round(number))


def _n_of(rows: pd.DataFrame) -> int | str | None:
    """n for a set of rows: their common denominator, or "min–max" when they differ."""
    values = sorted({v for v in (_int(x) for x in rows["denominator"]) if v is not None})
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return f"{fmt_int(values[0])}{DASH}{fmt_int(values[-1])}"


def _n_text(ns: Mapping[Any, int | str | None] | int | str | None) -> str:
    if isinstance(ns, Mapping):
        items = {k: v for k, v in ns.items() if v is not None}
        if not items:
            return ""
        if len(items) == 1:
            return _n_text(next(iter(items.values())))
        return "n=" + ", ".join(
            f"{v if isinstance(v, str) else fmt_int(v)} ({k})" for k, v in items.items()
        )
    if ns is None:
        return ""
    return f"n={ns}" if isinstance(ns, str) else fmt_n(ns)


def caption(number: int, title: str, n_text: str, unit: str = "") -> str:
    """ "Figur 3: Teknologi til ... Angivet i pct. af antal kommuner. n=91" """
    title = " ".join(str(title).split()).rstrip(" .:")
    text = f"Figur {number}: {title}." + (f" {unit}" if unit else "")
    return f"{text} {n_text}" if n_text else text


def _groups(current: pd.DataFrame) -> pd.DataFrame:
    """One row per group of the current year, in group_order (then file order)."""
    ordered = current.sort_values(["group_order", "_order"], na_position="last", kind="stable")
    return ordered.drop_duplicates("group", keep="first")


def _items(current: pd.DataFrame) -> list[str]:
    items = [str(i) for i in current["item"].dropna() if str(i)]
    return list(dict.fromkeys(items))


def _value(rows: pd.DataFrame, group: Any, year: int | None = None, item: Any = None) -> Any:
    mask = rows["group"] == group
    if year is not None:
        mask &= rows["year"] == year
    if item is not None:
        mask &= rows["item"].astype("string") == str(item)
    hit = rows[mask]
    return _int(hit["share_pct"].iloc[0]) if len(hit) else None


def _share(rows: pd.DataFrame, group: Any, item: Any) -> float | None:
    """The unrounded share in percent (0-100), falling back to share_pct."""
    mask = (rows["group"] == group) & (rows["item"].astype("string") == str(item))
    hit = rows[mask]
    if not len(hit):
        return None
    num, den = hit["numerator"].iloc[0], hit["denominator"].iloc[0]
    if not is_missing(num) and not is_missing(den) and int(den) > 0:
        # from the exact fraction: 23/40 is 57.5 (rounds to 58 like share_pct), while
        # 0.575 * 100 in floating point is 57.4999... and would round to 57
        return float(Fraction(int(num) * 100, int(den)))
    share = hit["share"].iloc[0] if "share" in hit else None
    if is_missing(share):
        return _int(hit["share_pct"].iloc[0])
    return float(share) * 100


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class FigureStyle:
    """What the report definition says about every figure (see survey/report.yaml)."""

    chart_format: str = charts.DEFAULT_FORMAT
    compare_years: int = 3
    unit: str = ""
    zero_note: str = ""
    texts: Texts | None = None
    chart_style: ChartStyle = field(default_factory=ChartStyle)
    #: when years side by side are not quite comparable (one rule with the narrative's)
    comparability: Comparability = field(default_factory=Comparability)
    #: the least n a figure is shown for (`pipeline.disclosure.min_denominator`)
    min_n: int = 6


@dataclass(frozen=True)
class FigureSpec:
    """What the indicator definitions say about one figure beyond the indicator table."""

    title: str | None = None
    #: labels of summed groups ("I drift, under afprøvning eller implementering"): drawn in a
    #: panel of their own, never as a segment of the statuses they add up
    sums: tuple[str, ...] = ()
    #: headline counts: group key (option code) -> phrase after the count
    headline: Mapping[str, str] = field(default_factory=dict)
    #: earlier years in which the question was worded differently
    reworded: tuple[int, ...] = ()


def build_figure(
    rows: pd.DataFrame,
    year: int,
    number: int,
    item_labels: Mapping[str, str],
    *,
    sort: bool = False,
    style: FigureStyle | None = None,
    spec: FigureSpec | None = None,
) -> dict[str, Any] | None:
    """A numbered figure for one indicator (or the rows of one combined chart), or None when
    the year has no values for it.

    `rows` are the indicator table's rows of the figure (every year up to `year`); `style`
    comes from the report definition (years side by side, the caption's unit sentence, notes,
    label rewrites, chart format), `spec` from the indicator definitions (combined title,
    summed groups, headline counts, earlier wordings). `sort`: largest first (lists), else the
    questionnaire's order (answer scales).
    """
    style = style or FigureStyle()
    spec = spec or FigureSpec()
    hidden = _hidden_parts(rows, year, style.compare_years, item_labels)
    rows = rows[~rows["suppressed"]]
    current = rows[(rows["year"] == year) & rows["share_pct"].notna()]
    if current.empty:
        hidden_now = hidden.rows[hidden.rows["year"] == year]
        if hidden_now.empty:
            return None
        return _hidden_figure(hidden_now, year, number, style, spec)
    chart_type = str(first_value(current["chart"], "hbar"))
    indicator_id = figure_key(str(current["indicator_id"].iloc[0]), chart_type)
    title = spec.title or first_value(current["title"], indicator_id)
    kind = str(first_value(current["kind"], ""))
    data = None
    notes: list[str] = []
    groups = _groups(current)
    is_sum = groups["group_label"].isin(spec.sums if kind == "matrix_share" else ())
    sum_groups, groups = groups[is_sum], groups[~is_sum]
    hidden_zero = False
    if kind in SORTED_KINDS and len(groups) > 1:
        # Taxonomy categories no municipality named in any year shown: left out, with a note.
        shown_years = rows[rows["year"] <= year]
        named = shown_years.groupby("group")["share_pct"].max()
        keep = groups["group"].map(lambda g: bool(named.get(g, 0) or 0))
        if keep.any() and not keep.all():
            groups = groups[keep.to_numpy()]
            hidden_zero = True
    items = _items(current)
    if sort:  # largest first in the report year (over all rows); ties keep questionnaire order
        mean = current.groupby("group")["share_pct"].mean()
        groups = groups.assign(_mean=groups["group"].map(mean)).sort_values(
            "_mean", ascending=False, kind="stable"
        )
    labels = [style.chart_style.label(str(x)) for x in groups["group_label"]]
    figure: dict[str, Any] = {
        "number": number,
        "id": f"figur-{number}",
        "indicator_id": indicator_id,
        "title": str(title),
        "kind": kind,
        "note": first_value(current["note"]),
        "image": None,
        "table": None,
        "headline": [],
    }
    years = sorted(
        int(y) for y in rows.loc[rows["share_pct"].notna(), "year"].unique() if y <= year
    )[-style.compare_years :]
    neutral = [
        label for label in labels if label.startswith(style.chart_style.neutral_answers or ())
    ]

    if kind == "matrix_share" and (len(items) > 1 or chart_type == "stacked_items"):
        chart, data, n_text, ns = _stacked_figure(
            rows, items, years, groups, sum_groups, labels, neutral, item_labels, style
        )
        figure["layout"] = "stacked"
        notes += _comparability_notes(ns, years, spec.reworded, style)
    elif chart_type in ("stacked_years", "headline") and not items:
        # a single-choice answer scale: one 100 pct. bar per year
        chart, data, n_text, ns = _stacked_figure(
            rows, [""], years, groups, sum_groups, labels, neutral, {}, style
        )
        figure["layout"] = "stacked_years"
        notes += _comparability_notes(ns, years, spec.reworded, style)
    elif len(items) > 1:
        item_names = [item_labels.get(i, i) for i in items]
        ns = {
            item_labels.get(i, i): _n_of(current[current["item"].astype("string") == i])
            for i in items
        }
        series = {
            name: [_value(current, g, item=i) for g in groups["group"]]
            for i, name in zip(items, item_names, strict=True)
        }
        chart = charts.grouped_chart(
            labels,
            series,
            series_n={k: v for k, v in ns.items() if isinstance(v, int)},
            fmt=style.chart_format,
        )
        figure["layout"] = "grouped"
        data = _data(["", *series], labels, list(zip(*series.values(), strict=True)))
        n_text = _n_text(ns)
    elif chart_type in ("grouped_years", "headline") and len(years) > 1:
        series = {y: [_value(rows, g, year=y) for g in groups["group"]] for y in years}
        ns = {y: _n_of(rows[rows["year"] == y]) for y in years}
        chart = charts.grouped_chart(
            labels,
            series,
            series_n={k: v for k, v in ns.items() if isinstance(v, int)},
            fmt=style.chart_format,
        )
        n_text = _n_text(ns)
        figure["layout"] = "grouped_years"
        data = _data(["", *series], labels, list(zip(*series.values(), strict=True)))
        by_year = {
            y: [n] if isinstance(n, int) else _ints(rows[rows["year"] == y]) for y, n in ns.items()
        }
        notes += _comparability_notes(by_year, years, spec.reworded, style)
    elif chart_type == "none":
        chart = None
        n_text = _n_text(_n_of(current))
        figure["layout"] = "table"
        figure["table"] = {
            "columns": ["", str(year)],
            "rows": [
                [label, fmt_pct(_value(current, g))]
                for label, g in zip(labels, groups["group"], strict=True)
            ],
        }
    else:
        values = [_value(current, g) for g in groups["group"]]
        ranked = kind == "top_n" and groups["rank"].notna().any()
        if ranked:
            order = groups.sort_values("rank", kind="stable")
            labels = [style.chart_style.label(str(x)) for x in order["group_label"]]
            values = [_value(current, g) for g in order["group"]]
        chart = charts.hbar_chart(labels, values, sort=False, fmt=style.chart_format)
        n_text = _n_text(_n_of(current))
        figure["layout"] = "hbar"
        data = _data(["", str(year)], labels, [[v] for v in values])
    if spec.headline:
        figure["headline"] = _headline(current, spec.headline, style.chart_style.headline_unit)
    # The chart's numbers as a table, for the web edition's table beside each figure.
    figure["data"] = figure["table"] if figure["table"] is not None else data
    if hidden_zero:
        notes.append(style.zero_note)
    if hidden.parts:
        notes.append(_hidden_note(hidden.parts, style))
    figure["note"] = " ".join(n for n in [figure["note"], *notes] if n) or None
    figure["n_text"] = n_text
    figure["caption"] = caption(number, str(title), n_text, style.unit)
    if chart is not None:
        figure["image"] = {
            "uri": chart.data_uri,
            "mime": chart.mime,
            "alt": chart.alt,
            "width_mm": chart.width_mm,
            "height_mm": chart.height_mm,
        }
        figure["alt"] = chart.alt
    else:
        figure["alt"] = ""
    return figure


@dataclass(frozen=True)
class _Hidden:
    """What the disclosure rule hides of one figure: the suppressed rows, and the parts of
    the figure they make up (a year, an area, an area in a year) among those it shows."""

    rows: pd.DataFrame
    parts: tuple[str, ...]


def _hidden_parts(
    rows: pd.DataFrame, year: int, compare_years: int, item_labels: Mapping[str, str]
) -> _Hidden:
    """The years (and areas) of a figure whose every cell is hidden, within the years the
    figure would show; a part with one visible cell is drawn, its hidden cells left out."""
    rows = rows[rows["year"] <= year]
    years = sorted(int(y) for y in rows["year"].unique())[-compare_years:]
    items = _items(rows)
    parts = []
    for item in items or [""]:
        for y in years if len(items) <= 1 else [year]:
            these = rows[(rows["year"] == y) & (rows["item"].astype("string") == item)]
            if len(these) and these["suppressed"].all():
                name = item_labels.get(item, item) if len(items) > 1 else ""
                parts.append(name or str(y))
    return _Hidden(rows[rows["suppressed"]], tuple(parts))


def _hidden_note(parts: Sequence[str], style: FigureStyle) -> str:
    texts = style.texts or Texts.model_construct()
    template = texts.hidden_note or Texts.model_fields["hidden_note"].default
    listed = ", ".join(parts[:-1]) + (" og " if len(parts) > 1 else "") + parts[-1]
    return template.format(parts=listed, min=style.min_n)


def _hidden_figure(
    current: pd.DataFrame, year: int, number: int, style: FigureStyle, spec: FigureSpec
) -> dict[str, Any]:
    """A numbered figure whose report year the disclosure rule hides altogether: its caption
    (no n) and a note saying why, so the reader sees that the question was asked."""
    chart_type = str(first_value(current["chart"], "hbar"))
    indicator_id = figure_key(str(current["indicator_id"].iloc[0]), chart_type)
    title = str(spec.title or first_value(current["title"], indicator_id))
    return {
        "number": number,
        "id": f"figur-{number}",
        "indicator_id": indicator_id,
        "title": title,
        "kind": str(first_value(current["kind"], "")),
        "layout": "hidden",
        "image": None,
        "table": None,
        "data": None,
        "headline": [],
        "note": _hidden_note([str(year)], style),
        "n_text": "",
        "caption": caption(number, title, ""),
        "alt": "",
    }


def _stacked_figure(
    rows: pd.DataFrame,
    items: Sequence[str],
    years: Sequence[int],
    groups: pd.DataFrame,
    sum_groups: pd.DataFrame,
    labels: Sequence[str],
    neutral: Sequence[str],
    item_labels: Mapping[str, str],
    style: FigureStyle,
) -> tuple[charts.Chart, dict[str, Any], str, dict[int, list[int]]]:
    """A matrix question's rows (areas) as 100 pct. bars, one per area and year shown, with
    the summed groups in their own panel; or, for the one row "" of a single-choice question,
    one bar per year. Returns the chart, its data table, the n text and n per year."""
    sum_labels = [style.chart_style.label(str(x)) for x in sum_groups["group_label"]]
    multi_year = len(years) > 1
    stacked, table_rows, table_values = [], [], []
    ns_current: dict[str, int | str | None] = {}
    ns_by_year: dict[int, list[int]] = {}
    for item in items:
        name = item_labels.get(item, item)
        for y in years:
            these = rows[(rows["year"] == y) & (rows["item"].astype("string") == item)]
            these = these[these["share_pct"].notna()]
            if these.empty:
                continue
            n = _n_of(these)
            ns_by_year.setdefault(y, []).extend(
                v for v in (_int(x) for x in these["denominator"]) if v is not None
            )
            if y == years[-1]:
                ns_current[name] = n
            values = [_share(these, g, item=item) for g in groups["group"]]
            sums = [_value(these, g, item=item) for g in sum_groups["group"]]
            if not name:  # one bar per year: the years are the labels, n in the caption
                stacked.append(charts.StackedRow(str(y), values, sums=sums))
                table_rows.append(str(y))
                table_values.append([*(_whole(v) for v in values), *sums])
                continue
            label = f"{y} ({_n_text(n)})" if multi_year else name
            stacked.append(
                charts.StackedRow(
                    label,
                    values,
                    heading=name if multi_year else None,
                    sums=sums,
                    alt_label=f"{name} {y} ({_n_text(n)})" if multi_year else name,
                )
            )
            table_rows.append(f"{name} {y}" if multi_year else name)
            table_values.append([*(_whole(v) for v in values), *sums])
    chart = charts.stacked_chart(
        stacked,
        list(labels),
        neutral=list(neutral),
        sums=sum_labels if len(sum_groups) else (),
        fmt=style.chart_format,
    )
    data = _data(["", *labels, *sum_labels], table_rows, table_values)
    texts = style.texts
    if items == [""]:
        n_text = _n_text({y: _n_range(ns) for y, ns in ns_by_year.items()})
    elif multi_year and texts and texts.n_at_bars:
        n_text = texts.n_at_bars
    else:
        n_text = _n_text(ns_current)
    return chart, data, n_text, ns_by_year


def _headline(current: pd.DataFrame, phrases: Mapping[str, str], unit: Unit) -> list[dict]:
    """ "71 kommuner arbejder med ..." per headline option, from the indicator table ("1
    kommune" for one)."""
    out = []
    for key, phrase in phrases.items():
        hit = current[current["group_key"].astype("string") == str(key)]
        if hit.empty:
            continue
        count = _int(hit["numerator"].iloc[0])
        if count is None:
            continue
        out.append(
            {
                "count": count,
                "unit": unit.for_count(count),
                "text": phrase,
                "pct_text": fmt_pct(_int(hit["share_pct"].iloc[0])),
            }
        )
    return out


def _ints(rows: pd.DataFrame) -> list[int]:
    return [v for v in (_int(x) for x in rows["denominator"]) if v is not None]


def _n_range(ns: Sequence[int]) -> int | str | None:
    """One n, or "min–max" for the rows of one year."""
    if not ns:
        return None
    low, high = min(ns), max(ns)
    return low if low == high else f"{fmt_int(low)}{DASH}{fmt_int(high)}"


def _comparability_notes(
    ns: Mapping[int, Sequence[int]],
    years: Sequence[int],
    reworded: Sequence[int],
    style: FigureStyle,
) -> list[str]:
    """Notes where years side by side are not quite alike: a clearly different n (`ns`: the
    n of each year's rows), or a question worded differently in an earlier year shown."""
    texts = style.texts
    if texts is None:
        return []
    notes = []
    counts = {y: list(n) for y, n in ns.items() if n}
    # each year's n: the mean of its rows' n where the areas of a question differ a little
    means = [sum(n) / len(n) for n in counts.values()]
    if texts.base_changed_note and style.comparability.bases_differ(means):
        listed = _join_da([f"{_n_range(n)} ({y})" for y, n in counts.items()])
        notes.append(texts.base_changed_note.format(ns=listed))
    shown = [y for y in reworded if y in years]
    if texts.wording_changed_note and shown:
        notes.append(texts.wording_changed_note.format(years=_join_da([str(y) for y in shown])))
    return notes


def _join_da(items: Sequence[str]) -> str:
    """ "a, b og c" """
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def _whole(value: float | None) -> int | None:
    return None if value is None else int(round_half_up(value))


def _data(columns: Sequence[Any], labels: Sequence[str], values: Sequence[Sequence[Any]]):
    """A chart's values as a table: columns, then one row per label (whole percents)."""
    return {
        "columns": [str(c) for c in columns],
        "rows": [
            [label, *(fmt_pct(v) for v in row)] for label, row in zip(labels, values, strict=True)
        ],
    }


def _observations(
    rows: pd.DataFrame,
    year: int,
    item_labels: Mapping[str, str],
    definition: ReportDefinition,
    **compare: Any,
) -> list[narrative.Observation]:
    """The narrative's observations, with answers and rows labelled as the figures print them
    (`charts.label_rewrites`), so a sentence never spells a label otherwise."""
    frame = rows[~rows["suppressed"]].copy()
    frame["item_label"] = [
        None if is_missing(i) else item_labels.get(str(i), str(i)) for i in frame["item"]
    ]
    frame["group_label"] = [
        g if is_missing(g) else definition.charts.label(str(g)) for g in frame["group_label"]
    ]
    return narrative.observations(frame, year, definition.narrative, **compare)


def _comparison(
    survey: Survey, rows: pd.DataFrame, year: int, compare_years: int
) -> dict[str, Any]:
    """What the narrative may compare one indicator's rows with: the years its figure shows
    (from the indicator's chart, so no change is cited that the reader cannot see), and which
    of them asked the question in other words (a note follows such a change)."""
    ind_id = str(first_value(rows["indicator_id"], ""))
    ind = next((i for i in survey.indicators if i.id == ind_id), None)
    return {
        "shown_years": narrative.shown_years(ind, rows, year, compare_years),
        "reworded_years": survey.reworded_years(ind.question, ind.item, year)
        if ind is not None and ind.question
        else frozenset(),
    }


# --------------------------------------------------------------------------- sections


def _top_n(
    rows: pd.DataFrame, year: int, definition: ReportDefinition | None = None
) -> dict[str, Any] | None:
    """The ranked list of a top_n indicator (its `n` most named categories), if any; names
    as the figures print them."""
    label = definition.charts.label if definition is not None else str
    ranked = rows[(rows["kind"] == "top_n") & ~rows["suppressed"]]
    if ranked.empty:
        return None
    current = ranked[(ranked["year"] == year) & ranked["share_pct"].notna()].copy()
    if current.empty:
        return None
    if current["rank"].isna().all():
        current = current.sort_values(["share_pct", "_order"], ascending=[False, True])
        current["rank"] = range(1, len(current) + 1)
    current = current[current["rank"].notna()].sort_values(["rank", "_order"])
    previous_rank: dict[Any, int] = {}
    earlier = ranked[(ranked["year"] < year) & ranked["rank"].notna()]
    if not earlier.empty:
        last = int(earlier["year"].max())
        previous_rank = {
            g: int(r) for g, r in earlier[earlier["year"] == last][["group", "rank"]].values
        }
    else:
        last = None
    items = [
        {
            "rank": int(row["rank"]),
            "label": label(str(row["group_label"])),
            "pct": _int(row["share_pct"]),
            "pct_text": fmt_pct(_int(row["share_pct"])),
            "numerator": _int(row["numerator"]),
            "previous_rank": previous_rank.get(row["group"]),
        }
        for row in current.to_dict("records")
    ]
    question = str(first_value(current["question_id"], "")) if "question_id" in current else ""
    rankings = definition.narrative.rankings if definition is not None else {}
    ranking = rankings.get(question)
    labels = [i["label"] for i in items]
    return {
        "next_year": year + 1,
        "previous_year": last,
        "title": str(first_value(current["title"], "")) if "title" in current else "",
        "column": ranking.column if ranking else "Kategori",
        "n": _n_of(current),
        "n_text": _n_text(_n_of(current)),
        "items": items,
        "sentence": narrative.ranking_sentence(labels, ranking.sentence, year) if ranking else "",
    }


def _participation(frame: pd.DataFrame, meta: Mapping[str, Any], year: int) -> list[str]:
    accepted, invited = _int(meta.get("accepted")), _int(meta.get("invited")) or 98
    if accepted is None:
        return []
    previous = None
    part = frame[(frame["kind"] == "participation") & (frame["year"] < year)]
    part = part[
        part["group"].fillna("").astype(str).isin(["", "all"]) | (part["breakdown"] == "none")
    ]
    if not part.empty:
        last = part[part["year"] == part["year"].max()]
        prev_n = _int(first_value(last["numerator"]))
        if prev_n is not None:
            previous = (prev_n, int(last["year"].iloc[0]))
    return [narrative.participation_sentence(accepted, invited, year, previous)]


def _code_lists_of(survey: Survey, year: int) -> list[tuple[str, int]]:
    """(title, number of categories) of the code lists the year's codebook codes to."""
    book = survey.codebooks.get(year)
    names = dict.fromkeys(n for _, _, n in book.listed_text_questions()) if book else {}
    lists = survey.code_lists
    return [(lists[n].title, len(lists[n].categories)) for n in names if n in lists]


def method_paragraphs(
    meta: Mapping[str, Any],
    year: int,
    years: Sequence[int],
    categories: int,
    code_lists: Sequence[tuple[str, int]] = (),
) -> list[str]:
    """ "Om undersøgelsen", generated from the ingest metadata."""
    accepted, invited = _int(meta.get("accepted")), _int(meta.get("invited")) or 98
    out = []
    first = f"Statusmålingen {year} er gennemført som en elektronisk spørgeskemaundersøgelse"
    if meta.get("collection_start") and meta.get("collection_end"):
        period = fmt_period(meta["collection_start"], meta["collection_end"])
        first += f" i perioden {period}"
    first += f" blandt alle landets {fmt_int(invited)} kommuner"
    if accepted is not None:
        share = fmt_pct(accepted / invited) if invited else ""
        first += f". {fmt_count_of(accepted, invited)} kommuner har deltaget ({share})"
    out.append(first + ".")
    n_questions = _int(meta.get("n_questions"))
    if n_questions:
        out.append(
            f"Spørgeskemaet bestod af {fmt_int(n_questions)} spørgsmål. Hver kommune er bedt "
            "om at svare én gang; har en kommune svaret mere end én gang, indgår ét svar."
        )
    out.append(
        "Resultaterne er angivet i pct. af de kommuner, der har besvaret det pågældende "
        "spørgsmål. Under hver figur står n, antallet af kommuner, der har besvaret "
        "spørgsmålet; det kan være lavere end antallet af deltagende kommuner, fordi ikke "
        "alle kommuner har besvaret alle spørgsmål."
    )
    out.append(
        "Procenterne er afrundet til hele tal (0,5 og derover rundes op), og de kan derfor "
        "summe til lidt mere eller mindre end 100. Ved spørgsmål med flere svarmuligheder "
        "kan en kommune vælge flere svar, så andelene kan summe til mere end 100. Ændringer "
        "fra år til år er angivet i procentpoint. I teksten er en ændring forskellen mellem "
        "de to afrundede tal i figuren; i regnearket er den beregnet på de uafrundede andele "
        "og derefter afrundet, så den kan afvige med ét point derfra."
    )
    if categories:
        coded = (
            f"Svar i fritekst er kodet efter teknologioversigtens {categories} kategorier. Et "
            "svar kan nævne flere kategorier. Et svar uden indhold (fx »ved ikke« eller »-«) "
            "indgår ikke; et svar, der beskriver noget, men ingen af kategorierne, tæller med i "
            "n."
        )
        # e.g. the benefit answers: their own list, not the taxonomy
        for title, size in code_lists:
            coded += f" Svar om {lower_first(title)} er kodet efter en liste med {size} kategorier."
        out.append(coded)
    earlier = [y for y in years if y < year]
    if earlier:
        listed = ", ".join(str(y) for y in earlier[:-1])
        listed = f"{listed} og {earlier[-1]}" if listed else str(earlier[-1])
        out.append(
            f"Tal for {listed} stammer fra de tidligere statusmålinger. Spørgeskemaet er "
            "justeret fra år til år, så ikke alle spørgsmål kan sammenlignes over tid."
        )
    return out


def figure_spec(survey: Survey, key: str, rows: pd.DataFrame, year: int) -> FigureSpec:
    """What indicators.yaml says about figure `key` beyond the indicator table: the combined
    title, the summed groups, the headline phrases, and earlier wordings of the question."""
    ids = [str(i) for i in rows["indicator_id"].unique()]
    known = [survey.indicators[i] for i in ids if i in survey.indicators]
    if not known:
        return FigureSpec()
    ind = known[0]
    fmt = {"year": year, "next_year": year + 1}
    return FigureSpec(
        title=ind.figure_title if len(ids) > 1 or key != ind.id else None,
        sums=tuple(g.label for g in ind.groups if g.codes),
        headline={str(k): v.format(**fmt) for k, v in ind.headline.items()},
        # the survey model's one comparison of wordings (question, answers, and the row
        # where the figure is one row of a matrix), the same the narrative's notes use
        reworded=tuple(
            sorted(survey.reworded_years(ind.question, ind.item if len(ids) == 1 else None, year))
        )
        if ind.question
        else (),
    )


def default_published(meta: Mapping[str, Any], year: int) -> date:
    """The month after collection closed (first day of it); December of `year` without one."""
    end = meta.get("collection_end")
    if end:
        closed = date.fromisoformat(str(end)[:10])
        return date(closed.year + closed.month // 12, closed.month % 12 + 1, 1)
    return date(year, 12, 1)


def _figures_without_answers(
    survey: Survey, frame: pd.DataFrame, year: int, sections: Sequence[str], codebook_file: str
) -> list[Problem]:
    """A figure whose question no one answered this year (`figures_without_values`) leaves
    the report with a warning naming it, not in silence."""
    questions = {ind.id: ind.question for ind in survey.indicators}
    return [
        Problem(
            "report",
            "figure-no-data",
            f"figure {indicator_id!r} left out: no municipality answered question "
            f"{questions.get(indicator_id) or indicator_id!r} in {year}; check that the "
            "export has its column",
            file=codebook_file,
        )
        for indicator_id in figures_without_values(frame, year, sections)
    ]


def build_report_model(
    project: Project,
    year: int,
    *,
    published: date | None = None,
    chart_format: str = charts.DEFAULT_FORMAT,
    survey: Survey | None = None,
) -> dict[str, Any]:
    """Everything the national report shows for `year`, in reading order (see module doc).

    Publication month: `published`, else the report definition's `published:` for the year,
    else the month after collection closed; never the machine's clock, so the same inputs
    give the same report.
    """
    survey = survey or load_survey(project)
    definition: ReportDefinition = survey.report
    words = definition.texts
    frame = read_indicators(project, year)
    # The landkort maps: regional shares only (suppressed cells never drawn), see
    # pipeline/site/landkort.py; positions from the register.
    regional = frame[(frame["year"] == year) & (frame["breakdown"].astype("string") == "region")]
    unplaced = [m.name for m in survey.register if m.latitude is None or m.longitude is None]
    tiles = place_tiles(list(survey.register)) if len(regional) and not unplaced else []
    # The national report: no other regional breakdowns (those are for the extracts).
    frame = frame[(frame["year"] <= year) & (frame["breakdown"].astype("string") != "region")]
    meta = read_meta(project, year)
    taxonomy = taxonomy_entries(survey)
    questions = question_info(survey, year)
    quotes = list(survey.quotes_for(year))
    warnings: list[Problem] = []

    section_ids = definition.section_ids
    quotes_file = str(survey.quotes_path(year).relative_to(project.root))
    warnings += [
        Problem("report", "quote", w.removeprefix(quotes_file + ", "), file=quotes_file)
        for w in check_quotes(quotes, survey.register, sections=section_ids, source=quotes_file)
    ]
    if len(regional) and unplaced:
        warnings.append(
            Problem(
                "report",
                "landkort",
                "landkort left out: no latitude/longitude for "
                f"{len(unplaced)} municipalities (e.g. {unplaced[0]}); copy the columns from "
                "the bundled register",
                file="survey/municipalities.csv",
            )
        )
    book = survey.codebooks.get(year)
    codebook_file = str(
        (survey.folder / "questionnaires" / f"{year}.yaml").relative_to(project.root)
    )
    for ind in survey.indicators:
        asked_before = any(y < year for y in ind.years)
        if ind.question and book is not None and year not in ind.years and asked_before:
            what = "figure" if ind.figure else "indicator"
            warnings.append(
                Problem(
                    "report",
                    "question-missing",
                    f"{what} {ind.id!r} ({ind.section}) left out: question {ind.question!r} "
                    f"is not in the {year} codebook",
                    file=codebook_file,
                )
            )

    fmt = {"year": year, "next_year": year + 1}
    title = definition.title.format(**fmt)
    years = sorted(int(y) for y in frame["year"].unique())
    sections = []
    numbers = figure_numbers(frame, year, section_ids)
    warnings += _figures_without_answers(survey, frame, year, section_ids, codebook_file)
    style = FigureStyle(
        chart_format=chart_format,
        compare_years=definition.compare_years,
        unit=words.figure_unit,
        zero_note=words.zero_categories_note,
        texts=words,
        chart_style=definition.charts,
        comparability=definition.narrative.comparability,
        min_n=disclosure.min_denominator(survey.indicators.settings.suppression_threshold),
    )
    for info in definition.sections:
        section_rows = frame[frame["section"] == info.id]
        figures = []
        figure_observations, other_observations = [], []
        for key, group_rows in figure_groups(section_rows):
            qid = str(first_value(group_rows["question_id"], ""))
            question = questions.get(qid, {})
            item_labels = {
                item: definition.charts.label(label)
                for item, label in question.get("rows", {}).items()
            }
            kind = str(first_value(group_rows["kind"], ""))
            number = numbers.get(str(first_value(group_rows["indicator_id"], "")))
            wants_figure = number is not None
            if kind != "participation":
                for _, rows in group_rows.groupby("indicator_id", sort=False):
                    observations = _observations(
                        rows,
                        year,
                        item_labels,
                        definition,
                        **_comparison(survey, rows, year, definition.compare_years),
                    )
                    (figure_observations if wants_figure else other_observations).append(
                        observations
                    )
            if not wants_figure:
                continue
            figure = build_figure(
                group_rows,
                year,
                number,
                item_labels,
                sort=sorts_by_size(kind, question.get("type")),
                style=style,
                spec=figure_spec(survey, key, group_rows, year),
            )
            if figure is not None:
                figures.append(figure)
        maps = regional_map_figures(
            regional[regional["section"] == info.id],
            year,
            list(survey.register),
            tiles,
            threshold=survey.indicators.settings.suppression_threshold,
            start=sum(len(s["maps"]) for s in sections) + 1,
            unit=words.figure_unit,
        )
        paragraphs = []
        if info.participation:
            paragraphs += _participation(frame, meta, year)
        paragraphs += narrative.section_sentences(figure_observations + other_observations)
        top = _top_n(section_rows, year, definition)
        if top is not None and top["sentence"]:
            paragraphs.insert(0, top["sentence"])
        section_quotes = [q for q in quotes if q.section == info.id]
        if not (figures or maps or paragraphs or top or section_quotes):
            continue
        sections.append(
            {
                "id": info.id,
                "placement": info.placement,
                "anchor": f"afsnit-{info.id.replace('_', '-')}",
                "title": info.title,
                "intro": info.intro.format(**fmt),
                "focus": info.focus.format(**fmt) if info.focus else None,
                "narrative": paragraphs,
                "figures": figures,
                "maps": maps,
                "top": top,
                "quotes": [_quote(q) for q in section_quotes],
            }
        )

    loose_quotes = [_quote(q) for q in quotes if q.section not in section_ids]
    accepted = _int(meta.get("accepted"))
    invited = _int(meta.get("invited")) or 98
    published = published or definition.published_month(year) or default_published(meta, year)
    n_questions = book.n_questions() if book is not None else _int(meta.get("n_questions"))
    model = {
        "year": year,
        "next_year": year + 1,
        "title": title,
        "subtitle": definition.subtitle.format(**fmt),
        "author": definition.author,
        "publisher": definition.publisher,
        "lang": "da",
        "description": definition.description.format(**fmt),
        "published": published,
        "contents_title": words.contents_title,
        "meta": {
            "accepted": accepted,
            "invited": invited,
            "n_questions": n_questions,
            "collection_start": meta.get("collection_start"),
            "collection_end": meta.get("collection_end"),
        },
        "purpose": {
            "title": definition.purpose.title,
            "paragraphs": [p.format(**fmt) for p in definition.purpose.paragraphs],
            "focus_intro": definition.purpose.focus_intro.format(**fmt),
            "focus": [
                {"title": s["title"], "text": s["focus"], "anchor": s["anchor"]}
                for s in sections
                if s["focus"]
            ],
            "anchor": "formaal",
        },
        "overview": {
            "title": words.overview_title,
            "intro": words.overview_intro.format(count=len(taxonomy)),
            "categories": taxonomy,
            "anchor": "teknologioverblik",
        }
        if taxonomy
        else None,
        "sections": sections,
        "quotes": {
            "title": words.quotes_title,
            "intro": words.quotes_intro,
            "items": loose_quotes,
            "anchor": "citater",
        }
        if loose_quotes
        else None,
        "method": {
            "title": words.method_title,
            "paragraphs": method_paragraphs(
                {**meta, "n_questions": n_questions},
                year,
                years,
                len(taxonomy),
                _code_lists_of(survey, year),
            ),
            "anchor": "om-undersoegelsen",
        },
        "figures": [f for s in sections for f in s["figures"]],
        "maps": [m for s in sections for m in s["maps"]],
        "warnings": warnings,
    }
    model["toc"] = _toc(model)
    # the analysts' own sections (survey/<year>/sections/) and their contents entries
    editorial.add_to_model(model, survey.sections_for(year), section_ids)
    return model


def _quote(quote: Quote) -> dict[str, str]:
    return {"text": quote.text, "attribution": quote.attribution, "section": quote.section}


def _toc(model: Mapping[str, Any]) -> list[dict[str, str]]:
    entries = [{"title": model["purpose"]["title"], "anchor": model["purpose"]["anchor"]}]
    if model["overview"]:
        entries.append({"title": model["overview"]["title"], "anchor": model["overview"]["anchor"]})
    entries += [
        {"title": s["title"], "anchor": s["anchor"]}
        for s in model["sections"]
        if s.get("placement", "chapter") == "chapter"
    ]
    if model["quotes"]:
        entries.append({"title": model["quotes"]["title"], "anchor": model["quotes"]["anchor"]})
    entries.append({"title": model["method"]["title"], "anchor": model["method"]["anchor"]})
    return entries
