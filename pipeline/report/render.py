"""Render a report model to HTML (jinja2) and to an accessible PDF (WeasyPrint, PDF/UA-1).

- One jinja2 `Environment` (`make_environment`), autoescape always on, the Danish formatting
  filters from `pipeline.formatting` registered, undefined variables an error.
- `render_html` builds the HTML string, so tests can check it before WeasyPrint runs.
- `render_pdf` renders with `SafeURLFetcher` (only data: URIs and files inside the templates
  directory) and `pdf_variant="pdf/ua-1"`: tagged PDF, document language, title shown.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jinja2

from pipeline import charts
from pipeline.errors import EmptyReport
from pipeline.formatting import FILTERS
from pipeline.io import write_bytes
from pipeline.project import Project
from pipeline.report.fetcher import SafeURLFetcher
from pipeline.report.layout import fit_figures
from pipeline.report.model import build_report_model
from pipeline.survey import Survey

TEMPLATE = "report.html.j2"
PDF_VARIANT = "pdf/ua-1"


def make_environment(templates_dir: str | Path) -> jinja2.Environment:
    """The one report Environment: templates from `templates_dir`, autoescape, our filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,  # every template, whatever its suffix
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def render_html(
    model: dict[str, Any],
    templates_dir: str | Path,
    template: str = TEMPLATE,
    scales: Mapping[str, float] | None = None,
) -> str:
    """The report as one HTML string (charts inline as data: URIs); `scales`: figure id ->
    the share of its size a figure is drawn at (`pipeline.report.layout`)."""
    env = make_environment(templates_dir)
    return env.get_template(template).render(model=model, scales=dict(scales or {}))


@dataclass
class PdfResult:
    data: bytes
    pages: int
    refused: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # WeasyPrint's logged errors


class _Collect(logging.Handler):
    """Keep WeasyPrint's errors (a missing resource, an image without alt text)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf_result(
    html: str, base: str | Path, *, fetcher: SafeURLFetcher | None = None
) -> PdfResult:
    """Render `html` to PDF/UA-1; relative URLs resolve against `base` (the templates dir)."""
    return _render(lambda _scales: html, base, fetcher=fetcher, fit=False)


def render_report_pdf(
    model: dict[str, Any], templates_dir: str | Path, *, fetcher: SafeURLFetcher | None = None
) -> PdfResult:
    """The report model as PDF/UA-1, its figures fitted to the pages (`pipeline.report.layout`:
    a figure that would leave the page before it mostly empty is drawn a little smaller)."""
    return _render(
        lambda scales: render_html(model, templates_dir, scales=scales),
        templates_dir,
        fetcher=fetcher,
        fit=True,
    )


def _render(
    html_for: Callable[[Mapping[str, float]], str],
    base: str | Path,
    *,
    fetcher: SafeURLFetcher | None,
    fit: bool,
) -> PdfResult:
    from weasyprint import HTML

    base = Path(base).resolve()
    fetcher = fetcher or SafeURLFetcher(base)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)

    def document_for(scales: Mapping[str, float]) -> Any:
        html = HTML(string=html_for(scales), base_url=base.as_uri() + "/", url_fetcher=fetcher)
        return html.render(pdf_variant=PDF_VARIANT)

    try:
        document = fit_figures(document_for)[0] if fit else document_for({})
        data = document.write_pdf(pdf_variant=PDF_VARIANT)
    finally:
        logger.removeHandler(handler)
    # each render logs the same problems and asks for the same refused resources
    refused = list(dict.fromkeys(fetcher.refused))
    return PdfResult(data, len(document.pages), refused, list(dict.fromkeys(handler.messages)))


def render_pdf(html: str, base: str | Path, *, fetcher: SafeURLFetcher | None = None) -> bytes:
    """The PDF bytes of `html` (see `render_pdf_result`)."""
    return render_pdf_result(html, base, fetcher=fetcher).data


@dataclass(frozen=True)
class ReportResult:
    """What `render_report` made: the PDF's path, warnings for the CLI to print, and stats."""

    path: Path
    warnings: list[Any]  # Problem rows of the model, and the renderer's messages
    pages: int
    figures: int
    seconds: float

    def __fspath__(self) -> str:
        return str(self.path)

    def __str__(self) -> str:  # `console.print(f"wrote {result}")` prints the path
        return str(self.path)


def report_path(project: Project, year: int) -> Path:
    return project.output(year) / f"statusmaaling_{year}.pdf"


def render_report(
    project: Project,
    year: int,
    *,
    published: date | None = None,
    chart_format: str = charts.DEFAULT_FORMAT,
    survey: Survey | None = None,
) -> ReportResult:
    """Build, render and write `output/<year>/statusmaaling_<year>.pdf` atomically.

    A report without a single figure is refused (`EmptyReport`): it means the year's
    codebook matches no indicator, and a PDF of headings must never look like success.
    """
    started = time.perf_counter()
    model = build_report_model(
        project, year, published=published, chart_format=chart_format, survey=survey
    )
    if not model["figures"]:
        raise EmptyReport(
            f"the {year} report would carry no figures: no indicator of survey/indicators.yaml "
            f"has a value for {year}; check that survey/questionnaires/{year}.yaml maps the "
            "questions (statusmaaling new-year) and that the export was ingested",
            file=report_path(project, year),
        )
    templates = project.templates
    result = render_report_pdf(model, templates)
    path = write_bytes(report_path(project, year), result.data)
    warnings = list(model["warnings"])
    warnings += [f"the report tried to load a refused resource: {url}" for url in result.refused]
    warnings += [f"renderer: {message}" for message in result.problems]
    return ReportResult(
        path=path,
        warnings=warnings,
        pages=result.pages,
        figures=len(model["figures"]),
        seconds=round(time.perf_counter() - started, 2),
    )
