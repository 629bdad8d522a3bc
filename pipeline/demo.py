"""Synthetic SurveyXact exports for 2017-2019: demo data with no real answers.

`write_demo` writes one export per year into `data/raw/<year>/`, in exactly the formats the
survey tool delivers (see the reference instrument): an xlsx with the sheets Labels, Variables,
Dataset, Complete and Structure for 2018 and 2019; a `;`-separated Windows-1252 CSV plus
`labels_<surveyid>.csv` for 2017. Variables, options and labels come from each year's codebook,
so the demo always agrees with it.

The data are calibrated so that the pipeline roughly reproduces KL's published 2019 figures, and
they carry the mess of real exports: duplicate respondents, partial answers, non-responders,
typed municipality names in every spelling (2017), one value code outside the codebook per
year, an extra column in 2019, non-answers and hostile-looking text in free-text fields.

Free text is rendered from our own phrase banks: each answer's taxonomy categories are chosen
first (to hit the calibrated shares), then written out as municipal staff write them.
Everything is derived from `seed`; the same seed gives byte-identical files.
"""

from __future__ import annotations

import copy
import csv
import difflib
import hashlib
import io
import random
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from pipeline.errors import StatusmaalingError
from pipeline.io import write_bytes, write_text
from pipeline.project import BUNDLED_SURVEY, Project
from pipeline.survey.codebook import Codebook, Question, load_codebook

SHEETS = ["Labels", "Variables", "Dataset", "Complete", "Structure"]
STRUCTURE_HEADER = [
    "questionName",
    "variableName",
    "questionType",
    "subType",
    "questionText",
    "choiceValue",
    "choiceText",
]
STATUS_LABELS = {1: "Ny", 2: "Distribueret", 3: "Nogen svar", 4: "Gennemført", 5: "Frafaldet"}
NY, DISTRIBUERET, PARTIAL, COMPLETE, FRAFALDET = 1, 2, 3, 4, 5
MARKER = "# SYNTHETIC DEMO DATA"


@dataclass(frozen=True)
class YearSetup:
    """What one year's (fictitious) SurveyXact survey looked like."""

    survey_id: int
    export_date: date
    start: date  # collection period, first day
    end: date  # collection period, last day
    complete: int  # municipalities whose (winning) answer is complete
    partial_stops: tuple[str | None, ...]  # partial winners: last question reached (None: none)
    nonresponders: tuple[int, ...]  # status of each invited municipality that did not answer
    duplicates: tuple[str, ...]  # kinds of duplicate respondents (see `_plant_duplicates`)
    spec: dict[str, dict[str, Any]]  # per question id: how many answer, and what


SETUPS: dict[int, YearSetup] = {
    2017: YearSetup(
        survey_id=1093127,
        export_date=date(2017, 10, 16),
        start=date(2017, 8, 28),
        end=date(2017, 10, 13),
        complete=83,
        partial_stops=(None, None, "training_in_operation", *["screen_visits_status"] * 2),
        nonresponders=(),  # open link: municipalities that never opened it have no row
        duplicates=(),  # planted by name in `_plan_2017`
        spec={
            "training_in_operation": {
                "n": 84,
                "none": 14,
                "shares": {1: 0.19, 2: 0.36, 3: 0.42, 4: 0.06, 5: 0.21},
            },
            "screen_visits_status": {
                "n": 84,
                "rows": {
                    "handicap": {"blank": 1, "counts": {1: 4, 2: 6, 3: 4, 4: 26, 5: 43}},
                    "socialpsykiatri": {"counts": {1: 6, 2: 8, 3: 5, 4: 25, 5: 40}},
                    "hjemmepleje": {"counts": {1: 5, 2: 9, 3: 6, 4: 28, 5: 36}},
                },
            },
            "priority_next_year": {
                "n": 79,
                "nonanswers": 2,
                "shares": {
                    "tryghed": 0.37,
                    "traening": 0.33,
                    "medicin": 0.30,
                    "skaermbesoeg": 0.26,
                    "hygiejne": 0.24,
                    "seng": 0.14,
                    "sanse": 0.12,
                    "sociale": 0.07,
                    "struktur": 0.06,
                    "spise": 0.05,
                    "rengoering": 0.05,
                    "mobilitet": 0.04,
                    "selvmonitorering": 0.04,
                },
            },
            "supplier_involvement": {
                "n": 81,
                "bad": 9,
                "shares": {1: 0.41, 2: 0.35, 3: 0.14, 4: 0.05, 5: 0.05},
            },
        },
    ),
    2018: YearSetup(
        survey_id=1297514,
        export_date=date(2018, 10, 22),
        start=date(2018, 9, 3),
        end=date(2018, 10, 19),
        complete=84,
        partial_stops=(
            "training_in_operation",
            "screen_visits_any",
            "screen_visits_status",
            "mobility_technologies",
            "mobility_technologies",
            "mobility_benefits",
        ),
        nonresponders=(DISTRIBUERET,) * 6 + (NY, FRAFALDET),
        duplicates=("restart", "twice_later_appended", "twice_later_original", "reinvited_new"),
        spec={
            "training_in_operation": {
                "n": 87,
                "none": 12,
                "shares": {1: 0.24, 2: 0.47, 3: 0.48, 4: 0.09, 5: 0.29},
            },
            "training_objectives": {"n": 74, "shares": {1: 0.78, 2: 0.61, 3: 0.26, 4: 0.05}},
            "training_benefits_citizens": {
                "n": 72,
                "shares": {1: 0.76, 2: 0.52, 3: 0.58, 4: 0.36, 5: 0.04},
            },
            "training_benefits_staff": {"n": 71, "shares": {1: 0.48, 2: 0.30, 3: 0.41, 4: 0.06}},
            "training_experience": {"n": 50, "hostile": "@Lene: kan du udfylde dette felt?"},
            "screen_visits_any": {"n": 88, "counts": {1: 55, 2: 33}},
            "screen_visits_status": {
                "n": 55,
                "rows": {
                    "handicap": {"counts": {1: 7, 2: 8, 3: 6, 4: 17, 5: 16}},
                    "socialpsykiatri": {"counts": {1: 12, 2: 13, 3: 9, 4: 11, 5: 9}},
                    "hjemmepleje": {"counts": {1: 9, 2: 11, 3: 8, 4: 15, 5: 11}},
                },
                "bad": {"item": "hjemmepleje", "value": 6},
            },
            "mobility_technologies": {
                "n": 84,
                "nonanswers": 2,
                "shares": {
                    "hygiejne": 0.47,
                    "mobilitet": 0.52,
                    "traening": 0.37,
                    "seng": 0.28,
                    "smaahjaelpemidler": 0.35,
                    "spise": 0.14,
                    "tryghed": 0.06,
                    "skaermbesoeg": 0.04,
                },
            },
            "mobility_benefits": {
                "n": 58,
                "hostile": "+ færre indlæggelser + mere selvhjulpne borgere",
            },
            "priority_next_year": {
                "n": 82,
                "nonanswers": 2,
                "shares": {
                    "traening": 0.40,
                    "skaermbesoeg": 0.35,
                    "tryghed": 0.30,
                    "medicin": 0.27,
                    "hygiejne": 0.23,
                    "seng": 0.16,
                    "sanse": 0.11,
                    "sociale": 0.08,
                    "struktur": 0.07,
                    "selvmonitorering": 0.06,
                    "spise": 0.05,
                    "rengoering": 0.04,
                    "mobilitet": 0.04,
                    "patientuddannelse": 0.02,
                },
            },
            "supplier_involvement": {
                "n": 82,
                "shares": {1: 0.45, 2: 0.33, 3: 0.13, 4: 0.04, 5: 0.05},
            },
        },
    ),
    2019: YearSetup(
        survey_id=1418760,
        export_date=date(2019, 10, 28),
        start=date(2019, 9, 4),
        end=date(2019, 10, 25),
        complete=90,
        partial_stops=(
            "respondent_role",
            "respondent_role",
            "screen_visits_status",
            "mobility_technologies",
            "mobility_benefits",
            "prevention_technologies",
            "prevention_technologies",
        ),
        nonresponders=(DISTRIBUERET,),
        duplicates=("restart", "twice_later_appended", "declined_then_complete", "late_partial"),
        spec={
            "respondent_role": {"n": 96, "shares": {1: 0.60, 2: 0.27, 3: 0.08, 4: 0.05}},
            "training_in_operation": {
                "n": 91,
                "none": 9,
                "shares": {1: 0.30, 2: 0.62, 3: 0.55, 4: 0.13, 5: 0.36},
            },
            "training_objectives": {"n": 82, "shares": {1: 0.83, 2: 0.68, 3: 0.30, 4: 0.06}},
            "training_benefits_citizens": {
                "n": 80,
                "shares": {1: 0.80, 2: 0.55, 3: 0.62, 4: 0.38, 5: 0.04},
            },
            "training_benefits_staff": {"n": 78, "shares": {1: 0.50, 2: 0.33, 3: 0.46, 4: 0.05}},
            "training_experience": {"n": 57, "hostile": "<script>alert(1)</script>"},
            "screen_visits_any": {"n": 95, "counts": {1: 71, 2: 24}},
            "screen_visits_status": {
                "n": 71,
                "rows": {
                    "handicap": {"blank": 1, "counts": {1: 16, 2: 14, 3: 12, 4: 16, 5: 12}},
                    "socialpsykiatri": {"counts": {1: 20, 2: 22, 3: 16, 4: 8, 5: 5}},
                    "hjemmepleje": {"counts": {1: 19, 2: 17, 3: 14, 4: 13, 5: 8}},
                    "hjemmesygepleje": {"counts": {1: 14, 2: 21, 3: 17, 4: 12, 5: 7}},
                },
            },
            "screen_visits_services": {"shares": {1: 0.52, 2: 0.55, 3: 0.18, 4: 0.30, 5: 0.48}},
            "screen_visits_citizen_call": {"shares": {1: 0.36, 2: 0.56, 3: 0.08}},
            "screen_visits_staff_setup": {"shares": {1: 0.14, 2: 0.56, 3: 0.26, 4: 0.04}},
            "mobility_technologies": {
                "n": 91,
                "nonanswers": 2,
                "shares": {
                    "hygiejne": 0.63,
                    "mobilitet": 0.57,
                    "traening": 0.47,
                    "seng": 0.44,
                    "smaahjaelpemidler": 0.42,
                    "spise": 0.21,
                    "tryghed": 0.07,
                    "skaermbesoeg": 0.07,
                },
            },
            "mobility_benefits": {"n": 66, "hostile": '=HYPERLINK("http://x")'},
            "prevention_technologies": {
                "rows": {
                    "kol": {
                        "n": 82,
                        "nonanswers": 2,
                        "shares": {
                            "skaermbesoeg": 0.62,
                            "traening": 0.45,
                            "patientuddannelse": 0.30,
                            "selvmonitorering": 0.22,
                            "sociale": 0.05,
                        },
                    },
                    "diabetes": {
                        "n": 79,
                        "nonanswers": 3,
                        "shares": {
                            "selvmonitorering": 0.52,
                            "patientuddannelse": 0.41,
                            "skaermbesoeg": 0.25,
                            "traening": 0.24,
                            "sociale": 0.04,
                        },
                    },
                    "hjerte": {
                        "n": 81,
                        "nonanswers": 3,
                        "shares": {
                            "traening": 0.55,
                            "skaermbesoeg": 0.35,
                            "patientuddannelse": 0.33,
                            "selvmonitorering": 0.28,
                            "sociale": 0.03,
                        },
                    },
                }
            },
            "priority_next_year": {
                "n": 88,
                "nonanswers": 1,
                "shares": {
                    "skaermbesoeg": 0.47,
                    "traening": 0.39,
                    "medicin": 0.33,
                    "tryghed": 0.27,
                    "hygiejne": 0.22,
                    "seng": 0.14,
                    "sociale": 0.11,
                    "sanse": 0.09,
                    "struktur": 0.08,
                    "selvmonitorering": 0.07,
                    "spise": 0.06,
                    "rengoering": 0.05,
                    "mobilitet": 0.04,
                    "patientuddannelse": 0.03,
                    "smaahjaelpemidler": 0.02,
                },
            },
            "supplier_involvement": {
                "n": 89,
                "bad": 9,
                "shares": {1: 0.53, 2: 0.30, 3: 0.10, 4: 0.03, 5: 0.04},
            },
        },
    ),
}


def _setup_2020() -> YearSetup:
    """2020 as the next survey: 2019's design with the role question dropped and a question on
    following up effects added (see `questionnaire_2020`), and figures that moved a little."""
    base = SETUPS[2019]
    spec = {k: v for k, v in copy.deepcopy(base.spec).items() if k != "respondent_role"}
    spec["training_in_operation"]["shares"] = {1: 0.33, 2: 0.66, 3: 0.58, 4: 0.15, 5: 0.40}
    spec["screen_visits_any"]["counts"] = {1: 77, 2: 18}
    spec["mobility_technologies"]["shares"]["seng"] = 0.49
    spec["priority_next_year"]["shares"]["medicin"] = 0.36
    spec["effect_follow_up"] = {"n": 88, "shares": {1: 0.18, 2: 0.47, 3: 0.26, 4: 0.09}}
    return replace(
        base,
        survey_id=1702533,
        export_date=date(2020, 10, 27),
        start=date(2020, 9, 2),
        end=date(2020, 10, 23),
        complete=91,
        nonresponders=(),  # all 98 answered (91 complete, 7 partial)
        partial_stops=tuple(
            "training_in_operation" if s == "respondent_role" else s for s in base.partial_stops
        ),
        spec=spec,
    )


SETUPS[2020] = _setup_2020()
#: Years whose questionnaire the demo derives from the year before: the project has no
#: codebook for them until `statusmaaling new-year` drafts one from the demo export.
DERIVED = {2020: 2019}


def _renumber(variable: str) -> str:
    """2020 dropped the first question, so SurveyXact numbered every later one a step down."""
    return re.sub(r"^s_(\d+)", lambda m: f"s_{int(m.group(1)) - 1}", variable)


def questionnaire_2020(book_2019: Codebook) -> Codebook:
    """The (fictitious) 2020 questionnaire, as a new year really changes one: a question
    dropped (the respondent's role), one added (following up effects), every later variable
    renumbered, wording edited (a year in the text, two rephrased questions) and one option
    reworded."""
    data = book_2019.model_dump(exclude_none=True)
    data["year"], data["title"] = 2020, book_2019.title.replace("2019", "2020")
    questions = []
    for q in data["questions"]:
        if q["id"] == "respondent_role":
            continue
        for key in ("variable",):
            if key in q:
                q[key] = _renumber(q[key])
        for part in (*q.get("options", []), *q.get("rows", [])):
            for key in ("variable", "other"):
                if part.get(key):
                    part[key] = _renumber(part[key])
        questions.append(q)
    wording = {
        "screen_visits_any": (
            "Arbejder kommunen med skærmbesøg, eller forventer I at påbegynde det i 2021?"
        ),
        "training_experience": "Beskriv kort jeres erfaringer med digitalt understøttet træning",
        "mobility_technologies": (
            "Hvilke teknologier bruger kommunen til borgere med funktionelle "
            "mobilitetsudfordringer?"
        ),
    }
    for q in questions:
        q["text"] = wording.get(q["id"], q["text"])
        if q["id"] == "training_in_operation":
            q["options"][-1]["label"] = "Nej, ingen træning i drift"
    questions.append(
        {
            "id": "effect_follow_up",
            "type": "single",
            "variable": "s_16",
            "text": "Følger kommunen op på effekten af de velfærdsteknologier, den har i drift?",
            "options": [
                {"code": 1, "label": "Ja, systematisk"},
                {"code": 2, "label": "Ja, for nogle teknologier"},
                {"code": 3, "label": "Nej"},
                {"code": 4, "label": "Ved ikke"},
            ],
        }
    )
    data["questions"] = questions
    return Codebook.model_validate(data)


def demo_codebook(project: Project, year: int) -> Codebook:
    """The questionnaire the demo export of `year` follows."""
    if year in DERIVED:
        return questionnaire_2020(load_codebook(project.codebook_path(DERIVED[year])))
    return load_codebook(project.codebook_path(year))


#: 2019's distribution list carried a column the codebook does not know.
EXTRA_COLUMNS = {2019: ("region", "Region")}

# --------------------------------------------------------------------------------------------
# Phrase banks (our own wording; nothing copied from coded examples)
# --------------------------------------------------------------------------------------------

#: Terms per taxonomy category, as municipal staff write them (spelling variants on purpose).
TERMS: dict[str, list[str]] = {
    "hygiejne": [
        "skylle-/tørretoiletter",
        "skylle/tørre toiletter",
        "vaske-/tørretoiletter",
        "vasketoiletter",
        "toiletter med skyl og tør",
        "Closomat",
        "Closomat toiletter",
        "bidettoiletter",
        "intelligente bleer",
        "sensorbleer",
        "bleer med sensor",
        "bade- og toiletstole",
        "el-badestole",
        "brusestole med tilt",
    ],
    "mobilitet": [
        "loftlifte",
        "loft lifte",
        "Guldmann loftlifte",
        "loftlift fra Guldmann",
        "mobile personløftere",
        "rollatorer",
        "el-kørestole",
        "kørestole",
        "katapultsæder",
        "løftestole",
        "trappelifte",
        "exoskelet",
        "forflytningshjælpemidler som loftlift og turner",
    ],
    "traening": [
        "digital træning",
        "træningsapps",
        "træningsapp på tablet",
        "Motitech",
        "Motitech træningscykler",
        "Exorlive",
        "online træningsprogrammer",
        "videotræning",
        "virtuel genoptræning",
        "VR-træning",
        "aflastningstræning (body weight support)",
        "exergames",
        "digitalt understøttet træning",
    ],
    "seng": [
        "Vendlet",
        "Vendlet vendesystem",
        "vendelagner",
        "vende lagner",
        "vendesystemer",
        "senge med vendefunktion",
        "plejesenge med elektrisk vending",
        "sensormadrasser",
        "madrasser med sensor",
        "sengeteknologi",
        "senge teknologi",
    ],
    "smaahjaelpemidler": [
        "strømpepåtagere",
        "strømpe påtager",
        "strømpeaftagere",
        "gribetænger",
        "griberedskaber",
        "specialbestik",
        "tallerkenkanter",
        "småhjælpemidler",
    ],
    "spise": [
        "spiserobot",
        "spiserobotter",
        "Bestic",
        "Bestic spiserobot",
        "Obi spiserobot",
        "armstøtte til spisning",
        "robotarm til at spise med",
        "3D-printet mad",
    ],
    "tryghed": [
        "GPS",
        "GPS-trackere",
        "faldsensorer",
        "dørsensorer",
        "sensorgulv",
        "natkamera",
        "kameratilsyn om natten",
        "elektroniske dørlåse",
        "digitale nøgler",
        "dør- og faldalarmer",
        "smart home løsninger",
    ],
    "skaermbesoeg": [
        "skærmbesøg",
        "skærm besøg",
        "virtuelle besøg",
        "videobesøg i hjemmeplejen",
        "virtuel hjemmepleje",
        "skærmopkald fra sygeplejen",
        "videokonsultationer",
        "virtuel bostøtte",
    ],
    "sanse": [
        "Paro",
        "robotsælen Paro",
        "robotsæl",
        "robotkatte",
        "sanserum",
        "døgnrytmelys",
        "cirkadisk lys",
        "Tovertafel",
        "snoezelrum",
    ],
    "medicin": [
        "Evondos",
        "Evondos medicinrobot",
        "medicinrobotter",
        "medicindispensere",
        "doseringsrobot",
        "medicinhusker",
        "elektroniske pilleæsker",
        "digital medicinhåndtering",
    ],
    "sociale": [
        "virtuelle besøgsvenner",
        "online fællesskaber",
        "KOMP skærme til kontakt med familien",
        "telepresence robot",
        "chatbot",
        "videoopkald med pårørende",
    ],
    "rengoering": [
        "robotstøvsugere",
        "robot støvsugere",
        "gulvvaskerobotter",
        "vaskerobot til gulve",
        "desinfektionsmaskiner",
    ],
    "struktur": [
        "MEMOplanner",
        "digitale tavler til dagsstruktur",
        "piktogram-app",
        "visuelle timere",
        "strukturapps",
        "dagsplan på skærm",
    ],
    "selvmonitorering": [
        "skridttællere",
        "aktivitetsmålere",
        "aktivitetsure",
        "wearables",
        "blodtryksmålere",
        "apps til egen registrering",
        "motivationsapp",
    ],
    "patientuddannelse": [
        "e-læring",
        "online patientskole",
        "webinarer",
        "digital patientuddannelse",
        "e-learningmoduler",
    ],
}

#: Prevention context: terms per category; {sygdom} is filled with the disease.
PREVENTION_TERMS: dict[str, list[str]] = {
    "skaermbesoeg": [
        "telemedicin",
        "telemedicinsk hjemmemonitorering",
        "telemedicinsk opfølgning",
        "videokonsultationer med sygeplejerske",
        "tele-monitorering hvor sygeplejen følger målingerne",
    ],
    "selvmonitorering": [
        "skridttællere",
        "aktivitetsmålere",
        "apps til egen registrering",
        "motivationsapp",
        "wearables",
    ],
    "traening": [
        "online træning",
        "Telerehab",
        "holdtræning via video",
        "træningsvideoer",
        "træningsapp",
    ],
    "patientuddannelse": [
        "online patientuddannelse",
        "e-læring om {sygdom}",
        "digital patientskole",
        "webinarer om {sygdom}",
        "onlinekursus om at leve med {sygdom}",
    ],
    "sociale": ["online fællesskab for borgere med {sygdom}", "virtuel netværksgruppe"],
}
PREVENTION_EXTRA: dict[str, dict[str, list[str]]] = {
    "kol": {
        "skaermbesoeg": ["KOL-kuffert", "KOL-kufferter", "TeleKOL"],
        "selvmonitorering": ["iltmætningsmåler til egen måling"],
        "traening": ["KOL-træning via skærm"],
    },
    "diabetes": {
        "selvmonitorering": ["blodsukkermålere", "CGM-sensorer", "blodsukkerapp"],
    },
    "hjerte": {
        "selvmonitorering": ["blodtryksmålere", "pulsure"],
        "skaermbesoeg": ["telemedicin til hjertesvigtspatienter"],
        "traening": ["digital hjertetræning"],
    },
}
DISEASE = {"kol": ["KOL"], "diabetes": ["diabetes", "type 2 diabetes"], "hjerte": ["hjertesygdom"]}

AFFIRM = [
    "{T} er i drift.",
    "Vi har {t} i drift på {sted}.",
    "{T} bruges i hjemmeplejen.",
    "Afprøver {t} på {sted}.",
    "Pilotprojekt med {t} hos ca. {n} borgere.",
    "{T} er under implementering.",
    "Vi forventer at indføre {t} i {next}.",
    "Ca. {n} borgere har fået {t}.",
    "Har {t} (ca. {n} stk.)",
    "{T} på alle plejecentre.",
    "Vi er i gang med at udbrede {t}.",
]
NEGATE = [
    "Vi har ikke {t}.",
    "Vi er stoppet med {t}.",
    "{T} er fravalgt.",
    "Ingen {t} pt.",
    "Har tidligere afprøvet {t}, men det blev fravalgt.",
]
INTROS = [
    "Vi anvender bl.a. ",
    "I drift: ",
    "Følgende er i drift: ",
    "Bruger pt. ",
    "Kommunen benytter ",
    "",
]
FILLERS = [
    "Se i øvrigt kommunens velfærdsteknologiske strategi.",
    "Alt efter borgerens behov.",
    "Bevilges efter en individuel vurdering.",
    "Vi samarbejder tæt med hjælpemiddelcentralen.",
    "Udrulles i takt med at økonomien tillader det.",
]
PRIORITY_FORMS = [
    "{T}",
    "Udbredelse af {t}",
    "Implementering af {t}",
    "Opskalering af {t}",
    "Fokus på {t}",
    "{T} i hjemmeplejen",
]
PRIORITY_EXTRA: dict[str, list[str]] = {
    "medicin": ["medicinhåndtering", "digital medicinhåndtering"],
    "skaermbesoeg": ["skærmbesøg", "skærmbesøg i hjemmeplejen og på socialområdet"],
    "traening": ["digital træning", "digitalt understøttet træning"],
    "tryghed": ["tryghedsskabende teknologi", "GPS og sensorer"],
    "hygiejne": ["skylle-/tørretoiletter", "hygiejneteknologi"],
}
#: categories that can sensibly be "... i hjemmeplejen"
HOME_CARE = {"skaermbesoeg", "medicin", "tryghed", "traening", "hygiejne", "seng", "mobilitet"}
PREVENTION_FORMS = [
    "{T}",
    "Tilbyder {t} til borgere med {sygdom}",
    "{T} i samarbejde med regionen",
    "Ca. {n} borgere bruger {t}",
    "{T} (pilotprojekt)",
]
NONANSWERS = ["-", "ved ikke", "Ved ikke", "Nej", "N/A", "ingen", "Ikke relevant"]
NONANSWERS_FOLLOWUP = ["se ovenfor", "Se ovenfor", "Ingen", "-", "ved ikke"]
PLACES = [
    "plejecentrene",
    "to plejecentre",
    "Plejecenter Solgården",
    "Bo- og aktivitetscentret",
    "rehabiliteringsenheden",
    "Sundhedscentret",
    "akutteamet",
    "et enkelt plejecenter",
]
PARTNERS = ["UCN", "VIA", "regionen", "leverandøren", "KL", "et universitet", "nabokommunerne"]

EXPERIENCE = [
    "Gode erfaringer med Motitech på plejecentrene, borgerne træner mere og synes det er sjovt.",
    "Vi har haft et pilotprojekt med træningsapp til borgere i genoptræning efter SUL §140. "
    "Ca. {n} borgere deltog.",
    "Borgerne er glade for at kunne træne hjemme på tidspunkter der passer dem.",
    "Det kræver tid at oplære terapeuterne, og nogle borgere har svært ved teknologien.",
    "Udfordringer med wifi i borgernes hjem.",
    "Vi oplever at borgerne fastholder træningen længere efter endt forløb.",
    "Det er svært at dokumentere effekten endnu.",
    "Digital træning er nu en fast del af vores genoptræningstilbud.",
    "Vi er i gang med at evaluere projektet sammen med {partner}.",
    "Ca. {pct} pct. af borgerne i genoptræning får tilbudt digital træning.",
    "Kortere ventetid på holdtræning, fordi nogle forløb kan klares hjemme.",
    "Terapeuterne var skeptiske i starten men er nu positive.",
    "Ikke alle borgere kan bruge det - kræver en god screening.",
]
BENEFITS = [
    "Større selvhjulpenhed",
    "Øget værdighed - borgeren kan selv klare toiletbesøg",
    "Mere privatliv",
    "Færre besøg fra hjemmeplejen",
    "Øget tryghed",
    "Bedre søvn og færre forflytninger om natten",
    "Borgerne oplever større frihed i hverdagen",
    "Mindre afhængighed af personale",
    "Færre faldulykker",
    "Bedre arbejdsmiljø for medarbejderne (færre tunge løft)",
    "Vi mangler at måle på det, men tilbagemeldingerne er gode",
    "Kan blive længere i eget hjem",
]
OTHER_OBJECTIVES = [
    "Frigøre terapeuttimer",
    "Understøtte rehabiliteringsforløb",
    "Øge borgerens selvhjulpenhed",
    "Forebygge genindlæggelser",
]
OTHER_CALL = [
    "Kun i dagtimerne",
    "Borgeren kan ringe til vagtcentralen",
    "Er under afklaring",
    "Via tablet i pilotprojekt",
    "Kun for udvalgte borgere",
]

#: Typed municipality names in 2017 that must be rejected: unknown and ambiguous.
REJECTED_2017 = ("Region Midtjylland", "Frederiks")


# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------


@dataclass
class Resp:
    """One row of the export: a respondent of the distribution list (or of the open link)."""

    muni: dict[str, str] | None
    status: int
    stop: int | None = None  # index of the last question reached; None: all; -1: none
    typed: str | None = None
    close: datetime | None = None
    final: bool = False  # the row that should count for its municipality
    role: str = ""  # how this row was planted (for the notes)
    values: dict[str, Any] = field(default_factory=dict)  # variable -> cell
    sem: dict[str, Any] = field(default_factory=dict)  # question id -> answer, for routing
    truth: dict[str, list[str]] = field(default_factory=dict)  # coded variable -> categories


@dataclass
class DemoYear:
    """One year's synthetic export before it is written, with what was planted in it."""

    year: int
    setup: YearSetup
    columns: list[str]
    rows: list[Resp]
    notes: list[str]
    question_variables: list[str]

    def dataset_rows(self) -> list[list[Any]]:
        return [[r.values.get(c) for c in self.columns] for r in self.rows]

    def answered(self, r: Resp) -> bool:
        """Whether the row holds at least one answer to a question."""
        return any(r.values.get(v) is not None for v in self.question_variables)

    def status_counts(self) -> dict[int, int]:
        return dict(sorted(Counter(r.status for r in self.rows).items()))


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


def _largest_remainder(weights: dict[Any, float], n: int) -> dict[Any, int]:
    total = sum(weights.values()) or 1.0
    exact = {k: w / total * n for k, w in weights.items()}
    counts = {k: int(v) for k, v in exact.items()}
    rest = n - sum(counts.values())
    order = sorted(exact, key=lambda k: (-(exact[k] - counts[k]), list(exact).index(k)))
    for k in order[:rest]:
        counts[k] += 1
    return counts


class _Year:
    """Builds one year's rows from its codebook, register and setup."""

    def __init__(self, book: Codebook, register: list[dict[str, str]], seed: int) -> None:
        self.book = book
        self.year = book.year
        self.setup = SETUPS[book.year]
        self.register = register
        self.rng = random.Random(f"statusmaaling-demo:{seed}:{book.year}")
        self.text = _TextMaker(self.rng, book.year)
        self.qindex = {q.id: i for i, q in enumerate(book.questions)}
        self.notes: list[tuple[list[Resp], str]] = []

    # ---- respondents -------------------------------------------------------------------

    def _stop(self, qid: str | None) -> int:
        return -1 if qid is None else self.qindex[qid]

    def _close(self, lo: float = 0.0, hi: float = 1.0) -> datetime:
        start, end = self.setup.start, self.setup.end
        days = (end - start).days
        day = start + timedelta(days=round(days * (lo + (hi - lo) * self.rng.random())))
        while day.weekday() >= 5:  # municipal staff answer on weekdays
            day -= timedelta(days=1)
        if day < start:
            day = start
        hour = self.rng.choice([8, 9, 9, 10, 10, 11, 12, 13, 13, 14, 14, 15, 15, 16])
        return datetime(day.year, day.month, day.day, hour, self.rng.randrange(60))

    def _finals(self, munis: list[dict[str, str]]) -> list[Resp]:
        s = self.setup
        out: list[Resp] = []
        for i, m in enumerate(munis):
            if i < s.complete:
                out.append(Resp(m, COMPLETE, final=True, close=self._close()))
            else:
                stop = self._stop(s.partial_stops[i - s.complete])
                out.append(Resp(m, PARTIAL, stop=stop, final=True))
        return out

    def build(self) -> DemoYear:
        if self.book.municipality.typed:
            rows, finals, losers = self._plan_typed()
        else:
            rows, finals, losers = self._plan_list()
        self._fill(finals, final=True)
        self._fill(losers, final=False)
        for r in rows:
            self._finish(r)
        columns = list(self.book.expected_columns())
        if self.year in EXTRA_COLUMNS:
            name = EXTRA_COLUMNS[self.year][0]
            at = len(self.book.background_columns())
            columns.insert(at, name)
            for r in rows:
                r.values[name] = r.muni["region"] if r.muni else None
        pos = {id(r): i + 2 for i, r in enumerate(rows)}  # spreadsheet row; header is row 1
        notes = []
        for group, text in self.notes:
            winner = next((r for r in group if r.final), None)
            if winner is not None and len(group) > 1:
                text += f" (row {pos[id(winner)]} wins)"
            notes.append((sorted(pos[id(r)] for r in group), self._who(group), text))
        notes.sort()
        lines = [
            f"row{'s' * (len(at) > 1)} {', '.join(map(str, at))} ({who}): {text}"
            for at, who, text in notes
        ]
        if self.year in EXTRA_COLUMNS:
            lines.append(f"extra column `{EXTRA_COLUMNS[self.year][0]}` (not in the codebook)")
        return DemoYear(self.year, self.setup, columns, rows, lines, self.book.all_variables())

    @staticmethod
    def _who(group: list[Resp]) -> str:
        r = group[0]
        if r.typed is not None and len(group) == 1:
            return repr(r.typed)
        return (r.muni or {}).get("official_name", "") or repr(r.typed or "")

    def _plan_list(self) -> tuple[list[Resp], list[Resp], list[Resp]]:
        """2018/2019: every invited municipality has a row; duplicates are appended."""
        s = self.setup
        order = list(self.register)
        self.rng.shuffle(order)
        n_final = s.complete + len(s.partial_stops)
        finals = self._finals(order[:n_final])
        nonresp = [
            Resp(m, st, role=f"non-responder ({STATUS_LABELS[st]})")
            for m, st in zip(order[n_final:], s.nonresponders, strict=True)
        ]
        by_code = {r.muni["code"]: r for r in finals + nonresp}
        listed = [by_code[m["code"]] for m in self.register]
        appended: list[Resp] = []
        losers: list[Resp] = []
        completes = [r for r in finals if r.status == COMPLETE]
        dup_targets = self.rng.sample(completes, len(s.duplicates))
        for kind, winner in zip(s.duplicates, dup_targets, strict=True):
            self._plant_duplicate(kind, winner, listed, appended, losers)
        return listed + appended, finals, losers

    def _plant_duplicate(
        self,
        kind: str,
        winner: Resp,
        listed: list[Resp],
        appended: list[Resp],
        losers: list[Resp],
    ) -> None:
        """Add a second respondent for `winner`'s municipality.

        restart: the listed row is a partial abandoned without closeTime; the restarted complete
            answer is appended. twice_later_appended / twice_later_original: two completes, the
            later closeTime wins (appended later / listed later). declined_then_complete: the
            listed row is Frafaldet, the complete answer appended. late_partial: the listed row
            is complete, a newer partial is appended (status beats row order). reinvited_new:
            the listed row is complete, a re-sent invitation (status Ny) is appended.
        """
        m = winner.muni
        i = listed.index(winner)
        early, late = sorted([self._close(0.0, 0.45), self._close(0.55, 1.0)])
        if kind == "restart":
            loser = Resp(m, PARTIAL, stop=self._stop(self.book.questions[1].id), role=kind)
            listed[i], winner.close = loser, late
            appended.append(winner)
            text = "duplicate: a partial abandoned without closeTime, restarted as a complete"
        elif kind == "twice_later_appended":
            loser = Resp(m, COMPLETE, close=early, role=kind)
            listed[i], winner.close = loser, late
            appended.append(winner)
            text = "duplicate: two completes, the later closeTime should win"
        elif kind == "twice_later_original":
            loser = Resp(m, COMPLETE, close=early, role=kind)
            winner.close = late
            appended.append(loser)
            text = "duplicate: two completes, the later closeTime (on the earlier row) should win"
        elif kind == "declined_then_complete":
            loser = Resp(m, FRAFALDET, role=kind)
            listed[i] = loser
            appended.append(winner)
            text = "duplicate: a Frafaldet row, then a colleague's complete answer"
        elif kind == "late_partial":
            loser = Resp(m, PARTIAL, stop=self._stop(self.book.questions[2].id), role=kind)
            appended.append(loser)
            text = "duplicate: a complete, then a newer partial (status beats row order)"
        elif kind == "reinvited_new":
            loser = Resp(m, NY, role=kind)
            appended.append(loser)
            text = "duplicate: a complete, then a re-sent invitation never opened (Ny)"
        else:  # pragma: no cover - setups are ours
            raise ValueError(kind)
        if loser.status in (PARTIAL, COMPLETE):
            losers.append(loser)
        self.notes.append(([loser, winner], text))

    def _plan_typed(self) -> tuple[list[Resp], list[Resp], list[Resp]]:
        """2017: an open link; rows only for those who opened it, names typed by hand."""
        s = self.setup
        reg = {m["code"]: m for m in self.register}
        forced = ["101", "751", "169", "173", "400", "147"]
        rest = [m for m in self.register if m["code"] not in forced]
        self.rng.shuffle(rest)
        n_final = s.complete + len(s.partial_stops)
        chosen = [reg[c] for c in forced] + rest[: n_final - len(forced)]
        # partial winners must not be the municipalities whose spellings are planted
        plain = chosen[len(forced) :]
        self.rng.shuffle(plain)
        chosen = [reg[c] for c in forced] + plain
        finals = self._finals(chosen)
        names = self._all_names()
        for r in finals[len(forced) :]:
            r.typed, typo = self._typed_name(r.muni, names)
            if typo:
                self.notes.append(([r], f"typed name with a typo (means {r.muni['name']})"))
        by = {r.muni["code"]: r for r in finals}
        by["101"].typed = "Københavns kommune"
        by["751"].typed = "Århus"
        by["169"].typed = "Høje-Tåstrup"
        by["173"].typed = "Lyngby-Tårbæk"
        by["400"].typed = "Bornholms Regionskommune"
        by["147"].typed = "frederiksberg "
        early, late = sorted([self._close(0.0, 0.45), self._close(0.55, 1.0)])
        by["751"].close = late
        losers = [
            Resp(reg["101"], PARTIAL, stop=0, typed="Kbh", role="abandoned"),
            Resp(reg["751"], COMPLETE, close=early, typed="Aarhus", role="earlier complete"),
            Resp(reg["169"], PARTIAL, stop=0, typed="Høje Taastrup", role="abandoned"),
        ]
        declined = Resp(reg["101"], FRAFALDET, typed="KØBENHAVN", role="declined")
        rejected = [
            Resp(None, COMPLETE, close=self._close(), typed=name, role="rejected")
            for name in REJECTED_2017
        ]
        empty = Resp(None, DISTRIBUERET, role="opened, nothing answered")
        rows = finals + losers + [declined] + rejected + [empty]
        self.rng.shuffle(rows)
        # a municipality's abandoned/earlier rows were started before its winning row
        for winner in (by["101"], by["751"], by["169"]):
            group = [r for r in rows if r.muni is winner.muni]
            slots = sorted(rows.index(r) for r in group)
            group.sort(key=lambda r: r is winner)
            for slot, r in zip(slots, group, strict=True):
                rows[slot] = r
        for winner, text in [
            (by["101"], "'Kbh' partial abandoned, 'KØBENHAVN' Frafaldet, then a complete"),
            (by["751"], "'Aarhus' and 'Århus' both complete, the later closeTime should win"),
            (by["169"], "'Høje Taastrup' partial abandoned, then 'Høje-Tåstrup' complete"),
        ]:
            group = [r for r in rows if r.muni is winner.muni]
            self.notes.append((group, f"duplicate: {text}"))
        for r in rejected:
            kind = "unknown" if r.typed == REJECTED_2017[0] else "ambiguous"
            self.notes.append(([r], f"typed name must be rejected ({kind})"))
        self.notes.append(([empty], "opened the link, answered nothing (empty s_1, Distribueret)"))
        return rows, finals, losers + rejected

    def _all_names(self) -> list[str]:
        names = []
        for m in self.register:
            names += [m["name"], m["official_name"]]
            names += [a for a in (m.get("aliases") or "").split("|") if a]
        return names

    def _typed_name(self, m: dict[str, str], names: list[str]) -> tuple[str, int]:
        rng = self.rng
        name, official = m["name"], m["official_name"]
        aliases = [a for a in (m.get("aliases") or "").split("|") if a]
        x = rng.random()
        if x < 0.10:
            typo = _safe_typo(rng, name, names)
            if typo:
                return typo, 1
        if x < 0.40:
            return name, 0
        if x < 0.55:
            return official, 0
        if x < 0.65:
            return f"{name} kommune", 0
        if x < 0.70:
            return f"{name} Kommune ", 0
        if x < 0.78:
            return name.lower(), 0
        if x < 0.82:
            return official.upper(), 0
        if x < 0.90 and aliases:
            return rng.choice(aliases), 0
        if x < 0.95 and re.search("[æøåÆØÅ]", name):
            return _translit(name), 0
        return f"{name} ", 0

    # ---- answers -----------------------------------------------------------------------

    def _fill(self, group: list[Resp], *, final: bool) -> None:
        for qi, q in enumerate(self.book.questions):
            spec = self.setup.spec.get(q.id, {})
            reach = [r for r in group if r.stop is None or r.stop >= qi]
            elig = [r for r in reach if self._routed(q, r)]
            if not elig:
                continue
            handler = {
                "single": self._single,
                "multi": self._multi,
                "matrix": self._matrix,
                "text": self._text,
            }[q.type]
            handler(q, qi, elig, spec, final)

    def _routed(self, q: Question, r: Resp) -> bool:
        qid = q.id
        if qid.startswith("training_") and qid != "training_in_operation":
            ops = r.sem.get("training_in_operation")
            return bool(ops) and "none" not in ops
        if qid == "screen_visits_status" and "screen_visits_any" in self.book.by_id:
            return r.sem.get("screen_visits_any") == 1
        if qid.startswith("screen_visits_") and qid not in (
            "screen_visits_any",
            "screen_visits_status",
        ):
            # details only from those with screen visits in operation, testing or implementation
            return any(v in (1, 2, 3) for v in r.sem.get("screen_visits_status", {}).values())
        return True

    def _n(self, spec: dict[str, Any], elig: list[Resp], final: bool, default: float) -> int:
        if final and "n" in spec:
            return min(spec["n"], len(elig))
        return max(1, round(len(elig) * spec.get("rate", default)))

    def _answering(self, elig: list[Resp], qi: int, n: int) -> list[Resp]:
        """`n` of `elig`; a partial respondent always answers the question it stopped at."""
        if n >= len(elig):
            return list(elig)
        must = [r for r in elig if r.stop == qi]
        others = [r for r in elig if r.stop != qi]
        keep = {id(r) for r in must + self.rng.sample(others, max(0, n - len(must)))}
        return [r for r in elig if id(r) in keep]

    def _deal(self, weights: dict[Any, float], n: int) -> list[Any]:
        counts = _largest_remainder(weights, n)
        out = [k for k, c in counts.items() for _ in range(c)]
        self.rng.shuffle(out)
        return out

    def _pick_sets(self, keys_counts: dict[Any, int], m: int) -> list[list[Any]]:
        """`m` non-empty sets where key k is in exactly keys_counts[k] of them (when possible)."""
        rng = self.rng
        sets: list[list[Any]] = [[] for _ in range(m)]
        for key, k in keys_counts.items():
            for i in sorted(rng.sample(range(m), min(k, m))):
                sets[i].append(key)
        for i in range(m):
            if sets[i]:
                continue
            donors = [j for j in range(m) if len(sets[j]) >= 2]
            if donors:
                most = max(len(sets[j]) for j in donors)
                j = rng.choice([j for j in donors if len(sets[j]) == most])
                key = sets[j].pop(rng.randrange(len(sets[j])))
                sets[i].append(key)
            else:
                sets[i].append(max(keys_counts, key=keys_counts.get))
        order = list(keys_counts)
        return [sorted(s, key=order.index) for s in sets]

    def _single(self, q: Question, qi: int, elig, spec, final) -> None:
        ans = self._answering(elig, qi, self._n(spec, elig, final, 0.96))
        weights = spec.get("counts") or spec.get("shares") or {o.code: 1.0 for o in q.options}
        bad = final and "bad" in spec
        codes = self._deal(weights, len(ans) - int(bad))
        if bad:
            victim = self.rng.choice(ans)
            ans = [r for r in ans if r is not victim]
            victim.values[q.variable] = spec["bad"]
            self.notes.append(
                ([victim], f"{q.variable} ({q.id}) = {spec['bad']}: value code not in the codebook")
            )
        for r, code in zip(ans, codes, strict=True):
            r.values[q.variable] = code
            r.sem[q.id] = code

    def _multi(self, q: Question, qi: int, elig, spec, final) -> None:
        ans = self._answering(elig, qi, self._n(spec, elig, final, 0.95))
        shares = spec.get("shares") or {o.code: 0.4 for o in q.options}
        none_opt = next((o for o in q.options if o.label.lower().startswith("nej")), None)
        n_none = 0
        if none_opt is not None:
            target = spec.get("n") or len(ans)
            n_none = round(spec.get("none", 0.1 * target) / target * len(ans))
        self.rng.shuffle(ans)
        nones, rest = ans[:n_none], ans[n_none:]
        counts = {k: min(len(rest), round(v * len(ans))) for k, v in shares.items() if k != "none"}
        chosen = self._pick_sets(counts, len(rest)) if rest else []
        for r in nones:
            self._set_multi(q, r, [none_opt.code])
            r.sem[q.id] = ["none"]
        for r, codes in zip(rest, chosen, strict=True):
            self._set_multi(q, r, codes)
            r.sem[q.id] = codes

    def _set_multi(self, q: Question, r: Resp, codes: list[int]) -> None:
        for o in q.options:
            r.values[o.variable] = int(o.code in codes)
            if o.other and o.code in codes:
                pool = OTHER_OBJECTIVES if "målsætning" in q.text else OTHER_CALL
                r.values[o.other] = self.rng.choice(pool)

    def _matrix(self, q: Question, qi: int, elig, spec, final) -> None:
        ans = self._answering(elig, qi, self._n(spec, elig, final, 0.97))
        rows_spec = spec.get("rows", {})
        routed_rows = q.id in ("screen_visits_citizen_call", "screen_visits_staff_setup")
        for row in q.rows:
            rs = rows_spec.get(row.item, {})
            if routed_rows:
                status = "screen_visits_status"
                members = [r for r in ans if r.sem.get(status, {}).get(row.item) in (1, 2, 3)]
            else:
                members = list(ans)
            blank = rs.get("blank", 0) if final else 0
            if blank:
                members = self._answering(members, qi, len(members) - blank)
            weights = (
                rs.get("counts")
                or rs.get("shares")
                or spec.get("shares")
                or {o.code: 1.0 for o in q.options}
            )
            for r, code in zip(members, self._deal(weights, len(members)), strict=True):
                r.values[row.variable] = code
                r.sem.setdefault(q.id, {})[row.item] = code
                if row.other and code == 3:
                    r.values[row.other] = self.rng.choice(OTHER_CALL)
        bad = spec.get("bad")
        if final and bad:
            row = next(x for x in q.rows if x.item == bad["item"])
            victim = self.rng.choice([r for r in ans if row.variable in r.values])
            victim.values[row.variable] = bad["value"]
            victim.sem[q.id][row.item] = bad["value"]
            self.notes.append(
                (
                    [victim],
                    f"{row.variable} ({q.id}.{row.item}) = {bad['value']}: "
                    "value code not in the codebook",
                )
            )

    def _text(self, q: Question, qi: int, elig, spec, final) -> None:
        targets = [(r.item, r.variable) for r in q.rows] or [("", q.variable)]
        for item, var in targets:
            rs = spec.get("rows", {}).get(item, spec) if item else spec
            if q.coded:
                self._coded_text(q, qi, item, var, elig, rs, final)
            else:
                self._plain_text(q, qi, var, elig, rs, final)

    def _coded_text(self, q, qi, item, var, elig, spec, final) -> None:
        n = self._n(spec, elig, final, 0.85)
        k_non = spec.get("nonanswers", 0) if final else 0
        ans = self._answering(elig, qi, min(len(elig), n + k_non))
        self.rng.shuffle(ans)
        nons, subst = ans[:k_non], ans[k_non:]
        shares = spec.get("shares") or {"traening": 0.4, "skaermbesoeg": 0.4, "tryghed": 0.3}
        counts = {k: min(len(subst), round(v * len(subst))) for k, v in shares.items()}
        sets = self._pick_sets(counts, len(subst)) if subst else []
        context = q.id if not item else f"{q.id}:{item}"
        for r, cats in zip(subst, sets, strict=True):
            r.values[var] = self.text.coded(context, cats, list(shares))
            r.truth[var] = sorted(cats)
        follow = bool(item) and item != q.rows[0].item
        for r in nons:
            r.values[var] = self.text.nonanswer(followup=follow)
            r.truth[var] = []

    def _plain_text(self, q, qi, var, elig, spec, final) -> None:
        ans = self._answering(elig, qi, self._n(spec, elig, final, 0.6))
        for r in ans:
            r.values[var] = self.text.plain(q.id)
        if final and spec.get("hostile") and ans:
            victim = self.rng.choice(ans)
            victim.values[var] = spec["hostile"]
            self.notes.append(([victim], f"{var} ({q.id}) holds hostile text {spec['hostile']!r}"))

    def _finish(self, r: Resp) -> None:
        """Status columns, closeTime and background variables of a row."""
        book = self.book
        for i, col in enumerate(book.status_columns(), start=1):
            r.values[col] = int(i == r.status)
        r.values[book.export.close_time] = (
            r.close.strftime("%d-%m-%Y %H:%M") if r.close and r.status == COMPLETE else None
        )
        m = book.municipality
        if m.code:
            r.values[m.code] = int(r.muni["code"]) if r.muni else None
        if m.name:
            r.values[m.name] = r.muni["official_name"] if r.muni else None
        if m.typed:
            r.values[m.typed] = r.typed


def _then(text: str, sentence: str) -> str:
    """Add a sentence after a list or sentences, as people do: new line or full stop."""
    if "\n" in text:
        return f"{text}\n{sentence}"
    if text.endswith((".", ")")):
        return f"{text} {sentence}"
    return f"{text}. {sentence}"


def _lower_first(text: str) -> str:
    """`Udbredelse af X` -> `udbredelse af X`, but leave `GPS`, `CGM-sensorer`, `MEMOplanner`."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _translit(text: str) -> str:
    table = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"}
    return "".join(table.get(ch, ch) for ch in text)


def _safe_typo(rng: random.Random, name: str, names: list[str]) -> str | None:
    """Drop or double one inner letter, only where the result still clearly means `name`."""
    if len(name) < 6:
        return None
    others = [n.lower() for n in names if n.lower() != name.lower()]
    for _ in range(8):
        i = rng.randrange(2, len(name) - 1)
        if not name[i].isalpha():
            continue
        typo = name[:i] + name[i + 1 :] if rng.random() < 0.5 else name[:i] + name[i] + name[i:]
        mine = difflib.SequenceMatcher(None, typo.lower(), name.lower()).ratio()
        best_other = max(difflib.SequenceMatcher(None, typo.lower(), o).ratio() for o in others)
        if mine - best_other >= 0.15 and not any(o.startswith(typo.lower()) for o in others):
            return typo
    return None


class _TextMaker:
    """Renders free-text answers from chosen categories, with the noise of real answers."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.year = year

    def _fill(self, template: str, term: str, sygdom: str = "") -> str:
        rng = self.rng
        term = term.replace("{sygdom}", sygdom)
        return (
            template.replace("{T}", term[:1].upper() + term[1:])
            .replace("{t}", term)
            .replace("{n}", str(rng.choice([4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 60, 85, 140])))
            .replace("{sted}", rng.choice(PLACES))
            .replace("{next}", str(self.year + 1))
            .replace("{sygdom}", sygdom)
        )

    def _term(self, cat: str, disease: str = "") -> str:
        if disease:
            pool = PREVENTION_TERMS[cat] + PREVENTION_EXTRA.get(disease, {}).get(cat, [])
        else:
            pool = TERMS[cat]
        return self.rng.choice(pool)

    @staticmethod
    def _join(items: list[str]) -> str:
        if len(items) == 1:
            return items[0]
        return ", ".join(items[:-1]) + " og " + items[-1]

    def coded(self, context: str, cats: list[str], universe: list[str]) -> str:
        qid, _, item = context.partition(":")
        if qid == "priority_next_year":
            text = self._priority(cats)
        elif qid == "prevention_technologies":
            text = self._prevention(cats, item)
        else:
            text = self._mobility(cats, universe)
        return self._noise(text)

    def _terms(self, cats: list[str], disease: str = "") -> list[str]:
        out = []
        for c in cats:
            t = self._term(c, disease)
            if self.rng.random() < 0.2:
                u = self._term(c, disease)
                if u != t:
                    t = f"{t}/{u}" if self.rng.random() < 0.5 else f"{t} og {u}"
            out.append(t)
        return out

    def _mobility(self, cats: list[str], universe: list[str]) -> str:
        rng = self.rng
        cats = list(cats)
        rng.shuffle(cats)
        terms = self._terms(cats)
        style = rng.random()
        if style < 0.35:
            text = self._join(terms) if rng.random() < 0.7 else ", ".join(terms)
        elif style < 0.55:
            bullet = rng.choice(["", "- ", "* "])
            text = "\n".join(bullet + t[:1].upper() + t[1:] for t in terms)
        elif style < 0.85:
            forms = rng.sample(AFFIRM, min(len(terms), len(AFFIRM)))
            text = " ".join(self._fill(f, t) for f, t in zip(forms, terms, strict=False))
        else:
            head = terms[:-1] or terms
            text = rng.choice(INTROS) + self._join(head)
            if len(terms) > 1:
                text += f" samt afprøvning af {terms[-1]}"
            text += "."
        if rng.random() < 0.15:
            absent = [c for c in universe if c not in cats and c in TERMS]
            if absent:
                neg = self._fill(rng.choice(NEGATE), self._term(rng.choice(absent)))
                text = _then(text, neg)
        if rng.random() < 0.1:
            text = _then(text, rng.choice(FILLERS))
        return text

    def _priority(self, cats: list[str]) -> str:
        rng = self.rng
        cats = list(cats)  # most popular first; neighbours swap now and then
        for i in range(len(cats) - 1):
            if rng.random() < 0.3:
                cats[i], cats[i + 1] = cats[i + 1], cats[i]
        items = []
        for c in cats:
            term = rng.choice(TERMS[c] + PRIORITY_EXTRA.get(c, []))
            forms = PRIORITY_FORMS
            if "pleje" in term or "bostøtte" in term or c not in HOME_CARE:
                forms = [f for f in forms if "hjemmeplejen" not in f]
            items.append(self._fill(rng.choice(forms), term))
        style = rng.random()
        if style < 0.3 and len(items) > 1:
            return "\n".join(f"{i}. {t}" for i, t in enumerate(items, start=1))
        if style < 0.6:
            return self._join([items[0]] + [_lower_first(t) for t in items[1:]])
        if style < 0.8:
            first = f"Højeste prioritet er {_lower_first(items[0])}."
            links = ["Dernæst", "Derudover", "Herefter", "Og så"]
            more = [f"{w} {_lower_first(t)}." for w, t in zip(links, items[1:], strict=False)]
            return " ".join([first, *more])
        return "\n".join(items)

    def _prevention(self, cats: list[str], disease: str) -> str:
        rng = self.rng
        sygdom = rng.choice(DISEASE.get(disease, ["sygdommen"]))
        cats = list(cats)
        rng.shuffle(cats)
        items, used = [], set()
        for t in self._terms(cats, disease):
            forms = [
                f
                for f in PREVENTION_FORMS[1:]
                if f not in used and not ("{sygdom}" in t and "{sygdom}" in f)
            ]
            form = rng.choice(forms) if forms and (not items or rng.random() < 0.4) else "{T}"
            used.add(form)
            items.append(self._fill(form, t, sygdom))
        items = [items[0]] + [_lower_first(t) for t in items[1:]]
        if rng.random() < 0.3:
            return "\n".join(items)
        return self._join(items)

    def _noise(self, text: str) -> str:
        rng = self.rng
        x = rng.random()
        if x < 0.07:
            text = _translit(text)
        elif x < 0.14:
            text = text.lower()
        if rng.random() < 0.12:
            words = [m for m in re.finditer(r"[A-Za-zæøåÆØÅ]{7,}", text)]
            if words:
                w = rng.choice(words)
                i = rng.randrange(w.start() + 2, w.end() - 1)
                drop = rng.random() < 0.5
                text = text[:i] + text[i + 1 :] if drop else text[:i] + text[i] + text[i:]
        if rng.random() < 0.05:
            text += " "
        return text

    def nonanswer(self, *, followup: bool = False) -> str:
        return self.rng.choice(NONANSWERS_FOLLOWUP if followup else NONANSWERS)

    def plain(self, qid: str) -> str:
        rng = self.rng
        if rng.random() < 0.06:
            return rng.choice(["-", "ved ikke", "Se ovenfor", "Nej"])
        if qid == "training_experience":
            parts = rng.sample(EXPERIENCE, rng.choice([1, 1, 2, 2, 3]))
            text = " ".join(parts)
        else:
            parts = rng.sample(BENEFITS, rng.choice([1, 2, 2, 3, 4]))
            style = rng.random()
            if style < 0.4:
                text = ", ".join([parts[0], *map(_lower_first, parts[1:])])
            elif style < 0.7:
                text = "\n".join(parts)
            else:
                text = ". ".join(parts) + "."
        return (
            text.replace("{n}", str(rng.choice([12, 25, 40, 60, 140])))
            .replace("{pct}", str(rng.choice([10, 20, 30, 50])))
            .replace("{partner}", rng.choice(PARTNERS))
        )


# --------------------------------------------------------------------------------------------
# Rendering the export files
# --------------------------------------------------------------------------------------------


def build_demo(book: Codebook, register: list[dict[str, str]], *, seed: int = 2019) -> DemoYear:
    """One year's synthetic rows (deterministic in `seed`), not yet written."""
    if book.year not in SETUPS:
        raise StatusmaalingError(
            f"no demo data defined for {book.year} (the demo covers {sorted(SETUPS)})"
        )
    if len(register) != 98:
        raise StatusmaalingError(f"the municipality register has {len(register)} rows, not 98")
    return _Year(book, register, seed).build()


def _token(seed: int, year: int) -> str:
    return hashlib.sha256(f"statusmaaling-demo:{seed}:{year}".encode()).hexdigest()[:6]


def file_names(year: int, seed: int) -> list[str]:
    """The demo's file names for a year (the dataset first)."""
    s = SETUPS[year]
    stem = f"dataset_{s.survey_id}_{s.export_date:%Y%m%d}_{_token(seed, year)}"
    if year == 2017:
        return [f"{stem}.csv", f"labels_{s.survey_id}.csv"]
    return [f"{stem}.xlsx"]


def _descriptions(book: Codebook, extra: tuple[str, str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    m = book.municipality
    if m.code:
        out[m.code] = "Kommunekode"
    if m.name:
        out[m.name] = "Kommunenavn"
    if m.typed:
        out[m.typed] = "Hvilken kommune besvarer du for?"
    if extra:
        out[extra[0]] = extra[1]
    for q in book.questions:
        if q.variable:
            out[q.variable] = q.text
        for o in q.options:
            if o.variable:
                out[o.variable] = f"{q.text} - {o.label}"
            if o.other:
                out[o.other] = f"{q.text} - {o.label} (fritekst)"
        for r in q.rows:
            out[r.variable] = f"{q.text} - {r.label}"
            if r.other:
                out[r.other] = f"{q.text} - {r.label} - Andet, angiv (fritekst)"
    for i, col in enumerate(book.status_columns(), start=1):
        out[col] = f"Status - {STATUS_LABELS[i]}"
    out[book.export.close_time] = "closeTime"
    return out


def label_rows(book: Codebook) -> list[list[Any]]:
    """The Labels sheet / labels CSV: variable, value code, label."""
    rows: list[list[Any]] = []
    for q in book.questions:
        if q.type == "single":
            rows += [[q.variable, o.code, o.label] for o in q.options]
        elif q.type == "multi":
            for o in q.options:
                rows += [[o.variable, 0, "Ikke valgt"], [o.variable, 1, "Valgt"]]
        elif q.type == "matrix":
            rows += [[r.variable, o.code, o.label] for r in q.rows for o in q.options]
    return rows


def _qname(variable: str) -> str:
    m = re.match(r"s_\d+", variable)
    return m.group(0) if m else variable


def structure_rows(book: Codebook, extra: tuple[str, str] | None) -> list[list[Any]]:
    desc = _descriptions(book, extra)
    rows: list[list[Any]] = []
    background = book.background_columns() + ([extra[0]] if extra else [])
    for var in background:
        kind = "text" if var == book.municipality.typed else "background"
        rows.append([_qname(var), var, kind, "", desc[var], None, None])
    for q in book.questions:
        if q.type == "single":
            for o in q.options:
                rows.append(
                    [_qname(q.variable), q.variable, "single", "radio", q.text, o.code, o.label]
                )
        elif q.type == "multi":
            for o in q.options:
                qn = _qname(o.variable)
                rows.append([qn, o.variable, "multi", "checkbox", q.text, 1, o.label])
                if o.other:
                    rows.append([qn, o.other, "multi", "other", q.text, None, o.label])
        elif q.type == "matrix":
            for r in q.rows:
                qn, text = _qname(r.variable), f"{q.text} - {r.label}"
                for o in q.options:
                    rows.append([qn, r.variable, "matrix", "row", text, o.code, o.label])
                if r.other:
                    rows.append([qn, r.other, "matrix", "other", text, None, None])
        else:
            for var, text in (
                [(q.variable, q.text)]
                if q.variable
                else [(r.variable, f"{q.text} - {r.label}") for r in q.rows]
            ):
                rows.append([_qname(var), var, "text", "open", text, None, None])
    return rows


def _complete_rows(book: Codebook, demo: DemoYear) -> list[list[Any]]:
    """Dataset rows with single-choice and matrix codes replaced by their labels."""
    labelled: dict[str, dict[int, str]] = {}
    for q in book.questions:
        if q.type == "single":
            labelled[q.variable] = q.labels
        elif q.type == "matrix":
            for r in q.rows:
                labelled[r.variable] = q.labels
    out = []
    for row in demo.dataset_rows():
        out.append(
            [
                labelled[c].get(v, v) if c in labelled and v is not None else v
                for c, v in zip(demo.columns, row, strict=True)
            ]
        )
    return out


def _append(ws, values: list[Any]) -> None:
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"  # text that looks like a formula stays text, as exported


def xlsx_bytes(book: Codebook, demo: DemoYear) -> bytes:
    """The SurveyXact workbook, byte-identical for identical input."""
    extra = EXTRA_COLUMNS.get(book.year)
    desc = _descriptions(book, extra)
    headers = [desc[c] for c in demo.columns]
    if len(set(headers)) != len(headers):  # pragma: no cover - a codebook with twin texts
        raise StatusmaalingError("two export columns would get the same description")
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet("Labels")
    for row in label_rows(book):
        _append(ws, row)
    ws = wb.create_sheet("Variables")
    _append(ws, ["variableName", "variableDescription"])
    for c in demo.columns:
        _append(ws, [c, desc[c]])
    ws = wb.create_sheet("Dataset")
    _append(ws, demo.columns)
    for row in demo.dataset_rows():
        _append(ws, row)
    ws = wb.create_sheet("Complete")
    _append(ws, headers)
    for row in _complete_rows(book, demo):
        _append(ws, row)
    ws = wb.create_sheet("Structure")
    _append(ws, STRUCTURE_HEADER)
    for row in structure_rows(book, extra):
        _append(ws, row)
    stamp = datetime.combine(demo.setup.export_date, datetime.min.time()).replace(hour=9)
    props = wb.properties
    props.creator = "SurveyXact"
    props.lastModifiedBy = "SurveyXact"
    props.title = f"Dataset {demo.setup.survey_id}"
    props.description = "Syntetiske demodata: ingen rigtige besvarelser"
    props.created = stamp
    props.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # not save_workbook: it stamps "now"
    # re-pack with fixed member timestamps so equal content gives equal bytes
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode("cp1252")


def csv_files(book: Codebook, demo: DemoYear) -> tuple[bytes, bytes]:
    """The older CSV export: Dataset alone and the labels file, both Windows-1252."""
    return _csv_bytes([demo.columns, *demo.dataset_rows()]), _csv_bytes(label_rows(book))


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def read_register(project: Project) -> list[dict[str, str]]:
    """The 98 municipalities (the project's register, else the bundled one), by code."""
    for path in (project.survey / "municipalities.csv", BUNDLED_SURVEY / "municipalities.csv"):
        if path.is_file():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
            rows = [{k: str(v).strip() for k, v in r.items()} for r in frame.to_dict("records")]
            return sorted(rows, key=lambda r: int(r["code"]))
    raise StatusmaalingError(
        "no municipality register (survey/municipalities.csv) to build demo data from"
    )


def _summary(demo: DemoYear, names: list[str], seed: int) -> str:
    counts = demo.status_counts()
    finals = [r for r in demo.rows if r.final]
    answered = [r for r in finals if demo.answered(r)]
    lines = [
        f"## {demo.year}",
        "",
        f"- files: {', '.join(f'`{n}`' for n in names)}",
        f"- collection period: {demo.setup.start:%d-%m-%Y} - {demo.setup.end:%d-%m-%Y}",
        f"- rows: {len(demo.rows)}; by status: "
        + ", ".join(f"{STATUS_LABELS[k]} {v}" for k, v in counts.items()),
        f"- municipalities with an answer after removing duplicates: {len(answered)} "
        f"({sum(r.status == COMPLETE for r in answered)} complete, "
        f"{sum(r.status == PARTIAL for r in answered)} partial, without closeTime)",
    ]
    if len(answered) < len(finals):
        at = [str(demo.rows.index(r) + 2) for r in finals if not demo.answered(r)]
        lines.append(
            f"- partial rows that typed the municipality's name and nothing else: rows "
            f"{', '.join(at)}"
        )
    lines.append("- planted (spreadsheet/file row numbers, header = row 1):")
    lines += [f"  - {n}" for n in demo.notes]
    return "\n".join(lines) + "\n"


def synthetic_md(demos: list[tuple[DemoYear, list[str]]], seed: int) -> str:
    head = f"""{MARKER}

The files in `data/raw/<year>/` listed below are **synthetic demo data**, generated by
`pipeline.demo.write_demo` (seed {seed}). They contain **no real answers** from any
municipality: every answer, name spelling and free text is made up, calibrated only so that the
pipeline roughly reproduces the figures KL published in its 2019 status report. Real SurveyXact
exports are confidential and replace these files (delete the demo export of a year first;
the pipeline expects exactly one export per year).

The demo deliberately contains what real exports contain: duplicate respondents, partial
answers, non-responders, hand-typed municipality names (2017), one value code outside the
codebook per year, an extra column in 2019, non-answers and formula/HTML-looking free text.

"""
    return head + "\n".join(_summary(d, names, seed) for d, names in demos)


def _stale(folder: Path, year: int, keep: list[str]) -> list[Path]:
    """Earlier demo files of this year (another seed), which `force` replaces."""
    sid = SETUPS[year].survey_id
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.name not in keep
        and (p.name.startswith(f"dataset_{sid}_") or p.name == f"labels_{sid}.csv")
    )


def write_demo(
    project: Project, years: list[int] | None = None, *, force: bool = False, seed: int = 2019
) -> list[Path]:
    """Write synthetic SurveyXact exports for `years` (default: 2017-2019) into data/raw/<year>/.

    Refuses to overwrite existing files, or to put demo data beside files already in a year's
    raw folder, unless `force` (which replaces earlier demo files and leaves others alone).
    Returns the paths written, ending with `data/raw/SYNTHETIC.md`.
    """
    years = sorted(set(years)) if years else sorted(SETUPS)
    unknown = [y for y in years if y not in SETUPS]
    if unknown:
        raise StatusmaalingError(
            f"no demo data defined for {unknown} (the demo covers {sorted(SETUPS)})"
        )
    register = read_register(project)
    planned: list[tuple[Path, bytes]] = []
    demos: list[tuple[DemoYear, list[str]]] = []
    problems: list[str] = []
    stale: list[Path] = []
    for year in years:
        book = demo_codebook(project, year)
        demo = build_demo(book, register, seed=seed)
        names = file_names(year, seed)
        folder = project.raw(year)
        if book.export.format == "surveyxact-csv":
            data, labels = csv_files(book, demo)
            planned += [(folder / names[0], data), (folder / names[1], labels)]
        else:
            planned.append((folder / names[0], xlsx_bytes(book, demo)))
        demos.append((demo, names))
        old = _stale(folder, year, names)
        stale += old
        present = (
            sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
            if folder.is_dir()
            else []
        )
        foreign = [p for p in present if p.name not in names and p not in old]
        if foreign:
            problems += [str(p) for p in foreign]
        elif not force:
            problems += [str(p) for p in present]
    marker = project.root / "data" / "raw" / "SYNTHETIC.md"
    if marker.exists() and not force and not marker.read_text("utf-8").startswith(MARKER):
        problems.append(str(marker))
    if problems:
        hint = "" if force else "; pass force=True to replace earlier demo files"
        raise StatusmaalingError(
            "not writing demo data over or beside existing files: " + ", ".join(problems) + hint
        )
    written = [write_bytes(path, data) for path, data in planned]
    for p in stale:
        p.unlink()
    written.append(write_text(marker, synthetic_md(demos, seed)))
    return written


if __name__ == "__main__":  # pragma: no cover - `python -m pipeline.demo [--force]`
    import sys

    from pipeline.project import open_project

    for p in write_demo(open_project("."), force="--force" in sys.argv):
        print(p)
