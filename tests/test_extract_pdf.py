"""The extract as a reader (and a screen reader) gets it: a tagged PDF/UA file with title and
language, tables tagged as tables, page numbers counting the extract's own pages, proportional
type at a readable size, and a new render only when what an extract prints has changed."""

from __future__ import annotations

import math
import re
import shutil

import pandas as pd
import pytest
from pypdf import PdfReader

from pipeline.errors import TemplateError
from pipeline.extracts.render import run_extracts

Y = 2019
#: København (large), Læsø (small); the non-respondent is looked up in the demo data.
LARGE, SMALL = "101", "825"


@pytest.fixture(scope="module")
def non_respondent(demo_project):
    frame = pd.read_parquet(demo_project.processed(Y) / "respondents.parquet")
    answered = set(frame.loc[frame["outcome"] == "accepted", "municipality_code"])
    register = pd.read_csv(demo_project.survey / "municipalities.csv", dtype=str)
    return sorted(set(register["code"]) - answered)[0]


@pytest.fixture(scope="module")
def extracts(demo_project, non_respondent):
    run = run_extracts(demo_project, Y, [LARGE, SMALL, non_respondent], force=True)
    return {p.name.split("_")[0]: PdfReader(p) for p in run.paths}


def structure_kinds(reader: PdfReader) -> dict[str, int]:
    """How often each structure type (/H1, /Table, /TH, ...) occurs in the tag tree."""
    counts: dict[str, int] = {}
    todo = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if not hasattr(node, "get"):
            continue
        kind = node.get("/S")
        if kind:
            counts[str(kind)] = counts.get(str(kind), 0) + 1
        kids = node.get("/K")
        if kids is None:
            continue
        todo.extend(kids if isinstance(kids, list) else [kids])
    return counts


def test_extracts_are_tagged_pdf_ua_with_title_and_language(extracts, non_respondent):
    for code, reader in extracts.items():
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "da"
        assert bool(root["/MarkInfo"]["/Marked"])
        assert str(root["/ViewerPreferences"]["/DisplayDocTitle"]).lower() == "true"
        assert reader.metadata.title.startswith(f"Statusmåling på velfærdsteknologi {Y} – ")
        xmp = reader.xmp_metadata.rdf_root.toxml()
        # PDF/UA-1 identification, as an XMP attribute or element (both are valid XMP)
        assert re.search(r'pdfuaid:part(="1"|>1<)', xmp), xmp
        kinds = structure_kinds(reader)
        assert kinds.get("/H1") == 1 and kinds.get("/H2", 0) >= 4, (code, kinds)
        assert kinds.get("/Table", 0) >= 4 and kinds.get("/TH", 0) > 20, (code, kinds)
        if code != non_respondent:
            assert kinds.get("/TD", 0) > 100, (code, kinds)


def test_every_page_names_the_municipality_the_year_and_its_number(extracts):
    names = {LARGE: "København", SMALL: "Læsø"}
    for code, reader in extracts.items():
        pages = len(reader.pages)
        assert pages >= 2
        for i, page in enumerate(reader.pages, start=1):
            text = " ".join(page.extract_text().split())
            assert f"Side {i} af {pages}" in text, (code, i)
            assert f"Statusmåling på velfærdsteknologi {Y}" in text
            if code in names:
                assert names[code] in text, (code, i)


def test_type_is_proportional_and_readable(extracts):
    """The tables were 7.5 pt monospaced; now nothing is set in a monospaced font and the
    figures are at least 8 pt (running heads and notes may be 7 pt)."""
    sizes: list[float] = []
    fonts: set[str] = set()

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            fonts.add(str(font.get("/BaseFont")))
            sizes.append(size * math.hypot(cm[0], cm[1]) * math.hypot(tm[0], tm[1]))

    for reader in extracts.values():
        for page in reader.pages:
            page.extract_text(visitor_text=visit)
    assert fonts and not any("Mono" in f for f in fonts), fonts
    assert min(sizes) >= 6.9
    body = sorted(sizes)[len(sizes) // 2]
    assert body >= 8.4, body  # the median line: table rows at 8.5 pt


def test_an_unchanged_extract_is_not_rendered_again(demo_copy):
    first = run_extracts(demo_copy, Y, ["Læsø", "Fanø"], force=True)
    assert first.rendered == 2
    again = run_extracts(demo_copy, Y, ["Læsø", "Fanø"])
    assert again.rendered == 0
    # Læsø's own free text changes: its extract prints something new, Fanø's does not
    path = demo_copy.processed(Y) / "coded_text.parquet"
    coded = pd.read_parquet(path)
    mine = coded.index[(coded["municipality_code"] == "825") & (coded["year"] == Y)]
    assert len(mine), "Læsø wrote free text in the demo data"
    coded.loc[mine[0], "text"] = "Loftlifte på alle plejecentre (rettet)"
    coded.to_parquet(path, index=False)
    changed = run_extracts(demo_copy, Y, ["Læsø", "Fanø"])
    assert changed.rendered == 1
    pages = PdfReader(changed.paths[0]).pages
    assert "(rettet)" in " ".join(" ".join(p.extract_text().split()) for p in pages)


def test_answers_are_printed_as_written_never_read_as_markup(demo_copy):
    """The template gets the model as data (JSON through sys.inputs): an answer written as
    Typst or HTML markup, or one that names a file or an address, is printed as it stands
    and makes the typesetter read nothing."""
    hostile = (
        '#read("/etc/passwd") #image("https://example.org/x.png") *fed* _kursiv_ $x^2$ '
        "<script>alert(1)</script> @henvisning <etiket> \\ ]] #{ =2+2"
    )
    path = demo_copy.processed(Y) / "coded_text.parquet"
    coded = pd.read_parquet(path)
    mine = coded.index[(coded["municipality_code"] == "825") & (coded["year"] == Y)]
    coded.loc[mine[0], "text"] = hostile
    coded.to_parquet(path, index=False)
    [laesoe] = run_extracts(demo_copy, Y, ["Læsø"], force=True).paths
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(laesoe).pages)
    assert "".join(hostile.split()) in text  # spaces aside: a line may break anywhere
    assert "root:" not in text  # /etc/passwd was not read


def _set_own_text(project, code: str, text: str) -> None:
    path = project.processed(Y) / "coded_text.parquet"
    coded = pd.read_parquet(path)
    mine = coded.index[(coded["municipality_code"] == code) & (coded["year"] == Y)]
    coded.loc[mine[0], "text"] = text
    coded.to_parquet(path, index=False)


def _text(path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_characters_the_font_lacks_are_marked_not_fatal(demo_copy):
    """An emoji, CJK or a byte-order mark in one answer stopped all 98 extracts (PDF/UA
    refuses text it cannot show); now such a character prints as U+FFFD and the rest stands."""
    _set_own_text(demo_copy, "825", "\ufeffTak 👍 for skærmbesøg 漢字\x85 og loftlifte")
    [laesoe] = run_extracts(demo_copy, Y, ["Læsø"], force=True).paths
    text = _text(laesoe)
    assert "Tak\ufffdforskærmbesøg\ufffd\ufffdogloftlifte" in text, text[-400:]


def test_an_answer_longer_than_a_page_is_printed_whole(demo_copy):
    lines = [f"linje {i} om skærmbesøg" for i in range(150)]
    _set_own_text(demo_copy, "825", "\n".join(lines))
    [laesoe] = run_extracts(demo_copy, Y, ["Læsø"], force=True).paths
    text = _text(laesoe)
    assert "linje0omskærmbesøg" in text and "linje149omskærmbesøg" in text


def test_summed_rows_are_italic_as_the_legend_says(extracts):
    """The legend says rows in italic add options up: the sum rows' labels are set in italic
    (an oblique face), the options they add up are not."""
    fonts_of: dict[str, set[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            fonts_of.setdefault(text.strip(), set()).add(str(font.get("/BaseFont")))

    for page in extracts[LARGE].pages:
        page.extract_text(visitor_text=visit)
    summed = "Under afprøvning eller implementering"
    assert summed in fonts_of, sorted(fonts_of)[:40]
    assert all("Oblique" in f for f in fonts_of[summed]), fonts_of[summed]
    assert not any("Oblique" in f for f in fonts_of["Under afprøvning"])


def _broken_template_project(demo_copy, change) -> None:
    from pipeline.project import BUNDLED_TEMPLATES

    local = demo_copy.root / "report_templates"
    shutil.copytree(BUNDLED_TEMPLATES, local)
    template = local / "extract.typ"
    template.write_text(change(template.read_text(encoding="utf-8")), encoding="utf-8")


def test_a_broken_template_is_one_line_naming_file_and_line(demo_copy):
    _broken_template_project(demo_copy, lambda t: t.replace("#let share(v) =", "#let share(v =", 1))
    with pytest.raises(TemplateError) as caught:
        run_extracts(demo_copy, Y, ["Læsø"], force=True)
    message = str(caught.value)
    assert "extract.typ" in message and "\n" not in message
    assert re.search(r"extract\.typ:\d+:\d+", message), message


def test_a_font_the_template_names_but_the_machine_lacks_is_an_error(demo_copy):
    _broken_template_project(
        demo_copy, lambda t: t.replace('font: "DejaVu Sans"', 'font: "Ingen Sans"')
    )
    with pytest.raises(TemplateError, match="(?i)font"):
        run_extracts(demo_copy, Y, ["Læsø"], force=True)
