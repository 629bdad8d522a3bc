"""Charts in KL's house style, returned as bytes with alt text.

Every chart is drawn inside `chart_context`, the one place that sets the style: it draws on an
explicit Agg canvas (a `matplotlib.figure.Figure`, never pyplot, so no GUI backend is ever
touched and no figure is left registered), applies the house rcParams and restores them on
exit, and always clears the figure, also on error.

Charts are a fixed 160 mm wide (the report's text column) and as tall as their bars need, so
they are embedded at their natural size and 8.5 pt chart text prints as 8.5 pt, except where
the report's layout fit (`pipeline.report.layout`) draws a figure smaller to save a page: at
its floor of 80 % the 8.5 pt labels print at 6.8 pt and the 7.5 pt ones at 6.0 pt.
The default output is SVG with text as text (`svg.fonttype: none`): the PDF stays vector, the
labels are selectable and searchable, and a screen reader or `pdftotext` finds them. PNG
(200 dpi) is the alternative for callers that need a bitmap.

Values are whole percents (the indicators' `share_pct`, rounded half up), so a bar label,
the alt text, the caption and the narrative always print the same number. `None` is a
missing or suppressed value: no bar, label "–".

Colours are a blue ramp of clearly different lightness (dark, mid, light with a dark outline),
so series stay apart in greyscale print without hatching: WeasyPrint draws SVG hatch patterns
as tiles with visible seams. Summed groups ("I drift, under afprøvning eller implementering")
are never drawn as a segment of the statuses they add up: `stacked_chart` puts them in a panel
of their own, in a different ink, so nobody adds past 100 pct.
"""

from __future__ import annotations

import base64
import contextlib
import io
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import matplotlib
import matplotlib.colors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from pipeline.formatting import MISSING, fmt_pct, round_half_up

#: "svg" (vector, text as text) or "png" (200 dpi). Measured on the 12-page 2019 demo report
#: (12 figures, 2 maps; WeasyPrint 70, warm): SVG 1.6 s model + 1.3 s render, 296 kB; PNG
#: 1.8 s + 1.2 s, 780 kB. About the same time, a third of the size, and sharp at any zoom.
DEFAULT_FORMAT = "svg"
PNG_DPI = 200

MM = 1 / 25.4
WIDTH_IN = 160 * MM
#: Height per bar (inches) and per extra wrapped label line; plus fixed space for margins.
BAR_IN = 0.22
GROUP_BAR_IN = 0.13
GROUP_GAP_IN = 0.10
LINE_IN = 0.13
BASE_IN = 0.2
LEGEND_IN = 0.3
#: Category labels longer than this are wrapped onto more lines (never clipped).
WRAP_CHARS = 36
#: The axis runs to this (pct.) so the value label of a 100 pct. bar still fits.
XMAX = 112

_SHORT_PARENS = re.compile(r"\([^()]{1,14}\)")

INK = "#1a1a1a"
GRID = "#d0d0d0"
BLUE = "#1f4e79"
#: Dark -> light, clearly apart in lightness (greyscale luminance about 0.29 / 0.53 / 0.78 /
#: 0.92); the last series (the newest year) gets the darkest colour.
RAMP = ("#1f4e79", "#5b8fc7", "#b7d0ea", "#e4edf7")
#: The stacked charts' lightness scale (segment_colours spreads the segments along it: five
#: segments are about 0.16, 0.31, 0.45, 0.69 and 0.93 in greyscale).
STACK_DARK = "#0f2d52"
STACK_MID = "#3f7cc4"
STACK_LIGHT = "#e6eef8"
OUTLINE = "#9a9a9a"
#: Ink of the summed-groups panel: not blue, so a sum never reads as one more status.
SUM_INK = "#595959"
#: Summed-group panel headings wrap at this many characters (the panels are narrow).
SUM_WRAP = 15

HOUSE_RC: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.bottom": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "ytick.major.size": 0,
    "ytick.major.pad": 4,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "figure.dpi": 100,
    "savefig.dpi": PNG_DPI,
    "savefig.transparent": False,
    "savefig.facecolor": "white",
    "svg.fonttype": "none",  # text stays text: selectable in the PDF, read by screen readers
    "svg.hashsalt": "statusmaaling",  # stable ids: same chart, same bytes
    "figure.constrained_layout.h_pad": 0.02,
    "figure.constrained_layout.w_pad": 0.02,
}


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the image bytes, their MIME type, alt text and printed size."""

    data: bytes
    mime: str
    alt: str
    width_mm: float
    height_mm: float

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@contextlib.contextmanager
def chart_context(height_in: float, width_in: float = WIDTH_IN) -> Iterator[Figure]:
    """Yield a house-style figure on an Agg canvas; restore rcParams and clear it afterwards."""
    with matplotlib.rc_context(HOUSE_RC):
        fig = Figure(figsize=(width_in, height_in), layout="constrained")
        FigureCanvasAgg(fig)
        try:
            yield fig
        finally:
            fig.clear()


def _save(fig: Figure, fmt: str) -> tuple[bytes, str]:
    """The figure as bytes; call inside `chart_context` (the rcParams apply when saving)."""
    buffer = io.BytesIO()
    if fmt == "svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        return buffer.getvalue(), "image/svg+xml"
    if fmt == "png":
        fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
        return buffer.getvalue(), "image/png"
    raise ValueError(f"unknown chart format {fmt!r}; use 'svg' or 'png'")


def _chart(fig: Figure, fmt: str, alt: str) -> Chart:
    data, mime = _save(fig, fmt)
    width, height = fig.get_size_inches()
    return Chart(data, mime, alt, round(width * 25.4, 1), round(height * 25.4, 1))


def wrap_label(label: str, width: int = WRAP_CHARS) -> str:
    """Wrap a category label onto lines of at most `width` characters (words kept whole).

    A short parenthesis such as "(SUL §140)" is kept on one line (its spaces become
    no-break spaces, which `textwrap` does not split on). A slash is a break opportunity
    ("Selvmonitorering/" + "motivationsteknologi"); a single word longer than `width` stays
    whole rather than being cut mid-word.
    """
    text = _SHORT_PARENS.sub(lambda m: m.group(0).replace(" ", "\u00a0"), str(label))
    text = text.replace("/", "/\x1f ")  # "\x1f " marks a break allowed after a slash
    lines = textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)
    lines = [line.replace("\x1f ", "").replace("\x1f", "") for line in lines]
    return "\n".join(lines) or str(label)


def _lines(label: str, width: int = WRAP_CHARS) -> int:
    return wrap_label(label, width).count("\n") + 1


def _value_text(value: int | None) -> str:
    return MISSING if value is None else str(value)


def _alt_value(value: int | None) -> str:
    return "ikke opgjort" if value is None else fmt_pct(int(value))


def _join_da(items: Sequence[str]) -> str:
    """ "a, b og c" """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _style_axis(ax, ymax: float) -> None:
    ax.set_xlim(0, XMAX)
    ax.set_ylim(ymax, -0.5 if ymax > 0 else 0)  # first category at the top
    ax.xaxis.set_visible(False)
    ax.spines["left"].set_color(GRID)
    ax.tick_params(axis="y", length=0)


def _label_bars(ax, bars, values: Sequence[int | None], fontsize: float) -> None:
    for bar, value in zip(bars, values, strict=True):
        x = 0 if value is None else bar.get_width()
        ax.annotate(
            _value_text(value),
            (x, bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=fontsize,
        )


def hbar_chart(
    labels: Sequence[str],
    values: Sequence[int | None],
    *,
    sort: bool = True,
    fmt: str = DEFAULT_FORMAT,
) -> Chart:
    """Horizontal bars, one per category, largest first; values are whole percents.

    Alt text: "Vandret søjlediagram: Hygiejneteknologi 63 pct., Mobilitetsteknologi 57 pct.".
    """
    if len(labels) != len(values):
        raise ValueError(f"{len(labels)} labels but {len(values)} values")
    pairs = list(zip(labels, values, strict=True))
    if sort:
        pairs.sort(key=lambda p: -1 if p[1] is None else p[1], reverse=True)
    labels = [p[0] for p in pairs]
    values = [p[1] for p in pairs]
    extra_lines = sum(_lines(label) - 1 for label in labels)
    height = BASE_IN + BAR_IN * max(len(labels), 1) + LINE_IN * extra_lines
    alt = "Vandret søjlediagram: " + ", ".join(
        f"{label} {_alt_value(value)}" for label, value in pairs
    )
    with chart_context(height) as fig:
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.barh(
            positions,
            [0 if v is None else v for v in values],
            height=0.68,
            color=BLUE,
        )
        ax.set_yticks(positions, [wrap_label(label) for label in labels])
        _style_axis(ax, len(labels) - 0.5)
        _label_bars(ax, bars, values, 8.5)
        return _chart(fig, fmt, alt)


def series_styles(keys: Sequence[str | int]) -> dict[str | int, str]:
    """Fill colour per series: the last (the newest year) darkest, the others lighter."""
    k = len(keys)
    ramp = RAMP if k > 2 else (RAMP[0], RAMP[2])  # two series: dark and light, far apart
    return {key: ramp[k - 1 - i] for i, key in enumerate(keys)}


def grouped_chart(
    labels: Sequence[str],
    series: Mapping[str | int, Sequence[int | None]],
    *,
    series_n: Mapping[str | int, int] | None = None,
    fmt: str = DEFAULT_FORMAT,
) -> Chart:
    """Horizontal bars grouped by category, one bar per series (years, or e.g. diseases).

    Series are drawn top-down in the mapping's order, the last (the newest year) darkest; every
    bar has a dark outline so the lightest stays visible. The legend names each series with its
    n ("2019 (n=91)"). Alt text: "Grupperet søjlediagram for 2017, 2018 og 2019: Genoptræning
    (SUL §140): 2017 40 pct., 2018 47 pct., 2019 62 pct.; ...".
    """
    keys = list(series)
    if not keys:
        raise ValueError("no series to draw")
    if len(keys) > len(RAMP):
        raise ValueError(f"at most {len(RAMP)} series fit the house palette, got {len(keys)}")
    for key in keys:
        if len(series[key]) != len(labels):
            raise ValueError(f"series {key}: {len(series[key])} values for {len(labels)} labels")
    k = len(keys)
    colours = series_styles(keys)
    group_in = GROUP_BAR_IN * k + GROUP_GAP_IN
    extra_lines = sum(max(_lines(label) - k, 0) for label in labels)
    height = BASE_IN + LEGEND_IN + group_in * max(len(labels), 1) + LINE_IN * extra_lines
    parts = []
    for i, label in enumerate(labels):
        values = ", ".join(f"{key} {_alt_value(series[key][i])}" for key in keys)
        parts.append(f"{label}: {values}")
    alt = f"Grupperet søjlediagram for {_join_da([str(k_) for k_ in keys])}: " + "; ".join(parts)

    with chart_context(height) as fig:
        ax = fig.add_subplot()
        step = 1.0 / (k + GROUP_GAP_IN / GROUP_BAR_IN)
        handles = []
        for j, key in enumerate(keys):
            colour = colours[key]
            offsets = [i + (j - (k - 1) / 2) * step for i in range(len(labels))]
            values = list(series[key])
            bars = ax.barh(
                offsets,
                [0 if v is None else v for v in values],
                height=step * 0.9,
                color=colour,
                edgecolor=BLUE,
                linewidth=0.4,
            )
            _label_bars(ax, bars, values, 7.5)
            n = (series_n or {}).get(key)
            legend_label = f"{key} (n={n})" if n is not None else str(key)
            handles.append(
                Patch(facecolor=colour, edgecolor=BLUE, linewidth=0.4, label=legend_label)
            )
        ax.set_yticks(range(len(labels)), [wrap_label(label) for label in labels])
        _style_axis(ax, len(labels) - 0.5)
        fig.legend(handles=handles, loc="outside lower center", ncols=k, handlelength=1.6)
        return _chart(fig, fmt, alt)


@dataclass(frozen=True)
class StackedRow:
    """One 100 pct. bar of a stacked chart.

    `label` is printed beside the bar (e.g. "2019 (n=71)"), `heading` groups consecutive bars
    under a bold line (e.g. the area, "Hjemmeplejen"); `values` are percents per segment (may
    be unrounded); `sums` whole percents per summed group, shown in their own panel.
    """

    label: str
    values: Sequence[float | None]
    heading: str | None = None
    sums: Sequence[int | None] = ()
    alt_label: str | None = None


def stacked_chart(
    rows: Sequence[str] | Sequence[StackedRow],
    segments: Sequence[str],
    values: Sequence[Sequence[float | None]] | None = None,
    *,
    neutral: Sequence[str] = (),
    sums: Sequence[str] = (),
    fmt: str = DEFAULT_FORMAT,
) -> Chart:
    """One 100 pct. bar per row, split into segments (e.g. status per area), legend below.

    Rows are labels with `values[r][s]` the percent of row r answering segment s, or
    `StackedRow`s (then `values` is left out) which may carry a heading and summed groups.
    Bars are drawn from the unrounded values, so a row always ends at 100 even when its
    rounded labels add up to 99 or 101; labels and alt text show the half-up whole percent.
    Segments named in `neutral` ("Nej", "Ved ikke") are grey; the others take the blue ramp
    from dark to light. `sums` names the summed groups: each gets a narrow panel of its own to
    the right, grey bars with their value, headed by the group's name, so a sum is never read
    as one more segment. Alt text: "Stablet søjlediagram: Handicapområdet: I drift 20 pct.,
    Nej 30 pct.; ... Samlet: ...".
    """
    if values is not None:
        if len(values) != len(rows):
            raise ValueError("values must be one list per row with one value per segment")
        rows = [StackedRow(str(r), v) for r, v in zip(rows, values, strict=True)]
    stacked = [r if isinstance(r, StackedRow) else StackedRow(str(r), ()) for r in rows]
    if any(len(r.values) != len(segments) for r in stacked):
        raise ValueError("values must be one list per row with one value per segment")
    if sums and any(len(r.sums) != len(sums) for r in stacked):
        raise ValueError("every row needs one value per summed group")
    colours = segment_colours(segments, neutral)

    # y positions: a heading line above each new heading, then its bars
    ticks: list[tuple[float, str, bool]] = []  # (y, text, is_heading)
    bar_y: list[float] = []
    y = 0.0
    previous = None
    for row in stacked:
        if row.heading and row.heading != previous:
            ticks.append((y, row.heading, True))
            y += 0.8
        previous = row.heading
        ticks.append((y, row.label, False))
        bar_y.append(y)
        y += 1.0
    label_width = 30 if sums else WRAP_CHARS
    extra_lines = sum(_lines(t, label_width) - 1 for _, t, _h in ticks)
    legend_rows = -(-len(segments) // _legend_columns(segments))
    sum_head = max((_lines(s, SUM_WRAP) for s in sums), default=0)
    height = (
        BASE_IN
        + BAR_IN * 1.15 * y
        + LINE_IN * extra_lines
        + 0.2 * legend_rows
        + 0.15
        + LINE_IN * sum_head
    )
    rounded = [[None if v is None else int(round_half_up(v)) for v in r.values] for r in stacked]
    parts = []
    for row, vals in zip(stacked, rounded, strict=True):
        name = row.alt_label or (f"{row.heading} {row.label}" if row.heading else row.label)
        text = ", ".join(f"{seg} {_alt_value(v)}" for seg, v in zip(segments, vals, strict=True))
        if sums:
            text += "; samlet: " + ", ".join(
                f"{s} {_alt_value(v)}" for s, v in zip(sums, row.sums, strict=True)
            )
        parts.append(f"{name}: {text}")
    alt = "Stablet søjlediagram: " + "; ".join(parts)

    with chart_context(height) as fig:
        if sums:
            grid = fig.add_gridspec(1, 1 + len(sums), width_ratios=[4.0] + [1.3] * len(sums))
            ax = fig.add_subplot(grid[0, 0])
            sum_axes = [fig.add_subplot(grid[0, 1 + i], sharey=ax) for i in range(len(sums))]
        else:
            ax, sum_axes = fig.add_subplot(), []
        left = [0.0] * len(stacked)
        handles = []
        for s, segment in enumerate(segments):
            widths = [0.0 if r.values[s] is None else float(r.values[s]) for r in stacked]
            colour = colours[segment]
            bars = ax.barh(
                bar_y,
                widths,
                left=left,
                height=0.72,
                color=colour,
                edgecolor="white",
                linewidth=0.6,
            )
            handles.append(Patch(facecolor=colour, edgecolor=BLUE, linewidth=0.3, label=segment))
            text_colour = "white" if _is_dark(colour) else INK
            for bar, value in zip(bars, (r[s] for r in rounded), strict=True):
                if value is not None and value >= 6:
                    ax.text(
                        bar.get_x() + bar.get_width() / 2,
                        bar.get_y() + bar.get_height() / 2,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color=text_colour,
                    )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        # an outline round each whole bar, so a light last segment does not fade into the page
        ax.barh(bar_y, left, height=0.72, fill=False, edgecolor=OUTLINE, linewidth=0.5)
        ax.set_yticks([t[0] for t in ticks], [wrap_label(t[1], label_width) for t in ticks])
        for tick, (_y, _text, is_heading) in zip(ax.get_yticklabels(), ticks, strict=True):
            if is_heading:
                tick.set_fontweight("bold")
        _style_axis(ax, y - 0.5)
        ax.set_xlim(0, max([100.0, *left]))
        for i, (sax, name) in enumerate(zip(sum_axes, sums, strict=True)):
            vals = [r.sums[i] for r in stacked]
            bars = sax.barh(bar_y, [0 if v is None else v for v in vals], height=0.5, color=SUM_INK)
            _label_bars(sax, bars, vals, 7.5)
            sax.set_xlim(0, 135)
            sax.xaxis.set_visible(False)
            sax.tick_params(axis="y", length=0, labelleft=False)
            sax.spines["left"].set_color(SUM_INK)
            sax.set_facecolor("#f2f2f2")
            sax.set_title(wrap_label(name, SUM_WRAP), fontsize=7.5, loc="left", color=SUM_INK)
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=_legend_columns(segments),
            handlelength=1.2,
        )
        return _chart(fig, fmt, alt)


#: Characters of legend text that fit on one line of a 160 mm chart (8 pt, with the keys).
LEGEND_CHARS = 95


def _legend_columns(segments: Sequence[str]) -> int:
    """All legend entries on one line when they fit, else the fewest full lines that fit.

    matplotlib fills a legend column by column; only a column count that divides the entries
    gives full rows (4 entries in 3 columns would leave one alone in a second row).
    """
    n = len(segments)
    for columns in range(n, 0, -1):
        if n % columns:
            continue
        rows = n // columns
        lines = [[segments[r + c * rows] for c in range(columns)] for r in range(rows)]
        if all(sum(len(s) + 5 for s in line) <= LEGEND_CHARS for line in lines):
            return columns
    return 1


def segment_colours(segments: Sequence[str], neutral: Sequence[str] = ()) -> dict[str, str]:
    """A fill per segment of a stacked bar, every one of a different lightness.

    The answers (segments not in `neutral`) take blues from dark to light, then the neutral
    ones ("Nej", "Andet", "Ved ikke") greys continuing the same lightness steps. So no two
    segments share a lightness: they stay apart in greyscale print, and two neutral answers
    ("Nej, ..." and "Andet") are not the same grey.
    """
    order = [s for s in segments if s not in neutral] + [s for s in segments if s in neutral]
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list(
        "kl", [STACK_DARK, STACK_MID, STACK_LIGHT]
    )
    out = {}
    for i, segment in enumerate(order):
        colour = cmap(i / (len(order) - 1)) if len(order) > 1 else cmap(0.0)
        if segment in neutral:
            level = _lightness(matplotlib.colors.to_hex(colour))
            colour = (level, level, level)
        out[segment] = matplotlib.colors.to_hex(colour)
    return out


def _lightness(colour: str) -> float:
    """Lightness as a greyscale conversion sees it (ITU-R 601 weights on sRGB values)."""
    r, g, b = matplotlib.colors.to_rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def _is_dark(colour: str) -> bool:
    r, g, b = matplotlib.colors.to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5
