"""The analysts' Markdown as report HTML: text stays text, nothing is fetched, links are
printed with their address, headings sit below the chapter's."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.report.editorial import placed, with_contents
from pipeline.report.markdown import render_block, render_markdown, render_section
from pipeline.survey.sections import Block, EditorialSection

SECTION_IDS = ["participation", "training", "screen_visits", "suppliers"]


def tags(html: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)", html))


def test_raw_html_is_shown_as_the_text_typed():
    html = render_markdown(
        'Før <script>alert("x")</script> efter <img src="http://example.com/t.png"> '
        '<a href="javascript:alert(1)">klik</a>\n\n<iframe src="https://example.com"></iframe>\n'
    )
    assert tags(html) == {"p"}
    assert "&lt;script&gt;alert(" in html
    assert "&lt;img src=" in html and "&lt;iframe" in html


def test_an_image_becomes_its_alt_text_and_nothing_is_fetched():
    html = render_markdown("Se ![antal kommuner med skærmbesøg](http://example.com/graf.png).")
    assert "img" not in tags(html)
    assert "example.com" not in html
    assert "Se antal kommuner med skærmbesøg." in html


def test_a_link_is_printed_as_its_text_and_address():
    html = render_markdown("Læs [KL's vejledning](https://www.kl.dk/vejledning?a=1&b=2).")
    text = re.sub(r"<[^>]+>", "", html)
    assert "Læs KL’s vejledning (https://www.kl.dk/vejledning?a=1&amp;b=2)." in text
    # printed, not linked: the analyst's text points nowhere by itself
    assert "href" not in html


def test_a_bare_address_is_printed_once():
    html = render_markdown("Se <https://www.kl.dk> og skriv til <mailto:velfaerd@example.dk>.")
    text = re.sub(r"<[^>]+>", "", html)
    assert text.strip() == "Se https://www.kl.dk og skriv til velfaerd@example.dk."


def test_a_mail_link_shows_the_address_without_the_scheme():
    text = re.sub(r"<[^>]+>", "", render_markdown("[Skriv til os](mailto:velfaerd@example.dk)"))
    assert text.strip() == "Skriv til os (velfaerd@example.dk)"


def test_a_hostile_link_is_never_a_link():
    # the survey model refuses these; the renderer alone still prints them as inert text
    for href in ("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd"):
        html = render_markdown(f"[klik]({href})")
        assert "<a " not in html
        assert "klik (" in re.sub(r"<[^>]+>", "", html)


def test_an_attribute_cannot_be_broken_out_of():
    html = render_markdown('[x](https://example.com/"onmouseover="alert(1))')
    assert 'onmouseover="' not in html


def test_headings_move_below_the_chapter_heading():
    html = render_markdown("## Fra projekt til drift\n\n### Detaljer\n\n###### Dybt\n")
    assert "<h3>Fra projekt til drift</h3>" in html
    assert "<h4>Detaljer</h4>" in html
    assert "<h6>Dybt</h6>" in html  # never deeper than h6
    assert "<h1>" not in html and "<h2>" not in html


def test_lists_emphasis_and_block_quotes():
    html = render_markdown("- *en*\n- **to**\n\n1. første\n\n> Et citat\n")
    assert {"ul", "ol", "li", "em", "strong", "blockquote"} <= tags(html)


def test_one_style_of_quotation_marks():
    html = render_markdown("Kommunerne kalder det \"en 'ny' hverdag\".")
    assert "»en ›ny‹ hverdag«" in html
    assert '"' not in re.sub(r"<[^>]+>", "", html)


def test_a_box_is_an_aside_with_its_title():
    box = Block("box", "Se [vejledningen](https://www.kl.dk).\n", 3, 'Læs "mere"')
    html = render_block(box)
    assert html.startswith('<aside class="editorial-box"><p class="box-title">Læs »mere«</p>')
    assert '(<span class="url">https://www.kl.dk</span>)' in html


def test_a_box_title_is_escaped_too():
    html = render_block(Block("box", "Tekst.\n", 1, "<script>x</script>"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_huge_and_deeply_nested_input_renders_as_text():
    nested = ">" * 5000 + " dybt\n\n" + "[" * 5000 + "\n\n" + "*" * 5000 + "\n"
    html = render_markdown(nested + "Almindelig tekst. " * 3000)
    assert "Almindelig tekst." in html
    assert "<script" not in html


def section(name: str, after: str, title: str = "") -> EditorialSection:
    return EditorialSection(Path(f"{name}.md"), after, title, (Block("text", "Tekst.\n", 1),))


def test_a_section_after_a_part_the_year_lacks_moves_up_not_out():
    sections = [
        section("forord", "contents", "Forord"),
        section("boks", "screen_visits"),  # no screen visits this year
        section("slut", "quotes", "Året der gik"),
    ]
    present = {"contents", "purpose", "quotes", "participation", "training"}
    out = placed(sections, SECTION_IDS, present)
    assert {k: [i["anchor"] for i in v] for k, v in out.items()} == {
        "contents": ["tekst-forord"],
        "training": ["tekst-boks"],
        "quotes": ["tekst-slut"],
    }
    assert "<p>Tekst.</p>" in out["training"][0]["html"]


def test_titled_sections_are_listed_in_the_contents_where_they_stand():
    toc = [
        {"title": "Formål", "anchor": "formaal"},
        {"title": "Træning", "anchor": "afsnit-training"},
        {"title": "Leverandører", "anchor": "afsnit-suppliers"},
        {"title": "Om undersøgelsen", "anchor": "om-undersoegelsen"},
    ]
    editorial = placed(
        [
            section("forord", "contents", "Forord"),
            section("boks", "training"),  # no title: continues the section, not listed
            section("a", "quotes", "Året der gik"),
            section("b", "quotes", "Fokus på data"),
        ],
        SECTION_IDS,
        {"contents", "purpose", "quotes", "training", "suppliers"},
    )
    anchors = {"purpose": "formaal", "training": "afsnit-training"}
    titles = [e["title"] for e in with_contents(toc, editorial, anchors)]
    assert titles == [
        "Forord",
        "Formål",
        "Træning",
        "Leverandører",
        "Året der gik",
        "Fokus på data",
        "Om undersøgelsen",
    ]


def test_the_bundled_2019_sections_render_without_raw_markup():
    from pipeline.project import BUNDLED_SURVEY
    from pipeline.survey import load_survey

    for sec in load_survey(BUNDLED_SURVEY).sections_for(2019):
        html = render_section(sec)
        text = re.sub(r"<[^>]+>", "", html)
        assert not re.search(r"[#*_`]|\]\(|^:::", text, re.M), sec.path.name
        assert '"' not in text, sec.path.name  # »...« only


def test_on_a_web_page_whose_title_is_h1_a_subheading_is_h2():
    sec = EditorialSection(Path("a.md"), "quotes", "A", (Block("text", "## Under\n", 3),))
    assert "<h2>Under</h2>" in render_section(sec, heading_shift=0)
    assert "<h3>Under</h3>" in render_section(sec)
