"""Fit the report's figures to its pages.

A figure (a chart, a regional map) never breaks across pages. When one does not fit below
the text before it, it moves to the next page and leaves the rest of the page blank: a short
section followed by a tall map left 55 pct. of a page empty in the 2017 demo report, a
stacked chart 41 pct. in 2018, whatever the section's length happened to be. The cause is
general (a tall block that cannot break), so the remedy is too: after a render, every figure
that opens a page and left the page before it more than `MAX_EMPTY` empty is drawn, together
with the figures above it on that page, just small enough to fit the space it left, and the
report is rendered again. A figure is never drawn smaller than `MIN_SCALE` of its size (its
text would become too small to read); where that is not enough the figures keep their size
and the page stays as it is.

Works on WeasyPrint's layout boxes, so it needs no rasterising; `scripts/measure_pages.py`
measures the result from the PDF, as a reader sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

#: A page (not the cover, not the last) emptier than this share of its text area is fitted:
#: below the 40 pct. the layout rule allows, so the rule holds with a margin.
MAX_EMPTY = 0.30
#: The smallest a figure is drawn, as a share of its own size: chart text of 8.5 pt stays at
#: 6.8 pt or more, the 7.5 pt value labels at 6.0 pt, a map's region labels (4.7 pt at full
#: size) go down to 3.8 pt. Drawing a chart with shorter bars and text at full size would be
#: the better fit; the demo's fitted figures are at 84-91 %.
MIN_SCALE = 0.8
#: A last page filled less than this (a paragraph's last lines) is moved onto the page before
#: it where drawing that page's figures smaller makes room.
LAST_PAGE_LINES = 0.15
#: Renders at most, the first included: each fit moves later pages, which may need a fit.
MAX_PASSES = 4
#: Room a fitted figure needs beyond its height on the next page (CSS px, 96 per inch): its
#: top margin (5 mm, style.css), which a page break swallows, comes back when it moves up.
_SLACK = 5.5 * 96 / 25.4

#: Boxes whose children are laid out one below the other and may continue on the next page.
_CONTAINERS = {"html", "body", "section", "div", "nav", "main", "article", "header"}


def _tag(box: Any) -> str:
    return getattr(box, "element_tag", "") or ""


def _children(box: Any) -> list[Any]:
    return list(getattr(box, "children", None) or [])


def _bottom(box: Any) -> float:
    """The lowest edge of the content in `box` on this page (CSS px)."""
    kids = [c for c in _children(box) if _tag(c)]
    if _tag(box) in _CONTAINERS and kids:
        return max(_bottom(c) for c in kids)
    return box.position_y + box.margin_height()


def _first_block(box: Any) -> Any:
    """The first block at the top of a page, looking into sections and divs."""
    while _tag(box) in _CONTAINERS:
        kids = [c for c in _children(box) if _tag(c)]
        if not kids:
            return box
        box = kids[0]
    return box


def _images(box: Any) -> Iterator[Any]:
    for child in _children(box):
        if _tag(child) == "img":
            yield child
        else:
            yield from _images(child)


def _page_parts(page: Any) -> tuple[Any, float, float]:
    """(root box, top of the text area, height of the text area) of a rendered page."""
    page_box = page._page_box
    return page_box.children[0], page_box.content_box_y(), page_box.height


def empty_shares(document: Any) -> list[float]:
    """Per page, the share of the text area below its last content (0-1)."""
    out = []
    for page in document.pages:
        root, top, height = _page_parts(page)
        used = _bottom(root) - top
        out.append(max(0.0, min(1.0, 1 - used / height)) if height else 0.0)
    return out


def _figures(box: Any) -> Iterator[Any]:
    """The figures with an image laid out in `box` (on one page), in reading order."""
    for child in _children(box):
        if _tag(child) == "figure":
            if child.element.get("id") and next(_images(child), None) is not None:
                yield child
        elif _tag(child) in _CONTAINERS:
            yield from _figures(child)


def _image_height(figure: Any) -> float:
    return sum(image.height for image in _images(figure))


def pushed_figures(document: Any, max_empty: float = MAX_EMPTY) -> list[dict[str, float]]:
    """For each figure that opens a page after a page (not the cover, not the last) more
    than `max_empty` empty: the figures to draw smaller so that it fits on that page, each
    id -> its scale from now.

    The space it lacks is shared by the figure and the figures above it on that page, all
    drawn at one scale, so that none shrinks much (two figures lacking 15 mm: each 7 pct.
    smaller rather than one 20 pct.)."""
    pages = document.pages
    shares = empty_shares(document)
    out: list[dict[str, float]] = []
    for index in range(1, len(pages) - 1):
        if shares[index] <= max_empty:
            continue
        root, _, height = _page_parts(pages[index])
        figure = _first_block(_page_parts(pages[index + 1])[0])
        if _tag(figure) != "figure" or not figure.element.get("id"):
            continue
        if next(_images(figure), None) is None:
            continue
        gap = height * shares[index]
        lacking = figure.margin_height() + _SLACK - gap
        shrinking = [*_figures(root), figure]
        images = sum(_image_height(f) for f in shrinking)
        if images <= 0 or lacking <= 0:
            continue
        scale = 1 - lacking / images
        if scale >= MIN_SCALE:
            out.append({f.element.get("id"): scale for f in shrinking})
    last = _last_lines(document, shares)
    if last:
        out.append(last)
    return out


def _last_lines(document: Any, shares: Sequence[float]) -> dict[str, float]:
    """The figures of the page before the last to draw smaller so that a last page of a few
    lines (the end of "Om undersøgelsen") moves onto it; empty when none would do."""
    pages = document.pages
    if len(pages) < 3 or 1 - shares[-1] > LAST_PAGE_LINES:
        return {}
    root, _, height = _page_parts(pages[-2])
    lacking = height * ((1 - shares[-1]) - shares[-2]) + _SLACK
    figures = list(_figures(root))
    images = sum(_image_height(f) for f in figures)
    if images <= 0 or lacking <= 0 or 1 - lacking / images < MIN_SCALE:
        return {}
    return {f.element.get("id"): 1 - lacking / images for f in figures}


def fit_figures(render: Callable[[Mapping[str, float]], Any]) -> tuple[Any, dict[str, float]]:
    """Render with `render(scales)` (figure id -> scale of its image) until no figure needs
    fitting, at most `MAX_PASSES` times; returns the last document and the scales used.
    A fit that would draw one of its figures below `MIN_SCALE` of its size is not made."""
    scales: dict[str, float] = {}
    document = render(scales)
    for _ in range(MAX_PASSES - 1):
        changed = dict(scales)
        for fit in pushed_figures(document):
            total = {fid: scale * changed.get(fid, 1.0) for fid, scale in fit.items()}
            if all(scale >= MIN_SCALE for scale in total.values()):
                changed.update({fid: round(scale, 3) for fid, scale in total.items()})
        if changed == scales:
            break
        scales = changed
        document = render(scales)
    return document, scales
