"""Analysts' own sections: read from survey/<year>/sections/, placed by report.yaml, refused
with the file and line when they cannot be printed as written."""

from __future__ import annotations

import pytest

from pipeline.errors import DefinitionError
from pipeline.survey import load_survey
from pipeline.survey.sections import MAX_BYTES


def error(project) -> str:
    with pytest.raises(DefinitionError) as exc:
        load_survey(project)
    return " ".join(str(exc.value).split())


def sections_dir(project, year=2019):
    return project.survey / str(year) / "sections"


def write(project, name, text, year=2019):
    path = sections_dir(project, year) / name
    path.write_text(text, encoding="utf-8")
    return path


def place_only(project, *entries):
    """Replace the editorial: list of report.yaml with `entries` ((file, after), ...)."""
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("\neditorial:")]
    lines = "".join(f"\n  - {{file: {f}, after: {a}}}" for f, a in entries)
    path.write_text(head + "\neditorial:" + lines + "\n", encoding="utf-8")
    for md in sections_dir(project).glob("*.md"):
        if md.name not in {f for f, _ in entries}:
            md.unlink()


def test_bundled_2019_sections_are_read_in_report_order(project):
    survey = load_survey(project)
    sections = survey.sections_for(2019)
    assert [(s.path.name, s.after, s.title) for s in sections] == [
        ("forord.md", "contents", "Forord"),
        ("videndeling.md", "priorities", "Kommunerne deler viden"),
        ("laes-mere-skaermbesoeg.md", "screen_visits", ""),
        ("aaret-der-gik.md", "quotes", "Året der gik"),
        ("fokus-paa-data-og-effekt.md", "quotes", "Fokus på data og effekt"),
    ]
    # the title is the section heading, not part of the body
    assert not any(b.source.lstrip().startswith("# ") for s in sections for b in s.blocks)
    kinds = {s.path.name: [b.kind for b in s.blocks] for s in sections}
    assert kinds["laes-mere-skaermbesoeg.md"] == ["box"]
    assert kinds["fokus-paa-data-og-effekt.md"] == ["text", "box"]


def test_a_year_without_a_folder_has_no_sections(project):
    assert load_survey(project).sections_for(2018) == ()


def test_an_unknown_place_names_report_yaml_and_the_line(project):
    path = project.survey / "report.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("after: screen_visits}", "after: skaermbesoeg}"), "utf-8")
    message = error(project)
    line = next(
        i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1) if "skaermbesoeg}" in t
    )
    assert f"report.yaml, row {line}:" in message
    assert "'skaermbesoeg' is not a place in the report" in message
    assert "screen_visits" in message  # the places it could have been


def test_a_year_may_lack_a_listed_file_but_some_year_must_have_it(project):
    later = project.survey / "2018" / "sections"
    later.mkdir(parents=True)
    (later / "forord.md").write_text("# Forord\n\nEt andet år.\n", encoding="utf-8")
    survey = load_survey(project)
    assert [s.path.name for s in survey.sections_for(2018)] == ["forord.md"]
    assert len(survey.sections_for(2019)) == 5
    (later / "forord.md").unlink()
    (sections_dir(project) / "forord.md").unlink()
    message = error(project)
    line = next(
        i
        for i, t in enumerate((project.survey / "report.yaml").read_text("utf-8").splitlines(), 1)
        if "file: forord.md" in t
    )
    assert f"report.yaml, row {line}: editorial forord.md: no survey/<year>/sections/" in message


def test_a_listed_name_that_is_a_folder_is_named(project):
    (sections_dir(project) / "forord.md").unlink()
    (sections_dir(project) / "forord.md").mkdir()
    message = error(project)
    assert "sections/forord.md" in message and "no such section file" in message


def test_a_file_not_placed_is_named_with_what_to_add(project):
    write(project, "udkast.md", "# Udkast\n\nTekst.\n")
    message = error(project)
    assert "sections/udkast.md" in message
    assert "{file: udkast.md, after: ...}" in message


def test_not_utf8_names_the_line_of_the_bad_byte(project):
    path = sections_dir(project) / "forord.md"
    path.write_bytes(b"# Forord\n\nGod tekst.\n" + "Året gik\n".encode("latin-1"))
    message = error(project)
    assert "forord.md, row 4: not UTF-8 text" in message


def test_an_oversize_file_is_refused_before_it_is_parsed(project):
    write(project, "forord.md", "# Forord\n\n" + "Lang tekst. " * (MAX_BYTES // 12 + 10))
    message = error(project)
    assert "forord.md" in message and f"at most {MAX_BYTES:,} are read" in message


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("# Forord\n\nSe her:\n\n![Graf](http://example.com/graf.png)\n", 5, "cannot be shown"),
        ("# Forord\n\nKlik [her](javascript:alert(1)).\n", 3, "cannot be printed as an address"),
        ("# Forord\n\nSe [filen](file:///etc/passwd).\n", 3, "cannot be printed as an address"),
        ("# Forord\n\nTekst.\n\n# Endnu en titel\n", 5, "only the first line may be a `#`"),
        ("# Forord\n\n::: Læs mere\nTekst uden slutning.\n", 3, "is never closed"),
        ("Tekst.\n\n:::\n", 3, "a box closes here but none is open"),
        ("::: Læs mere\n::: Og mere\n:::\n:::\n", 2, "a box opens inside the box"),
    ],
)
def test_what_cannot_be_printed_as_written_is_refused_with_its_line(project, text, line, expected):
    write(project, "forord.md", text)
    message = error(project)
    assert f"forord.md, row {line}:" in message
    assert expected in message


def test_an_empty_file_is_an_error_not_an_empty_chapter(project):
    write(project, "forord.md", "\n  \n")
    assert "the section is empty" in error(project)


def test_raw_html_is_allowed_because_it_is_shown_as_text(project):
    write(project, "forord.md", "# Forord\n\n<script>alert(1)</script> og <b>fed</b>\n")
    (section,) = [s for s in load_survey(project).sections_for(2019) if s.name == "forord"]
    assert "<script>" in section.blocks[0].source  # kept as typed; the renderer escapes it


def test_sections_are_an_input_of_the_report_stage(project):
    survey = load_survey(project)
    assert sections_dir(project).resolve() in {p.resolve() for p in survey.inputs("sections/2019")}


def test_several_sections_after_one_place_keep_report_yaml_order(project):
    write(project, "b.md", "# B\n\nTekst.\n")
    write(project, "a.md", "# A\n\nTekst.\n")
    place_only(project, ("b.md", "training"), ("a.md", "training"))
    assert [s.title for s in load_survey(project).sections_for(2019)] == ["B", "A"]


def test_the_2019_report_carries_the_sections_where_report_yaml_puts_them(tmp_path):
    from pipeline.report.model import build_report_model
    from pipeline.report.render import render_html
    from tests.test_report import PUBLISHED, make_project

    project = make_project(tmp_path)
    model = build_report_model(project, 2019, published=PUBLISHED)
    html = render_html(model, project.templates)
    order = [
        html.index(marker)
        for marker in (
            'id="tekst-forord"',
            'id="formaal"',
            'id="afsnit-screen-visits"',
            "Læs mere om skærmbesøg",
            'id="afsnit-mobility"',
            'id="tekst-aaret-der-gik"',
            'id="tekst-fokus-paa-data-og-effekt"',
            'id="om-undersoegelsen"',
        )
    ]
    assert order == sorted(order)
    titles = [entry["title"] for entry in model["toc"]]
    assert titles[0] == "Forord"
    assert titles[-3:] == ["Året der gik", "Fokus på data og effekt", "Om undersøgelsen"]
    assert "<script" not in html.split("<body>")[1]


def test_html_typed_in_a_section_is_warned_about_with_its_line(project):
    from pipeline.report.editorial import raw_html_warnings

    write(project, "forord.md", "# Forord\n\nGod tekst.\n\nMed <b>fed</b> skrift.\n\n    <kode>\n")
    (forord,) = [s for s in load_survey(project).sections_for(2019) if s.name == "forord"]
    assert forord.raw_html == (5,)  # the code block shows its tag on purpose
    (warning,) = raw_html_warnings([forord])
    assert warning.row == 5 and warning.file.endswith("forord.md")
    assert "printed as typed" in warning.message
