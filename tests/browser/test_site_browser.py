"""The web edition in a real browser (Debian's Chromium driven by Playwright).

Pages are opened from file://, as a reader opens the folder; every request must stay inside
it. Skipped only when /usr/bin/chromium is absent (scripts/bootstrap.sh installs it; CI has
it). Screenshots go to output/screenshots/ to be looked at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.municipalities import load_register
from pipeline.project import BUNDLED_SURVEY, Project
from pipeline.site.build import build_sites, site_path

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Chromium is not installed at /usr/bin/chromium (bash scripts/bootstrap.sh installs it)",
        allow_module_level=True,
    )

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

YEAR = 2019
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "output" / "screenshots"
MAP = "landkort/screen-visits-status-hjemmepleje.html"
LAESOE = "kommuner/825-laesoe.html"


@pytest.fixture(scope="module")
def sites(demo_project: Project, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("browser") / "demo"
    shutil.copytree(demo_project.root, root)
    project = Project(root)
    build_sites(project, YEAR, ("public", "internal"))
    return {e: site_path(project, YEAR, e) for e in ("public", "internal")}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page that records console errors, page errors and failed or outside requests."""

    def __init__(self, browser, width: int = 1280, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}")
        )
        self.page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(("file://", "data:"))
                else self.problems.append(f"outside request: {r.url}")
            ),
        )

    def open(self, path: Path):
        response = self.page.goto(path.as_uri())
        assert response is None or response.ok
        self.page.wait_for_load_state("load")
        return self.page

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def watched(browser):
    pages: list[Watched] = []

    def make(width: int = 1280, height: int = 900) -> Watched:
        pages.append(Watched(browser, width, height))
        return pages[-1]

    yield make
    for w in pages:
        w.close()


def test_pages_load_without_console_errors_or_failed_requests(sites, watched):
    public = sorted(sites["public"].glob("*.html"))
    internal = [
        sites["internal"] / p
        for p in ("index.html", "landkort/index.html", MAP, "kommuner/index.html", LAESOE)
    ]
    internal += sorted((sites["internal"] / "landkort").glob("mobility-*.html"))[:2]
    internal += sorted((sites["internal"] / "kommuner").glob("1*.html"))[:2]
    w = watched()
    for path in [*public, *internal]:
        page = w.open(path)
        assert page.title(), path
        images = page.evaluate(
            "Array.from(document.images).filter(i => !i.complete || !i.naturalWidth).length"
        )
        assert images == 0, path
    assert w.problems == []


def test_the_map_shows_98_tiles_and_filters_by_region_and_name(sites, watched):
    nordjylland = sum(
        1
        for m in load_register(BUNDLED_SURVEY / "municipalities.csv")
        if m.region == "Region Nordjylland"
    )
    w = watched()
    page = w.open(sites["internal"] / MAP)
    assert page.locator("svg.tilemap .tile").count() == 98
    assert page.locator("#landkort-tabel tbody tr:visible").count() == 98
    page.select_option("#filter-region", "Region Nordjylland")
    assert page.locator("#landkort-tabel tbody tr:visible").count() == nordjylland
    assert page.locator("svg.tilemap .tile.dim").count() == 98 - nordjylland
    assert page.locator(".filter-count").inner_text() == f"Viser {nordjylland} af 98 kommuner."
    page.fill("#filter-name", "læs")
    visible = page.locator("#landkort-tabel tbody tr:visible")
    assert visible.count() == 1 and visible.first.get_attribute("data-name") == "Læsø"
    assert page.locator("svg.tilemap .tile:not(.dim)").get_attribute("data-code") == "825"
    page.select_option("#filter-region", "")
    page.fill("#filter-name", "")
    assert page.locator("svg.tilemap .tile.dim").count() == 0

    index = w.open(sites["internal"] / "landkort" / "index.html")
    total = index.locator("ul.layers li").count()
    index.fill("#filter-layer", "hygiejne")
    shown = index.locator("ul.layers li:visible")
    assert 0 < shown.count() < total
    assert all("hygiejne" in t.lower() for t in shown.all_inner_texts())

    listing = w.open(sites["internal"] / "kommuner" / "index.html")
    listing.fill("#filter-name", "aa")
    names = listing.locator("tbody tr:visible").evaluate_all("rs => rs.map(r => r.dataset.name)")
    assert names and all("aa" in n.lower() for n in names)
    assert w.problems == []


def test_without_javascript_everything_is_shown_and_no_dead_control(sites, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((sites["internal"] / MAP).as_uri())
    assert page.locator("form.filters").is_hidden()
    assert page.locator("#landkort-tabel tbody tr:visible").count() == 98
    assert page.locator("svg.tilemap .tile").count() == 98
    context.close()


@pytest.mark.parametrize(
    ("edition", "path"),
    [
        ("public", "index.html"),
        ("public", "afsnit-screen-visits.html"),
        ("internal", MAP),
        ("internal", LAESOE),
    ],
    ids=["index", "report page", "map", "municipality"],
)
def test_axe_finds_no_serious_or_critical_violation(sites, watched, edition, path):
    page = watched().open(sites[edition] / path)
    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} x{len(v['nodes'])}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


@pytest.mark.parametrize("path", [MAP, "landkort/index.html", "kommuner/index.html"])
def test_keyboard_reaches_every_control(sites, watched, path):
    page = watched().open(sites["internal"] / path)
    controls = page.evaluate(
        """() => Array.from(document.querySelectorAll('a[href], input, select, summary'))
             .filter(e => e.offsetParent !== null).map(e => e.outerHTML.slice(0, 80))"""
    )
    reached = []
    for _ in range(len(controls) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement && document.activeElement.outerHTML.slice(0, 80)"
        )
        if focused in reached:
            break
        reached.append(focused)
    assert set(controls) <= set(reached)
    # the skip link comes first and lands on the content
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"


def test_screenshots_and_no_sideways_scrolling_on_a_phone(sites, watched):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = [
        ("index", sites["public"] / "index.html", 1280),
        ("report-page", sites["public"] / "afsnit-screen-visits.html", 1280),
        ("map-desktop", sites["internal"] / MAP, 1280),
        ("map-phone", sites["internal"] / MAP, 390),
        ("municipality", sites["internal"] / LAESOE, 1280),
    ]
    for name, path, width in shots:
        page = watched(width=width, height=900).open(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def test_print_hides_navigation_and_filters_but_keeps_the_internal_mark(sites, watched):
    page = watched().open(sites["internal"] / MAP)
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    assert page.locator("form.filters").is_hidden()
    assert page.locator(".internal-banner").is_visible()
    assert page.locator("#landkort-tabel tbody tr:visible").count() == 98
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
