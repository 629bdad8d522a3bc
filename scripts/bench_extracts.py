"""Benchmark: all 98 municipality extracts, against WeasyPrint's floor in the same run.

The floor is the same number of pages, rendered as plain text (paragraphs, no tables, no
bars), split over the same number of processes and written to PDF: what WeasyPrint costs
per page before our layout adds anything. Goals (issue 11): all 98 extracts in at most 10 s
on 2 cores, and at most 2x the floor. Every extract is rendered (`force`: the fingerprints
would otherwise skip unchanged ones). The machine's load average is printed beside the
times, since a shared machine slows both. Run on a project whose stages have been run:

    .venv/bin/python scripts/bench_extracts.py [--project DIR] [--year 2019] [--workers 2]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import time
from concurrent.futures import ProcessPoolExecutor

from pypdf import PdfReader

from pipeline.extracts.render import run_extracts
from pipeline.project import open_project

WORDS = (
    "kommunen har i drift skærmbesøg hjemmeplejen afprøver vasketoiletter på plejecentrene "
    "loftlifte sengeteknologi medicindispensere borgere træning genoptræning region andel "
    "pct. hele landet jeres svar telemedicin kol diabetes hjerte-kar forebyggelse prioritet"
).split()


def floor_pages(n_pages: int) -> float:
    """Render and write about `n_pages` pages of plain text; return seconds."""
    from weasyprint import HTML

    rng = random.Random(n_pages)  # varied lines: no help from any cache of repeated text
    # one div per page, 70 lines each (a full A4 page at 7.5 pt), so the page count is exact
    body = "".join(
        "<div>"
        + "".join(f"<p>{' '.join(rng.choices(WORDS, k=8))}</p>" for _ in range(70))
        + "</div>"
        for _ in range(n_pages)
    )
    html = (
        "<html lang='da'><head><style>@page{size:A4;margin:18mm}"
        "html{font-family:'DejaVu Sans';font-size:7.5pt;line-height:1.3}p{margin:0}"
        "div{break-after:page}</style>"
        f"</head><body>{body}</body></html>"
    )
    started = time.perf_counter()
    gc.disable()
    doc = HTML(string=html).render()
    doc.write_pdf()
    gc.enable()
    return time.perf_counter() - started, len(doc.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=".")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    project = open_project(args.project)

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    run = run_extracts(
        project, args.year, all_municipalities=True, workers=args.workers, force=True
    )
    wall = time.perf_counter() - started
    pages = sum(len(PdfReader(p).pages) for p in run.paths)

    share = [pages // args.workers + (i < pages % args.workers) for i in range(args.workers)]
    started = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        floor_runs = list(pool.map(floor_pages, share))
    floor = time.perf_counter() - started
    floor_pages_done = sum(p for _, p in floor_runs)

    print(
        f"extracts: {run.rendered} rendered of {len(run.paths)}, pages: {pages} "
        f"({pages / len(run.paths):.1f} per extract)"
    )
    print(f"wall: {wall:.2f} s, per extract: {1000 * wall / len(run.paths):.0f} ms")
    print(f"floor ({floor_pages_done} plain-text pages, {args.workers} processes): {floor:.2f} s")
    print(f"ratio to floor: {wall / floor:.2f}x (goal: at most 2x; wall at most 10 s)")
    print(f"load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
