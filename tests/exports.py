"""Build small SurveyXact-like exports from a codebook, for reader and ingest tests.

Rows are given as {variable: value}; everything not given is empty, as in a real export.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from pipeline.survey.codebook import Codebook


def columns(book: Codebook, extra: tuple[str, ...] = ()) -> list[str]:
    return [
        *book.background_columns(),
        *book.all_variables(),
        *book.status_columns(),
        book.export.close_time,
        *extra,
    ]


def status(book: Codebook, code: int) -> dict[str, int]:
    return {c: int(i == code) for i, c in enumerate(book.status_columns(), start=1)}


def complete(book: Codebook, when: str = "05-09-2019 10:00", **answers) -> dict:
    return {**status(book, 4), book.export.close_time: when, **answers}


def partial(book: Codebook, **answers) -> dict:
    return {**status(book, 3), **answers}


def _value(option) -> int:
    """The code the export uses for an option (its `value` where SurveyXact renumbered it)."""
    return option.code if option.value is None else option.value


def label_rows(book: Codebook, relabel: dict | None = None) -> list[list]:
    """The Labels sheet (variable, export value, label); `relabel` {(var, value): label}."""
    rows: list[list] = []
    for q in book.questions:
        if q.type == "multi":
            for o in q.options:
                rows += [[o.variable, 0, "Ikke valgt"], [o.variable, 1, "Valgt"]]
        elif q.type == "single":
            rows += [[q.variable, _value(o), o.label] for o in q.options]
        elif q.type == "matrix":
            rows += [[r.variable, _value(o), o.label] for r in q.rows for o in q.options]
    return [[v, c, (relabel or {}).get((v, c), label)] for v, c, label in rows]


def structure_rows(book: Codebook, relabel: dict | None = None) -> list[list]:
    """The Structure sheet's rows: a multi-choice column carries its option's text."""
    rows: list[list] = []
    for q in book.questions:
        if q.type == "multi":
            rows += [[q.id, o.variable, "multi", "checkbox", q.text, 1, o.label] for o in q.options]
        elif q.type == "single":
            rows += [
                [q.id, q.variable, "single", "radio", q.text, _value(o), o.label] for o in q.options
            ]
        elif q.type == "matrix":
            rows += [
                [q.id, r.variable, "matrix", "row", f"{q.text} - {r.label}", _value(o), o.label]
                for r in q.rows
                for o in q.options
            ]
    return [[*r[:6], (relabel or {}).get((r[1], r[5]), r[6])] for r in rows]


def write_xlsx(
    path: Path,
    book: Codebook,
    records: list[dict],
    *,
    sheets=None,
    extra=(),
    relabel: dict | None = None,
    relabel_in=("Labels", "Structure"),
) -> Path:
    """`relabel` {(variable, export value): label} changes those labels in `relabel_in`."""
    cols = columns(book, extra)
    wb = Workbook()
    wb.remove(wb.active)
    for name in sheets or ["Labels", "Variables", "Dataset", "Complete", "Structure"]:
        ws = wb.create_sheet(name)
        if name == "Labels":
            for row in label_rows(book, relabel if name in relabel_in else None):
                ws.append(row)
        elif name == "Variables":
            ws.append(["variableName", "variableDescription"])
            for c in cols:
                ws.append([c, c])
        elif name in ("Dataset", "Complete"):
            ws.append(cols)
            for rec in records:
                ws.append([rec.get(c) for c in cols])
        else:
            ws.append(
                [
                    "questionName",
                    "variableName",
                    "questionType",
                    "subType",
                    "questionText",
                    "choiceValue",
                    "choiceText",
                ]
            )
            for row in structure_rows(book, relabel if name in relabel_in else None):
                ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def csv_text(book: Codebook, records: list[dict], extra=()) -> str:
    cols = columns(book, extra)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(cols)
    for rec in records:
        w.writerow(["" if rec.get(c) is None else rec.get(c) for c in cols])
    return buf.getvalue()


def write_csv(
    path: Path, book: Codebook, records: list[dict], *, encoding="cp1252", relabel=None
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_text(book, records).encode(encoding))
    labels = io.StringIO()
    csv.writer(labels, delimiter=";", lineterminator="\r\n").writerows(label_rows(book, relabel))
    (path.parent / "labels_1234.csv").write_bytes(labels.getvalue().encode(encoding))
    return path


def write_sav(path: Path, book: Codebook, records: list[dict]) -> Path:
    import pandas as pd
    import pyreadstat

    cols = columns(book)
    frame = pd.DataFrame([[rec.get(c) for c in cols] for rec in records], columns=cols)
    for c in cols:
        if all(v is None or isinstance(v, (int, float)) for v in frame[c]):
            frame[c] = pd.to_numeric(frame[c])
        else:
            frame[c] = frame[c].fillna("").astype(str)
    path.parent.mkdir(parents=True, exist_ok=True)
    pyreadstat.write_sav(frame, str(path))
    return path
