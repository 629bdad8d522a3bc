"""The national report, end to end on a small hand-made project.

The project has an indicators.parquet shaped like the indicators stage's output (2017-2019,
numbers close to KL's published 2019 report), an ingest_meta.json, a copy of survey/ and a
quotes file with one hostile quote. The PDF is rendered once per module (`report` fixture).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from pipeline.project import PACKAGE_ROOT, Project

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
    item: str | None = None,
    figure: bool = True,
    ranks: dict[int, list[int]] | None = None,
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
    rows = []
    rows += indicator_rows(
        "response_rate", "participation", "participation", "participation", "none",
        "Besvarelser", [("all", "Kommuner")],
        {2017: (98, [92]), 2018: (98, [92]), 2019: (98, [99])}, figure=False,
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
    )  # fmt: skip
    rows += indicator_rows(
        "training_objectives", "training", "training_objectives", "option_share", "hbar",
        "Målsætninger for digitalt understøttet træning",
        [("1", "Fastholde og øge borgeres træningsmotivation"),
         ("2", "Fastholde og styrke funktionsniveau efter endt træningsforløb"),
         ("3", "Nedsætte ventetid på træningsforløb"), ("4", "Andet, angiv")],
        {2019: (82, [83, 68, 30, 10])},
    )  # fmt: skip
    rows += indicator_rows(
        "screen_visits_any", "screen_visits", "screen_visits_any", "option_share", "hbar",
        "Kommuner, der arbejder med eller planlægger skærmbesøg",
        [("1", "Ja"), ("2", "Nej")], {2019: (95, [75, 25])},
    )  # fmt: skip
    status = {
        "handicap": (70, [20, 10, 10, 20, 40]),
        "socialpsykiatri": (71, [20, 19, 19, 12, 30]),
        "hjemmepleje": (72, [15, 25, 18, 12, 30]),
        "hjemmesygepleje": (73, [10, 30, 23, 17, 20]),
    }
    for item, (n, pcts) in status.items():
        rows += indicator_rows(
            "screen_visits_status", "screen_visits", "screen_visits_status", "matrix_share",
            "hbar", "Status for skærmbesøg fordelt på områder", STATUS, {2019: (n, pcts)},
            item=item,
        )  # fmt: skip
    rows += indicator_rows(
        "mobility_technologies", "mobility", "mobility_technologies", "category_share", "hbar",
        "Teknologier til borgere med funktionelle mobilitetsudfordringer", TECH,
        {2018: (88, [47, 50, 40, 28, 45, 20, 10, 5]), 2019: (91, [63, 57, 47, 44, 42, 21, 7, 7])},
    )  # fmt: skip
    for item, n, pcts in (
        ("kol", 82, [70, 40, 35, 20]),
        ("diabetes", 79, [25, 60, 30, 25]),
        ("hjerte", 81, [30, 35, 40, 15]),
    ):
        rows += indicator_rows(
            "prevention_technologies", "prevention", "prevention_technologies",
            "category_share", "hbar",
            "Teknologier i den patientrettede forebyggelse fordelt på sygdomme", PREVENTION,
            {2019: (n, pcts)}, item=item,
        )  # fmt: skip
    rows += indicator_rows(
        "priority_top5", "priorities", "priority_next_year", "top_n", "hbar",
        "Højest prioriterede velfærdsteknologier næste år", PRIORITIES,
        {2018: (86, [30, 20, 35, 25, 28, 22]), 2019: (90, [45, 30, 28, 25, 22, None])},
        ranks={2018: [2, 6, 1, 4, 3, 5], 2019: [1, 2, 3, 4, 5, None]},
    )  # fmt: skip
    rows += indicator_rows(
        "supplier_involvement", "suppliers", "supplier_involvement", "option_share", "hbar",
        "Leverandørernes involvering i kommunernes mest succesfulde teknologiprojekter",
        SUPPLIERS, {2017: (85, [45, 35, 12, 4, 4]), 2019: (88, [53, 30, 10, 3, 4])},
    )  # fmt: skip
    frame = pd.DataFrame(rows)
    # A suppressed region cell: must never reach the national report.
    hidden = frame.iloc[[0]].copy()
    hidden[["indicator_id", "group", "group_label", "suppressed", "section"]] = [
        "training_in_operation", "region_x", "Region X", True, "training"
    ]  # fmt: skip
    hidden["year"] = YEAR
    frame = pd.concat([frame, hidden], ignore_index=True)
    frame["change_pp"] = frame["change_pp"].astype("Int64")
    frame["rank"] = frame["rank"].astype("Int64")
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
