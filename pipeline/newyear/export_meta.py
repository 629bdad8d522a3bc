"""What an export says about its own questionnaire: questions, variables, options, wording.

A SurveyXact workbook describes itself: the Structure sheet lists every variable with its
question, type, wording and choices, and the Labels sheet the value labels. A CSV export has
only its header and the labels file, so its questions carry no wording and multi-choice
options no text; matching then rests on types and value labels alone (and says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputFileError
from pipeline.ingest.readers import RawExport, read_export

#: questionType values of the Structure sheet that are questions (others: background, ...).
QUESTION_TYPES = ("single", "multi", "matrix", "text")
_STATUS = re.compile(r"^(stato|statoverall)_[1-5]$")
_QUESTION_NAME = re.compile(r"^(s_\d+)")
#: a matrix row's or text row's wording is "question - row"
ROW_SEPARATOR = " - "


@dataclass
class Choice:
    """One answer option as the export has it."""

    value: int | None  # single/matrix: the value code; multi: None (one 0/1 column each)
    label: str
    variable: str | None = None  # multi: the option's 0/1 column
    other: str | None = None  # its "Andet, angiv" text box


@dataclass
class RowVar:
    """One row of a matrix or a text question with several boxes."""

    variable: str
    label: str
    other: str | None = None


@dataclass
class ExportQuestion:
    name: str  # SurveyXact's question name, e.g. "s_8"
    type: str  # single | multi | matrix | text
    text: str  # the wording ("" when the export does not carry it: CSV)
    variable: str | None = None  # single, and text without rows
    choices: list[Choice] = field(default_factory=list)
    rows: list[RowVar] = field(default_factory=list)

    def variables(self) -> list[str]:
        out = [self.variable] if self.variable else []
        for c in self.choices:
            out += [v for v in (c.variable, c.other) if v]
        for r in self.rows:
            out += [v for v in (r.variable, r.other) if v]
        return out


@dataclass
class ExportMeta:
    path: Path
    format: str  # surveyxact-xlsx | surveyxact-csv | spss
    columns: list[str]
    questions: list[ExportQuestion]
    #: background and other columns that are no question, with their description
    background: dict[str, str]
    status_prefix: str | None
    close_time: str | None
    has_wording: bool


def _split_row(text: str) -> tuple[str, str]:
    """ "Hvad er status ... - Hjemmeplejen" -> (question, row)."""
    if ROW_SEPARATOR in text:
        head, _, tail = text.rpartition(ROW_SEPARATOR)
        return head.strip(), tail.strip()
    return text.strip(), ""


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _int(value: object) -> int | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _structure_rows(path: Path) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged parts
        raise InputFileError(f"the xlsx cannot be read ({type(exc).__name__})", file=path) from None
    try:
        if "Structure" not in book.sheetnames:
            raise InputFileError(
                "the workbook has no Structure sheet; new-year needs SurveyXact's full export "
                "(Labels, Variables, Dataset, Complete, Structure)",
                file=path,
            )
        rows = list(book["Structure"].iter_rows(values_only=True))
    finally:
        book.close()
    if not rows or [(_text(c)).lower() for c in rows[0][:7]] != [
        "questionname",
        "variablename",
        "questiontype",
        "subtype",
        "questiontext",
        "choicevalue",
        "choicetext",
    ]:
        raise InputFileError(
            "the Structure sheet's header is not questionName | variableName | questionType | "
            "subType | questionText | choiceValue | choiceText",
            file=path,
            sheet="Structure",
            row=1,
        )
    return [tuple(r[:7]) + (None,) * (7 - len(r[:7])) for r in rows[1:] if any(r)]


def _from_structure(rows: list[tuple]) -> tuple[list[ExportQuestion], dict[str, str]]:
    questions: dict[str, ExportQuestion] = {}
    background: dict[str, str] = {}
    for qname, var, qtype, subtype, text, value, choice in rows:
        qname, var, qtype, subtype = _text(qname), _text(var), _text(qtype), _text(subtype)
        text, choice = _text(text), _text(choice)
        if qtype not in QUESTION_TYPES:
            background[var] = text
            continue
        q = questions.get(qname)
        if q is None:
            head = _split_row(text)[0] if qtype == "matrix" else text
            q = questions[qname] = ExportQuestion(qname, qtype, head)
        if qtype == "single":
            if subtype == "other":  # the "Andet, angiv" box of one option
                target = next((c for c in q.choices if c.label == choice), None)
                if target is None and q.choices:
                    target = q.choices[-1]
                if target is not None:
                    target.other = var
                continue
            q.variable = var
            q.choices.append(Choice(_int(value), choice))
        elif qtype == "multi":
            if subtype == "other":
                target = next((c for c in q.choices if c.label == choice), None)
                if target is None and q.choices:
                    target = q.choices[-1]
                if target is not None:
                    target.other = var
            else:
                q.choices.append(Choice(None, choice, variable=var))
        elif qtype == "matrix":
            head, row_label = _split_row(text)
            q.text = head
            if subtype == "other":
                target = next((r for r in q.rows if r.label == row_label), None)
                if target is not None:
                    target.other = var
                continue
            if not any(r.variable == var for r in q.rows):
                q.rows.append(RowVar(var, row_label))
            if value is not None and not any(c.value == _int(value) for c in q.choices):
                q.choices.append(Choice(_int(value), choice))
        else:  # text: one box, or one per row ("question - row")
            if q.variable is None and not q.rows:
                q.variable, q.text = var, text
            else:
                if q.variable is not None:  # the first box was a row too
                    head, first = _split_row(q.text)
                    q.rows.append(RowVar(q.variable, first))
                    q.variable, q.text = None, head
                q.rows.append(RowVar(var, _split_row(text)[1]))
    return list(questions.values()), background


def _from_labels(raw: RawExport) -> tuple[list[ExportQuestion], dict[str, str]]:
    """Questions from a CSV's header and labels: no wording, multi options without text."""
    groups: dict[str, list[str]] = {}
    background: dict[str, str] = {}
    for col in raw.frame.columns:
        col = str(col)
        m = _QUESTION_NAME.match(col)
        if m is None or _STATUS.match(col):
            background[col] = ""
            continue
        groups.setdefault(m.group(1), []).append(col)
    questions = []
    for name, cols in groups.items():
        boxes = [c for c in cols if not c.endswith("_other")]
        labelled = [c for c in boxes if raw.labels.get(c)]
        if labelled and all(set(raw.labels[c]) <= {0, 1} for c in labelled) and len(boxes) > 1:
            q = ExportQuestion(name, "multi", "")
            for c in boxes:
                other = next(
                    (o for o in cols if o.startswith(c + "_") and o.endswith("other")), None
                )
                q.choices.append(Choice(None, "", variable=c, other=other))
        elif len(labelled) == 1 and len(boxes) == 1:
            q = ExportQuestion(name, "single", "", variable=boxes[0])
            q.choices = [Choice(v, lbl) for v, lbl in sorted(raw.labels[boxes[0]].items())]
        elif labelled:
            q = ExportQuestion(name, "matrix", "")
            q.rows = [RowVar(c, "") for c in labelled]
            q.choices = [Choice(v, lbl) for v, lbl in sorted(raw.labels[labelled[0]].items())]
        elif len(boxes) == 1:
            q = ExportQuestion(name, "text", "", variable=boxes[0])
        else:
            q = ExportQuestion(name, "text", "", rows=[RowVar(c, "") for c in boxes])
        questions.append(q)
    return questions, background


def read_export_meta(path: Path) -> ExportMeta:
    """Read what the export at `path` says about its questionnaire."""
    raw = read_export(path)  # the same bounded, hardened reader as ingest
    columns = [str(c) for c in raw.frame.columns]
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        questions, background = _from_structure(_structure_rows(path))
        fmt, wording = "surveyxact-xlsx", True
    else:
        questions, background = _from_labels(raw)
        fmt = "spss" if path.suffix.lower() == ".sav" else "surveyxact-csv"
        wording = False
    status = sorted({m.group(1) for c in columns if (m := _STATUS.match(c))})
    close = next((c for c in columns if c.lower() == "closetime"), None)
    for col in columns:  # columns the Structure sheet does not list
        if not any(col in q.variables() for q in questions):
            background.setdefault(col, "")
    background = {k: v for k, v in background.items() if not _STATUS.match(k) and k != close and k}
    return ExportMeta(
        path=path,
        format=fmt,
        columns=columns,
        questions=questions,
        background=background,
        status_prefix=status[0] if status else None,
        close_time=close,
        has_wording=wording,
    )
