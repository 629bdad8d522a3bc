"""Measure how empty each page of a rendered PDF is: the share of its text area left blank.

    python scripts/measure_pages.py output/2019/statusmaaling_2019.pdf [--max-empty 40]

Renders nothing itself: it rasterises the given PDF with poppler's `pdftoppm` (greyscale, low
resolution; `scripts/bootstrap.sh` installs poppler-utils) and looks at each page's text area
(A4 minus the margins of `report_templates/style.css`, so running heads and page numbers do
not count as content). A pixel row is blank when every pixel in it is paper (within a small
tolerance of the page's most common lightness, so a coloured cover is paper too). The empty
share is the height of the blank bands at least `MIN_GAP_MM` tall, over the height of the
text area: the space between lines, paragraphs and a figure and its caption is part of a full
page, the half page left under a heading that was pushed on is not.

Prints one line per page and exits 1 when `--max-empty` is given and a page other than the
first (the cover) and the last is emptier than that.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

#: Resolution of the measurement (dots per inch): 40 dpi is 331 x 468 pixels for A4, plenty
#: for a share of the page, and fast (about 0.1 s a page).
DPI = 40
#: A pixel within this many grey levels (0-255) of the background is background.
TOLERANCE = 12
#: Blank bands shorter than this (mm) are the normal space between lines, paragraphs and
#: figures; the largest of those in the report is a chapter's top margin (12 mm + heading).
MIN_GAP_MM = 15
A4_HEIGHT_MM = 297
#: The text area of the report's pages (style.css `@page` margins: 24 25 22 25 mm), as
#: shares of A4 (210 x 297 mm): left, top, right, bottom.
TEXT_AREA = (25 / 210, 24 / 297, 1 - 25 / 210, 1 - 22 / 297)


@dataclass(frozen=True)
class PageMeasure:
    """One page: its number and the empty share of its text area (0-1)."""

    page: int
    empty: float


def _pdftoppm() -> str:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SystemExit(
            "measure_pages: pdftoppm not found; install poppler-utils (scripts/bootstrap.sh)"
        )
    return tool


def rasterise(pdf: Path, folder: Path, dpi: int = DPI) -> list[Path]:
    """Each page of `pdf` as a greyscale PGM file in `folder`, in page order."""
    subprocess.run(
        [_pdftoppm(), "-gray", "-r", str(dpi), str(pdf), str(folder / "p")],
        check=True,
        capture_output=True,
    )
    return sorted(folder.glob("p-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def empty_share(
    image_path: Path,
    area: tuple[float, float, float, float] = TEXT_AREA,
    min_gap_mm: float = MIN_GAP_MM,
) -> float:
    """The share (0-1) of the area's height that lies in blank bands of at least
    `min_gap_mm`."""
    from PIL import Image

    with Image.open(image_path) as image:
        grey = image.convert("L")
        w, h = grey.size
        box = (round(area[0] * w), round(area[1] * h), round(area[2] * w), round(area[3] * h))
        region = grey.crop(box)
        background = Counter(grey.tobytes()).most_common(1)[0][0]
        width, height = region.size
        data = region.tobytes()
    if not height:
        return 1.0
    blank = [
        all(abs(p - background) <= TOLERANCE for p in data[y * width : (y + 1) * width])
        for y in range(height)
    ]
    mm_per_row = (area[3] - area[1]) * A4_HEIGHT_MM / height
    min_rows = max(1, round(min_gap_mm / mm_per_row))
    empty, run = 0, 0
    for is_blank in [*blank, False]:
        if is_blank:
            run += 1
            continue
        if run >= min_rows:
            empty += run
        run = 0
    return empty / height


def measure(pdf: Path, dpi: int = DPI) -> list[PageMeasure]:
    """The empty share of every page of `pdf`."""
    with tempfile.TemporaryDirectory(prefix="measure_pages_") as tmp:
        pages = rasterise(Path(pdf), Path(tmp), dpi)
        return [PageMeasure(i, empty_share(path)) for i, path in enumerate(pages, start=1)]


def too_empty(measures: list[PageMeasure], max_empty: float) -> list[PageMeasure]:
    """Pages other than the first (cover) and the last that are emptier than `max_empty`."""
    inner = measures[1:-1]
    return [m for m in inner if m.empty > max_empty]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--max-empty", type=float, default=None, help="per cent, e.g. 40")
    parser.add_argument("--dpi", type=int, default=DPI)
    args = parser.parse_args(argv)
    if not args.pdf.is_file():
        print(f"measure_pages: {args.pdf}: no such file", file=sys.stderr)
        return 2
    measures = measure(args.pdf, args.dpi)
    for m in measures:
        print(f"page {m.page:>3}: {m.empty * 100:5.1f} % empty")
    if args.max_empty is None:
        return 0
    bad = too_empty(measures, args.max_empty / 100)
    for m in bad:
        print(f"page {m.page} is {m.empty * 100:.0f} % empty (> {args.max_empty:g} %)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
