"""Benchmark: ingest time per year on a project's raw exports (default: the demo data).

    .venv/bin/python scripts/bench_ingest.py [--project DIR] [--repeat 3]

Prints the best of `--repeat` runs per year, with rows read and answers written. Outputs go
to a temporary copy of the project, so the project's own processed data is left alone.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.ingest import ingest_year
from pipeline.project import Project, open_project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=".")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = open_project(args.project)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(source.survey, Path(tmp) / "survey")
        shutil.copytree(source.root / "data" / "raw", Path(tmp) / "data" / "raw")
        project = Project(Path(tmp))
        for year in project.years():
            if not project.raw(year).is_dir():
                continue
            best = float("inf")
            for _ in range(args.repeat):
                started = time.perf_counter()
                result = ingest_year(project, year)
                best = min(best, time.perf_counter() - started)
            print(
                f"{year}: {best * 1000:6.0f} ms  ({result.source.name}: {result.rows_read} rows, "
                f"{len(result.responses)} answers)"
            )


if __name__ == "__main__":
    main()
