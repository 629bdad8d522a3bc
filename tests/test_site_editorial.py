"""The analysts' own sections in the web edition: pages of their own where they have a
title, at the end of the page they follow where they do not."""

from __future__ import annotations

from markupsafe import Markup

from pipeline.site.build import _with_editorial


def item(anchor: str, title: str = "") -> dict:
    html = Markup("<p>Tekst.</p>")
    return {"title": title, "anchor": anchor, "html": html, "html_web": html, "source": ""}


def model(editorial: dict, quotes: bool = False) -> dict:
    return {
        "sections": [
            {"id": "training", "anchor": "afsnit-training"},
            {"id": "suppliers", "anchor": "afsnit-suppliers"},
        ],
        "overview": {"anchor": "teknologioverblik"},
        "quotes": {"anchor": "citater"} if quotes else None,
        "editorial": editorial,
    }


NAV = [
    {"href": "index.html", "title": "Forside"},
    {"href": "teknologioverblik.html", "title": "Teknologioverblik"},
    {"href": "afsnit-training.html", "title": "Træning"},
    {"href": "afsnit-suppliers.html", "title": "Leverandører"},
    {"href": "om-undersoegelsen.html", "title": "Om undersøgelsen"},
]


def test_titled_sections_are_pages_in_the_navigation_where_the_report_has_them():
    editorial = {
        "contents": [item("tekst-forord", "Forord")],
        "training": [item("tekst-boks")],
        "quotes": [item("tekst-aaret", "Året der gik"), item("tekst-data", "Fokus på data")],
    }
    nav, pages, shown_on = _with_editorial(NAV, model(editorial))
    assert [n["href"] for n in nav] == [
        "index.html",
        "tekst-forord.html",
        "teknologioverblik.html",
        "afsnit-training.html",
        "afsnit-suppliers.html",
        "tekst-aaret.html",
        "tekst-data.html",
        "om-undersoegelsen.html",
    ]
    assert [p.path for p in pages] == ["tekst-forord.html", "tekst-aaret.html", "tekst-data.html"]
    assert {k: [i["anchor"] for i in v] for k, v in shown_on.items()} == {
        "afsnit-training.html": ["tekst-boks"]
    }


def test_untitled_text_after_the_quotes_goes_to_the_quotes_page_or_the_last_section():
    editorial = {"quotes": [item("tekst-note")]}
    assert list(_with_editorial(NAV, model(editorial, quotes=True))[2]) == ["citater.html"]
    assert list(_with_editorial(NAV, model(editorial))[2]) == ["afsnit-suppliers.html"]


def test_a_report_without_editorial_sections_keeps_its_navigation():
    nav, pages, shown_on = _with_editorial(NAV, model({}))
    assert nav == NAV and pages == [] and shown_on == {}
