"""The adoption map (landkort): what each tile shows, and the tile map as SVG.

Two kinds of layer, for KL's privacy rule ("no published figure lets a reader learn about
fewer than 5 other municipalities; an extract carries only its own answers"):

- `municipal_layers`: each municipality's own status (a screen-visit status row, a coded
  technology category named or not). Individual answers, so **internal edition only**. Read
  off the same computed cells as the extracts and the indicators (`pipeline.indicators`), so
  the map cannot disagree with the figures.
- `regional_layers`: every tile coloured by its *region's* share, from the region rows of
  indicators.parquet with their `suppressed` flag (a suppressed region is drawn as "not
  shown"). This reveals nothing the regional figures do not, so it is the form used in the
  public web edition and in the PDF report.

`tile_map_svg` draws either kind: one equal square per municipality (placed by
`pipeline.site.tiles`), the status as fill *and* pattern (or, for the ordered share bands,
clearly different lightness), so the legend reads in greyscale; a `<title>` per tile, and a
legend inside the SVG so the PDF image carries it too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pandas as pd

from pipeline import disclosure
from pipeline.formatting import fmt_pct
from pipeline.municipalities import Municipality
from pipeline.site.tiles import Tile, grid_size

NOT_ANSWERED = "Ikke besvaret"
NOT_COUNTED = "Svaret indgår ikke"
NAMED, NOT_NAMED = "Nævnt", "Ikke nævnt"
SUPPRESSED = "Ikke vist (for få kommuner)"

DARK, MID, LIGHT, PALE = "#1f4e79", "#5b8fc7", "#b7d0ea", "#e4edf7"
GREY = "#c8c8c8"
INK = "#1a1a1a"
#: Styles for the substantive answers, in answer order: fill, pattern drawn over it.
ANSWER_STYLES = (
    {"fill": DARK, "pattern": None},
    {"fill": LIGHT, "pattern": "hatch"},
    {"fill": PALE, "pattern": "cross"},
    {"fill": "#ffffff", "pattern": "dots"},
    {"fill": MID, "pattern": None},
)
NEUTRAL_STYLE = {"fill": GREY, "pattern": None}
NOT_COUNTED_STYLE = {"fill": "#ffffff", "pattern": "dash"}
MISSING_STYLE = {"fill": "#ffffff", "pattern": None, "dashed": True}
#: Share bands of the regional map: lower bound (pct.), fill; lightness rises monotonically.
BANDS = ((0, "#f2f6fb"), (20, "#c6d8ee"), (40, "#8fb3dd"), (60, "#4f7fb8"), (80, DARK))

CELL = 34
GAP = 3
LEGEND_ROW = 22


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    style: Mapping[str, Any]


@dataclass
class Layer:
    """One map: a status per municipality code, the statuses in legend order."""

    id: str
    title: str
    question: str
    kind: str  # "municipal" or "regional"
    statuses: list[Status]
    values: dict[str, str]  # municipality code -> status key
    note: str = ""
    group: str = ""  # what the layer chooser groups it under
    regions: dict[str, str] = field(default_factory=dict)  # regional: region -> share text
    #: regional: the municipalities behind the shares the map shows (its caption's n)
    n: int = 0

    def counts(self) -> dict[str, int]:
        out = {s.key: 0 for s in self.statuses}
        for key in self.values.values():
            out[key] = out.get(key, 0) + 1
        return out

    def label(self, code: str) -> str:
        key = self.values.get(code)
        return next((s.label for s in self.statuses if s.key == key), NOT_ANSWERED)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- municipal layers


def _fallback(res: Any, code: str) -> str:
    return "not-counted" if code in res.answers else "missing"


def _question_title(ind: Any) -> str:
    """The indicator's title without its matrix row ("Status for skærmbesøg"), so the rows
    of one question are listed together."""
    title = str(ind.title)
    if ind.item_label:
        title = title.replace(str(ind.item_label), "")
    return title.strip().rstrip(":").strip() or str(ind.title)


def _option_layer(
    res: Any, register: Sequence[Municipality], neutral: tuple[str, ...]
) -> Layer | None:
    ind = res.indicator
    option_keys = [str(c) for c in ind.options]
    cells = [c for c in res.cells if c.key in option_keys]
    if not cells:
        return None
    statuses, styles = [], iter(ANSWER_STYLES)
    for cell in cells:
        grey = bool(neutral) and cell.label.startswith(neutral)
        style = NEUTRAL_STYLE if grey else next(styles, ANSWER_STYLES[-1])
        statuses.append(Status(cell.key, cell.label, style))
    statuses += [
        Status("not-counted", NOT_COUNTED, NOT_COUNTED_STYLE),
        Status("missing", NOT_ANSWERED, MISSING_STYLE),
    ]
    values = {}
    for m in register:
        hit = next((c.key for c in cells if m.code in c.num), None)
        values[m.code] = hit or _fallback(res, m.code)
    return Layer(
        id=_slug(ind.id),
        title=ind.title,
        question=ind.question or "",
        kind="municipal",
        statuses=_used(statuses, values),
        values=values,
        group=_question_title(ind),
    )


def _category_layers(res: Any, register: Sequence[Municipality], labels: Mapping[str, str]):
    ind = res.indicator
    for cell in res.cells:
        if not cell.shown or not cell.num or cell.key not in ind.categories:
            continue
        values = {}
        for m in register:
            if m.code in cell.num:
                values[m.code] = "named"
            elif m.code in cell.den:
                values[m.code] = "not-named"
            else:
                values[m.code] = _fallback(res, m.code)
        statuses = [
            Status("named", NAMED, ANSWER_STYLES[0]),
            Status("not-named", NOT_NAMED, NEUTRAL_STYLE),
            Status("not-counted", "Svar uden indhold", NOT_COUNTED_STYLE),
            Status("missing", NOT_ANSWERED, MISSING_STYLE),
        ]
        label = labels.get(cell.key, cell.label)
        yield Layer(
            id=_slug(f"{ind.id}-{cell.key}"),
            title=f"{label}: {ind.title}",
            question=ind.question or "",
            kind="municipal",
            statuses=_used(statuses, values),
            values=values,
            note="Kodet fra fritekstsvar; et svar kan nævne flere kategorier.",
            group=ind.title,
        )


def _used(statuses: list[Status], values: Mapping[str, str]) -> list[Status]:
    """The legend: every answer option, and the two kinds of missing answer only when used."""
    present = set(values.values())
    return [s for s in statuses if s.key not in ("not-counted", "missing") or s.key in present]


def municipal_layers(
    results: Iterable[Any],
    year: int,
    register: Sequence[Municipality],
    category_labels: Mapping[str, str],
    *,
    neutral_answers: Sequence[str],
) -> list[Layer]:
    """Per-municipality layers for `year`: single-answer status rows (matrix questions) and
    the coded technology categories someone named. Internal edition only (module doc).

    `neutral_answers`: answers drawn grey rather than blue, as in the report's stacked charts
    (report.yaml `charts.neutral_answers`, through the survey model)."""
    neutral = tuple(neutral_answers)
    layers: list[Layer] = []
    for res in results:
        ind = res.indicator
        if res.year != year or ind.breakdown == "region":
            continue
        if ind.kind == "matrix_share" and ind.breakdown == "options":
            layer = _option_layer(res, register, neutral)
            if layer is not None:
                layers.append(layer)
        elif ind.kind == "category_share":
            layers.extend(_category_layers(res, register, category_labels))
    return layers


# --------------------------------------------------------------------------- regional layers


def band(pct: int) -> int:
    """Index into BANDS of a whole percent."""
    return max(i for i, (low, _) in enumerate(BANDS) if pct >= low)


def _band_label(i: int) -> str:
    low = BANDS[i][0]
    high = BANDS[i + 1][0] - 1 if i + 1 < len(BANDS) else 100
    return f"{low}–{high} pct."


def regional_layers(
    frame: pd.DataFrame, year: int, register: Sequence[Municipality], threshold: int
) -> list[Layer]:
    """Tiles coloured by their region's share, one layer per region-breakdown indicator that
    is not the participation count. Suppressed cells are never printed: those regions are
    drawn as `SUPPRESSED` and their share is not in the layer at all.

    One rule, one computation: the indicators stage's `suppressed` flags (`pipeline.disclosure`:
    a share rests on at least `threshold` municipalities besides a reader's own, and the hidden
    regions together on none or more than `threshold`), the same cells indicators.csv, the
    workbook and the extracts show. Re-applying the rule here without the hidden regions'
    sizes took them for unknown and hid a third region the workbook showed; a table not from
    the stage is re-checked as the workbook's is (`disclosure.enforce_on_table`). A published
    map thus never tells a municipality about fewer than `threshold` others."""
    rows = frame[
        (frame["breakdown"].astype("string") == "region")
        & (frame["year"] == year)
        & (frame["kind"].astype("string") != "participation")
    ]
    rows = disclosure.enforce_on_table(rows, threshold)
    layers = []
    for indicator_id, part in rows.groupby("indicator_id", sort=False):
        cells: dict[str, dict[Any, tuple[int | None, int | None]]] = {}
        for r in part.itertuples():
            hidden = bool(r.suppressed) or pd.isna(r.share_pct) or pd.isna(r.denominator)
            value = (None, None) if hidden else (int(r.share_pct), int(r.denominator))
            cells[str(r.group)] = {indicator_id: value}
        shown = {g: c[indicator_id][0] for g, c in cells.items() if c[indicator_id][0] is not None}
        n = {g: c[indicator_id][1] for g, c in cells.items() if c[indicator_id][1] is not None}
        if not shown:
            continue
        statuses = [
            Status(f"band-{i}", _band_label(i), {"fill": c, "pattern": None})
            for i, (_, c) in enumerate(BANDS)
        ]
        statuses.append(Status("suppressed", SUPPRESSED, MISSING_STYLE))
        values = {
            m.code: f"band-{band(shown[m.region])}" if m.region in shown else "suppressed"
            for m in register
        }
        title = (
            str(part["title"].dropna().iloc[0])
            if part["title"].notna().any()
            else str(indicator_id)
        )
        regions = {
            region: (f"{fmt_pct(shown[region])} (n={n[region]})" if region in shown else SUPPRESSED)
            for region in dict.fromkeys(str(g) for g in part["group"])
        }
        layers.append(
            Layer(
                id=_slug(str(indicator_id)),
                title=title,
                question=str(part["question_id"].dropna().iloc[0])
                if part["question_id"].notna().any()
                else "",
                kind="regional",
                statuses=[
                    s for s in statuses if s.key != "suppressed" or "suppressed" in values.values()
                ],
                values=values,
                note=(
                    "Hver kommune er farvet efter sin regions andel; kortet viser ikke den "
                    "enkelte kommunes svar."
                ),
                regions=regions,
                n=sum(n[g] for g in shown),
            )
        )
    return layers


# --------------------------------------------------------------------------- alt text


def alt_text(layer: Layer) -> str:
    """What a screen reader hears instead of the map (the table beside it has every tile)."""
    if layer.kind == "regional":
        parts = "; ".join(f"{region} {text}" for region, text in layer.regions.items())
        return f"Landkort over Danmarks 98 kommuner, hver farvet efter sin regions andel: {parts}."
    counts = layer.counts()
    parts = ", ".join(f"{s.label} {counts.get(s.key, 0)}" for s in layer.statuses)
    return f"Landkort over Danmarks {len(layer.values)} kommuner. Antal kommuner: {parts}."


# --------------------------------------------------------------------------- SVG


def _pattern(pid: str, kind: str, fill: str) -> str:
    size = 6
    inner = {
        "hatch": f'<path d="M0,{size} L{size},0 M-1,1 L1,-1 M{size - 1},{size + 1} '
        f'L{size + 1},{size - 1}" stroke="{DARK}" stroke-width="1.3"/>',
        "cross": f'<path d="M0,0 L{size},{size} M0,{size} L{size},0" stroke="{DARK}" '
        'stroke-width="0.9"/>',
        "dots": f'<circle cx="3" cy="3" r="1.3" fill="{DARK}"/>',
        "dash": f'<path d="M0,3 L3,3" stroke="{INK}" stroke-width="0.9"/>',
    }[kind]
    return (
        f'<pattern id="{pid}" width="{size}" height="{size}" patternUnits="userSpaceOnUse">'
        f'<rect width="{size}" height="{size}" fill="{fill}"/>{inner}</pattern>'
    )


def _fill(style: Mapping[str, Any], pid: str) -> str:
    return f"url(#{pid})" if style.get("pattern") else str(style["fill"])


def _tile_rect(x: float, y: float, w: float, style: Mapping[str, Any], fill: str) -> str:
    dashed = ' stroke-dasharray="3 2"' if style.get("dashed") else ""
    return (
        f'<rect x="{x}" y="{y}" width="{w}" height="{w}" rx="3" fill="{fill}" '
        f'stroke="#5a5a5a" stroke-width="0.8"{dashed}/>'
    )


def _label(x: float, y: float, text: str) -> str:
    """Dark text on a white halo, readable on every fill and pattern. Drawn as two texts
    (halo, then ink) rather than with `paint-order`, which WeasyPrint ignores."""
    common = f'x="{x}" y="{y}" text-anchor="middle" font-weight="bold"'
    return (
        f'<text {common} aria-hidden="true" fill="#ffffff" stroke="#ffffff" stroke-width="3" '
        f'stroke-linejoin="round">{escape(text)}</text><text {common}>{escape(text)}</text>'
    )


def tile_map_svg(layer: Layer, tiles: Sequence[Tile], *, map_id: str, title: str) -> str:
    """The map as a standalone `<svg>` element (inline in HTML, or a data: URI in the PDF).

    Ids are prefixed with `map_id`, so several maps can share one page. Each tile is a `<g>`
    with data-code/-name/-region/-status for the page's optional filter script.
    """
    columns, rows = grid_size(tiles)
    step = CELL + GAP
    width = max(columns * step + GAP, 360)
    legend_cols = 2
    legend_rows = math.ceil(len(layer.statuses) / legend_cols)
    map_h = rows * step + GAP
    height = map_h + 12 + legend_rows * LEGEND_ROW + 6
    pids = {s.key: f"{map_id}-p-{i}" for i, s in enumerate(layer.statuses)}
    styles = {s.key: s.style for s in layer.statuses}
    defs = "".join(
        _pattern(pids[s.key], s.style["pattern"], s.style["fill"])
        for s in layer.statuses
        if s.style.get("pattern")
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="tilemap" id="{map_id}" '
        f'aria-labelledby="{map_id}-title {map_id}-desc">',
        f'<title id="{map_id}-title">{escape(title)}</title>',
        f'<desc id="{map_id}-desc">{escape(alt_text(layer))}</desc>',
        f"<defs>{defs}</defs>",
        f'<g font-family="DejaVu Sans, Verdana, sans-serif" font-size="10.5" fill="{INK}">',
    ]
    for t in tiles:
        key = layer.values.get(t.code, "missing")
        style = styles.get(key, MISSING_STYLE)
        x, y = GAP + t.column * step, GAP + t.row * step
        label = f"{t.name} ({t.region}): {layer.label(t.code)}"
        out.append(
            f'<g class="tile" data-code="{t.code}" data-name={quoteattr(t.name)} '
            f"data-region={quoteattr(t.region)} data-status={quoteattr(key)}>"
            f"<title>{escape(label)}</title>"
            + _tile_rect(x, y, CELL, style, _fill(style, pids.get(key, "")))
            + _label(x + CELL / 2, y + CELL / 2 + 4, t.abbreviation)
            + "</g>"
        )
    col_w = (width - 2 * GAP) / legend_cols
    for i, s in enumerate(layer.statuses):
        lx = GAP + (i % legend_cols) * col_w
        ly = map_h + 12 + (i // legend_cols) * LEGEND_ROW
        out.append(
            '<g class="legend-item">'
            + _tile_rect(lx, ly, 14, s.style, _fill(s.style, pids[s.key]))
            + f'<text x="{lx + 20}" y="{ly + 12}" font-size="13">{escape(s.label)}</text></g>'
        )
    out.append("</g></svg>")
    return "".join(out)


def table_rows(layer: Layer, register: Sequence[Municipality]) -> list[dict[str, str]]:
    """The table alternative: one row per municipality (municipal) or per region (regional)."""
    if layer.kind == "regional":
        return [{"region": r, "value": v} for r, v in layer.regions.items()]
    return [
        {
            "code": m.code,
            "name": m.name,
            "region": m.region,
            "status": layer.values.get(m.code, "missing"),
            "value": layer.label(m.code),
        }
        for m in sorted(register, key=lambda m: m.name)
    ]


# --------------------------------------------------------------------------- the report's figure

#: The map's width in the PDF (mm): narrower than the 160 mm text column, so a map with its
#: caption and note fits on the page below a chart instead of leaving half a page blank
#: (and `pipeline.report.layout` draws it smaller still where it would not fit).
REPORT_WIDTH_MM = 100.0


def svg_size(svg: str) -> tuple[float, float]:
    """(width, height) of a `tile_map_svg` in its own units."""
    m = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if not m:
        raise ValueError("not a tile map SVG")
    return float(m.group(1)), float(m.group(2))


def regional_map_figures(
    section_rows: pd.DataFrame,
    year: int,
    register: Sequence[Municipality],
    tiles: Sequence[Tile],
    *,
    threshold: int,
    start: int = 1,
    unit: str = "",
) -> list[dict[str, Any]]:
    """The landkort figures of one report section: one per region-breakdown indicator.

    Numbered "Kort 1, 2, ..." on their own, so the report's "Figur N" stays the same figure
    as in the committees' workbook. Shaped like a report figure (caption, image with alt
    text, note), so the report template lays it out with its figure macro; `layer` and
    `svg` are for the web edition, which inlines the same SVG.
    """
    import base64

    out: list[dict[str, Any]] = []
    if not tiles:  # no positions in the register: the report model warns and leaves it out
        return out
    for i, layer in enumerate(regional_layers(section_rows, year, register, threshold)):
        number = start + i
        map_id = f"kort-{number}"
        # the regions the map shows, one denominator each (two regions of one size both count)
        ns = [layer.n] if layer.n else []
        title = layer.title
        if "region" not in title.lower():
            title = f"{title}, fordelt på region"
        svg = tile_map_svg(layer, tiles, map_id=map_id, title=title)
        w, h = svg_size(svg)
        n_text = f"n={sum(ns)}" if ns else ""
        caption = f"Kort {number}: {title}." + (f" {unit}" if unit else "")
        caption = f"{caption} {n_text}".strip()
        out.append(
            {
                "number": number,
                "id": map_id,
                "title": title,
                "caption": caption,
                "n_text": n_text,
                "note": f"{layer.note} "
                + "; ".join(f"{region}: {text}" for region, text in layer.regions.items())
                + ".",
                "alt": alt_text(layer),
                "image": {
                    "uri": "data:image/svg+xml;base64,"
                    + base64.b64encode(svg.encode("utf-8")).decode("ascii"),
                    "mime": "image/svg+xml",
                    "alt": alt_text(layer),
                    "width_mm": REPORT_WIDTH_MM,
                    "height_mm": round(REPORT_WIDTH_MM * h / w, 1),
                },
                "table": {
                    "columns": ["Region", "Andel"],
                    "rows": [[r, v] for r, v in layer.regions.items()],
                },
                "layout": "landkort",
                "svg": svg,
                "layer": layer,
            }
        )
    return out
