"""The analysts' sheet of new words: export `output/<year>/nye_ord.xlsx`, import the terms.

`export_new_words` writes the year's new words (`newwords`) as a workbook for people, in
Danish: "Nye ord" has one row per word or phrase with its counts, the questions, a few
examples, a "Kategori" dropdown of the taxonomy's Danish category names (plus "Ingen
kategori – ignorér ordet" for a word that names no technology), "Bemærkning" and "Besluttet
af"; the analyst may also shorten or correct the word itself. "Vejledning" explains it,
"Kategorier" lists the categories with their descriptions, and "Info" holds the year. The
examples are municipalities' own answers: the sheet is internal, and says so.

`import_terms` checks the whole sheet first (Danish one-line errors naming sheet, row and
column) and only then appends the decided rows to `survey/coding/terms.csv` under the
`survey/coding` lock; on any problem nothing is written. A word is refused when the category
is not one of the list, when it is empty, too long or not a word, when it is one of the most
frequent Danish words or a plain Danish word written in a large share of the year's answers
(it would code them all), when the sheet decides it twice, and when it conflicts with the
taxonomy, with what the coder already reads in it, or with an earlier line of terms.csv. A
row decided the same way before adds nothing, so importing a file twice is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.formatting import display_text, strip_control
from pipeline.io import safe_cell, unguard, write_atomic
from pipeline.locks import coding_lock
from pipeline.normalise.classify import get_coder
from pipeline.normalise.coder import Coder
from pipeline.normalise.decisions import _append_lines
from pipeline.normalise.listed import taxonomy_rows
from pipeline.normalise.newwords import NewWord, find_new_words
from pipeline.normalise.review import (
    SheetImportError,
    _load_coded,
    guide_sheet,
    question_wording,
    read_analyst_sheet,
)
from pipeline.normalise.text import fold, stem, tokenize
from pipeline.project import Project
from pipeline.survey import load_survey
from pipeline.survey.taxonomy import Taxonomy
from pipeline.survey.terms import (
    IGNORE,
    TERM_COLUMNS,
    normal_term,
    read_terms,
    term_problem,
    terms_path,
)

WORDS_SHEET, GUIDE_SHEET, CATEGORY_SHEET, INFO_SHEET = "Nye ord", "Vejledning", "Kategorier", "Info"
RANK, TERM, FORMS, ANSWERS, MUNICIPALITIES, FLAGGED = (
    "Nr.",
    "Ord eller udtryk",
    "Skrevet som",
    "Svar",
    "Kommuner",
    "Markeret af koderen (svar)",
)
QUESTION, EXAMPLES, CATEGORY, NOTE, DECIDED_BY = (
    "Spørgsmål",
    "Eksempler",
    "Kategori",
    "Bemærkning",
    "Besluttet af",
)
COLUMNS = [
    RANK,
    TERM,
    FORMS,
    ANSWERS,
    MUNICIPALITIES,
    FLAGGED,
    QUESTION,
    EXAMPLES,
    CATEGORY,
    NOTE,
    DECIDED_BY,
]
EDITABLE = (TERM, CATEGORY, NOTE, DECIDED_BY)
#: The dropdown's choice for a word that names no technology, and what else it may say.
IGNORE_CHOICE = "Ingen kategori – ignorér ordet"
IGNORE_WORDS = frozenset({"ingen kategori", "ignorér", "ignorer", "ignorér ordet", "ingen"})
PRIVATE = (
    "Internt arbejdsark for KL's analytikere: eksemplerne er kommunernes egne svar. "
    "Må ikke offentliggøres eller sendes til kommunerne."
)
#: A plain Danish word written in this share of the year's answers or more would code them
#: all (a word no dictionary knows may be written that often: a new technology).
MAX_SHARE = 0.2
NOTE_CHARS = 2_000
#: Empty rows left open below the list for words the analyst adds.
SPARE_ROWS = 50
MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_SHEET_ROWS = 20_000
_WIDTH = {TERM: 24, FORMS: 20, QUESTION: 40, EXAMPLES: 70, CATEGORY: 30, NOTE: 30}


def new_words_path(project: Project, year: int) -> Path:
    return project.output(year) / "nye_ord.xlsx"


def new_words(project: Project, year: int) -> list[NewWord]:
    """The year's new words from its coded answers (run `normalize` first)."""
    # benefit answers (code lists) name no technology: their words are not new terms
    coded = taxonomy_rows(_load_coded(project, year))
    return find_new_words(coded, get_coder(project.survey))


def export_new_words(project: Project, year: int) -> tuple[Path, list[NewWord]]:
    """Write `output/<year>/nye_ord.xlsx` (see module docstring); return it and the words."""
    survey = load_survey(project)
    codebook = survey.codebook(year)
    labels = survey.taxonomy.labels()
    words = new_words(project, year)
    wb = Workbook()
    ws = wb.active
    ws.title = WORDS_SHEET
    ws.append(COLUMNS)
    for n, w in enumerate(words, start=1):
        questions = [question_wording(codebook, *_split_question(q)) for q in w.questions]
        examples = [f'"{e.excerpt}"' for e in w.examples]
        ws.append(
            [
                n,
                safe_cell(strip_control(w.term)),
                safe_cell(strip_control(", ".join(w.forms))),
                w.answers,
                w.municipalities,
                w.flagged,
                safe_cell(strip_control("\n".join(questions))),
                safe_cell(display_text("\n".join(examples))),
                None,
                None,
                None,
            ]
        )
    _layout(ws, len(words), len(labels))
    guide_sheet(wb, GUIDE)
    _category_sheet(wb, survey.taxonomy)
    covered = len(set().union(*(w.answer_ids for w in words))) if words else 0
    info = wb.create_sheet(INFO_SHEET)
    for row in (
        ["år", year],
        ["eksporteret", date.today().isoformat()],
        ["ord og udtryk", len(words)],
        ["svar med nye ord", covered],
        ["fortroligt", PRIVATE],
    ):
        info.append(row)
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 90
    wb.properties.title = f"Nye ord {year} (internt)"
    target = new_words_path(project, year)
    write_atomic(target, wb.save)
    return target, words


def _split_question(key: str) -> tuple[str, str]:
    question_id, _, item = key.partition(".")
    return question_id, item


def _layout(ws: Any, n: int, n_categories: int) -> None:
    """Bold frozen header, widths, the category dropdown, only the analyst's columns open."""
    last = n + 1 + SPARE_ROWS
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n + 1}"
    for i, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTH.get(name, 11)
    category = get_column_letter(COLUMNS.index(CATEGORY) + 1)
    choice = DataValidation(
        type="list",
        formula1=f"='{CATEGORY_SHEET}'!$A$2:$A${n_categories + 2}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ugyldig kategori",
        error="Vælg en kategori fra listen, eller lad feltet stå tomt.",
    )
    ws.add_data_validation(choice)
    choice.add(f"{category}2:{category}{last}")
    editable = {COLUMNS.index(c) + 1 for c in EDITABLE}
    for row in ws.iter_rows(min_row=2, max_row=last, max_col=len(COLUMNS)):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in editable:
                cell.protection = Protection(locked=False)
    ws.protection.sheet = True
    for option in ("formatColumns", "formatRows", "autoFilter", "sort"):
        setattr(ws.protection, option, False)


GUIDE = [
    ("Nye ord: sådan tager du stilling", ""),
    ("Fortroligt", PRIVATE),
    (
        "Hvad er det?",
        "Arket Nye ord viser de ord og udtryk i årets fritekstsvar, som koderen ikke kender: "
        "ord den markerede som ukendte, og ord der går igen i svar, hvor den ikke fandt nogen "
        "kategori. Rækkerne er sorteret efter, hvor mange kommuner og svar der bruger ordet.",
    ),
    (
        "Tallene",
        "Kommuner og Svar tæller de svar, hvor ordet står, og som koderen ikke kunne kode "
        "med det; Markeret af koderen (svar) er dem, den sendte til gennemgang for ordets "
        "skyld. Eksempler viser op til tre korte uddrag fra forskellige kommuner.",
    ),
    (
        "Kategori",
        "Vælg den kategori, ordet nævner (kodemanualen). Så koder koderen fremover ordet til "
        f'den kategori, i alle år. Vælg "{IGNORE_CHOICE}", hvis ordet ikke nævner en '
        "teknologi: så markeres det ikke længere som ukendt. Lad feltet stå tomt, hvis du "
        "ikke vil tage stilling nu.",
    ),
    (
        "Ord eller udtryk",
        "Du må rette ordet, fx til grundformen eller et mere præcist udtryk "
        '("elektrisk vending" i stedet for "vending"). Et meget almindeligt dansk ord '
        "afvises, fordi det ville kode mange svar. Du kan også skrive nye ord i de tomme "
        "rækker under listen.",
    ),
    ("Besluttet af", "Skriv dine initialer i hver række, du har valgt en kategori i."),
    ("Bemærkning", "Valgfri begrundelse; den gemmes sammen med ordet."),
    (
        "Import",
        "statusmaaling review import-terms FIL --reviewer XX. Ordene gemmes i "
        "survey/coding/terms.csv; kør derefter statusmaaling run, så årets svar kodes igen. "
        "Er der en fejl i arket, importeres intet, og fejlen nævner række og kolonne.",
    ),
]


def _category_sheet(wb: Workbook, taxonomy: Taxonomy) -> None:
    sheet = wb.create_sheet(CATEGORY_SHEET)
    sheet.append(["Kategori", "Beskrivelse"])
    for c in taxonomy.categories:
        sheet.append([safe_cell(c.label), safe_cell(c.description)])
    sheet.append([IGNORE_CHOICE, "Ordet nævner ingen teknologi; det markeres ikke som ukendt."])
    sheet["A1"].font = sheet["B1"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")


class TermSheetError(SheetImportError):
    """A sheet of new words cannot be imported; located in Danish (ark, række, kolonne)."""


def _error(file: Path, message: str, row: int | None = None, column: str | None = None):
    return TermSheetError(message, file=file, sheet=WORDS_SHEET, row=row, column=column)


@dataclass(frozen=True)
class Decided:
    """One decided row of the sheet: a term and its category slug (or `IGNORE`)."""

    row: int
    term: str
    category: str
    decided_by: str
    note: str


@dataclass(frozen=True)
class TermImportResult:
    added: int
    ignored: int
    #: rows decided the same way before (already in terms.csv)
    unchanged: int


def _read_sheet(file: Path) -> tuple[int, list[tuple[Any, ...]]]:
    """(year from Info, rows of "Nye ord" with the header first); bounded like the review."""
    year, rows = read_analyst_sheet(
        file,
        WORDS_SHEET,
        width=len(COLUMNS) + 5,
        max_bytes=MAX_SHEET_BYTES,
        max_rows=MAX_SHEET_ROWS,
        what="et ark med nye ord",
        hint=" (eksportér den med `statusmaaling review new-words`)",
        error=TermSheetError,
    )
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    while header and not header[-1]:
        header.pop()
    for name in COLUMNS:
        if header.count(name) != 1:
            problem = "mangler" if name not in header else "står der to gange"
            raise _error(file, f"kolonnen {name!r} {problem}", 1, name)
    extra = next((h for h in header if h not in COLUMNS), None)
    if extra is not None:
        raise _error(file, f"ukendt kolonne {extra!r}", 1, extra)
    return year, rows


def _text(value: Any) -> str:
    return "" if value is None else unguard(str(value)).strip()


def _parse(
    file: Path, rows: list[tuple[Any, ...]], choices: dict[str, str], reviewer: str | None
) -> list[Decided]:
    """The rows with a category, checked in form: category, word, initials, note, repeats."""
    header = ["" if v is None else str(v).strip() for v in rows[0]]
    col = {name: header.index(name) for name in COLUMNS}
    out: list[Decided] = []
    seen: dict[str, Decided] = {}
    for n, values in enumerate(rows[1:], start=2):
        cell = {name: (values[i] if i < len(values) else None) for name, i in col.items()}
        chosen = _text(cell[CATEGORY])
        if not chosen:
            continue
        slug = choices.get(chosen.casefold())
        if slug is None:
            raise _error(
                file,
                f"ukendt kategori {chosen!r}: vælg en fra listen (arket {CATEGORY_SHEET!r})",
                n,
                CATEGORY,
            )
        term = " ".join(_text(cell[TERM]).split())
        if (problem := term_problem(term)) is not None:
            raise _error(file, f"{term!r}: {problem}" if term else problem, n, TERM)
        note = _text(cell[NOTE])
        if len(note) > NOTE_CHARS:
            raise _error(file, f"bemærkningen er længere end {NOTE_CHARS} tegn", n, NOTE)
        who = _text(cell[DECIDED_BY]) or (reviewer or "").strip()
        if not who:
            raise _error(
                file, "skriv dine initialer (eller giv importen --reviewer)", n, DECIDED_BY
            )
        decided = Decided(n, term, slug, who, note)
        key = normal_term(term)
        if (earlier := seen.get(key)) is not None:
            same = "også" if earlier.category == slug else "med en anden kategori"
            raise _error(file, f"{term!r} står {same} i række {earlier.row}", n, TERM)
        seen[key] = decided
        out.append(decided)
    return out


def _stems(text: str) -> tuple[str, ...]:
    return tuple(fold(stem(w)) for w in tokenize(text).words)


def _answer_share(term: str, answers: list[tuple[str, ...]]) -> float:
    """Share of the answers (as word stems) in which the term's words stand together."""
    key = _stems(term)
    if not answers or not key:
        return 0.0
    k = len(key)
    hits = sum(any(a[i : i + k] == key for i in range(len(a) - k + 1)) for a in answers)
    return hits / len(answers)


def _owners(taxonomy: Taxonomy) -> dict[str, str]:
    """Each term of the taxonomy (terms.csv's included) -> its category; each word marked
    as naming no technology -> `IGNORE`."""
    owner = {normal_term(w): IGNORE for w in taxonomy.known_words}
    owner.update((normal_term(t.lstrip("=")), c.slug) for c in taxonomy.categories for t in c.terms)
    return owner


def _check_meaning(
    file: Path,
    d: Decided,
    owner: dict[str, str],
    coder: Coder,
    labels: dict[str, str],
    answers: list[tuple[str, ...]],
) -> None:
    """A term must add something the coder does not already read, and not code everything."""
    key = normal_term(d.term)
    name = labels.get(d.category, "ingen kategori")
    if owner.get(key) == IGNORE:
        raise _error(file, f"{d.term!r} er allerede markeret som ingen teknologi", d.row, TERM)
    if key in owner and d.category == IGNORE:
        raise _error(
            file,
            f"{d.term!r} er et ord for {labels[owner[key]]!r} i taksonomien og kan ikke "
            "ignoreres (ret taksonomien, hvis ordet ikke nævner teknologien)",
            d.row,
            CATEGORY,
        )
    if key in owner:
        raise _error(
            file,
            f"{d.term!r} er allerede et ord for {labels[owner[key]]!r} i taksonomien",
            d.row,
            TERM,
        )
    read = set(coder.code(d.term).categories)
    if d.category == IGNORE and read:
        found = ", ".join(labels[s] for s in sorted(read))
        raise _error(
            file,
            f"koderen læser {d.term!r} som {found!r}; et ord, der nævner en teknologi, kan "
            "ikke ignoreres (ret taksonomien, hvis koderen tager fejl)",
            d.row,
            CATEGORY,
        )
    if d.category != IGNORE and read:
        found = ", ".join(labels[s] for s in sorted(read))
        message = (
            f"koderen finder allerede {name!r} i {d.term!r}: ordet er ikke nyt"
            if read == {d.category}
            else f"koderen læser i forvejen {found!r} i {d.term!r}; skriv et mere præcist "
            "udtryk, eller ret taksonomien, hvis koderen tager fejl"
        )
        raise _error(file, message, d.row, TERM)
    if d.category == IGNORE:
        return
    words = [coder.lexicon.vocabulary.restore(w) for w in tokenize(d.term).words]
    if all(coder.lexicon.is_common(w) for w in words):
        raise _error(
            file,
            f"{d.term!r} er et af de mest almindelige danske ord og ville kode mange svar, der "
            "ikke nævner teknologien; skriv et mere præcist udtryk",
            d.row,
            TERM,
        )
    # a new technology may well be written by many municipalities; a plain Danish word
    # written in a large share of the answers is no name of one
    share = _answer_share(d.term, answers)
    if all(coder.lexicon.is_plain(w) for w in words) and share >= MAX_SHARE:
        raise _error(
            file,
            f"{d.term!r} er et almindeligt dansk ord og står i {round(100 * share)} % af årets "
            "svar: det ville kode dem alle; skriv et mere præcist udtryk",
            d.row,
            TERM,
        )


def import_terms(
    project: Project, file: str | Path, reviewer: str | None = None
) -> TermImportResult:
    """Check a filled-in sheet and append its decided rows to terms.csv (module docstring)."""
    file = Path(file)
    survey = load_survey(project)
    taxonomy = survey.taxonomy
    labels = taxonomy.labels()
    choices = {label.casefold(): slug for slug, label in labels.items()}
    choices.update(dict.fromkeys((w.casefold() for w in (IGNORE_CHOICE, *IGNORE_WORDS)), IGNORE))
    year, rows = _read_sheet(file)
    decided = _parse(file, rows, choices, reviewer)
    if not decided:
        raise _error(file, "ingen række har en kategori: vælg en kategori i kolonnen Kategori")
    coded = taxonomy_rows(_load_coded(project, year))
    answers = [_stems(t) for t in coded["text"].astype(str)]
    coder = get_coder(project.survey)
    owner = _owners(taxonomy)
    path = terms_path(project.survey)
    today = date.today().isoformat()
    with coding_lock(project.survey):  # read and append as one step, like decisions
        earlier = {normal_term(e.term): e for e in read_terms(path)}
        new: list[Decided] = []
        unchanged = 0
        for d in decided:
            before = earlier.get(normal_term(d.term))
            if before is not None:
                if before.category == d.category:
                    unchanged += 1
                    continue
                raise _error(
                    file,
                    f"{d.term!r} står allerede i terms.csv (linje {before.row}) som "
                    f"{labels.get(before.category, before.category)!r}",
                    d.row,
                    CATEGORY,
                )
            _check_meaning(file, d, owner, coder, labels, answers)
            new.append(d)
        if new:
            lines = [
                [
                    safe_cell(d.term),
                    d.category,
                    safe_cell(d.decided_by),
                    today,
                    str(year),
                    safe_cell(d.note),
                ]
                for d in new
            ]
            _append_lines(path, lines, TERM_COLUMNS)
    ignored = sum(d.category == IGNORE for d in new)
    return TermImportResult(len(new) - ignored, ignored, unchanged)
