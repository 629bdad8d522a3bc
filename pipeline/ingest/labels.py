"""Hold the export's own value labels against the codebook's, before any answer is read.

The Dataset sheet holds only codes; the codebook says what each code means. When the two
disagree (SurveyXact renumbered the options of `s_7` so that 1 is "Nej"), every figure
built on the question says the opposite of the answers, and nothing else would notice.
Where the export states its labels (the Labels and Structure sheets of an xlsx, the labels
CSV beside a CSV export, the value labels of a .sav), each code's label is compared with the
codebook's label for that code, after normalising case, whitespace and end punctuation:

- equal: fine;
- the export's label is the codebook's label of a *different* code of the question, or
  nearer to one (`NEAR` or more by `difflib`) than to its own: the codes are shifted, and
  the ingest stops (`CodebookError` naming file, sheet, variable, code and both labels);
- otherwise (a spelling variant, reworded text): a column warning in the ingest report;
- a code the export labels but the codebook lacks: a column warning (its cells are rejected).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher

from pipeline.errors import CodebookError
from pipeline.ingest.readers import LabelSheet, RawExport
from pipeline.issues import Issue
from pipeline.survey.codebook import Codebook, Question

#: labels of a multi-choice option's 0/1 column, as the Labels sheet and the responses state them
CHECKBOX_LABELS = {0: "Ikke valgt", 1: "Valgt"}
#: the export's value -> the codebook's code (None: the codebook has no such value)
Lookup = Callable[[int], "int | None"]
#: similarity (0-1) from which a label counts as a spelling of another code's label
NEAR = 0.8
#: characters of a label repeated in a message (the message must stay one short line)
LABEL_CHARS = 60


def check_value_labels(raw: RawExport, codebook: Codebook) -> list[Issue]:
    """Warnings for labels that differ in spelling; `CodebookError` for shifted codes."""
    issues: list[Issue] = []
    for sheet in raw.label_sheets:
        for q in codebook.questions:
            for var, stated, labels in _expected(q, sheet):
                for value, label in sorted(sheet.labels.get(var, {}).items()):
                    code = stated(value)
                    issue = _compare(sheet, var, value, label, code, labels)
                    if issue is not None:
                        issues.append(issue)
    return issues


def _expected(q: Question, sheet: LabelSheet) -> list[tuple[str, Lookup, dict[int, str]]]:
    """(variable, export value -> code, code -> label) for each labelled column of `q`."""
    if q.type == "single" and q.variable:
        return [(q.variable, q.values.get, q.labels)]
    if q.type == "matrix":
        return [(r.variable, q.values.get, q.labels) for r in q.rows]
    if q.type == "multi" and sheet.names_options:
        # Structure: each option's column carries its option's text; a column holding
        # another option's text is a shifted option
        return [(o.variable, _constant(o.code), q.labels) for o in q.options if o.variable]
    if q.type == "multi":
        return [(o.variable, _same, CHECKBOX_LABELS) for o in q.options if o.variable]
    return []


def _constant(code: int) -> Lookup:
    return lambda _value: code


def _same(value: int) -> int:
    return value


def _compare(
    sheet: LabelSheet,
    var: str,
    value: int,
    label: str,
    code: int | None,
    labels: dict[int, str],
) -> Issue | None:
    where = {"file": sheet.file.name, "sheet": sheet.sheet, "column": var, "value": str(value)}
    said = _norm(label)
    if code is None or code not in labels:
        return Issue(
            kind="column",
            outcome="warning",
            message=f"the export labels code {value} {_cut(label)!r}, a code the codebook does "
            "not have; cells holding it are rejected",
            **where,
        )
    own = labels[code]
    if said == _norm(own):
        return None
    nearest, likeness = max(
        ((c, _likeness(said, _norm(other))) for c, other in labels.items() if c != code),
        key=lambda pair: pair[1],
        default=(None, 0.0),
    )
    if nearest is not None and likeness >= NEAR and likeness > _likeness(said, _norm(own)):
        raise CodebookError(
            f"code {value} is {_cut(label)!r} in the export but {_cut(own)!r} in the codebook "
            f"({_cut(labels[nearest])!r} is its code {nearest}): the codes are shifted; correct "
            "the codebook's options (or their `value`) before ingesting",
            file=sheet.file,
            sheet=sheet.sheet or None,
            column=var,
        )
    return Issue(
        kind="column",
        outcome="warning",
        message=f"code {value} is {_cut(label)!r} in the export but {_cut(own)!r} in the "
        "codebook (read as the codebook's; check the spelling)",
        **where,
    )


def _norm(label: str) -> str:
    return re.sub(r"\s+", " ", str(label)).strip().strip(".:;,!? ").casefold()


def _likeness(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def _cut(label: str) -> str:
    text = re.sub(r"\s+", " ", str(label)).strip()
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
