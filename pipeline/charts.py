"""Charts in KL's house style, returned as bytes with alt text.

Every chart is drawn inside `chart_context`, the one place that sets the style: it draws on an
explicit Agg canvas (a `matplotlib.figure.Figure`, never pyplot, so no GUI backend is ever
touched and no figure is left registered), applies the house rcParams and restores them on
exit, and always clears the figure, also on error.

Charts are a fixed 160 mm wide (the report's text column) and as tall as their bars need, so
they are embedded at their natural size and 8.5 pt chart text prints as 8.5 pt in every figure.
The default output is PNG at 200 dpi (see `DEFAULT_FORMAT` for the measurements); SVG with text as
paths is the alternative.

Values are whole percents (the indicators' `share_pct`, rounded half up), so a bar label,
the alt text, the caption and the narrative always print the same number. `None` is a
missing or suppressed value: no bar, label "–".

Colours are a blue ramp of clearly different luminance, and grouped series also differ in
hatching, so every series stays apart in greyscale print.
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

#: "png" (200 dpi) or "svg" (vector, text as paths). Measured on a 14-page, 7-figure report
#: (WeasyPrint 70): PNG 1.5 s / 340 kB, SVG 1.9 s / 150 kB (SVG with text as text: 1.4 s /
#: 105 kB). PNG is the default because WeasyPrint draws matplotlib's SVG hatch patterns as
#: tiles with visible seams (a white line through every hatched bar in poppler), and hatching
#: is what keeps the years apart in greyscale. 300 dpi costs 1.7 s / 470 kB if print needs it.
DEFAULT_FORMAT = "png"
PNG_DPI = 200

MM = 1 / 25.4
WIDTH_IN = 160 * MM
#: Height per bar (inches) and per extra wrapped label line; plus fixed space for margins.
BAR_IN = 0.24
GROUP_BAR_IN = 0.17
GROUP_GAP_IN = 0.12
LINE_IN = 0.13
BASE_IN = 0.25
LEGEND_IN = 0.35
#: Category labels longer than this are wrapped onto more lines (never clipped).
WRAP_CHARS = 36
#: The axis runs to this (pct.) so the value label of a 100 pct. bar still fits.
XMAX = 112

_SHORT_PARENS = re.compile(r"\([^()]{1,14}\)")

INK = "#1a1a1a"
GRID = "#d0d0d0"
BLUE = "#1f4e79"
#: Dark -> light; the last series (the newest year) gets the darkest colour.
RAMP = ("#1f4e79", "#5b8fc7", "#b7d0ea", "#e4edf7")
HATCHES = ("", "////", "\\\\\\\\", "xxxx")
#: Neutral colour for "no"/"don't know" segments in stacked charts.
NEUTRAL = "#c8c8c8"

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
    "hatch.linewidth": 0.6,
    "hatch.color": BLUE,
    "figure.dpi": 100,
    "savefig.dpi": PNG_DPI,
    "savefig.transparent": False,
    "savefig.facecolor": "white",
    "svg.fonttype": "path",
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


def _lines(label: str) -> int:
    return wrap_label(label).count("\n") + 1


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


def grouped_chart(
    labels: Sequence[str],
    series: Mapping[str | int, Sequence[int | None]],
    *,
    series_n: Mapping[str | int, int] | None = None,
    fmt: str = DEFAULT_FORMAT,
) -> Chart:
    """Horizontal bars grouped by category, one bar per series (years, or e.g. diseases).

    Series are drawn top-down in the mapping's order, the last (the newest year) darkest and
    without hatching; the legend names each series with its n ("2019 (n=91)").
    Alt text: "Grupperet søjlediagram for 2017, 2018 og 2019: Genoptræning (SUL §140):
    2017 40 pct., 2018 47 pct., 2019 62 pct.; ...".
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
    styles = {  # newest (last) = darkest, solid; older ones lighter and hatched
        key: (RAMP[k - 1 - i], HATCHES[k - 1 - i]) for i, key in enumerate(keys)
    }
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
            colour, hatch = styles[key]
            offsets = [i + (j - (k - 1) / 2) * step for i in range(len(labels))]
            values = list(series[key])
            bars = ax.barh(
                offsets,
                [0 if v is None else v for v in values],
                height=step * 0.92,
                color=colour,
                hatch=hatch,
                edgecolor=BLUE if hatch else colour,
                linewidth=0.4,
            )
            _label_bars(ax, bars, values, 7.5)
            n = (series_n or {}).get(key)
            legend_label = f"{key} (n={n})" if n is not None else str(key)
            handles.append(
                Patch(
                    facecolor=colour,
                    hatch=hatch,
                    edgecolor=BLUE if hatch else colour,
                    linewidth=0.4,
                    label=legend_label,
                )
            )
        ax.set_yticks(range(len(labels)), [wrap_label(label) for label in labels])
        _style_axis(ax, len(labels) - 0.5)
        fig.legend(handles=handles, loc="outside lower center", ncols=k, handlelength=1.6)
        return _chart(fig, fmt, alt)


def stacked_chart(
    rows: Sequence[str],
    segments: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    neutral: Sequence[str] = (),
    fmt: str = DEFAULT_FORMAT,
) -> Chart:
    """One 100 pct. bar per row, split into segments (e.g. status per area), legend below.

    `values[r][s]` is the percent (0-100, may be unrounded) of row r answering segment s.
    Bars are drawn from the unrounded values, so a row always ends at 100 even when its
    rounded labels add up to 99 or 101; labels and alt text show the half-up whole percent.
    Segments named in `neutral` ("Nej", "Ved ikke") are grey; the others take the blue ramp
    from dark to light. Alt text: "Stablet søjlediagram: Handicapområdet: I drift 20 pct.,
    Nej 30 pct.; ...".
    """
    if len(values) != len(rows) or any(len(v) != len(segments) for v in values):
        raise ValueError("values must be one list per row with one value per segment")
    coloured = [s for s in segments if s not in neutral]
    ramp = _ramp(len(coloured))
    colours = {s: ramp[coloured.index(s)] if s in coloured else NEUTRAL for s in segments}
    extra_lines = sum(_lines(r) - 1 for r in rows)
    legend_rows = (len(segments) + 2) // 3
    height = BASE_IN + BAR_IN * 1.3 * len(rows) + LINE_IN * extra_lines + 0.2 * legend_rows + 0.2
    rounded = [[None if v is None else int(round_half_up(v)) for v in vals] for vals in values]
    alt = "Stablet søjlediagram: " + "; ".join(
        f"{row}: "
        + ", ".join(f"{seg} {_alt_value(v)}" for seg, v in zip(segments, vals, strict=True))
        for row, vals in zip(rows, rounded, strict=True)
    )
    with chart_context(height) as fig:
        ax = fig.add_subplot()
        left = [0.0] * len(rows)
        for s, segment in enumerate(segments):
            widths = [0.0 if vals[s] is None else float(vals[s]) for vals in values]
            colour = colours[segment]
            bars = ax.barh(
                range(len(rows)),
                widths,
                left=left,
                height=0.62,
                color=colour,
                edgecolor="white",
                linewidth=0.6,
                label=segment,
            )
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
        ax.set_yticks(range(len(rows)), [wrap_label(r) for r in rows])
        _style_axis(ax, len(rows) - 0.5)
        ax.set_xlim(0, max([100.0, *left]))
        fig.legend(loc="outside lower center", ncols=min(len(segments), 3), handlelength=1.2)
        return _chart(fig, fmt, alt)


def _ramp(n: int) -> list[str]:
    """n colours from the house ramp, dark to light, spread out for contrast."""
    if n <= len(RAMP):
        return list(RAMP[:n]) if n > 1 else [RAMP[0]]
    cmap = matplotlib.colors.LinearSegmentedColormap.from_list("kl", [RAMP[0], RAMP[-1]])
    return [matplotlib.colors.to_hex(cmap(i / (n - 1))) for i in range(n)]


def _is_dark(colour: str) -> bool:
    r, g, b = matplotlib.colors.to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5
