"""The national report, end to end on a small hand-made project.

The project has an indicators.parquet shaped like the indicators stage's output (2017-2019,
numbers close to KL's published 2019 report), an ingest_meta.json, a copy of survey/ and a
quotes file with one hostile quote. The PDF is rendered once per module (`report` fixture).
"""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from pipeline.errors import DefinitionError, MissingStageOutput
from pipeline.project import BUNDLED_SURVEY, PACKAGE_ROOT, Project
from pipeline.report import (
    ResourceRefused,
    SafeURLFetcher,
    build_report_model,
    make_environment,
    render_html,
    render_report,
)
from pipeline.report.render import render_pdf_result
from pipeline.survey import load_survey

YEAR = 2019
PUBLISHED = date(2019, 12, 3)

TAXONOMY = """\
categories:
  - slug: hygiejne
    label: Hygiejneteknologi
    description: Teknologi, der hjælper borgeren med personlig hygiejne.
    examples: [Vaske-tørretoilet, intelligente bleer, badestol]
    terms: [toilet]
  - slug: mobilitet
    label: Mobilitetsteknologi
    description: Teknologi, der hjælper borgeren med at bevæge sig og forflytte sig.
    examples: [Loftlift, rollator, trappelift]
    terms: [lift]
  - slug: traening
    label: Træningsteknologi
    description: Redskaber til træning og genoptræning.
    examples: [Træningsapp, videotræning, aflastningstræning]
    terms: [træning]
  - slug: seng
    label: Sengeteknologi
    description: Plejesenge og sensorer i madras og seng.
    examples: [Vendesystem, sensormadras]
    terms: [seng]
  - slug: skaermbesoeg
    label: Skærmbesøg og telemedicin
    description: Besøg og opfølgning via skærm.
    examples: [Virtuel bostøtte, telemedicinsk KOL-kuffert]
    terms: [skærm]
"""

HOSTILE = '<img src="file:///etc/passwd"> <script>alert(1)</script> & "Aarhus" er bedst'


def _half_up(x: float) -> int:
    return int(Decimal(str(x)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def indicator_rows(
    indicator_id: str,
    section: str,
    question_id: str,
    kind: str,
    chart: str,
    title: str,
    groups: list[tuple[str, str]],
    by_year: dict[int, tuple[int, list[int | None]]],
    *,
    item: str = "",
    figure: bool = True,
    ranks: dict[int, list[int]] | None = None,
    breakdown: str = "options",
    order: int = 0,
) -> list[dict]:
    """Rows as the indicators stage writes them; `by_year` = {year: (n, [pct per group])}."""
    rows = []
    previous: dict[str, int] = {}
    for year in sorted(by_year):
        n, pcts = by_year[year]
        for order, ((group, label), pct) in enumerate(zip(groups, pcts, strict=True)):
            if pct is None:
                continue
            numerator = _half_up(pct * n / 100)
            share = numerator / n
            share_pct = _half_up(share * 100)
            rows.append(
                {
                    "indicator_id": indicator_id,
                    "year": year,
                    "group": group,
                    "group_key": group,
                    "numerator": numerator,
                    "denominator": n,
                    "share": share,
                    "share_pct": share_pct,
                    "change_pp": share_pct - previous[group] if group in previous else None,
                    "title": title,
                    "kind": kind,
                    "question_id": question_id,
                    "item": item,
                    "group_label": label,
                    "group_order": order,
                    "rank": (ranks or {}).get(year, [None] * len(groups))[order],
                    "suppressed": False,
                    "section": section,
                    "chart": chart,
                    "figure": figure,
                    "note": None,
                    "breakdown": breakdown,
                    "indicator_order": order,
                }
            )
            previous[group] = share_pct
    return rows


TRAINING = [
    ("1", "Forebyggelse og sundhedsfremme (SUL §119)"),
    ("2", "Genoptræning (SUL §140)"),
    ("3", "Genoptræning og vedligeholdende træning (SEL §86)"),
    ("4", "Socialpædagogisk støtte (SEL §85)"),
    ("5", "Rehabilitering (SEL §83a)"),
    ("6", "Nej, ingen i drift"),
]
STATUS = [
    ("1", "I drift"),
    ("2", "Under afprøvning"),
    ("3", "Under implementering"),
    ("4", "Planlagt"),
    ("5", "Nej"),
]
TECH = [
    ("hygiejne", "Hygiejneteknologi"),
    ("mobilitet", "Mobilitetsteknologi"),
    ("traening", "Træningsteknologi"),
    ("seng", "Sengeteknologi"),
    ("smaahjaelpemidler", "Småhjælpemidler"),
    ("spise", "Spise-/måltidsteknologi"),
    ("tryghed", "Tryghedsskabende teknologi"),
    ("skaermbesoeg", "Skærmbesøg og telemedicin"),
]
PREVENTION = [
    ("skaermbesoeg", "Skærmbesøg og telemedicin"),
    ("selvmonitorering", "Selvmonitorering/motivationsteknologi"),
    ("traening", "Træningsteknologi"),
    ("patientuddannelse", "Digital patientuddannelse"),
]
PRIORITIES = [
    ("skaermbesoeg", "Skærmbesøg og telemedicin"),
    ("traening", "Træningsteknologi"),
    ("medicin", "Medicinhåndtering"),
    ("tryghed", "Tryghedsskabende teknologi"),
    ("hygiejne", "Hygiejneteknologi"),
    ("seng", "Sengeteknologi"),
]
SUPPLIERS = [
    ("1", "I høj grad"),
    ("2", "I nogen grad"),
    ("3", "I mindre grad"),
    ("4", "Slet ikke"),
    ("5", "Ved ikke"),
]


def make_indicators() -> pd.DataFrame:
    """Indicators 2017-2019 shaped like the indicators stage's output."""
    rows = []
    rows += indicator_rows(
        "participation", "participation", "", "participation", "none",
        "Kommuner, der har deltaget i undersøgelsen", [("", "")],
        {2017: (98, [92]), 2018: (98, [92]), 2019: (98, [99])}, figure=False, breakdown="none",
    )  # fmt: skip
    rows += indicator_rows(
        "participation_by_region", "participation", "", "participation", "hbar",
        "Kommuner, der har deltaget, fordelt på region",
        [("Region Hovedstaden", "Region Hovedstaden"), ("Region Sjælland", "Region Sjælland")],
        {2019: (29, [100, 95])}, figure=False, breakdown="region", order=1,
    )  # fmt: skip
    rows += indicator_rows(
        "training_in_operation", "training", "training_in_operation", "option_share",
        "grouped_years", "Digitalt understøttet træning i drift fordelt på indsatsområder",
        TRAINING,
        {
            2017: (84, [30, 40, 35, 10, 20, 25]),
            2018: (87, [33, 47, 40, 12, 25, 20]),
            2019: (91, [40, 62, 45, 15, 30, 12]),
        },
        order=2,
    )  # fmt: skip
    rows += indicator_rows(
        "training_any_area", "training", "training_in_operation", "any_of", "none",
        "Andel kommuner med digitalt understøttet træning i drift på mindst ét indsatsområde",
        [("", "")], {2018: (87, [86]), 2019: (91, [90])}, figure=False, breakdown="none",
        order=3,
    )  # fmt: skip
    rows += indicator_rows(
        "training_objectives", "training", "training_objectives", "option_share", "hbar",
        "Målsætninger for digitalt understøttet træning",
        [("1", "Fastholde og øge borgeres træningsmotivation"),
         ("2", "Fastholde og styrke funktionsniveau efter endt træningsforløb"),
         ("3", "Nedsætte ventetid på træningsforløb"), ("4", "Andet, angiv")],
        {2019: (82, [83, 68, 30, 10])}, order=4,
    )  # fmt: skip
    rows += indicator_rows(
        "screen_visits_any", "screen_visits", "screen_visits_any", "option_share", "hbar",
        "Kommuner, der arbejder med eller planlægger skærmbesøg",
        [("1", "Ja"), ("2", "Nej")], {2019: (95, [75, 25])}, order=5,
    )  # fmt: skip
    status = {
        "handicap": (
            "Handicapområdet",
            {2018: (54, [13, 15, 12, 30, 30]), 2019: (70, [23, 20, 17, 23, 17])},
        ),
        "hjemmesygepleje": ("Hjemmesygeplejen", {2019: (73, [10, 30, 23, 17, 20])}),
    }
    for number, (item, (label, by_year)) in enumerate(status.items()):
        rows += indicator_rows(
            f"screen_visits_status.{item}", "screen_visits", "screen_visits_status",
            "matrix_share", "grouped_years", f"Status for skærmbesøg: {label}", STATUS,
            by_year, item=item, order=6 + number,
        )  # fmt: skip
    rows += indicator_rows(
        "mobility_technologies", "mobility", "mobility_technologies", "category_share",
        "grouped_years", "Teknologier til borgere med funktionelle mobilitetsudfordringer",
        TECH + [("sanse", "Sanseteknologi")],
        {2018: (88, [47, 50, 40, 25, 45, 20, 10, 5, 0]),
         2019: (91, [63, 57, 47, 44, 42, 21, 7, 7, 0])},
        breakdown="categories", order=10,
    )  # fmt: skip
    # One indicator with several rows (items): drawn as one figure with a series per row.
    for item, n, pcts in (
        ("kol", 82, [70, 40, 35, 20]),
        ("diabetes", 79, [25, 60, 30, 25]),
        ("hjerte", 81, [30, 35, 40, 15]),
    ):
        rows += indicator_rows(
            "prevention_technologies", "prevention", "prevention_technologies",
            "category_share", "hbar",
            "Teknologier i den patientrettede forebyggelse fordelt på sygdomme", PREVENTION,
            {2019: (n, pcts)}, item=item, breakdown="categories", order=11,
        )  # fmt: skip
    rows += indicator_rows(
        "priority_next_year", "priorities", "priority_next_year", "top_n", "hbar",
        "De fem velfærdsteknologier, som kommunerne prioriterer højest næste år", PRIORITIES,
        {2018: (86, [30, 20, 35, 25, 28, 22]), 2019: (90, [45, 30, 28, 25, 22, None])},
        ranks={2018: [2, 6, 1, 4, 3, 5], 2019: [1, 2, 3, 4, 5, None]}, figure=False,
        breakdown="categories", order=12,
    )  # fmt: skip
    rows += indicator_rows(
        "supplier_involvement", "suppliers", "supplier_involvement", "option_share", "hbar",
        "Leverandørernes involvering i kommunernes mest succesfulde teknologiprojekter",
        SUPPLIERS, {2017: (85, [45, 35, 12, 4, 4]), 2019: (88, [53, 30, 10, 3, 4])},
        figure=False, order=13,
    )  # fmt: skip
    frame = pd.DataFrame(rows)
    # A suppressed cell: must never reach the national report.
    hidden = frame[frame["indicator_id"] == "training_in_operation"].iloc[[0]].copy()
    hidden[["group", "group_label", "suppressed", "year"]] = ["x", "Skjult gruppe", True, YEAR]
    frame = pd.concat([frame, hidden], ignore_index=True)
    for column in ("numerator", "denominator", "share_pct", "change_pp", "rank", "group_order"):
        frame[column] = frame[column].astype("Int64")
    return frame


def make_project(root: Path, *, quotes: list[dict] | None = None) -> Project:
    """A project folder with survey/, indicators and ingest metadata for 2017-2019."""
    shutil.copytree(PACKAGE_ROOT / "survey", root / "survey")
    if not (root / "survey" / "taxonomy.yaml").exists():
        (root / "survey" / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    processed = root / "data" / "processed" / str(YEAR)
    processed.mkdir(parents=True)
    make_indicators().to_parquet(processed / "indicators.parquet", index=False)
    meta = {
        "year": YEAR,
        "accepted": 97,
        "invited": 98,
        "n_questions": 34,
        "collection_start": "2019-09-04",
        "collection_end": "2019-10-25",
    }
    (processed / "ingest_meta.json").write_text(json.dumps(meta), encoding="utf-8")
    if quotes is not None:
        import yaml

        path = root / "survey" / str(YEAR) / "quotes.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(quotes, allow_unicode=True), encoding="utf-8")
    return Project(root)


QUOTES = [
    {
        "text": "Borgerne træner mere, når øvelserne ligger på tabletten.",
        "attribution": "Velfærdsteknologikonsulent",
        "section": "training",
    },
    {"text": HOSTILE, "attribution": "Leder <b>fed</b>", "section": "screen_visits"},
    {
        "text": "Vi fik god hjælp, da projektleder Hanne Larsen viste os løsningen.",
        "attribution": "Terapeut",
        "section": "nowhere",
    },
]


# --------------------------------------------------------------------------- fixtures


class RecordingFetcher(SafeURLFetcher):
    """The report's fetcher, remembering every URL it was asked for."""

    def __init__(self, root):
        super().__init__(root)
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return make_project(tmp_path_factory.mktemp("report"), quotes=QUOTES)


@pytest.fixture(scope="module")
def model(project):
    return build_report_model(project, YEAR, published=PUBLISHED)


@pytest.fixture(scope="module")
def html(model, project):
    return render_html(model, project.templates)


@pytest.fixture(scope="module")
def rendered(html, project):
    fetcher = RecordingFetcher(project.templates)
    result = render_pdf_result(html, project.templates, fetcher=fetcher)
    return result, fetcher


@pytest.fixture(scope="module")
def pdf(rendered):
    return PdfReader(io.BytesIO(rendered[0].data))


@pytest.fixture(scope="module")
def text(pdf) -> str:
    """The PDF's text with whitespace (line breaks) folded to single spaces."""
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


# --------------------------------------------------------------------------- model


def test_figures_are_numbered_in_reading_order_with_n_in_the_caption(model):
    captions = [f["caption"] for f in model["figures"]]
    assert captions[0] == (
        "Figur 1: Digitalt understøttet træning i drift fordelt på indsatsområder. Angivet i "
        "pct. af antal kommuner. n=84 (2017), 87 (2018), 91 (2019)"
    )
    assert captions[1] == (
        "Figur 2: Målsætninger for digitalt understøttet træning. Angivet i pct. af antal "
        "kommuner. n=82"
    )
    assert [f["number"] for f in model["figures"]] == list(range(1, len(captions) + 1))
    prevention = next(f for f in model["figures"] if f["indicator_id"] == "prevention_technologies")
    assert prevention["caption"].endswith("n=82 (KOL), 79 (Diabetes), 81 (Hjerte-kar-sygdomme)")


def test_no_figure_for_indicators_marked_figure_false_or_regional(model):
    ids = [f["indicator_id"] for f in model["figures"]]
    assert "supplier_involvement" not in ids
    assert "participation_by_region" not in ids
    assert "priority_next_year" not in ids  # the top-5 is a table
    assert ids == [
        "training_in_operation",
        "training_objectives",
        "screen_visits_any",
        "screen_visits_status.handicap",
        "screen_visits_status.hjemmesygepleje",
        "mobility_technologies",
        "prevention_technologies",
    ]


def test_every_figure_has_a_chart_and_alt_text_with_its_values(model):
    for fig in model["figures"]:
        assert fig["image"]["uri"].startswith("data:image/")
        assert "pct." in fig["image"]["alt"]
    mobility = next(f for f in model["figures"] if f["indicator_id"] == "mobility_technologies")
    assert "Hygiejneteknologi: 2018 47 pct., 2019 63 pct." in mobility["alt"]
    # a category no municipality named in any year is left out, with a note saying so
    assert "Sanseteknologi" not in mobility["alt"]
    assert "ingen kommuner har nævnt" in mobility["note"]


def test_lists_are_sorted_by_size_and_answer_scales_keep_their_order(model):
    by_id = {f["indicator_id"]: f for f in model["figures"]}
    training = by_id["training_in_operation"]["alt"]
    assert training.index("Genoptræning (SUL §140)") < training.index("Forebyggelse og")
    status = by_id["screen_visits_status.hjemmesygepleje"]["alt"]
    assert status.index("I drift") < status.index("Under afprøvning") < status.index("Nej")


def test_suppressed_and_regional_cells_never_reach_the_report(model, html):
    assert "Skjult gruppe" not in html
    assert "Region Hovedstaden" not in html


def test_narrative_per_section(model):
    narrative = {s["id"]: s["narrative"] for s in model["sections"]}
    assert narrative["participation"] == [
        "97 af 98 kommuner har besvaret statusmålingen i 2019 mod 90 i 2018."
    ]
    assert (
        "Andelen af kommuner, der har digitalt understøttet træning i drift inden for "
        "genoptræning (SUL §140), er steget fra 47 til 62 pct. siden 2018."
    ) in narrative["training"]
    # no figure shows this indicator's earlier years: the share alone, no change cited
    assert (
        "Andelen af kommuner med digitalt understøttet træning i drift på mindst ét "
        "indsatsområde er 90 pct."
    ) in narrative["training"]
    # the second change sentence of a figure is phrased differently from the first
    assert (
        "44 pct. af kommunerne anvender sengeteknologi til borgere med "
        "mobilitetsudfordringer, en stigning på 19 procentpoint siden 2018."
    ) in narrative["mobility"]
    # the supplier figure shows 2017-2019 (one bar per year), so its change since 2017 is
    # cited (a figure showing 2019 alone cites none: test_narrative)
    assert narrative["suppliers"] == [
        "Andelen af kommuner, der har involveret leverandørerne i høj grad i deres mest "
        "succesfulde teknologiprojekter, er steget fra 45 til 53 pct. siden 2017."
    ]
    # first year asked: no comparison
    assert (
        "75 pct. af kommunerne arbejder med skærmbesøg eller forventer at påbegynde det næste år."
    ) in narrative["screen_visits"]


def test_top_five_priorities_with_last_years_rank(model):
    top = next(s for s in model["sections"] if s["id"] == "priorities")["top"]
    assert [(i["rank"], i["label"], i["pct_text"], i["previous_rank"]) for i in top["items"]] == [
        (1, "Skærmbesøg og telemedicin", "46 pct.", 2),
        (2, "Træningsteknologi", "30 pct.", 6),
        (3, "Medicinhåndtering", "28 pct.", 1),
        (4, "Tryghedsskabende teknologi", "26 pct.", 4),
        (5, "Hygiejneteknologi", "22 pct.", 3),
    ]
    assert top["n_text"] == "n=90"
    assert top["previous_year"] == 2018


def test_method_text_is_generated_from_the_ingest_metadata(model, project):
    method = " ".join(model["method"]["paragraphs"])
    assert "i perioden 4. september – 25. oktober 2019" in method
    assert "97 af 98 kommuner har deltaget (99 pct.)" in method
    # counted from the codebook (each matrix row and text row is a question), not from meta
    book = load_survey(project).codebook(2019)
    assert book.n_questions() == 27
    assert "27 spørgsmål" in method
    assert "0,5 og derover rundes op" in method
    assert "Tal for 2017 og 2018" in method


def test_technology_overview_lists_the_taxonomy(model, project):
    import yaml

    categories = yaml.safe_load((project.survey / "taxonomy.yaml").read_text("utf-8"))
    expected = [c["label"] for c in categories["categories"]]
    assert [c["label"] for c in model["overview"]["categories"]] == expected
    assert all(c["examples"] for c in model["overview"]["categories"])


def test_quote_warnings_name_the_problem(model):
    assert {(w.stage, w.code, w.file) for w in model["warnings"]} == {
        ("report", "quote", "survey/2019/quotes.yaml")
    }
    warnings = [str(w) for w in model["warnings"]]
    assert any("quote 2" in w and "municipality (Aarhus)" in w for w in warnings)
    assert any("quote 3" in w and "person (Hanne Larsen)" in w for w in warnings)
    assert any("quote 3" in w and "unknown section 'nowhere'" in w for w in warnings)
    assert not any("quote 1" in w for w in warnings)


def test_missing_indicators_is_a_clear_error(tmp_path):
    shutil.copytree(BUNDLED_SURVEY, tmp_path / "survey")
    with pytest.raises(MissingStageOutput, match="statusmaaling indicators --year 2019"):
        build_report_model(Project(tmp_path), 2019)


# --------------------------------------------------------------------------- HTML


def test_html_head_carries_language_title_author_description(html):
    assert '<html lang="da">' in html
    assert "<title>Statusmåling på velfærdsteknologi 2019</title>" in html
    assert '<meta name="author" content="KL">' in html
    assert '<meta name="description" content="KL&#39;s årlige statusmåling' in html


def test_hostile_quote_is_escaped_text_not_markup(html):
    assert "<script>" not in html
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Leder &lt;b&gt;fed&lt;/b&gt;" in html


def test_environment_autoescapes_and_has_the_danish_filters(project):
    env = make_environment(project.templates)
    template = env.from_string("{{ x }} {{ 0.634 | fmt_pct }} {{ 1400 | fmt_int }}")
    assert template.render(x="<b>") == "&lt;b&gt; 63 pct. 1.400"


# --------------------------------------------------------------------------- PDF


def test_pdf_text_has_captions_narrative_and_danish_letters(text):
    assert (
        "Figur 1: Digitalt understøttet træning i drift fordelt på indsatsområder. Angivet i "
        "pct. af antal kommuner. n=84 (2017), 87 (2018), 91 (2019)"
    ) in text
    assert "Figur 2: Målsætninger for digitalt understøttet træning." in text
    assert "er steget fra 47 til 62 pct. siden 2018." in text
    assert "Statusmåling på velfærdsteknologi 2019" in text
    assert "4. september – 25. oktober 2019" in text
    for word in ("Skærmbesøg", "Træningsteknologi", "Om undersøgelsen", "Hygiejneteknologi"):
        assert word in text


def test_pdf_shows_the_hostile_quote_as_text(text):
    assert '<img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text


def test_pdf_metadata_language_and_tags(pdf):
    assert pdf.metadata.title == "Statusmåling på velfærdsteknologi 2019"
    assert pdf.metadata.author == "KL"
    assert pdf.metadata.subject.startswith("KL's årlige statusmåling")
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "da"
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] in (True, "true", "/true")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true", "/true")


def test_pdf_figures_carry_alt_text_and_fonts_are_embedded(pdf):
    alts, embedded, fonts = [], 0, 0
    seen = set()

    def walk(node):
        node = node.get_object()
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object"):
                        walk(kid)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    assert any(a.startswith("Grupperet søjlediagram for 2017, 2018 og 2019") for a in alts)
    assert any("Hygiejneteknologi" in a for a in alts)
    for page in pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor"
            )
            fonts += 1
            if descriptor and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                embedded += 1
    assert fonts and embedded == fonts


def test_renderer_asked_only_for_the_stylesheet_and_data_uris(rendered, project):
    result, fetcher = rendered
    assert fetcher.refused == []
    assert not any("passwd" in url for url in fetcher.asked)
    files = [u for u in fetcher.asked if not u.startswith("data:")]
    assert files == [
        (project.templates / name).resolve().as_uri() for name in ("style.css", "editorial.css")
    ]
    assert result.pages >= 8


def test_render_report_writes_the_pdf_and_returns_warnings(project):
    result = render_report(project, YEAR, published=PUBLISHED)
    assert result.path == project.root / "output" / "2019" / "statusmaaling_2019.pdf"
    assert result.path.read_bytes().startswith(b"%PDF-")
    assert Path(result) == result.path
    assert str(result) == str(result.path)
    assert result.figures == 7
    assert any("Hanne Larsen" in str(w) for w in result.warnings)
    assert not list(result.path.parent.glob(".*.tmp"))


# --------------------------------------------------------------------------- the fence


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/style.css",
        "ftp://example.com/x",
        "file://otherhost/etc/passwd",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_everything_outside_the_templates(tmp_path, url):
    fetcher = SafeURLFetcher(tmp_path)
    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_escapes_by_dotdot_and_symlink(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (templates / "link.css").symlink_to(tmp_path / "secret.txt")
    fetcher = SafeURLFetcher(templates)
    for url in (
        templates.as_uri() + "/../secret.txt",
        templates.as_uri() + "/%2e%2e/secret.txt",
        (templates / "link.css").as_uri(),
    ):
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)


def test_fetcher_serves_template_files_and_data_uris(tmp_path):
    (tmp_path / "style.css").write_text("p { color: red }")
    fetcher = SafeURLFetcher(tmp_path)
    response = fetcher.fetch((tmp_path / "style.css").as_uri())
    assert response.content_type == "text/css"
    assert response.read() == b"p { color: red }"
    assert fetcher.fetch("data:text/plain;base64,aGVq").read() == b"hej"


def test_markup_that_slips_through_still_cannot_read_files(tmp_path):
    """Even raw HTML asking for local files and the network renders, without them."""
    (tmp_path / "style.css").write_text("p { color: #123 }")
    html = (
        '<html lang="da"><head><title>t</title><link rel="stylesheet" href="style.css">'
        '<link rel="stylesheet" href="file:///etc/passwd"></head><body><p>x</p>'
        '<img src="file:///etc/passwd" alt="a"><img src="http://127.0.0.1:9/x.png" alt="b">'
        "</body></html>"
    )
    fetcher = RecordingFetcher(tmp_path)
    result = render_pdf_result(html, tmp_path, fetcher=fetcher)
    assert result.data.startswith(b"%PDF-")
    assert fetcher.refused == [
        "file:///etc/passwd",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
    ]


def test_regression_stacked_share_from_exact_fraction_not_float():
    """23/40 is 57.5 pct. and prints as 58 like share_pct; 0.575 * 100 in floats is 57.4999."""
    from pipeline.formatting import round_half_up
    from pipeline.report.model import _share

    rows = pd.DataFrame(
        {
            "group": ["I drift"],
            "item": [""],
            "numerator": [23],
            "denominator": [40],
            "share": [23 / 40],
            "share_pct": [58],
        }
    )
    assert round_half_up(_share(rows, "I drift", "")) == 58


def test_publication_month_never_comes_from_the_clock(project):
    """Default: the month after collection closed; the report definition may set it per year;
    `--published` overrides both. The same inputs give the same cover on any day."""
    from pipeline.report.model import default_published

    assert default_published({"collection_end": "2019-10-25"}, 2019) == date(2019, 11, 1)
    assert default_published({"collection_end": "2020-12-14"}, 2020) == date(2021, 1, 1)
    assert build_report_model(project, YEAR)["published"] == date(2019, 11, 1)
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("published: {}", "published:\n  2019: 2019-12"), "utf-8")
    try:
        assert build_report_model(project, YEAR)["published"] == date(2019, 12, 1)
        assert build_report_model(project, YEAR, published=PUBLISHED)["published"] == PUBLISHED
    finally:
        path.write_text(text, encoding="utf-8")


def test_a_badly_written_publication_month_names_the_line(project):
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("published: {}", "published:\n  2019: december"), "utf-8")
    try:
        with pytest.raises(DefinitionError, match=r"report.yaml, row \d+: published.*YYYY-MM"):
            build_report_model(project, YEAR)
    finally:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Vi har i odense kommune gode erfaringer med skærmbesøg.", "Odense"),
        ("KØBENHAVN HAR RULLET SKÆRMBESØG UD I HELE HJEMMEPLEJEN.", "København"),
        ("I Koebenhavn bruger vi loftlifte overalt.", "København"),
        ("Århus har været foran med vasketoiletter.", "Aarhus"),
    ],
)
def test_the_quote_check_finds_names_in_any_case_and_spelling(project, text, named):
    from pipeline.report.quotes import check_quotes
    from pipeline.survey.quotes import Quote

    register = load_survey(project).register
    warnings = check_quotes([Quote(text, "Leder", "training")], register)
    assert any(named in w and "names a municipality" in w for w in warnings), warnings


def test_a_question_gone_this_year_is_a_warning_naming_the_codebook(project, tmp_path):
    """A 2020 codebook without supplier involvement: that indicator (sentences only, no
    figure) leaves the 2020 report with a warning naming the codebook, not in silence."""
    import pandas as pd

    root = tmp_path / "p"
    shutil.copytree(project.root, root)
    p2020 = Project(root)
    questionnaires = p2020.survey / "questionnaires"
    book = (questionnaires / "2019.yaml").read_text(encoding="utf-8")
    head, _, _ = book.partition("  - id: supplier_involvement")
    (questionnaires / "2020.yaml").write_text(head.replace("year: 2019", "year: 2020"), "utf-8")
    table = pd.read_parquet(p2020.processed(YEAR) / "indicators.parquet")
    later = table[table["indicator_id"] != "supplier_involvement"].copy()
    later["year"] = 2020
    p2020.processed(2020).mkdir(parents=True)
    pd.concat([table, later]).to_parquet(p2020.processed(2020) / "indicators.parquet")
    shutil.copy(p2020.processed(YEAR) / "ingest_meta.json", p2020.processed(2020))
    warnings = build_report_model(p2020, 2020)["warnings"]
    gone = [w for w in warnings if w.code == "question-missing"]
    assert [w.file for w in gone] == ["survey/questionnaires/2020.yaml"]
    assert "'supplier_involvement'" in gone[0].message


def test_a_figure_whose_question_no_one_answered_is_left_out_with_a_warning(project, tmp_path):
    """The question is in the year's codebook but its column is missing from the export (or
    every answer is blank): the indicators stage writes n=0, and the figure used to leave the
    report in silence. It goes with a warning naming the figure, its question and the year."""
    import pandas as pd

    root = tmp_path / "p"
    shutil.copytree(project.root, root)
    copy = Project(root)
    path = copy.processed(YEAR) / "indicators.parquet"
    table = pd.read_parquet(path)
    gone = (table["indicator_id"] == "training_in_operation") & (table["year"] == YEAR)
    assert gone.any()
    table.loc[gone, ["numerator", "denominator"]] = 0
    table.loc[gone, ["share", "share_pct", "change_pp"]] = float("nan")
    table.loc[gone, "suppressed"] = False  # n=0 everywhere: nothing to hide
    table.to_parquet(path)
    model = build_report_model(copy, YEAR, published=PUBLISHED)
    assert "training_in_operation" not in {f["indicator_id"] for f in model["figures"]}
    (warning,) = [w for w in model["warnings"] if w.code == "figure-no-data"]
    assert "'training_in_operation'" in warning.message
    assert str(YEAR) in warning.message


def test_no_figure_warning_when_every_figure_has_answers(model):
    assert not [w for w in model["warnings"] if w.code == "figure-no-data"]


def test_a_placeholder_the_report_cannot_fill_names_the_line(project):
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "title: Statusmåling på velfærdsteknologi {year}",
            "title: Statusmåling på velfærdsteknologi {år}",
        ),
        "utf-8",
    )
    try:
        with pytest.raises(DefinitionError, match=r"report.yaml, row \d+: title: \{år\}"):
            load_survey(project)
    finally:
        path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- figures and layout


def test_years_resting_on_clearly_different_n_or_wording_get_a_note(model):
    by_id = {f["indicator_id"]: f for f in model["figures"]}
    handicap = by_id["screen_visits_status.handicap"]  # n=54 in 2018, 70 in 2019
    assert "varierer fra år til år: 54 (2018) og 70 (2019)." in handicap["note"]
    # the 2018 codebook asked "... i 2019?": a changed wording, not only a changed year
    assert "formuleret anderledes i 2018" in handicap["note"]
    training = by_id["training_in_operation"]  # 84 / 87 / 91 and the same wording: no note
    assert not training["note"]


def test_figures_of_one_combined_chart_share_one_number():
    from pipeline.figures import figure_numbers

    rows = []
    for order, (indicator_id, chart) in enumerate(
        [
            ("a", "hbar"),
            ("status.handicap", "stacked_items"),
            ("status.hjemmepleje", "stacked_items"),
            ("b.kol", "hbar"),  # a dotted id that is not combined keeps its own figure
            ("b.diabetes", "hbar"),
        ]
    ):
        rows.append(
            {
                "indicator_id": indicator_id,
                "year": YEAR,
                "share_pct": 10,
                "section": "s",
                "kind": "option_share",
                "figure": True,
                "suppressed": False,
                "chart": chart,
                "_order": order,
            }
        )
    frame = pd.DataFrame(rows)
    assert figure_numbers(frame, YEAR, ["s"]) == {
        "a": 1,
        "status.handicap": 2,
        "status.hjemmepleje": 2,
        "b.kol": 3,
        "b.diabetes": 4,
    }


def test_a_suspended_hyphen_is_never_left_at_a_line_end():
    from pipeline.report.model import keep_suspended_hyphens

    text = keep_suspended_hyphens("fx strømpepåtagere og -aftagere, gribetænger og e-læring")
    assert "og \u2011aftagere" in text
    assert "e-læring" in text  # a hyphen inside a word stays an ordinary hyphen


def test_a_short_section_is_printed_in_the_opening_not_on_a_page_of_its_own(model, html):
    participation = next(s for s in model["sections"] if s["id"] == "participation")
    assert participation["placement"] == "opening"
    assert participation["anchor"] not in [entry["anchor"] for entry in model["toc"]]
    opening = html.split('id="formaal"', 1)[1].split("</section>\n\n", 1)[0]
    assert "97 af 98 kommuner har besvaret" in opening


def _hide(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """Cells as the indicators stage writes a hidden one: no figures, `suppressed`."""
    frame = frame.copy()
    for column in ("numerator", "denominator", "share", "share_pct", "change_pp"):
        frame[column] = frame[column].astype(object).where(~mask, None)
    frame.loc[mask, "suppressed"] = True
    return frame


def test_a_hidden_national_figure_keeps_its_number_and_says_why(tmp_path):
    """Regression: a question few answered was printed ("100 pct. ... n=3"); once hidden, it
    vanished without a word. Now: the figure keeps its number and says it is not shown, and
    a hidden year or area of a shown figure is named in its note, its n nowhere."""
    project = make_project(tmp_path)
    path = project.processed(YEAR) / "indicators.parquet"
    frame = pd.read_parquet(path)
    ind, year = frame["indicator_id"], frame["year"]
    frame = _hide(frame, (ind == "screen_visits_any") & (year == YEAR))  # the whole figure
    frame = _hide(frame, (ind == "training_in_operation") & (year == 2018))  # an earlier year
    frame = _hide(frame, (ind == "prevention_technologies") & (frame["item"] == "diabetes"))
    for column in ("numerator", "denominator", "share_pct", "change_pp"):
        frame[column] = frame[column].astype("Int64")
    frame.to_parquet(path, index=False)

    model = build_report_model(project, YEAR, published=PUBLISHED)
    by_id = {f["indicator_id"]: f for f in model["figures"]}
    assert [f["number"] for f in model["figures"]] == list(range(1, 8))  # numbering unchanged
    hidden = by_id["screen_visits_any"]
    assert hidden["number"] == 3 and hidden["image"] is None and not hidden["data"]
    assert "for få kommuner" in hidden["note"] and "n=" not in hidden["caption"]
    assert hidden["caption"].startswith("Figur 3: Kommuner, der arbejder med")

    training = by_id["training_in_operation"]
    assert training["caption"].endswith("n=84 (2017), 91 (2019)")
    assert "2018: ikke vist (for få kommuner" in training["note"]
    assert "2018" not in training["alt"]
    prevention = by_id["prevention_technologies"]
    assert prevention["caption"].endswith("n=82 (KOL), 81 (Hjerte-kar-sygdomme)")
    assert "Diabetes: ikke vist (for få kommuner" in prevention["note"]

    html = render_html(model, project.templates)
    assert "n=95" not in html and "n=87" not in html and "n=79" not in html
    assert "75 pct." not in html  # the hidden share of "Ja" is in no sentence either
