"""The web edition: the national report as static web pages, in two editions.

- `public` (`output/<year>/site/`): the report's sections, narrative and figures, with the
  landkort only in its regional form (shares of regions, suppressed cells never drawn).
- `internal` (`output/<year>/site-internal/`, for KL and the municipalities): the same plus one
  page per municipality (its extract, from `pipeline.extracts.model`, so the extracts'
  disclosure rules apply unchanged) and the adoption map of individual answers; every page
  carries a visible "Intern udgave" banner and `noindex`.

Numbers and text come from the one report model (`build_report_model(chart_format="svg")`),
never recomputed here. Pages are plain HTML that work offline from `file://`: no CDN, no web
font, no request outside the folder; `site.js` only adds filtering on top. Each edition is
built in a temporary folder next to the target and swapped in at the end, so a failed build
leaves the previous site intact and no stale page survives a rebuild.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.errors import EmptyReport, StatusmaalingError
from pipeline.extracts.model import ExtractData, build_extract_model, load_extract_data
from pipeline.municipalities import Municipality, slug
from pipeline.project import Project
from pipeline.report.model import build_report_model
from pipeline.report.render import make_environment
from pipeline.site.landkort import Layer, municipal_layers, table_rows, tile_map_svg
from pipeline.site.svg import decode_data_uri, inline_svg
from pipeline.site.tiles import Tile, place_tiles
from pipeline.survey import Survey, load_survey

EDITIONS = ("public", "internal")
FOLDERS = {"public": "site", "internal": "site-internal"}
ASSETS = ("site.css", "site.js")
INTERNAL_NOTE = (
    "Intern udgave til KL og kommunerne. Indeholder de enkelte kommuners svar og må ikke "
    "offentliggøres."
)


class SiteError(StatusmaalingError):
    """The web edition cannot be built (unknown edition, missing template)."""


@dataclass(frozen=True)
class SiteResult:
    """What `build_site` wrote: the folder, how many pages, and how long it took."""

    edition: str
    path: Path
    pages: int
    seconds: float

    def __str__(self) -> str:
        return str(self.path)


def site_path(project: Project, year: int, edition: str) -> Path:
    if edition not in FOLDERS:
        raise SiteError(f"unknown edition {edition!r}; use one of {', '.join(EDITIONS)}")
    return project.output(year) / FOLDERS[edition]


def _municipality_file(m: Municipality) -> str:
    return f"kommuner/{m.code}-{slug(m.name)}.html"


def _section_file(section: dict[str, Any]) -> str:
    return f"{section['anchor']}.html"


# --------------------------------------------------------------------------- model -> pages


def web_figures(model: dict[str, Any]) -> None:
    """Give every figure and map of the model its inline SVG (`svg_inline`), in place."""
    for section in model["sections"]:
        for fig in section["figures"]:
            image = fig.get("image")
            fig["svg_inline"] = (
                inline_svg(decode_data_uri(image["uri"]), fig["id"], image["alt"])
                if image and image["mime"] == "image/svg+xml"
                else None
            )
        for fig in section["maps"]:
            fig["svg_inline"] = fig["svg"]


def municipality_page(data: ExtractData, m: Municipality) -> dict[str, Any]:
    """The extract model of `m`; an indicator's note (e.g. not answered) as a note row."""
    model = build_extract_model(data, m)
    years = [*model["earlier_years"], model["year"]]
    for section in model["sections"]:
        for ind in section["indicators"]:
            for row in ind["rows"]:
                row["year_marks"] = row["marks"]  # one per year, or none for a non-respondent
                row["note"] = False
            if ind.get("note"):
                note = {"label": ind["note"], "note": True, "year_marks": [], "region_pct": None}
                ind["rows"].insert(0, {**note, "national_pct": None})
    model["years"] = years
    model["threshold"] = data.threshold
    return model


@dataclass
class _Page:
    path: str  # relative to the site root
    template: str
    context: dict[str, Any]


def _pages(
    model: dict[str, Any],
    edition: str,
    *,
    data: ExtractData | None,
    register: Sequence[Municipality],
    layers: Sequence[Layer],
    tiles: Sequence[Tile],
) -> list[_Page]:
    sections = model["sections"]
    nav = [{"href": "index.html", "title": "Forside"}]
    if model["overview"]:
        nav.append({"href": "teknologioverblik.html", "title": model["overview"]["title"]})
    nav += [{"href": _section_file(s), "title": s["title"]} for s in sections]
    if model["quotes"]:
        nav.append({"href": "citater.html", "title": model["quotes"]["title"]})
    nav.append({"href": "om-undersoegelsen.html", "title": model["method"]["title"]})
    if edition == "internal":
        nav.append({"href": "landkort/index.html", "title": "Landkort"})
        nav.append({"href": "kommuner/index.html", "title": "Kommunerne"})

    nav, own_pages, shown_on = _with_editorial(nav, model)

    pages = [_Page("index.html", "site/index.html.j2", {})]
    if model["overview"]:
        pages.append(_Page("teknologioverblik.html", "site/overview.html.j2", {}))
    hrefs = [n["href"] for n in nav]
    for page in own_pages:
        at = hrefs.index(page.path)
        page.context.update(previous=nav[at - 1], next=nav[at + 1] if at + 1 < len(nav) else None)
    pages += own_pages
    for section in sections:
        at = hrefs.index(_section_file(section))
        neighbours = {"previous": nav[at - 1], "next": nav[at + 1] if at + 1 < len(nav) else None}
        pages.append(
            _Page(
                _section_file(section), "site/section.html.j2", {"section": section, **neighbours}
            )
        )
    if model["quotes"]:
        pages.append(_Page("citater.html", "site/quotes.html.j2", {}))
    pages.append(_Page("om-undersoegelsen.html", "site/method.html.j2", {}))
    if edition == "internal":
        assert data is not None
        pages += _internal_pages(model, data, register, layers, tiles)
    for page in pages:
        page.context.update(
            model=model, nav=nav, edition=edition, editorial_here=shown_on.get(page.path, [])
        )
    return pages


def _with_editorial(
    nav: list[dict[str, str]], model: dict[str, Any]
) -> tuple[list[dict[str, str]], list[_Page], dict[str, list[dict[str, Any]]]]:
    """The analysts' own sections in the web edition, as in the report: one with a title is a
    page of its own, in the navigation after the page of its place; one without is shown at
    the end of that page (see `pipeline.report.editorial`)."""
    sections = model["sections"]
    last = _section_file(sections[-1]) if sections else "index.html"
    page_of = {
        "contents": "index.html",
        "purpose": "index.html",
        "overview": "teknologioverblik.html" if model["overview"] else "index.html",
        "quotes": "citater.html" if model["quotes"] else last,
        **{s["id"]: _section_file(s) for s in sections},
    }
    nav = list(nav)
    pages: list[_Page] = []
    shown_on: dict[str, list[dict[str, Any]]] = {}
    for place, items in model.get("editorial", {}).items():
        page = page_of.get(place, "index.html")
        for item in items:
            if not item["title"]:
                shown_on.setdefault(page, []).append(item)
                continue
            href = f"{item['anchor']}.html"
            hrefs = [n["href"] for n in nav]
            if place == "quotes":  # just before "Om undersøgelsen"
                at = hrefs.index("om-undersoegelsen.html")
            else:
                at = hrefs.index(page) + 1
                while at < len(nav) and nav[at]["href"].startswith("tekst-"):
                    at += 1
            nav.insert(at, {"href": href, "title": item["title"]})
            pages.append(_Page(href, "site/editorial.html.j2", {"item": item}))
    return nav, pages, shown_on


def _internal_pages(
    model: dict[str, Any],
    data: ExtractData,
    register: Sequence[Municipality],
    layers: Sequence[Layer],
    tiles: Sequence[Tile],
) -> list[_Page]:
    pages = []
    groups: dict[str, list[dict[str, str]]] = {}
    for layer in layers:
        groups.setdefault(layer.group, []).append(
            {"href": f"{layer.id}.html", "title": layer.title}
        )
    regions = sorted({m.region for m in register}, key=[m.region for m in register].index)
    pages.append(_Page("landkort/index.html", "site/landkort_index.html.j2", {"groups": groups}))
    for layer in layers:
        pages.append(
            _Page(
                f"landkort/{layer.id}.html",
                "site/landkort.html.j2",
                {
                    "layer": layer,
                    "svg": tile_map_svg(layer, tiles, map_id="landkort", title=layer.title),
                    "rows": table_rows(layer, register),
                    "regions": regions,
                    "counts": layer.counts(),
                },
            )
        )
    listing = [
        {
            "href": _municipality_file(m).removeprefix("kommuner/"),
            "name": m.name,
            "code": m.code,
            "region": m.region,
            "answered": m.code in data.respondents,
        }
        for m in sorted(register, key=lambda m: m.name)
    ]
    pages.append(
        _Page(
            "kommuner/index.html",
            "site/municipalities.html.j2",
            {"municipalities": listing, "regions": regions},
        )
    )
    for m in register:
        pages.append(
            _Page(
                _municipality_file(m),
                "site/municipality.html.j2",
                {"extract": municipality_page(data, m)},
            )
        )
    return pages


# --------------------------------------------------------------------------- writing


def _write(root: Path, pages: Iterable[_Page], templates: Path) -> int:
    env = make_environment(templates)
    count = 0
    for page in pages:
        depth = page.path.count("/")
        html = env.get_template(page.template).render(
            root="../" * depth, path=page.path, **page.context
        )
        target = root / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        count += 1
    for asset in ASSETS:
        shutil.copyfile(templates / "site" / asset, root / asset)
    return count


def _swap_in(built: Path, target: Path) -> None:
    """Replace `target` by `built` (two renames in the same folder)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(built, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_sites(
    project: Project,
    year: int,
    editions: Sequence[str] = ("public",),
    *,
    published: date | None = None,
    survey: Survey | None = None,
) -> list[SiteResult]:
    """Build the given editions of the web edition for `year` from one report model."""
    for edition in editions:
        site_path(project, year, edition)  # refuse an unknown edition before any work
    started = time.perf_counter()
    survey = survey or load_survey(project)
    model = build_report_model(
        project, year, published=published, chart_format="svg", survey=survey
    )
    if not model["figures"]:
        raise EmptyReport(
            f"the {year} web edition would carry no figures; run the indicators for {year}",
            file=site_path(project, year, editions[0]),
        )
    web_figures(model)
    register = list(survey.register)
    # the municipal maps need every position; the public edition's maps are the model's own
    tiles = place_tiles(register) if "internal" in editions else []
    shared = time.perf_counter() - started
    results = []
    for edition in editions:
        t0 = time.perf_counter()
        data: ExtractData | None = None
        layers: list[Layer] = []
        if edition == "internal":
            data = load_extract_data(project, year)
            layers = municipal_layers(
                data.results,
                year,
                register,
                data.category_labels,
                neutral_answers=survey.report.charts.neutral_answers,
            )
        pages = _pages(model, edition, data=data, register=register, layers=layers, tiles=tiles)
        target = site_path(project, year, edition)
        target.parent.mkdir(parents=True, exist_ok=True)
        built = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        built.chmod(0o755)  # mkdtemp makes it private; the site is meant to be read
        try:
            count = _write(built, pages, project.templates)
            _swap_in(built, target)
        except BaseException:
            shutil.rmtree(built, ignore_errors=True)
            raise
        seconds = time.perf_counter() - t0 + (shared if not results else 0.0)
        results.append(SiteResult(edition, target, count, round(seconds, 2)))
    return results


def build_site(project: Project, year: int, edition: str = "public", **kwargs: Any) -> SiteResult:
    """One edition (see `build_sites`)."""
    return build_sites(project, year, (edition,), **kwargs)[0]
