"""The national status report: compute (indicators) -> structure (model) -> render (HTML, PDF).

    model = build_report_model(project, year)      # plain dict, see pipeline.report.model
    html = render_html(model, project.templates)    # jinja2, autoescaped, Danish filters
    pdf = render_pdf(html, project.templates)       # WeasyPrint, PDF/UA-1, fenced fetcher
    pdf = render_report_pdf(model, project.templates)  # both, figures fitted to the pages
    result = render_report(project, year)           # all three; writes the PDF atomically

Charts are embedded as SVG data: URIs with text as text (vector, selectable labels; greyscale
by lightness steps, no hatching); see `pipeline.charts`. `scripts/measure_pages.py` measures
the empty share of each rendered page.
"""

from pipeline.report.fetcher import ResourceRefused, SafeURLFetcher
from pipeline.report.model import build_report_model
from pipeline.report.render import (
    ReportResult,
    make_environment,
    render_html,
    render_pdf,
    render_report,
    render_report_pdf,
    report_path,
)

__all__ = [
    "ReportResult",
    "ResourceRefused",
    "SafeURLFetcher",
    "build_report_model",
    "make_environment",
    "render_html",
    "render_pdf",
    "render_report",
    "render_report_pdf",
    "report_path",
]
