"""Render the extracts: one tagged PDF/UA-1 document per municipality, typeset by Typst.

Each extract is its own document, so its page numbers ("Side 2 af 4") count its own pages and
its structure tree (headings, tables with header cells and captions) is its own. The model
goes to the template (`report_templates/extract.typ`) as JSON through Typst's `sys.inputs`:
answers and names are data there, never markup, and the template reads no file and no URL.

Why Typst and not WeasyPrint, which sets the report: an extract is tables of short cells, and
WeasyPrint spent 0.45 s of CPU on each (its CSS cascade, table layout and PDF writer in
Python), 35 s for all 98 against a goal of 10 s. Typst's compiled layout engine sets the same
extract, tagged, in about 50 ms, and keeps a compiled template and its fonts between extracts
in one `typst.Compiler` per process.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import io
from pipeline.errors import RenderError
from pipeline.extracts.model import SYMBOLS, build_extract_model, load_extract_data
from pipeline.extracts.typeset import render_batch, worker_pool
from pipeline.municipalities import Municipality, find_municipality, slug
from pipeline.project import PACKAGE_ROOT, Project
from pipeline.survey import load_survey

PACKAGE_CODE = PACKAGE_ROOT / "pipeline"
#: Extracts sent to a worker at a time.
BATCH = 10


@dataclass
class ExtractRun:
    paths: list[Path]
    seconds: float
    #: extracts rendered this time; the others were unchanged (see `fingerprints`)
    rendered: int = 0


#: Per municipality: a fingerprint of what its extract shows, kept beside the PDFs.
MANIFEST = ".fingerprints.json"


def fingerprints(models: Sequence[dict[str, Any]], templates: Path, threshold: int) -> list[str]:
    """What each extract shows (its model), how it is laid out (the templates) and by which
    code: equal fingerprints mean an identical PDF, so it need not be rendered again. An
    edited answer re-renders its own municipality's extract, and every extract only when a
    printed national or regional figure changed."""
    base = hashlib.sha256()
    for path in sorted(Path(templates).rglob("*")) + sorted(PACKAGE_CODE.rglob("*.py")):
        if path.is_file():
            base.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    base.update(str(threshold).encode())
    out = []
    for model in models:
        h = base.copy()
        h.update(json.dumps(model, sort_keys=True, default=str, ensure_ascii=False).encode())
        out.append(h.hexdigest())
    return out


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def extract_path(project: Project, year: int, m: Municipality) -> Path:
    """`output/<year>/kommuner/<code>_<slug>.pdf`; the slug is safe (no separators, no dots)."""
    return project.output(year) / "kommuner" / f"{m.code}_{slug(m.name)}.pdf"


def select(project: Project, queries: Iterable[str] | None, all_: bool) -> list[Municipality]:
    register = load_survey(project).register
    if all_:
        return list(register)
    chosen: dict[str, Municipality] = {}
    for q in queries or []:
        m = find_municipality(str(q), register)  # MunicipalityNotFound names the closest
        chosen[m.code] = m
    return list(chosen.values())


def _chunks(items: Sequence[Any], n: int) -> list[Sequence[Any]]:
    n = max(1, min(n, len(items)))
    size = -(-len(items) // n)
    return [items[i : i + size] for i in range(0, len(items), size)]


def render_extracts(
    project: Project, year: int, municipalities: Iterable[str] | None = None, **options: Any
) -> list[Path]:
    """Write one extract per municipality; returns the paths (options: see `run_extracts`)."""
    return run_extracts(project, year, municipalities, **options).paths


def run_extracts(
    project: Project,
    year: int,
    municipalities: Iterable[str] | None = None,
    *,
    all_municipalities: bool = False,
    workers: int | None = None,
    force: bool = False,
) -> ExtractRun:
    """Render the extracts whose fingerprint changed (all of them with `force`)."""
    started = time.perf_counter()
    targets = select(project, municipalities, all_municipalities)
    data = load_extract_data(project, year)
    threshold = data.threshold
    models = [build_extract_model(data, m) for m in targets]
    manifest_path = project.output(year) / "kommuner" / MANIFEST
    known = {} if force else _read_manifest(manifest_path)
    prints = fingerprints(models, project.templates, threshold)
    stale = [
        k
        for k, (m, fp) in enumerate(zip(targets, prints, strict=True))
        if known.get(m.code) != fp or not extract_path(project, year, m).is_file()
    ]
    paths_all = [extract_path(project, year, m) for m in targets]
    targets = [targets[k] for k in stale]
    models = [models[k] for k in stale]
    io.remove_stale_temp(project.output(year) / "kommuner")  # left by a killed run
    if not models:
        return ExtractRun(paths=paths_all, seconds=time.perf_counter() - started, rendered=0)
    # every extract is typeset in a worker, even a single one (pipeline.extracts.typeset)
    workers = max(1, min(workers or min(2, os.cpu_count() or 1), len(models)))
    templates = str(project.templates)
    # batches of about BATCH, so that the first error leaves little work to cancel
    batches = _chunks(models, max(workers, -(-len(models) // BATCH)))
    with worker_pool(workers) as pool:
        futures = [pool.submit(render_batch, templates, b, threshold, SYMBOLS) for b in batches]
        try:
            pdfs = [pdf for f in futures for pdf in f.result()]
        except BaseException as exc:
            pool.shutdown(wait=False, cancel_futures=True)
            if isinstance(exc, BrokenProcessPool):
                raise RenderError(
                    "a process typesetting the extracts stopped (killed, or out of memory); "
                    "no extract of this run was written"
                ) from None
            raise
    paths = [
        io.write_bytes(extract_path(project, year, m), pdf)
        for m, pdf in zip(targets, pdfs, strict=True)
    ]
    known.update({m.code: prints[k] for k, m in zip(stale, targets, strict=True)})
    io.write_text(manifest_path, json.dumps(known, indent=1, sort_keys=True))
    return ExtractRun(paths=paths_all, seconds=time.perf_counter() - started, rendered=len(paths))
