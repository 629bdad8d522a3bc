"""Benchmark: the web edition of one year, both editions (155 pages, 98 of them municipality
pages), built in one call as `statusmaaling site --edition all` does. Goal: at most 5 s on the
project's 2-core machines. Run on a project whose stages have been run:

    .venv/bin/python scripts/bench_site.py [--project DIR] [--year 2019] [--repeat 3]

Prints the wall time of each run (imports and interpreter start excluded; the first run also
pays for reading the parquet files cold) and where the time of the last run went.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from pipeline.project import open_project
from pipeline.site.build import EDITIONS, build_sites

GOAL_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=".")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="show the top 15 functions")
    args = parser.parse_args()
    project = open_project(args.project)
    times = []
    for i in range(args.repeat):
        profiler = cProfile.Profile() if args.profile and i == args.repeat - 1 else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        results = build_sites(project, args.year, EDITIONS)
        if profiler:
            profiler.disable()
        times.append(time.perf_counter() - started)
        pages = sum(r.pages for r in results)
        parts = ", ".join(f"{r.edition} {r.seconds:.2f} s" for r in results)
        print(f"run {i + 1}: {times[-1]:.2f} s wall for {pages} pages ({parts})")
    best = min(times)
    verdict = "within" if best <= GOAL_SECONDS else "OVER"
    print(
        f"best {best:.2f} s, median {sorted(times)[len(times) // 2]:.2f} s: {verdict} the "
        f"{GOAL_SECONDS:.0f} s goal"
    )
    if args.profile and profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
