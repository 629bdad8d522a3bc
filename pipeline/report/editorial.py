"""Where the analysts' own sections go in the report model, and their contents entries.

`pipeline.survey.sections` reads and checks the files; `pipeline.report.markdown` renders
them; this module puts them at their places. A section placed after a part the year's report
does not have (a section without data, no technology overview) moves up to the nearest part
before it that is there, so no analyst's text disappears because a figure did.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pipeline.problems import Problem
from pipeline.report.markdown import render_section
from pipeline.survey.sections import EditorialSection, places


def anchor(section: EditorialSection) -> str:
    """ "aaret-der-gik.md" -> "tekst-aaret-der-gik" (apart from the generated sections')."""
    return "tekst-" + re.sub(r"[^a-z0-9]+", "-", section.name.lower()).strip("-")


def placed(
    sections: Sequence[EditorialSection], section_ids: Sequence[str], present: set[str]
) -> dict[str, list[dict[str, Any]]]:
    """Place -> the sections shown there, in report.yaml order, as template data.

    `present` are the places this year's report has ("contents", "purpose" and "quotes"
    always are); a section after an absent place goes to the nearest present one before it.
    """
    order = places(section_ids)
    out: dict[str, list[dict[str, Any]]] = {}
    for section in sections:
        index = order.index(section.after) if section.after in order else 0
        while index > 0 and order[index] not in present:
            index -= 1
        out.setdefault(order[index], []).append(
            {
                "title": section.title,
                "anchor": anchor(section),
                "html": render_section(section),
                # the web edition's page title is h1, so `##` is h2 there
                "html_web": render_section(section, heading_shift=0),
                "source": section.path.name,
            }
        )
    return out


def with_contents(
    toc: Sequence[Mapping[str, str]],
    editorial: Mapping[str, Sequence[Mapping[str, Any]]],
    anchors: Mapping[str, str],
) -> list[dict[str, str]]:
    """The contents with each titled editorial section after the entry of its place.

    `anchors`: place -> the anchor of its contents entry; "contents" puts a section first,
    "quotes" just before the last entry ("Om undersøgelsen") when the report has no quotes.
    """
    out = [dict(entry) for entry in toc]
    for place, items in editorial.items():
        entries = [{"title": i["title"], "anchor": i["anchor"]} for i in items if i["title"]]
        if not entries:
            continue
        if place == "contents":
            at = 0
        else:
            target = anchors.get(place)
            hits = [i for i, e in enumerate(out) if e["anchor"] == target]
            at = hits[0] + 1 if hits else len(out) - 1
            # skip editorial entries already placed after the same entry
            while at < len(out) - 1 and out[at]["anchor"].startswith("tekst-"):
                at += 1
        out[at:at] = entries
    return out


def place_anchors(model: Mapping[str, Any]) -> dict[str, str]:
    """Place -> anchor of its contents entry, from a report model (`build_report_model`)."""
    out = {"purpose": model["purpose"]["anchor"]}
    if model.get("overview"):
        out["overview"] = model["overview"]["anchor"]
    if model.get("quotes"):
        out["quotes"] = model["quotes"]["anchor"]
    out.update({s["id"]: s["anchor"] for s in model["sections"]})
    return out


def add_to_model(
    model: dict[str, Any], sections: Sequence[EditorialSection], section_ids: Sequence[str]
) -> None:
    """Put the year's editorial sections into a report model: `model["editorial"]` (place ->
    sections) and their entries in `model["toc"]`."""
    anchors = place_anchors(model)
    present = {"contents", "purpose", "quotes", *anchors}
    model["editorial"] = placed(sections, section_ids, present)
    model["toc"] = with_contents(model["toc"], model["editorial"], anchors)
    model["warnings"] = [*model.get("warnings", []), *raw_html_warnings(sections)]


def raw_html_warnings(sections: Sequence[EditorialSection]) -> list[Problem]:
    """An HTML tag in an analyst's text is printed as typed ("<b>fed</b>"): allowed, since it
    is harmless, but worth a look before the report is published."""
    return [
        Problem(
            "report",
            "editorial-html",
            "HTML is printed as typed here; use Markdown (**fed**, [tekst](https://...))",
            file=str(section.path),
            row=line,
        )
        for section in sections
        for line in section.raw_html
    ]
