"""Run every stage for a year, skipping stages whose inputs have not changed.

A stage is skipped when the fingerprint of its inputs (file contents, plus the pipeline's own
source code) equals the one recorded at its last successful run and its outputs still exist.
Earlier years that have raw data are ingested and coded too, since the indicators compare years.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import io
from pipeline.errors import CodebookError
from pipeline.project import PACKAGE_ROOT, Project


@dataclass(frozen=True)
class Stage:
    name: str
    year: int
    inputs: Callable[[], list[Path]]
    outputs: Callable[[], list[Path]]
    run: Callable[[], Any]


@dataclass
class StageOutcome:
    name: str
    year: int
    skipped: bool
    result: Any = None


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            )
        elif p.is_file():
            out.append(p)
    return out


def fingerprint(paths: Iterable[Path]) -> str:
    """Hash of the contents (and names) of the given files and folders."""
    h = hashlib.sha256()
    for f in _files(paths):
        h.update(str(f).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def _code_fingerprint() -> str:
    """The pipeline's own source: a code change re-runs the stages (caches are not code)."""
    return fingerprint(sorted((PACKAGE_ROOT / "pipeline").rglob("*.py")))


def _state_path(project: Project) -> Path:
    return project.root / "data" / "processed" / ".run_state.json"


def _load_state(project: Project) -> dict:
    path = _state_path(project)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def stages_for(project: Project, year: int, *, extracts: bool = True) -> list[Stage]:
    """The stages `run --year Y` carries out, in order."""
    from pipeline.export import export_workbook
    from pipeline.extracts import render_extracts
    from pipeline.indicators import write_indicators
    from pipeline.ingest import ingest_year
    from pipeline.normalise.stage import normalize_year
    from pipeline.report import render_report

    survey = project.survey
    if not project.codebook_path(year).is_file():
        raise CodebookError(
            f"no codebook for {year} (expected a YAML file here)", file=project.codebook_path(year)
        )
    years = [y for y in project.years() if y <= year and (y == year or project.raw(y).is_dir())]
    stages: list[Stage] = []
    for y in years:
        proc = project.processed(y)
        stages.append(
            Stage(
                "ingest",
                y,
                lambda y=y: [
                    project.raw(y),
                    project.codebook_path(y),
                    survey / "municipalities.csv",
                ],
                lambda proc=proc: [proc / "responses.parquet", proc / "ingest_meta.json"],
                lambda y=y: ingest_year(project, y),
            )
        )
        stages.append(
            Stage(
                "normalize",
                y,
                lambda y=y, proc=proc: [
                    proc / "responses.parquet",
                    project.codebook_path(y),
                    survey / "taxonomy.yaml",
                    survey / "coding",
                ],
                lambda proc=proc: [proc / "coded_text.parquet"],
                lambda y=y: normalize_year(project, y),
            )
        )
    proc = project.processed(year)
    out = project.output(year)
    earlier = [project.processed(y) for y in years]
    stages += [
        Stage(
            "indicators",
            year,
            lambda: [*earlier, survey / "indicators.yaml", survey / "taxonomy.yaml"],
            lambda: [proc / "indicators.parquet", out / "indicators.csv"],
            lambda: write_indicators(project, year),
        ),
        Stage(
            "report",
            year,
            lambda: [proc, survey, project.templates],
            lambda: [out / f"statusmaaling_{year}.pdf"],
            lambda: render_report(project, year),
        ),
        Stage(
            "export",
            year,
            lambda: [proc / "indicators.parquet", proc / "ingest_meta.json"],
            lambda: [out / f"statusmaaling_{year}.xlsx"],
            lambda: export_workbook(project, year),
        ),
    ]
    if extracts:
        stages.append(
            Stage(
                "extracts",
                year,
                lambda: [*earlier, survey, project.templates],
                lambda: [out / "kommuner"],
                lambda: render_extracts(project, year, all_municipalities=True),
            )
        )
    return stages


def run_year(
    project: Project,
    year: int,
    *,
    force: bool = False,
    extracts: bool = True,
    on_stage: Callable[..., None] | None = None,
) -> list[StageOutcome]:
    """Run the stages in order; `on_stage(stage, skipped, result)` reports progress."""
    state = _load_state(project)
    code = _code_fingerprint()
    outcomes: list[StageOutcome] = []
    for stage in stages_for(project, year, extracts=extracts):
        key = f"{stage.year}/{stage.name}"
        fp = hashlib.sha256((code + fingerprint(stage.inputs())).encode()).hexdigest()
        fresh = state.get(key) == fp and all(p.exists() for p in stage.outputs())
        if fresh and not force:
            outcomes.append(StageOutcome(stage.name, stage.year, skipped=True))
            if on_stage:
                on_stage(stage, True, None)
            continue
        result = stage.run()
        # inputs are hashed again after the run: a stage may legitimately write into a folder
        # that is also another stage's input (the processed folder)
        state[key] = hashlib.sha256((code + fingerprint(stage.inputs())).encode()).hexdigest()
        io.write_text(_state_path(project), json.dumps(state, indent=2, sort_keys=True))
        outcomes.append(StageOutcome(stage.name, stage.year, skipped=False, result=result))
        if on_stage:
            on_stage(stage, False, result)
    return outcomes
