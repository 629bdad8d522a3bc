"""The ingest stage: raw export + codebook -> tidy responses, with every row accounted for.

Rules (issue #2): the municipality is found by code, else by name or alias (fuzzy, never a
silent guess); of duplicate respondents a complete answer beats a partial one, then the later
closeTime wins; partial respondents count for the questions they answered; a value code not in
the codebook is rejected for that cell only; value labels the export states that contradict the
codebook's stop the run (`pipeline.ingest.labels`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipeline import io
from pipeline.errors import CodebookError, InputFileError
from pipeline.ingest import limits
from pipeline.ingest.labels import check_value_labels
from pipeline.ingest.readers import RawExport, find_export, read_export
from pipeline.issues import Issue, issues_frame
from pipeline.municipalities import Register, match_municipality
from pipeline.project import Project
from pipeline.survey import load_survey
from pipeline.survey.codebook import Codebook, Question

STATUS_LABELS = {1: "Ny", 2: "Distribueret", 3: "Nogen svar", 4: "Gennemført", 5: "Frafaldet"}
RESPONSE_COLUMNS = [
    "year",
    "municipality_code",
    "municipality_name",
    "respondent_id",
    "question_id",
    "item",
    "item_label",
    "value_code",
    "value_label",
    "text",
]
#: share of the codebook's question variables that must be in the export for it to "fit"
MIN_FIT = 0.5
#: Cell and column issues handed back for printing (all of them go to ingest_report.csv):
#: a 200,000-row export printed 51 MB of them.
SHOWN_ISSUES = 100
#: Characters of a cell value repeated in an issue (the report names the cell anyway).
ISSUE_VALUE_CHARS = 200


@dataclass
class IngestResult:
    year: int
    source: Path
    rows_read: int
    accepted: int
    rejected: int
    responses: pd.DataFrame
    respondents: pd.DataFrame
    issues: list[Issue]  # for display: at most SHOWN_ISSUES per kind, then a summary line
    meta: dict = field(default_factory=dict)
    #: every issue, as written to ingest_report.csv
    all_issues: list[Issue] = field(default_factory=list)

    @property
    def cell_rejections(self) -> int:
        return sum(1 for i in self.all_issues if i.kind == "cell" and i.outcome == "rejected")

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.outcome == "warning"]


def ingest_year(project: Project, year: int) -> IngestResult:
    """Read the year's export and write responses, respondents, report and metadata."""
    codebook = load_survey(project).codebook(year)
    register = load_survey(project).register
    raw = read_export(find_export(project.raw(year)))
    result = ingest_export(raw, codebook, register)
    out = project.processed(year)
    io.remove_stale_temp(out)  # left by a killed run
    io.write_parquet(result.responses, out / "responses.parquet")
    io.write_parquet(result.respondents, out / "respondents.parquet")
    io.write_csv(issues_frame(result.all_issues), out / "ingest_report.csv")
    # which file was read goes apart from what it says: a re-delivered export with the same
    # answers must not make the report, the workbook and 98 extracts look changed
    source = {k: v for k, v in result.meta.items() if k.startswith("source_")}
    meta = {k: v for k, v in result.meta.items() if not k.startswith("source_")}
    io.write_text(out / "ingest_meta.json", json.dumps(meta, ensure_ascii=False, indent=2))
    io.write_text(out / "ingest_source.json", json.dumps(source, ensure_ascii=False, indent=2))
    return result


def ingest_export(raw: RawExport, codebook: Codebook, register: Register) -> IngestResult:
    """Pure part of the stage: no files written, so tests can call it on any RawExport."""
    issues = check_columns(raw, codebook)
    issues += check_value_labels(raw, codebook)  # stops the run when the codes are shifted
    frame = raw.frame
    where = {"file": raw.path.name, "sheet": raw.sheet}
    issues += [
        Issue(
            kind="cell",
            outcome="rejected",
            message=reason,
            row=number,
            column=column,
            value=_short(value),
            **where,
        )
        for number, column, value, reason in raw.bad_cells
    ]

    # 1. each row: status, whether it has answers, which municipality
    names = {m.code: m.name for m in register}
    records = frame.to_dict("records")
    rows = []
    for idx, record in enumerate(records):
        rownum = raw.row_number(idx)
        status = _status(record, codebook)
        raw_close = record.get(codebook.export.close_time)
        close = _close_time(raw_close)
        if raw_close is not None and close is None:
            issues.append(
                Issue(
                    kind="cell",
                    outcome="warning",
                    message="closeTime is not a date (expected dd-mm-yyyy hh:mm or ISO "
                    "yyyy-mm-ddThh:mm); treated as missing",
                    row=rownum,
                    column=codebook.export.close_time,
                    value=_short(raw_close),
                    **where,
                )
            )
        answered = _answered_questions(record, codebook)
        row = {
            "row": rownum,
            "index": idx,
            "status": status,
            "status_label": STATUS_LABELS.get(status, "ukendt"),
            "complete": status == 4,
            "close_time": close,
            "answered_questions": len(answered),
            "municipality_code": None,
            "match_method": None,
            "outcome": "accepted",
            "reason": "",
            "typed_name": "",
        }
        if not answered:
            row["outcome"], row["reason"] = "rejected", f"no answers (status {row['status_label']})"
        code, method, reason, typed, passed_over = _identify(record, codebook, register)
        for var, value, why in passed_over if code is not None else []:
            issues.append(
                Issue(
                    kind="cell",
                    outcome="warning",
                    message=f"{why}; the municipality was found by {method} in another column "
                    f"({code} {names.get(code, '')}): check this cell",
                    row=rownum,
                    column=var,
                    value=_short(value),
                    municipality_code=code,
                    **where,
                )
            )
        if code is not None and (other := _name_disagrees(record, codebook, register, code)):
            issues.append(
                Issue(
                    kind="cell",
                    outcome="warning",
                    message=f"the name points to another municipality ({other}) than the code "
                    f"({code}); the code is used",
                    row=rownum,
                    column=codebook.municipality.name or "",
                    value=_short(record.get(codebook.municipality.name)),
                    municipality_code=code,
                    **where,
                )
            )
        row["municipality_code"], row["match_method"], row["typed_name"] = code, method, typed
        if row["outcome"] == "accepted" and code is None:
            row["outcome"], row["reason"] = "rejected", reason
        rows.append(row)

    rows += [_unreadable_row(number, reason) for number, reason in raw.bad_rows]
    respondents = pd.DataFrame(rows)
    _resolve_duplicates(respondents)

    # 2. the answers of accepted respondents, cell by cell
    out: list[dict] = []
    for row in respondents[respondents["outcome"] == "accepted"].itertuples():
        record = records[row.index]
        for q in codebook.questions:
            out.extend(
                _answers(q, record, codebook.year, row.municipality_code, row.row, issues, where)
            )
    responses = pd.DataFrame(out, columns=RESPONSE_COLUMNS)
    responses["municipality_name"] = responses["municipality_code"].map(names)
    responses["value_code"] = responses["value_code"].astype("Int64")
    responses["year"] = responses["year"].astype("int64")

    for r in respondents.itertuples():
        issues.append(
            Issue(
                kind="row",
                outcome=r.outcome,
                message=r.reason
                or f"accepted ({r.status_label}, {r.answered_questions} questions)",
                row=r.row,
                value=r.typed_name or "",
                municipality_code=r.municipality_code or "",
                **where,
            )
        )
    issues.sort(key=lambda i: (i.row if i.row is not None else -1, i.kind != "row"))
    respondents = respondents.sort_values("row", kind="stable", ignore_index=True)

    respondents.insert(0, "year", codebook.year)
    respondents["municipality_name"] = respondents["municipality_code"].map(names)
    respondents = respondents.drop(columns=["index"])
    accepted = int((respondents["outcome"] == "accepted").sum())
    meta = _meta(raw, codebook, respondents, accepted)
    return IngestResult(
        year=codebook.year,
        source=raw.path,
        rows_read=len(respondents),
        accepted=accepted,
        rejected=len(respondents) - accepted,
        responses=responses,
        respondents=respondents,
        issues=shown_issues(issues),
        meta=meta,
        all_issues=issues,
    )


def shown_issues(issues: list[Issue], limit: int | None = None) -> list[Issue]:
    """The issues to print: row outcomes, and the first `limit` cell and column issues of
    each kind followed by one line saying how many more are in ingest_report.csv."""
    limit = SHOWN_ISSUES if limit is None else limit
    out: list[Issue] = []
    counts: dict[str, int] = {}
    for i in issues:
        counts[i.kind] = counts.get(i.kind, 0) + 1
        if i.kind == "row" or counts[i.kind] <= limit:
            out.append(i)
    for kind, n in counts.items():
        if kind != "row" and n > limit:
            out.append(
                Issue(
                    kind=kind,
                    outcome="warning",
                    message=f"... and {n - limit:,} more {kind} issues: see ingest_report.csv",
                )
            )
    return out


def _unreadable_row(number: int, reason: str) -> dict:
    """A row the reader could not take apart (wrong field count): rejected, with the reason."""
    return {
        "row": number,
        "index": -1,
        "status": None,
        "status_label": "ukendt",
        "complete": False,
        "close_time": None,
        "answered_questions": 0,
        "municipality_code": None,
        "match_method": None,
        "outcome": "rejected",
        "reason": reason,
        "typed_name": "",
    }


def _short(value: object) -> str:
    """A cell value for an issue: long text cut (a 10 MB answer must not fill the report)."""
    text = str(value)
    if len(text) <= ISSUE_VALUE_CHARS:
        return text
    return f"{text[:ISSUE_VALUE_CHARS]}... ({len(text):,} characters)"


def check_columns(raw: RawExport, codebook: Codebook) -> list[Issue]:
    """Report codebook variables the export lacks and export columns the codebook lacks.

    An export that holds too few of the codebook's variables is the wrong year's codebook (or
    the wrong file): that stops the run instead of silently producing empty figures.
    """
    columns = list(raw.frame.columns)
    present = set(columns)
    where = {"file": raw.path.name, "sheet": raw.sheet}
    question_vars = codebook.all_variables()
    found = [v for v in question_vars if v in present]
    if len(found) < MIN_FIT * len(question_vars):
        _refuse_header_below(raw, question_vars)
        missing = [v for v in question_vars if v not in present]
        raise CodebookError(
            f"the {codebook.year} codebook does not fit this export: {len(missing)} of "
            f"{len(question_vars)} question variables are missing (e.g. {', '.join(missing[:5])}); "
            "is this the right year's export?",
            file=raw.path,
            sheet=raw.sheet or None,
        )
    expected = set(codebook.expected_columns())
    unknown = [c for c in columns if c not in expected]
    if len(unknown) > MIN_FIT * len(columns):
        raise CodebookError(
            f"the {codebook.year} codebook does not fit this export: {len(unknown)} of "
            f"{len(columns)} export columns are not in it (e.g. {', '.join(unknown[:5])}); "
            "is this the right year's export?",
            file=raw.path,
            sheet=raw.sheet or None,
        )
    id_vars = codebook.background_columns()
    if not any(v in present for v in id_vars):
        raise CodebookError(
            f"none of the municipality columns of the codebook ({', '.join(id_vars)}) is in the "
            "export, so no answer can be attributed to a municipality",
            file=raw.path,
            sheet=raw.sheet or None,
        )
    issues = [
        Issue(
            kind="column",
            outcome="warning",
            message="codebook variable missing from the export; its answers count as not given",
            column=v,
            **where,
        )
        for v in codebook.expected_columns()
        if v not in present and v != codebook.export.close_time
    ]
    issues += [
        Issue(
            kind="column",
            outcome="warning",
            message="export column not in the codebook; ignored",
            column=c,
            **where,
        )
        for c in unknown
    ]
    return issues


def _refuse_header_below(raw: RawExport, variables: list[str], look: int = 10) -> None:
    """A header below row 1 (a title row above it) is named as such, not as a wrong codebook.

    With a title in row 1, every variable name was "missing" and the message blamed the
    codebook; the first rows that hold most of the variable names say where the header is.
    """
    wanted = set(variables)
    for index, values in enumerate(raw.frame.head(look).itertuples(index=False)):
        names = {str(v).strip() for v in values if v is not None}
        if len(names & wanted) >= MIN_FIT * len(wanted):
            row = raw.row_number(index)
            raise InputFileError(
                f"the header is not in row 1: row {row} holds the variable names "
                f"({', '.join(v for v in variables if v in names)[:60]}...); delete the rows "
                "above it, or export again",
                file=raw.path,
                sheet=raw.sheet or None,
                row=row,
            )


def _status(record: dict, codebook: Codebook) -> int:
    """SurveyXact's status (1-5) from its one-hot columns; inferred when they are missing."""
    for i, col in enumerate(codebook.status_columns(), start=1):
        if _as_int(record.get(col)) == 1:
            return i
    if record.get(codebook.export.close_time):
        return 4
    return 3 if _answered_questions(record, codebook) else 2


def _close_time(value: object) -> datetime | None:
    """SurveyXact's `dd-mm-yyyy hh:mm`, a few look-alikes, or an ISO 8601 timestamp.

    An ISO closeTime (`2019-09-19T09:38:00`, as a re-saved or converted export writes it) was
    treated as missing, which then decided which of two duplicate answers won. An offset
    (`+02:00`, `Z`) is dropped: the time is kept as written, like the others, which carry none.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    text = str(value).strip()
    for fmt in ("%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d.%m.%Y %H:%M"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    if len(text) >= 16 and text[:4].isdigit() and text[4] == "-":  # a date alone is no time
        try:
            return datetime.fromisoformat(text).replace(tzinfo=None)
        except ValueError:
            return None
    return None


def _answered_questions(record: dict, codebook: Codebook) -> list[str]:
    return [
        q.id for q in codebook.questions if any(record.get(v) is not None for v in q.variables())
    ]


def _identify(
    record: dict, codebook: Codebook, register: Register
) -> tuple[str | None, str | None, str, str, list[tuple[str, object, str]]]:
    """Code, method, rejection reason, the text that was matched, and the columns passed over.

    The columns are tried in order (code, name, typed name); one that holds a value matching
    no municipality (code 999, "abc", "101.5") before one that matches is passed over, and
    returned as (column, value, why) so that it is warned about instead of ignored.
    """
    m = codebook.municipality
    tried: list[str] = []
    passed_over: list[tuple[str, object, str]] = []
    last_reason = "no municipality given"
    for var in (m.code, m.name, m.typed):
        if not var or record.get(var) is None:
            continue
        value = record[var]
        tried.append(str(value))
        match = match_municipality(value, register)
        if match.code is not None:
            return match.code, match.method, "", str(value), passed_over
        closest = ", ".join(f"{name} ({code})" for code, name, _ in match.candidates[:3])
        last_reason = f"municipality {str(value)!r} is {match.reason or 'unknown'}" + (
            f"; closest: {closest}" if closest else ""
        )
        passed_over.append((var, value, last_reason))
    return None, None, last_reason, " / ".join(tried), passed_over


def _name_disagrees(record: dict, codebook: Codebook, register: Register, code: str) -> str | None:
    """When both a code and a name are given, the code wins; say so if the name disagrees."""
    m = codebook.municipality
    if not (m.code and m.name) or record.get(m.code) is None or record.get(m.name) is None:
        return None
    by_name = match_municipality(record[m.name], register).code
    return by_name if by_name is not None and by_name != code else None


def _resolve_duplicates(respondents: pd.DataFrame) -> None:
    """Keep one answer per municipality: complete beats partial, then the later closeTime."""
    live = respondents[respondents["outcome"] == "accepted"]
    for code, group in live.groupby("municipality_code"):
        if len(group) < 2:
            continue
        ranked = group.assign(
            _t=group["close_time"].map(lambda t: float("-inf") if pd.isna(t) else t.timestamp())
        ).sort_values(["complete", "_t", "answered_questions", "row"], ascending=False)
        winner = ranked.iloc[0]
        for idx, loser in ranked.iloc[1:].iterrows():
            if winner["complete"] and not loser["complete"]:
                why = "complete beats partial"
            elif winner["_t"] > loser["_t"]:
                why = "later closeTime wins"
            elif winner["answered_questions"] > loser["answered_questions"]:
                why = "more questions answered"
            else:
                why = "same status and closeTime: the later row wins"
            respondents.loc[idx, "outcome"] = "rejected"
            respondents.loc[idx, "reason"] = (
                f"duplicate for municipality {code}: row {int(winner['row'])} kept ({why})"
            )


def _answers(
    q: Question,
    record: dict,
    year: int,
    municipality: str,
    rownum: int,
    issues: list[Issue],
    where: dict,
) -> list[dict]:
    base = {"year": year, "municipality_code": municipality, "respondent_id": rownum}
    base["question_id"] = q.id

    def bad(var: str, value: object, expected: str) -> None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # Excel stores every number as a float
        shown = value if isinstance(value, int | float) else _short(value)
        issues.append(
            Issue(
                kind="cell",
                outcome="rejected",
                message=f"value {shown!r} is not {expected}; cell ignored",
                row=rownum,
                column=var,
                value=_short(value),
                municipality_code=municipality,
                **where,
            )
        )

    def coded(var: str, value: object, labels: dict[int, str]) -> int | None:
        # the export's value, translated to the stable code where the codebook says `value`
        values = q.values if labels is q_labels else {c: c for c in labels}
        code = values.get(raw) if (raw := _as_int(value)) is not None else None
        if code is None or code not in labels:
            bad(var, value, f"a code of {q.id} ({', '.join(map(str, values))})")
            return None
        return code

    def text(value: object, var: str = "") -> str | None:
        if value is None:
            return None
        s = str(value).strip()
        if len(s) > limits.MAX_ANSWER_CHARS:
            issues.append(
                Issue(
                    kind="cell",
                    outcome="rejected",
                    message=f"the answer has {len(s):,} characters, more than the limit of "
                    f"{limits.MAX_ANSWER_CHARS:,}; cell ignored",
                    row=rownum,
                    column=var,
                    value=_short(s),
                    municipality_code=municipality,
                    **where,
                )
            )
            return None
        return s or None

    out: list[dict] = []
    q_labels = q.labels
    if q.type == "single":
        value = record.get(q.variable)
        if value is not None and (code := coded(q.variable, value, q_labels)) is not None:
            out.append(
                {
                    **base,
                    "item": "",
                    "item_label": "",
                    "value_code": code,
                    "value_label": q.labels[code],
                    "text": None,
                }
            )
        return out
    if q.type == "multi":
        if not any(record.get(o.variable) is not None for o in q.options):
            return out  # question not answered (a partial respondent stopped before it)
        for o in q.options:
            value = record.get(o.variable)
            code = 0 if value is None else coded(o.variable, value, {0: "", 1: ""})
            if code is None:
                continue
            out.append(
                {
                    **base,
                    "item": str(o.code),
                    "item_label": o.label,
                    "value_code": code,
                    "value_label": "Valgt" if code else "Ikke valgt",
                    "text": None,
                }
            )
            if o.other and (t := text(record.get(o.other), o.other)):
                out.append(
                    {
                        **base,
                        "item": f"{o.code}_other",
                        "item_label": o.label,
                        "value_code": None,
                        "value_label": "",
                        "text": t,
                    }
                )
        return out
    for r in q.rows:  # matrix and text questions with rows
        value = record.get(r.variable)
        if q.type == "matrix":
            if value is not None and (code := coded(r.variable, value, q_labels)) is not None:
                out.append(
                    {
                        **base,
                        "item": r.item,
                        "item_label": r.label,
                        "value_code": code,
                        "value_label": q.labels[code],
                        "text": None,
                    }
                )
            if r.other and (t := text(record.get(r.other), r.other)):
                out.append(
                    {
                        **base,
                        "item": f"{r.item}_other",
                        "item_label": r.label,
                        "value_code": None,
                        "value_label": "",
                        "text": t,
                    }
                )
        elif t := text(value, r.variable):
            out.append(
                {
                    **base,
                    "item": r.item,
                    "item_label": r.label,
                    "value_code": None,
                    "value_label": "",
                    "text": t,
                }
            )
    if q.type == "text" and q.variable and (t := text(record.get(q.variable), q.variable)):
        out.append(
            {**base, "item": "", "item_label": "", "value_code": None, "value_label": "", "text": t}
        )
    return out


def _as_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        f = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return int(f) if f.is_integer() else None


def _meta(raw: RawExport, codebook: Codebook, respondents: pd.DataFrame, accepted: int) -> dict:
    kept = respondents[respondents["outcome"] == "accepted"]
    times = [t for t in kept["close_time"] if not pd.isna(t)]
    return {
        "year": codebook.year,
        "source_file": raw.path.name,
        "source_sha256": _sha256(raw.path),
        "encoding": raw.encoding or None,
        "rows_read": len(respondents),
        "accepted": accepted,
        "rejected": len(respondents) - accepted,
        "complete": int(kept["complete"].sum()),
        "partial": int((~kept["complete"]).sum()),
        "invited": codebook.invited,
        "n_questions": codebook.n_questions(),
        "collection_start": min(times).date().isoformat() if times else None,
        "collection_end": max(times).date().isoformat() if times else None,
    }


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
