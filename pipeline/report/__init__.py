"""The national status report: compute (indicators) -> structure (model) -> render (HTML, PDF).

    model = build_report_model(project, year)      # plain dict, see pipeline.report.model
    html = render_html(model, project.templates)    # jinja2, autoescaped, Danish filters
    pdf = render_pdf(html, project.templates)       # WeasyPrint, PDF/UA-1, fenced fetcher
    result = render_report(project, year)           # all three; writes the PDF atomically

Charts are SVG with text as paths (`pipeline.charts.DEFAULT_FORMAT`). Measured on the 2019
demo report (17 figures, 17 pages), SVG and 200-dpi PNG render in about the same time, but
the SVG PDF is several times smaller and stays sharp at any zoom; `svg.fonttype: none` (text
as text) depends on the SVG renderer's font handling, so paths were kept for fidelity.
"""

from pipeline.report.fetcher import ResourceRefused, SafeURLFetcher
from pipeline.report.model import build_report_model
from pipeline.report.render import (
    ReportResult,
    make_environment,
    render_html,
    render_pdf,
    render_report,
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
    "report_path",
]
