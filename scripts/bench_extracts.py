"""Benchmark: all 98 municipality extracts, against plain-text floors in the same run.

The floor is the same number of pages, rendered as plain text (paragraphs, no tables, no
bars), split over the same number of processes and written to PDF: what a PDF engine costs
per page before our layout adds anything. It is measured for both engines: WeasyPrint (the
report's engine, in which the floor was first defined) and Typst (the extracts' engine since
WeasyPrint could not meet the goal), tagged PDF/UA-1 like the extracts. Goals (issue 11): all
98 extracts in at most 10 s on 2 cores, and at most 2x the floor. Every extract is
rendered (`force`: the fingerprints would otherwise skip unchanged ones). The machine's load
average is printed beside the times, since a shared machine slows both. Run on a project
whose stages have been run:

    .venv/bin/python scripts/bench_extracts.py [--project DIR] [--year 2019] [--workers 2]
"""

from __future__ import annotations

import argparse
import gc
import io
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


def typst_floor_pages(n_pages: int) -> tuple[float, int]:
    """The same plain-text pages typeset by Typst, tagged PDF/UA-1 as the extracts are."""
    import json

    import typst

    rng = random.Random(n_pages)
    pages = [[" ".join(rng.choices(WORDS, k=8)) for _ in range(70)] for _ in range(n_pages)]
    source = (
        b'#set document(title: "Gulv")\n'
        b'#set text(font: "DejaVu Sans", size: 7.5pt, lang: "da")\n'
        b'#set page(paper: "a4", margin: 18mm)\n#set par(spacing: 0.3em)\n'
        b"#for (i, page) in json(bytes(sys.inputs.pages)).enumerate() {\n"
        b"  if i > 0 { pagebreak() }\n  for line in page { par(line) }\n}\n"
    )
    started = time.perf_counter()
    pdf = typst.compile(
        source, format="pdf", sys_inputs={"pages": json.dumps(pages)}, pdf_standards=["ua-1"]
    )
    return time.perf_counter() - started, len(PdfReader(io.BytesIO(pdf)).pages)


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
    floors = {}
    for engine, floor_fn in (("WeasyPrint", floor_pages), ("Typst", typst_floor_pages)):
        started = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            floor_runs = list(pool.map(floor_fn, share))
        floors[engine] = (time.perf_counter() - started, sum(p for _, p in floor_runs))

    print(
        f"extracts: {run.rendered} rendered of {len(run.paths)}, pages: {pages} "
        f"({pages / len(run.paths):.1f} per extract)"
    )
    print(f"wall: {wall:.2f} s, per extract: {1000 * wall / len(run.paths):.0f} ms (goal: 10 s)")
    for engine, (floor, floor_pages_done) in floors.items():
        print(
            f"{engine} floor ({floor_pages_done} plain-text pages, {args.workers} processes): "
            f"{floor:.2f} s; ratio {wall / floor:.2f}x (goal: at most 2x)"
        )
    print(f"load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
