"""The two sheets that explain and list: "Forside" and "Alle indikatorer".

"Forside" says where the numbers come from, how they are counted and marked (hidden cells,
left-out categories), links to every sheet, and explains each column of "Alle indikatorer" in
Danish. "Alle indikatorer" is the full indicator table in the PDF's order, filterable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.disclosure import FIGURE_COLUMNS
from pipeline.export.cells import (
    BOLD,
    CHANGE_FORMAT,
    COUNT_FORMAT,
    HEADER_FILL,
    HIDDEN_MARK,
    LINK_FONT,
    SHARE_FORMAT,
    TITLE_FONT,
    WRAP_TOP,
    fit_height,
    fit_to_page,
    put,
    put_hidden,
)
from pipeline.export.model import (
    TOTAL_LABEL,
    Sheet,
    _count,
    _float,
    _text,
    _truthy,
    report_rules,
)
from pipeline.formatting import fmt_date, fmt_municipalities

FRONT_TEXT_WIDTH = 95
ALL_SHEET = "Alle indikatorer"


@dataclass(frozen=True)
class AllColumn:
    """One column of "Alle indikatorer": where it comes from, its Danish header and meaning."""

    key: str
    header: str
    explanation: str
    number_format: str | None = None


#: The columns of "Alle indikatorer", in order. `key` is an indicators.csv column or one the
#: export adds (section title, figure number, item label); explained on "Forside".
ALL_COLUMNS = (
    AllColumn("section_title", "Afsnit", "Afsnittet i rapporten, som tallet hører til."),
    AllColumn(
        "figure_number",
        "Figur/kort",
        "Figuren eller kortet i rapporten og arket med samme navn (»Figur 3«, »Kort 1«). "
        "Tom: tallet er ikke en nummereret figur i rapporten (fx en top 5-liste eller et tal, "
        "der nævnes i teksten).",
    ),
    AllColumn(
        "indicator_id",
        "Indikator-id",
        "Indikatorens faste id (som i indicators.csv); samme id i alle år.",
    ),
    AllColumn("title", "Titel", "Hvad tallet viser, som i rapportens figurtekst."),
    AllColumn("year", "År", "Målingens år.", "0"),
    AllColumn(
        "item_label",
        "Delspørgsmål",
        "Området eller sygdommen, når spørgsmålet er stillet for flere (fx Hjemmeplejen, "
        "KOL). Tom for spørgsmål uden delspørgsmål.",
    ),
    AllColumn(
        "group_label", "Gruppe", "Svarmuligheden, kategorien eller regionen, som tallet gælder."
    ),
    AllColumn(
        "group",
        "Gruppe-id",
        "Gruppens faste nøgle (som i indicators.csv), til at finde samme gruppe på tværs af år.",
    ),
    AllColumn(
        "numerator",
        "Antal kommuner",
        "Antal kommuner med det pågældende svar (for deltagelse: deltagende kommuner).",
        COUNT_FORMAT,
    ),
    AllColumn(
        "denominator",
        "n",
        "Antal kommuner, andelen er beregnet af: de kommuner, der har besvaret spørgsmålet "
        "(for deltagelse: de inviterede kommuner).",
        COUNT_FORMAT,
    ),
    AllColumn(
        "share",
        "Andel",
        "Antal kommuner / n, vist i hele procent; cellen rummer den uafrundede andel.",
        SHARE_FORMAT,
    ),
    AllColumn(
        "share_pct",
        "Andel, pct.",
        "Andelen afrundet til hele procent, som den står i rapporten.",
        COUNT_FORMAT,
    ),
    AllColumn(
        "change_pp",
        "Ændring (procentpoint)",
        "Ændring i procentpoint i forhold til den seneste tidligere måling med samme tal. "
        "Tom: ingen tidligere måling, eller et af de to tal er skjult.",
        CHANGE_FORMAT,
    ),
    AllColumn(
        "suppressed",
        "Skjult",
        f"Ja: tallet er skjult for at beskytte de enkelte kommuners besvarelser; de skjulte "
        f"celler viser »{HIDDEN_MARK}«.",
    ),
)


# -- Forside -------------------------------------------------------------------------------


def write_front(
    ws: Worksheet,
    title: str,
    sheets: Sequence[Sheet],
    meta: dict[str, Any],
    year: int,
    *,
    threshold: int,
    zero_note: str,
) -> None:
    put(ws, 1, 1, title).font = TITLE_FONT
    put(ws, 2, 1, "Tabeller og figurer til KL's udvalg").font = Font(italic=True)
    lines = [
        ("Kilde", source_text(meta, year)),
        ("Indsamling", _period_text(meta)),
        (
            "Rækkefølge",
            "Arkene følger rapportens rækkefølge og nummerering: »Figur N« og »Kort N« er den "
            "samme figur og det samme kort som i rapporten, og rækkerne står i samme rækkefølge "
            "som i figuren. Tal fordelt på region, som rapporten viser på et kort, står i "
            "arkene »Kort N«; tal, som rapporten nævner i teksten, står i arket med afsnittets "
            "navn.",
        ),
        (
            "Andele",
            "Andele er opgjort i pct. af de kommuner, der har besvaret spørgsmålet (deltagelse: "
            "af de inviterede kommuner). Kommuner, der ikke har besvaret et spørgsmål, indgår "
            "ikke i andelen for det spørgsmål.",
        ),
        (
            "n",
            "n er antallet af kommuner, der har besvaret spørgsmålet, dvs. det antal, andelen "
            "er beregnet af. Antal kommuner er antallet med det pågældende svar. n står under "
            "hver tabels titel og i tabellen for hvert år; det kan variere mellem rækkerne, "
            "når spørgsmålet er stillet for flere områder.",
        ),
        (
            "Afrunding",
            "Andele vises i hele procent, afrundet efter almindelige regler (0,5 rundes op). "
            "Cellerne indeholder den uafrundede andel. Derfor summer de viste procenter ikke "
            "altid til 100.",
        ),
        ("Ændring", "Ændringer er angivet i procentpoint i forhold til den foregående måling."),
        (
            HIDDEN_MARK,
            f"{HIDDEN_MARK} betyder, at tallet er skjult for at beskytte de enkelte kommuners "
            f"besvarelser. Et tal for hele landet eller en region vises kun, når det bygger på "
            f"mindst {threshold} andre kommuner end læserens egen. De skjulte regioner skal "
            "tilsammen bygge på "
            f"mindst {threshold + 1} kommuner; ellers skjules også den mindste af de øvrige, "
            "og igen, så et skjult tal ikke kan regnes ud fra landstallet og de viste regioner.",
        ),
        (
            "Tom celle",
            "Spørgsmålet eller svarmuligheden var ikke med i målingen det år, eller der er "
            "intet tal at vise.",
        ),
        ("Kategorier", zero_note + " Svarmuligheder, som ingen har valgt, vises med 0 pct."),
    ]
    row = 4
    for label, text in lines:
        if not text:
            continue
        put(ws, row, 1, label).font = BOLD
        put(ws, row, 2, text).alignment = WRAP_TOP
        ws.cell(row=row, column=1).alignment = WRAP_TOP
        fit_height(ws, row, text, FRONT_TEXT_WIDTH)
        row += 1
    row += 1
    put(ws, row, 1, "Indhold").font = Font(bold=True, size=12)
    row += 1
    links = [(s.name, s.description) for s in sheets]
    links.append((ALL_SHEET, "Alle indikatorer for alle år og grupper (kan filtreres)"))
    for sheet, text in links:
        cell = put(ws, row, 1, sheet)
        cell.hyperlink = Hyperlink(
            ref=cell.coordinate, location=f"'{sheet}'!A1", display=str(cell.value)
        )
        cell.font = LINK_FONT
        put(ws, row, 2, text).alignment = WRAP_TOP
        fit_height(ws, row, text, FRONT_TEXT_WIDTH)
        row += 1
    row += 1
    put(ws, row, 1, f"Kolonner i arket »{ALL_SHEET}«").font = Font(bold=True, size=12)
    row += 1
    for column in ALL_COLUMNS:
        put(ws, row, 1, column.header).font = BOLD
        put(ws, row, 2, column.explanation).alignment = WRAP_TOP
        fit_height(ws, row, column.explanation, FRONT_TEXT_WIDTH)
        row += 1
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = FRONT_TEXT_WIDTH
    fit_to_page(ws, landscape=False)


def source_text(meta: dict[str, Any], year: int) -> str:
    text = f"KL's statusmåling på velfærdsteknologi {year}."
    accepted, invited = _int(meta.get("accepted")), _int(meta.get("invited"))
    if accepted is not None and invited is not None:
        text += f" {accepted} af {invited} inviterede kommuner har besvaret undersøgelsen."
    elif accepted is not None:
        text += f" {fmt_municipalities(accepted)} har besvaret undersøgelsen."
    n_questions = _int(meta.get("n_questions"))
    if n_questions is not None:
        text += f" Spørgeskemaet havde {n_questions} spørgsmål."
    return text


def _period_text(meta: dict[str, Any]) -> str:
    start, end = _date_da(meta.get("collection_start")), _date_da(meta.get("collection_end"))
    if start and end:
        return f"Data er indsamlet fra {start} til {end}."
    if start or end:
        return f"Data er indsamlet {start or end}."
    return ""


def _date_da(value: Any) -> str:
    if not value:
        return ""
    try:
        return fmt_date(value)
    except (TypeError, ValueError):
        return str(value)


def _int(value: Any) -> int | None:
    number = _count(value)
    return int(number) if number is not None else None


# -- Alle indikatorer ----------------------------------------------------------------------


def all_rows(
    indicators: pd.DataFrame,
    sections: Sequence[tuple[str, str]],
    numbers: dict[str, str],
    item_labels: dict[str, dict[str, str]],
) -> pd.DataFrame:
    """The indicator table in the PDF's order (sections, indicators, year, group), with the
    section title, figure or map ("Figur 3", "Kort 1": `numbers`) and item label added;
    categories no municipality named in any year left out, as in the figures."""
    frame = indicators.copy()
    rank = {sid: i for i, (sid, _) in enumerate(sections)}
    titles = dict(sections)
    frame["_section_rank"] = frame["section"].map(lambda s: rank.get(s, len(rank)))
    first = frame.groupby("indicator_id", sort=False)["_order"].transform("min")
    frame["_indicator_rank"] = first
    frame["_group_order"] = pd.to_numeric(frame["group_order"], errors="coerce")
    frame = frame.sort_values(
        ["_section_rank", "_indicator_rank", "year", "_group_order", "_order"],
        kind="stable",
        na_position="last",
    )
    frame["group_label"] = [
        _text(label) or _text(group) or TOTAL_LABEL
        for label, group in zip(frame["group_label"], frame["group"], strict=True)
    ]
    frame["section_title"] = frame["section"].map(lambda s: titles.get(s, s))
    frame["figure_number"] = frame["indicator_id"].map(lambda i: numbers.get(str(i)))
    frame["item_label"] = [
        item_labels.get(str(q), {}).get(str(i), str(i)) if _text(i) else None
        for q, i in zip(frame["question_id"], frame["item"], strict=True)
    ]
    sorted_kinds, _ = report_rules()
    categories = frame["kind"].astype("string").isin(list(sorted_kinds))
    counts = pd.to_numeric(frame["numerator"], errors="coerce").fillna(0)
    named = (counts > 0) | frame["suppressed"].astype(bool)
    keys = [frame["indicator_id"], frame["item"].astype("string").fillna(""), frame["group"]]
    ever = named.groupby(keys).transform("any")
    return frame[~categories | ever].reset_index(drop=True)


def write_all(ws: Worksheet, rows: pd.DataFrame) -> None:
    columns = [c for c in ALL_COLUMNS if c.key in rows.columns]
    for c, column in enumerate(columns, start=1):
        cell = put(ws, 1, c, column.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP_TOP
    widths = {c: len(column.header) for c, column in enumerate(columns, start=1)}
    records = rows.to_dict("records")
    for r, rec in enumerate(records, start=2):
        hidden = _truthy(rec.get("suppressed"))
        for c, column in enumerate(columns, start=1):
            if hidden and column.key in FIGURE_COLUMNS:
                put_hidden(ws, r, c)
                continue
            cell = put(ws, r, c, _value(column.key, rec.get(column.key)), column.number_format)
            if isinstance(cell.value, str):
                widths[c] = max(widths[c], len(cell.value))
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(max(width, 8) + 2, 50)
    last = f"{get_column_letter(len(columns))}{len(records) + 1}"
    ws.auto_filter.ref = f"A1:{last}"
    ws.freeze_panes = "A2"
    fit_to_page(ws, landscape=True, title_rows="1:1")


def _value(key: str, value: Any) -> Any:
    if key in ("numerator", "denominator", "share_pct", "change_pp", "year"):
        return _count(value)
    if key == "share":
        return _float(value)
    if key == "suppressed":
        return "Ja" if _truthy(value) else "Nej"
    return _text(value)
