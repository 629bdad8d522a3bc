"""Render the extracts: one tagged PDF/UA document per municipality, in a pool of processes.

Each extract is its own WeasyPrint document, so its page numbers ("Side 2 af 4") count its own
pages and its structure tree (tags for headings, tables, header cells) is its own; a batch
rendered as one document and split by pages lost both. What is shared is set up once per
batch: the jinja2 template, the parsed stylesheet and the font configuration. The extracts
use no images and no charts, only text and tables.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import hashlib
import json
import os
import signal
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML  # imported before the pool forks, so workers start warm
from weasyprint.text.fonts import FontConfiguration

from pipeline import io
from pipeline.extracts.model import SYMBOLS, build_extract_model, load_extract_data
from pipeline.municipalities import Municipality, find_municipality, slug
from pipeline.project import PACKAGE_ROOT, Project
from pipeline.report.fetcher import SafeURLFetcher
from pipeline.report.render import PDF_VARIANT, make_environment
from pipeline.survey import load_survey

TEMPLATE = "extract.html.j2"
STYLESHEET = "extract.css"
PACKAGE_CODE = PACKAGE_ROOT / "pipeline"
#: linux/prctl.h: deliver a signal to this process when its parent dies.
PR_SET_PDEATHSIG = 1


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


def render_batch(templates: str, models: Sequence[dict[str, Any]], threshold: int) -> list[bytes]:
    """Render several extracts, each as its own tagged PDF/UA document."""
    template = make_environment(templates).get_template(TEMPLATE)
    base = Path(templates).resolve()
    fetcher = SafeURLFetcher(base)
    fonts = FontConfiguration()
    css = CSS(filename=str(base / STYLESHEET), font_config=fonts, url_fetcher=fetcher)
    # WeasyPrint allocates millions of small objects that live until a document is written;
    # Python's cyclic collector walking them again and again cost ~40% of the time (measured),
    # so it waits until the batch is done.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        out = []
        for model in models:
            html = template.render(extract=model, threshold=threshold, symbols=SYMBOLS)
            doc = HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher).render(
                font_config=fonts, stylesheets=[css], pdf_variant=PDF_VARIANT
            )
            out.append(doc.write_pdf(pdf_variant=PDF_VARIANT))
        return out
    finally:
        if was_enabled:
            gc.enable()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers end when this process ends, also by `kill -9`.

    A killed parent cannot shut its pool down; its workers then stayed alive for good. Each
    worker asks the kernel for SIGKILL when its parent dies (Linux prctl), and, where that is
    not available, a watchdog thread exits once the parent has gone.
    """
    return ProcessPoolExecutor(workers, initializer=_die_with_parent, initargs=(os.getpid(),))


def _die_with_parent(parent: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


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
    batch_size: int = 20,
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
    workers = workers or min(2, os.cpu_count() or 1)
    # Batches of at most `batch_size` (the collector is off within a batch, so memory grows
    # with it), as many for each worker: with 2 workers and 98 extracts, 6 batches of 16-17.
    per_worker = -(-len(models) // (batch_size * workers))
    batches = _chunks(models, workers * per_worker)
    templates = str(project.templates)
    if workers > 1 and len(batches) > 1:
        with worker_pool(workers) as pool:
            futures = [pool.submit(render_batch, templates, b, threshold) for b in batches]
            pdfs = [pdf for f in futures for pdf in f.result()]
    else:
        pdfs = [pdf for b in batches for pdf in render_batch(templates, b, threshold)]
    paths = [
        io.write_bytes(extract_path(project, year, m), pdf)
        for m, pdf in zip(targets, pdfs, strict=True)
    ]
    known.update({m.code: prints[k] for k, m in zip(stale, targets, strict=True)})
    io.write_text(manifest_path, json.dumps(known, indent=1, sort_keys=True))
    return ExtractRun(paths=paths_all, seconds=time.perf_counter() - started, rendered=len(paths))
