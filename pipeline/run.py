"""Run every stage for a year, skipping stages whose inputs have not changed.

A stage's inputs are not listed by hand: while it runs, the readers of stage data and of the
survey definition record every file it reads (`pipeline.reads`). The list is kept with a
fingerprint of those files and of the pipeline's own code in
`data/processed/.run_state.json`; the next run re-runs the stage when one of them changed, or
when one of its expected outputs is missing (all 98 extracts, not just the folder). Paths in
that file are relative to the project folder, because analysts copy last year's folder to
start a new year: the copy must check its own files, not the original's. The fingerprint is
of the files as they were when the stage started, so a file saved while it runs is seen as
changed by the next run. So editing
the municipality register re-runs ingest and the indicators, editing the report definition
re-runs the report and the workbook, and nothing else.

A no-change run therefore only hashes files: no stage module, pandas or WeasyPrint is
imported until a stage has to run. Earlier years that have raw data are ingested and coded
too, since the indicators compare years. Warnings of every stage are saved per year
(`pipeline.problems`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import CodebookError
from pipeline.io import write_text
from pipeline.locks import project_lock
from pipeline.problems import Problem, save_problems
from pipeline.project import PACKAGE_ROOT, Project
from pipeline.reads import recording

#: 3: paths relative to the project (2 kept absolute ones: a state of another folder)
STATE_VERSION = 3


@dataclass(frozen=True)
class Stage:
    name: str
    year: int
    outputs: Callable[[], list[Path]]
    run: Callable[[], Any]
    #: inputs read outside the recording readers (the raw export folder, templates)
    always: tuple[Path, ...] = ()
    #: options that change what the stage makes (`--published`)
    settings: str = ""


@dataclass
class StageOutcome:
    name: str
    year: int
    skipped: bool
    result: Any = None
    problems: list[Problem] = field(default_factory=list)


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            )
        elif p.is_file():
            out.append(p)
        else:
            out.append(p)  # a missing input is part of the fingerprint too
    return out


def _stored(path: Path, root: Path) -> str:
    """A path as the state file keeps it: relative to the project folder, so that a copied
    or moved folder checks its own files (absolute only outside it, e.g. the bundled
    templates)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _located(stored: str, root: Path) -> Path:
    path = Path(stored)
    return path if path.is_absolute() else root / path


MISSING = b"<missing>"


def _digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return MISSING


def _contents(paths: Iterable[Path], root: Path | None = None) -> dict[str, bytes]:
    """Name -> content hash of every file of the given files and folders (missing ones
    count). Names are relative to `root` when given, so the same files in a copied project
    folder hash the same."""
    return {(_stored(f, root) if root else str(f)): _digest(f) for f in _files(sorted(set(paths)))}


def _combine(contents: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(contents):
        h.update(name.encode())
        h.update(contents[name])
    return h.hexdigest()


def fingerprint(paths: Iterable[Path], root: Path | None = None) -> str:
    """Hash of the names and contents of the given files and folders (missing ones count)."""
    return _combine(_contents(paths, root))


def _as_started(
    used: Iterable[Path],
    before: dict[str, bytes],
    started: dict[str, bytes],
    scope: Iterable[Path],
    root: Path,
) -> dict[str, bytes]:
    """The files a stage used, with their contents as they were when it started.

    An analyst may save a file while the stage runs; hashing it afterwards would record a
    version the stage never read, and the next run would skip it. So a file's hash is the
    one taken before the stage (`before`); a file that appeared in the survey or an input
    folder (`scope`) during the stage counts as missing then, and one deleted from an input
    folder meanwhile (`started`: their files at the start) is kept, so either way the next
    run sees a change. Other files (an earlier stage's output, written under the project
    lock) are hashed now.
    """
    scope = tuple(scope)
    out: dict[str, bytes] = {}
    for f in _files(sorted(set(used))):
        name = _stored(f, root)
        if name in before:
            out[name] = before[name]
        elif any(f.is_relative_to(folder) for folder in scope):
            out[name] = MISSING
        else:
            out[name] = _digest(f)
    for name, digest in started.items():
        out.setdefault(name, digest)
    return out


def _code_fingerprint() -> str:
    """The pipeline's own source and data (the coder's word lists): a change re-runs the
    stages (caches are not code)."""
    files = (PACKAGE_ROOT / "pipeline").rglob("*")
    return fingerprint(sorted(f for f in files if f.suffix in (".py", ".txt")))


def _state_path(project: Project) -> Path:
    return project.root / "data" / "processed" / ".run_state.json"


def _load_state(project: Project) -> dict:
    try:
        state = json.loads(_state_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else {}


def _save_state(project: Project, state: dict) -> None:
    write_text(_state_path(project), json.dumps(state, indent=1, sort_keys=True))


def _years(project: Project, year: int) -> list[int]:
    if not project.codebook_path(year).is_file():
        earlier = [y for y in project.years() if y < year]
        hint = (
            f"; draft it from data/raw/{year}/ with `statusmaaling new-year --year {year}`"
            if earlier
            else ""
        )
        raise CodebookError(f"no codebook for {year}{hint}", file=project.codebook_path(year))
    return [y for y in project.years() if y <= year and (y == year or project.raw(y).is_dir())]


def stages_for(
    project: Project,
    year: int,
    *,
    extracts: bool = True,
    force: bool = False,
    published: date | None = None,
) -> list[Stage]:
    """The stages `run --year Y` carries out, in order (stage modules are imported only when
    a stage runs)."""
    years = _years(project, year)
    survey_dir = project.survey
    stages: list[Stage] = []
    for y in years:
        proc = project.processed(y)

        def ingest(y: int = y) -> Any:
            from pipeline.ingest import ingest_year

            return ingest_year(project, y)

        def normalize(y: int = y) -> Any:
            from pipeline.normalise.stage import normalize_year

            return normalize_year(project, y)

        stages.append(
            Stage(
                "ingest",
                y,
                lambda proc=proc: [
                    proc / "responses.parquet",
                    proc / "respondents.parquet",
                    proc / "ingest_meta.json",
                    proc / "ingest_source.json",
                    proc / "ingest_report.csv",
                ],
                ingest,
                always=(project.raw(y),),
            )
        )
        stages.append(
            Stage(
                "normalize",
                y,
                lambda proc=proc: [proc / "coded_text.parquet"],
                normalize,
                always=(survey_dir / "coding",),
            )
        )
    proc = project.processed(year)
    out = project.output(year)

    def indicators() -> Any:
        from pipeline.indicators import write_indicators

        return write_indicators(project, year)

    def report() -> Any:
        from pipeline.report import render_report

        return render_report(project, year, published=published)

    def export() -> Any:
        from pipeline.export import export_workbook

        return export_workbook(project, year)

    def extract_all() -> Any:
        from pipeline.extracts.render import run_extracts

        return run_extracts(project, year, all_municipalities=True, force=force)

    stages += [
        Stage(
            "indicators",
            year,
            lambda: [proc / "indicators.parquet", out / "indicators.csv"],
            indicators,
        ),
        Stage(
            "report",
            year,
            lambda: [out / f"statusmaaling_{year}.pdf"],
            report,
            always=(project.templates,),
            # a publication month given on the command line is an input like a file
            settings=published.isoformat() if published else "",
        ),
        Stage("export", year, lambda: [out / f"statusmaaling_{year}.xlsx"], export),
    ]
    if extracts:
        stages.append(
            Stage(
                "extracts",
                year,
                lambda: [],  # the PDFs it wrote, one per municipality, are kept in the state
                extract_all,
                always=(project.templates,),
            )
        )
    return stages


def _written(result: Any) -> list[Path]:
    """Files a stage returned as written (the extracts' PDFs), expected at the next run."""
    paths = getattr(result, "paths", result)
    if isinstance(paths, list) and all(isinstance(p, Path) for p in paths):
        return list(paths)
    return []


def stage_problems(name: str, result: Any) -> list[Problem]:
    """A stage result's warnings as `Problem` rows."""
    out: list[Problem] = []
    if name == "ingest":
        for i in getattr(result, "issues", []):
            if i.outcome == "accepted":
                continue
            out.append(
                Problem(
                    "ingest",
                    f"{i.kind}-{i.outcome}",
                    i.message,
                    file=i.file,
                    row=i.row,
                    column=i.column,
                )
            )
        return out
    if name == "normalize" and result is not None and len(result):
        review = int(result["needs_review"].sum())
        if review:
            out.append(
                Problem(
                    "normalize",
                    "needs-review",
                    f"{review} of {len(result)} coded answers need an analyst's review "
                    "(statusmaaling review export)",
                )
            )
        return out
    for w in getattr(result, "warnings", None) or []:
        if isinstance(w, Problem):
            out.append(w)
        elif isinstance(w, str):
            out.append(Problem(name, "warning", w))
        else:
            out.append(Problem(name, "warning", w.message, file=w.file, row=w.row, column=w.column))
    return out


def run_year(
    project: Project,
    year: int,
    *,
    force: bool = False,
    extracts: bool = True,
    on_stage: Callable[..., None] | None = None,
    published: date | None = None,
) -> list[StageOutcome]:
    """Run the stages in order; `on_stage(stage, skipped, result)` reports progress.

    One `run` at a time per project: a second waits for the project lock, then gives up with
    a one-line error naming the holder, so two runs never interleave their outputs."""
    with project_lock(project.root):
        return _run_locked(
            project, year, force=force, extracts=extracts, on_stage=on_stage, published=published
        )


def _run_locked(
    project: Project,
    year: int,
    *,
    force: bool,
    extracts: bool,
    on_stage: Callable[..., None] | None,
    published: date | None,
) -> list[StageOutcome]:
    root = project.root.resolve()
    state = _load_state(project)
    stages_state: dict = state.setdefault("stages", {})
    state["version"] = STATE_VERSION
    code = _code_fingerprint()
    outcomes: list[StageOutcome] = []
    loaded = False
    stages = stages_for(project, year, extracts=extracts, force=force, published=published)
    for position, stage in enumerate(stages):
        key = f"{stage.year}/{stage.name}"
        entry = stages_state.get(key) or {}
        inputs = [_located(p, root) for p in entry.get("inputs", [])]
        outputs = [_located(p, root) for p in entry.get("outputs", [])]
        fresh = (
            bool(entry)
            and entry.get("code") == code
            and entry.get("settings", "") == stage.settings
            and all(p.exists() for p in [*outputs, *stage.outputs()])
            and entry.get("fingerprint") == fingerprint(inputs, root)
        )
        if fresh and not force:
            outcomes.append(StageOutcome(stage.name, stage.year, skipped=True))
            if on_stage:
                on_stage(stage, True, None)
            continue
        if not loaded:  # check the whole survey definition once before the first stage runs
            from pipeline.survey import load_survey

            load_survey(project)
            loaded = True
        # what the stage starts from: its last inputs, its input folders and the survey
        always = [p.resolve() for p in stage.always]
        scope = [project.survey.resolve(), *always]
        started = _contents(always, root)
        before = {**_contents([*inputs, project.survey.resolve()], root), **started}
        with recording() as reads:
            try:
                result = stage.run()
            except BaseException:
                # what this stage and the later ones of the run made is no longer known to be
                # current: they run again next time, whatever their inputs
                for later in stages[position:]:
                    stages_state.pop(f"{later.year}/{later.name}", None)
                _save_state(project, state)
                raise
        used = sorted({*reads, *always})
        problems = stage_problems(stage.name, result)
        save_problems(project.output(stage.year), stage.name, problems)
        written = stage.outputs() + _written(result)
        stages_state[key] = {
            "code": code,
            "settings": stage.settings,
            "inputs": [_stored(p, root) for p in used],
            "fingerprint": _combine(_as_started(used, before, started, scope, root)),
            "outputs": sorted({_stored(p.resolve(), root) for p in written}),
        }
        _save_state(project, state)
        outcomes.append(StageOutcome(stage.name, stage.year, False, result, problems))
        if on_stage:
            on_stage(stage, False, result)
    return outcomes
