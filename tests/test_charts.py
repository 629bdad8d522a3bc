"""Charts: bytes in the house style, with alt text that carries the numbers."""

from __future__ import annotations

import io
import re

import matplotlib
import matplotlib.colors
import pytest
from PIL import Image

from pipeline.charts import (
    RAMP,
    WIDTH_IN,
    StackedRow,
    chart_context,
    grouped_chart,
    hbar_chart,
    segment_colours,
    stacked_chart,
    wrap_label,
)

MOBILITY = {
    "Mobilitetsteknologi": 57,
    "Hygiejneteknologi": 63,
    "Træningsteknologi": 47,
    "Selvmonitorering/motivationsteknologi": 7,
}


def test_hbar_png_sorted_with_alt_text():
    chart = hbar_chart(list(MOBILITY), list(MOBILITY.values()), fmt="png")
    assert chart.data.startswith(b"\x89PNG")
    assert chart.mime == "image/png"
    assert chart.data_uri.startswith("data:image/png;base64,")
    assert chart.alt == (
        "Vandret søjlediagram: Hygiejneteknologi 63 pct., Mobilitetsteknologi 57 pct., "
        "Træningsteknologi 47 pct., Selvmonitorering/motivationsteknologi 7 pct."
    )
    image = Image.open(io.BytesIO(chart.data))
    assert image.size[0] == pytest.approx(WIDTH_IN * 200, abs=2)  # 160 mm at 200 dpi


def test_hbar_keeps_order_when_asked_and_marks_missing_values():
    chart = hbar_chart(["I høj grad", "Slet ikke", "Ved ikke"], [53, None, 4], sort=False)
    assert chart.alt == (
        "Vandret søjlediagram: I høj grad 53 pct., Slet ikke ikke opgjort, Ved ikke 4 pct."
    )


def test_height_grows_with_the_number_of_bars():
    small = hbar_chart(["a", "b"], [1, 2])
    large = hbar_chart([f"kategori {i}" for i in range(15)], list(range(15)))
    assert large.height_mm > 3 * small.height_mm
    assert small.width_mm == large.width_mm == pytest.approx(160, abs=0.1)


def test_svg_is_the_default_and_keeps_text_as_text():
    """Vector charts whose labels are text (selectable in the PDF), never glyph outlines."""
    chart = hbar_chart(["Hygiejneteknologi", "Spise-/måltidsteknologi"], [63, 21])
    assert chart.mime == "image/svg+xml"
    svg = chart.data.decode("utf-8")
    assert "<svg" in svg
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "Hygiejneteknologi" in texts and "Spise-/måltidsteknologi" in texts
    assert "63" in texts and "21" in texts
    assert "<image" not in svg  # nothing rasterised inside, nothing fetched
    assert not re.search(r'(href|src)="(?!#)', svg)  # links only to its own clip paths


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown chart format"):
        hbar_chart(["a"], [1], fmt="gif")


def test_grouped_years_alt_text_and_legend_with_n():
    chart = grouped_chart(
        ["Genoptræning (SUL §140)", "Rehabilitering (SEL §83a)"],
        {2017: [40, 20], 2018: [47, None], 2019: [62, 30]},
        series_n={2017: 84, 2018: 87, 2019: 91},
        fmt="png",
    )
    assert chart.data.startswith(b"\x89PNG")
    assert chart.alt == (
        "Grupperet søjlediagram for 2017, 2018 og 2019: Genoptræning (SUL §140): 2017 40 pct., "
        "2018 47 pct., 2019 62 pct.; Rehabilitering (SEL §83a): 2017 20 pct., 2018 ikke "
        "opgjort, 2019 30 pct."
    )


def test_grouped_refuses_mismatched_series():
    with pytest.raises(ValueError, match="2 labels"):
        grouped_chart(["a", "b"], {2019: [1]})


def test_stacked_rows_always_end_at_100_and_labels_are_rounded():
    chart = stacked_chart(
        ["Hjemmeplejen"],
        ["I drift", "Nej"],
        [[62.5, 37.5]],
        neutral=["Nej"],
    )
    assert chart.alt == "Stablet søjlediagram: Hjemmeplejen: I drift 63 pct., Nej 38 pct."


def _luminance(colour: str) -> float:
    r, g, b = matplotlib.colors.to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_series_stay_apart_in_greyscale():
    """Years drawn side by side differ in lightness by a clear step (no hatching needed)."""
    levels = sorted(_luminance(c) for c in RAMP)
    assert all(b - a >= 0.12 for a, b in zip(levels, levels[1:], strict=False))
    svg = grouped_chart(["a"], {2017: [10], 2018: [20], 2019: [30]}).data.decode()
    fills = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    assert {RAMP[0], RAMP[1], RAMP[2]} <= fills


@pytest.mark.parametrize(
    ("segments", "neutral"),
    [
        (["I drift", "Under afprøvning", "Under implementering", "Planlagt", "Nej"], ["Nej"]),
        (["Ja", "Nej, opkaldsfunktionen er forbeholdt medarbejdere", "Andet"], ["Nej, o", "Andet"]),
        (["I høj grad", "I nogen grad", "I mindre grad", "Slet ikke", "Ved ikke"], ["Slet ikke"]),
    ],
)
def test_stacked_segments_differ_in_lightness_also_two_neutral_ones(segments, neutral):
    neutral = [s for s in segments if s.startswith(tuple(neutral))]
    colours = segment_colours(segments, neutral)
    levels = sorted(_luminance(c) for c in colours.values())
    assert all(b - a >= 0.12 for a, b in zip(levels, levels[1:], strict=False)), colours
    for segment in neutral:  # the neutral answers are grey, the others blue
        r, g, b = matplotlib.colors.to_rgb(colours[segment])
        assert r == g == b
    assert all(
        len(set(matplotlib.colors.to_rgb(colours[s]))) > 1 for s in segments if s not in neutral
    )


def test_summed_groups_get_their_own_panel_not_a_segment():
    """A stacked bar ends at 100; the sums are drawn apart, with their own heading and ink."""
    rows = [
        StackedRow("2018 (n=54)", [13, 15, 11, 31, 30], "Handicapområdet", [26, 39]),
        StackedRow("2019 (n=70)", [23, 20, 17, 23, 17], "Handicapområdet", [37, 60]),
        StackedRow("2019 (n=71)", [20, 30, 24, 17, 10], "Hjemmesygeplejen", [54, 73]),
    ]
    segments = ["I drift", "Under afprøvning", "Under implementering", "Planlagt", "Nej"]
    sums = ["Under afprøvning eller implementering", "I drift, under afprøvning eller impl."]
    chart = stacked_chart(rows, segments, neutral=["Nej"], sums=sums)
    svg = chart.data.decode("utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    # the area is a heading once, the years are the bars' labels
    assert texts.count("Handicapområdet") == 1 and "2019 (n=70)" in texts
    assert "60" in texts and "73" in texts  # the sums, printed in their panel
    assert "Under afprøvning" in texts  # the panel heading, wrapped
    assert "samlet: Under afprøvning eller implementering 37 pct." in chart.alt
    assert "Hjemmesygeplejen 2019 (n=71): I drift 20 pct." in chart.alt
    with pytest.raises(ValueError, match="summed group"):
        stacked_chart([StackedRow("x", [50, 50, 0, 0, 0], sums=[1])], segments, sums=sums)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Selvmonitorering/motivationsteknologi", "Selvmonitorering/\nmotivationsteknologi"),
        (
            "Forebyggelse og sundhedsfremme (SUL §119)",
            "Forebyggelse og sundhedsfremme\n(SUL\u00a0§119)",
        ),
        ("Hygiejneteknologi", "Hygiejneteknologi"),
        ("Spise-/måltidsteknologi", "Spise-/måltidsteknologi"),
    ],
)
def test_long_labels_wrap_between_words_never_inside_them(label, expected):
    assert wrap_label(label) == expected


def test_chart_context_restores_settings_and_clears_the_figure():
    before = dict(matplotlib.rcParams)
    with pytest.raises(RuntimeError), chart_context(2.0) as fig:
        fig.add_subplot().plot([1, 2])
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
        holder = fig
        raise RuntimeError("boom")
    assert dict(matplotlib.rcParams) == before
    assert holder.axes == []


def test_no_pyplot_figures_are_left_open():
    import matplotlib.pyplot as plt

    hbar_chart(["a"], [1])
    assert plt.get_fignums() == []


def _ink_on_edges(png: bytes) -> bool:
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    edges = [image.getpixel((x, y)) for y in range(height) for x in (0, width - 1)]
    edges += [image.getpixel((x, y)) for x in range(width) for y in (0, height - 1)]
    return min(edges) < 250


def test_long_labels_and_full_bars_are_not_clipped():
    labels = [
        "Fastholde og styrke funktionsniveau efter endt træningsforløb",
        "Selvmonitorering/motivationsteknologi",
        "Genoptræning og vedligeholdende træning (SEL §86)",
    ]
    assert not _ink_on_edges(hbar_chart(labels, [100, 57, 3], fmt="png").data)
    grouped = grouped_chart(labels, {2018: [100, 50, 0], 2019: [99, 60, 1]}, fmt="png")
    assert not _ink_on_edges(grouped.data)
