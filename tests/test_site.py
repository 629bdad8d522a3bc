"""The web edition: both editions built from the demo data, read as HTML."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import io
from pipeline.cli import app
from pipeline.errors import StatusmaalingError
from pipeline.project import Project
from pipeline.report.model import build_report_model
from pipeline.site.build import build_site, build_sites, site_path

YEAR = 2019
HOSTILE = "<script>alert('x')</script> & <b>fed</b>"


@pytest.fixture(scope="module")
def built(demo_project: Project, tmp_path_factory) -> Project:
    """A copy of the demo project with a hostile free-text answer, both editions built."""
    root = tmp_path_factory.mktemp("site") / "demo"
    shutil.copytree(demo_project.root, root)
    project = Project(root)
    path = project.processed(YEAR) / "coded_text.parquet"
    coded = pd.read_parquet(path)
    first = coded.index[coded["municipality_code"] == "825"][0]
    coded.loc[first, "text"] = HOSTILE
    io.write_parquet(coded, path)
    build_sites(project, YEAR, ("public", "internal"))
    return project


def _pages(project: Project, edition: str) -> dict[str, str]:
    root = site_path(project, YEAR, edition)
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.html")}


@pytest.fixture(scope="module")
def public(built) -> dict[str, str]:
    return _pages(built, "public")


@pytest.fixture(scope="module")
def internal(built) -> dict[str, str]:
    return _pages(built, "internal")


def test_editions_go_to_their_own_folders(built, public, internal):
    assert site_path(built, YEAR, "public") == built.output(YEAR) / "site"
    assert site_path(built, YEAR, "internal") == built.output(YEAR) / "site-internal"
    municipality_pages = [p for p in internal if p.startswith("kommuner/") and "index" not in p]
    assert len(municipality_pages) == 98
    assert "kommuner/825-laesoe.html" in internal
    assert not any(p.startswith(("kommuner/", "landkort/")) for p in public)


def test_every_figure_of_the_report_is_on_the_web_with_its_alt_text_and_a_table(built, public):
    model = build_report_model(built, YEAR, chart_format="svg")
    html = "\n".join(public.values())
    for fig in model["figures"]:
        page = public[f"{next(s for s in model['sections'] if fig in s['figures'])['anchor']}.html"]
        block = page[page.index(f'<figure class="figure" id="{fig["id"]}"') :]
        block = block[: block.index("</figure>")]
        assert "<svg" in block and 'role="img"' in block
        assert f'<title id="{fig["id"]}-alt">' in block
        assert _text(fig["alt"]) in _text(block)
        assert "<table" in block
        for row in fig["data"]["rows"]:
            assert _text(row[0]) in _text(block)
    assert html.count('<figure class="figure"') == len(model["figures"]) + len(model["maps"])


def _text(html: str) -> str:
    """Markup-free, entity-decoded, whitespace-folded text for comparisons."""
    import html as html_lib

    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_figures_table_shows_the_same_numbers_as_its_alt_text(built, public):
    model = build_report_model(built, YEAR, chart_format="svg")
    fig = next(f for f in model["figures"] if f["indicator_id"] == "screen_visits_services")
    for label, pct in fig["data"]["rows"]:
        assert f"{label} {pct}" in fig["alt"]


def test_public_edition_has_no_individual_answers(public, internal):
    html = "\n".join(public.values())
    statuses = set(re.findall(r'data-status="([^"]+)"', html))
    assert statuses and all(s.startswith("band-") or s == "suppressed" for s in statuses)
    assert "Intern udgave" not in html and "noindex" not in html
    for text in ("Kommunens egne fritekstsvar", 'font-size="13">I drift</text>', HOSTILE[:10]):
        assert text not in html
    for page in internal.values():
        assert "Intern udgave." in page and 'content="noindex, nofollow"' in page


def test_regional_map_hides_exactly_the_suppressed_regions(built, tmp_path):
    project = Project(tmp_path / "demo")
    shutil.copytree(built.root, project.root)
    path = project.processed(YEAR) / "indicators.parquet"
    frame = pd.read_parquet(path)
    rows = (frame["indicator_id"] == "screen_visits_any_by_region") & (frame["year"] == YEAR)
    shares = frame[rows].set_index("group")["share_pct"].to_dict()
    # as the indicators stage flags a small Nordjylland: the next-smallest region (Sjælland,
    # n=17) with it, else the country minus the four others would give it away; the numbers
    # left behind the flags must still not reach the page
    hidden = frame["group"].isin(["Region Nordjylland", "Region Sjælland"])
    frame.loc[rows & hidden, "suppressed"] = True
    io.write_parquet(frame, path)
    build_site(project, YEAR, "public")
    page = (site_path(project, YEAR, "public") / "afsnit-screen-visits.html").read_text("utf-8")
    block = page[page.index('id="kort-2"') :]
    block = _text(block[: block.index("</figure>")])
    assert f"Region Nordjylland {int(shares['Region Nordjylland'])} pct." not in block
    assert "Region Nordjylland Ikke vist (for få kommuner)" in block
    assert "Region Sjælland Ikke vist (for få kommuner)" in block
    assert f"Region Sjælland {int(shares['Region Sjælland'])} pct." not in block
    # the map shows exactly the regions the flags leave (no third one hidden on top)
    assert f"Region Midtjylland {int(shares['Region Midtjylland'])} pct." in block
    assert f"Region Hovedstaden {int(shares['Region Hovedstaden'])} pct." in block


def test_internal_map_pages_show_every_municipality_on_tile_and_table(internal):
    page = internal["landkort/screen-visits-status-hjemmepleje.html"]
    assert page.count('<g class="tile"') == 98
    assert len(re.findall(r"<tr data-name=", page)) == 98
    tile = re.search(r'<g class="tile" data-code="825"[^>]*data-status="([^"]+)"', page)
    row = re.search(r'<tr data-name="Læsø"[^>]*>.*?<td>([^<]+)</td></tr>', page)
    assert tile and row
    legend = re.findall(r'<g class="legend-item">.*?<text[^>]*>([^<]+)</text>', page)
    assert legend[:5] == ["I drift", "Under afprøvning", "Under implementering", "Planlagt", "Nej"]
    # every status is a pattern or a distinct fill, so the legend reads in greyscale
    assert 'pattern id="landkort-p-1"' in page and 'pattern id="landkort-p-2"' in page
    index = internal["landkort/index.html"]
    assert "screen-visits-status-hjemmepleje.html" in index
    assert "mobility-technologies-hygiejne.html" in index


def test_the_map_agrees_with_the_municipality_pages(internal):
    """Læsø's tile on a category map says what its own page says about the category."""
    page = internal["landkort/mobility-technologies-hygiejne.html"]
    status = re.search(r'<g class="tile" data-code="825"[^>]*data-status="([^"]+)"', page)[1]
    own = internal["kommuner/825-laesoe.html"]
    section = own[own.index("Teknologier, som kommunerne anvender") :]
    section = section[: section.index("</table>")]
    assert ("Hygiejneteknologi" in section) == (status == "named")


def test_free_text_is_escaped(internal):
    page = internal["kommuner/825-laesoe.html"]
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;fed&lt;/b&gt;" in page


def test_no_external_resource_is_referenced(public, internal):
    for name, page in {**public, **internal}.items():
        urls = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert all(not re.match(r"[a-z]+:", u) for u in urls), name
        assert "@import" not in page and "url(http" not in page


def test_links_between_pages_resolve(built, internal):
    root = site_path(built, YEAR, "internal")
    for name, page in internal.items():
        for href in re.findall(r'href="([^"#]+)', page):
            assert (root / name).parent.joinpath(href).resolve().is_file(), (name, href)


def test_rebuild_removes_stale_pages_and_a_failed_build_keeps_the_old_site(built, tmp_path):
    project = Project(tmp_path / "demo")
    shutil.copytree(built.root, project.root)
    root = site_path(project, YEAR, "internal")
    (root / "kommuner" / "999-gammel.html").write_text("stale", encoding="utf-8")
    build_site(project, YEAR, "internal")
    assert not (root / "kommuner" / "999-gammel.html").exists()
    (project.processed(YEAR) / "indicators.parquet").write_bytes(b"not parquet")
    with pytest.raises(StatusmaalingError):
        build_site(project, YEAR, "internal")
    assert (root / "kommuner" / "825-laesoe.html").is_file()
    assert not [p for p in root.parent.iterdir() if p.name.startswith(".site")]


def test_cli_site_builds_an_edition_and_refuses_an_unknown_one(built, tmp_path):
    project = tmp_path / "demo"
    shutil.copytree(built.root, project)
    shutil.rmtree(project / "output" / str(YEAR) / "site")
    runner = CliRunner()
    result = runner.invoke(app, ["site", "--year", "2019", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert (project / "output" / "2019" / "site" / "index.html").is_file()
    bad = runner.invoke(app, ["site", "--year", "2019", "-e", "secret", "-p", str(project)])
    assert bad.exit_code == 2 and "public, internal or all" in bad.output
    missing = runner.invoke(app, ["site", "--year", "2031", "--project", str(project)])
    assert missing.exit_code == 1 and "2031" in missing.output


def test_pages_are_danish_and_assets_are_copied(built, public):
    root = site_path(built, YEAR, "public")
    assert (root / "site.css").is_file() and (root / "site.js").is_file()
    for page in public.values():
        assert page.startswith('<!DOCTYPE html>\n<html lang="da">')
    assert "Gå til indholdet" in public["index.html"]


def test_pdf_map_figure_is_regional_with_alt_text(built):
    model = build_report_model(built, YEAR)
    assert [m["caption"].split(":")[0] for m in model["maps"]] == ["Kort 1", "Kort 2"]
    for fig in model["maps"]:
        assert fig["image"]["alt"].startswith("Landkort over Danmarks 98 kommuner")
        assert fig["image"]["uri"].startswith("data:image/svg+xml;base64,")
        assert "Region Hovedstaden" in fig["alt"]
    # n is the municipalities behind the regions shown: one denominator per region, so two
    # regions of the same size both count
    table = pd.read_parquet(built.processed(YEAR) / "indicators.parquet")
    regions = table[
        (table["indicator_id"] == "training_any_area_by_region")
        & (table["year"] == YEAR)
        & ~table["suppressed"].astype(bool)
    ]
    assert model["maps"][0]["caption"].endswith(f"n={int(regions['denominator'].sum())}")
    # figure numbers are untouched: "Figur N" is the same figure as in the workbook
    assert [f["number"] for f in model["figures"]] == list(range(1, len(model["figures"]) + 1))


def test_municipal_answers_never_reach_the_pdf_model(built):
    model = build_report_model(built, YEAR)
    for fig in model["maps"]:
        statuses = set(re.findall(r'data-status="([^"]+)"', fig["svg"]))
        assert all(s.startswith("band-") or s == "suppressed" for s in statuses)


def test_a_register_without_positions_leaves_the_pdf_map_out_with_a_warning(built, tmp_path):
    project = Project(tmp_path / "demo")
    shutil.copytree(built.root, project.root)
    path = project.survey / "municipalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(",".join([*c[:4], *c[6:]]) for c in (line.split(",") for line in lines)) + "\n",
        encoding="utf-8",
    )
    model = build_report_model(project, YEAR)
    assert model["maps"] == [] and model["figures"]
    assert any(
        str(w).startswith("survey/municipalities.csv: landkort left out") for w in model["warnings"]
    )
    public = build_site(project, YEAR, "public")
    assert (public.path / "index.html").is_file()
    with pytest.raises(StatusmaalingError, match="no latitude/longitude"):
        build_site(project, YEAR, "internal")


def test_the_pdf_carries_the_landkort_as_a_tagged_figure_with_alt_text(built):
    import io as bytes_io

    from pypdf import PdfReader

    from pipeline.report.render import render_html, render_report_pdf

    model = build_report_model(built, YEAR)
    html = render_html(model, built.templates)
    assert html.count('<figure class="figure layout-landkort" id="kort-') == 2
    result = render_report_pdf(model, built.templates)
    assert result.refused == [] and result.problems == []
    pdf = PdfReader(bytes_io.BytesIO(result.data))
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, list) else [kids]) if kids is not None else []:
                if hasattr(kid, "get_object"):
                    walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    maps = [a for a in alts if a.startswith("Landkort over Danmarks 98 kommuner")]
    assert len(maps) == 2 and all("Region Hovedstaden" in a for a in maps)
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Kort 2: Andel kommuner, der arbejder med skærmbesøg" in text
