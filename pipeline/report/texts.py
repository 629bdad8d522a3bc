"""The report's fixed Danish prose: section titles, introductions, purpose, method wording.

Kept apart from the code that decides what goes where, so an editor can change wording without
touching logic, and apart from the templates, which only lay out.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "Statusmåling på velfærdsteknologi {year}"
SUBTITLE = "Kommunernes udbredelse og prioritering af velfærdsteknologi"
AUTHOR = "KL"
PUBLISHER = "KL – Kommunernes Landsforening"

DESCRIPTION = (
    "KL's årlige statusmåling af velfærdsteknologi i Danmarks kommuner, {year}: digitalt "
    "understøttet træning, skærmbesøg, teknologi til funktionel mobilitet og i den "
    "patientrettede forebyggelse, samt kommunernes prioriteter for {next_year}."
)

PURPOSE = (
    "KL gennemfører hvert år en statusmåling blandt landets 98 kommuner om udbredelsen af "
    "velfærdsteknologi. Målingen giver et nationalt billede af, hvilke teknologier kommunerne "
    "har i drift, afprøver eller planlægger, og hvad de vil prioritere det kommende år.",
    "Resultaterne bruges af kommunerne til at sammenligne sig med landet som helhed og af KL "
    "i arbejdet med at understøtte udbredelsen af velfærdsteknologi. Hvor et spørgsmål også "
    "er stillet i tidligere år, sammenlignes med dem.",
)
FOCUS_INTRO = "Statusmålingen {year} har følgende fokusområder:"


@dataclass(frozen=True)
class SectionText:
    id: str
    title: str
    focus: str  # one line for the list of focus areas
    intro: str


SECTIONS: tuple[SectionText, ...] = (
    SectionText(
        "participation",
        "Deltagelse",
        "hvem der har besvaret målingen",
        "Statusmålingen sendes til alle landets kommuner med én invitation hver.",
    ),
    SectionText(
        "training",
        "Digitalt understøttet træning",
        "hvor kommunerne har digitalt understøttet træning i drift, og hvilke målsætninger "
        "og fordele de ser",
        "Digitalt understøttet træning dækker over teknologier, der gør det muligt for "
        "borgeren at træne selvstændigt eller med vejledning på afstand, fx træningsapps, "
        "sensor- og videoløsninger.",
    ),
    SectionText(
        "screen_visits",
        "Skærmbesøg",
        "hvor langt kommunerne er med skærmbesøg på social- og sundhedsområdet",
        "Ved skærmbesøg mødes medarbejder og borger via skærm i stedet for ved fysisk "
        "fremmøde, fx i hjemmeplejen, hjemmesygeplejen og på socialområdet.",
    ),
    SectionText(
        "mobility",
        "Teknologi til funktionel mobilitet",
        "hvilke teknologier kommunerne anvender til borgere med funktionelle "
        "mobilitetsudfordringer",
        "Kommunerne har beskrevet med egne ord, hvilke teknologier de anvender til borgere "
        "med funktionelle mobilitetsudfordringer. Svarene er kodet efter kategorierne i "
        "teknologioverblikket.",
    ),
    SectionText(
        "prevention",
        "Teknologi i den patientrettede forebyggelse",
        "hvilke teknologier kommunerne tilbyder borgere med KOL, diabetes og hjerte-karsygdomme",
        "Kommunerne har beskrevet, hvilke teknologier de tilbyder borgere med KOL, diabetes "
        "og hjerte-karsygdomme i den patientrettede forebyggelse. Svarene er kodet efter "
        "kategorierne i teknologioverblikket.",
    ),
    SectionText(
        "priorities",
        "Prioriteter for næste år",
        "hvilke velfærdsteknologier kommunerne prioriterer højest det kommende år",
        "Kommunerne har angivet, hvilke velfærdsteknologier der har højest prioritet det "
        "kommende år. Svarene er kodet efter kategorierne i teknologioverblikket og "
        "rangordnet efter, hvor mange kommuner der nævner dem.",
    ),
    SectionText(
        "suppliers",
        "Samarbejde med leverandører",
        "hvordan kommunerne inddrager leverandørerne i deres teknologiprojekter",
        "Kommunerne er spurgt, i hvor høj grad de har involveret leverandørerne i deres mest "
        "succesfulde teknologiprojekter.",
    ),
)

OVERVIEW_TITLE = "Teknologioverblik"
OVERVIEW_INTRO = (
    "Kommunernes fritekstsvar er kodet efter en fælles oversigt over velfærdsteknologier med "
    "{count} kategorier. Et svar kan nævne flere kategorier. Oversigten viser, hvad hver "
    "kategori dækker, med eksempler."
)
QUOTES_TITLE = "Kommunernes erfaringer"
QUOTES_INTRO = "Udvalgte citater fra kommunernes besvarelser."
METHOD_TITLE = "Om undersøgelsen"
PURPOSE_TITLE = "Formål og fokusområder"
CONTENTS_TITLE = "Indhold"
FIGURE_UNIT = "Angivet i pct. af antal kommuner."
ZERO_CATEGORIES_NOTE = "Kategorier, som ingen kommuner har nævnt, er ikke vist."
