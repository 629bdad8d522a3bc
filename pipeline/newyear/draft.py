"""`statusmaaling new-year`: draft next year's codebook from its export and last year's codebook.

Every question of the latest earlier codebook is looked for in the export (`match`): found
questions keep their stable id, coding settings and option codes and take this year's
variables and wording; new questions are added with their type and options and marked
`new: true`; questions that are gone are left out. The draft is validated like any codebook
and the whole survey is loaded with it before `new-year` reports success, and a report of what
was matched, reworded, new, gone and uncertain is written beside the outputs
(`output/<year>/new_year.md`) so an analyst can check the draft in minutes.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import io
from pipeline.errors import CodebookError, StatusmaalingError
from pipeline.ingest.readers import find_export
from pipeline.newyear.export_meta import ExportMeta, ExportQuestion, read_export_meta
from pipeline.newyear.match import LabelMap, Matching, map_labels, match_questions, normalise
from pipeline.project import Project
from pipeline.survey.codebook import Codebook, Question, load_codebook
from pipeline.survey.yamlfile import scalar

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass
class NewYearResult:
    year: int
    previous_year: int
    codebook_path: Path
    report_path: Path
    matching: Matching
    #: question id -> what changed ("wording", "option 'Nej' -> 'Nej, ingen ...'", ...)
    changes: dict[str, list[str]] = field(default_factory=dict)
    new_ids: dict[str, str] = field(default_factory=dict)  # export name -> drafted id
    problems: list[str] = field(default_factory=list)  # the survey does not load with it


def _q(text: str, flow: bool = False) -> str:
    return scalar(text, flow=flow)


def _slug(text: str, taken: set[str]) -> str:
    table = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe"})
    words = re.findall(r"[a-z0-9]+", text.casefold().translate(table))
    stop = {
        "hvilke",
        "hvilken",
        "hvad",
        "er",
        "har",
        "i",
        "kommunen",
        "til",
        "og",
        "af",
        "en",
        "et",
    }
    base = "_".join([w for w in words if w not in stop][:4]) or "question"
    if not base[0].isalpha():
        base = "q_" + base
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}_{n}", n + 1
    taken.add(slug)
    return slug


def _options(old: Question, new: ExportQuestion, changes: list[str]) -> list[dict[str, Any]]:
    """Old options re-mapped by label onto this year's choices; new ones get fresh codes."""
    mapping: LabelMap = map_labels([o.label for o in old.options], [c.label for c in new.choices])
    if not any(c.label for c in new.choices) and len(old.options) == len(new.choices):
        # CSV: multi-choice options have no text; keep their order
        mapping = LabelMap({i: (i, "order") for i in range(len(old.options))})
    by_new = {j: (old.options[i], how) for i, (j, how) in mapping.pairs.items()}
    used = {o.code for o in old.options}
    next_code = max(used, default=0) + 1
    out = []
    for j, choice in enumerate(new.choices):
        entry: dict[str, Any]
        if j in by_new:
            prior, how = by_new[j]
            entry = {"code": prior.code, "label": choice.label or prior.label}
            if choice.label and normalise(choice.label) != normalise(prior.label):
                changes.append(
                    f"svarmulighed {prior.code} omformuleret: »{prior.label}« → »{choice.label}«"
                )
            if old.type in ("single", "matrix") and choice.value not in (None, prior.code):
                entry["value"] = choice.value
                changes.append(
                    f"svarmulighed »{choice.label}« har værdien {choice.value} i eksporten; "
                    f"koden {prior.code} er bevaret"
                )
        else:
            code = choice.value if old.type != "multi" else None
            if code is None or code in used:
                while next_code in used:
                    next_code += 1
                code = next_code
            used.add(code)
            entry = {"code": code, "label": choice.label or f"Mulighed {j + 1}"}
            if old.type in ("single", "matrix") and choice.value not in (None, code):
                entry["value"] = choice.value
            changes.append(f"ny svarmulighed {code}: »{entry['label']}«")
        if choice.variable:
            entry["variable"] = choice.variable
        if choice.other:
            entry["other"] = choice.other
        out.append(entry)
    for i in mapping.gone:
        changes.append(f"svarmulighed {old.options[i].code} udgået: »{old.options[i].label}«")
    return out


def _rows(old: Question, new: ExportQuestion, changes: list[str]) -> list[dict[str, Any]]:
    mapping = map_labels([r.label for r in old.rows], [r.label for r in new.rows])
    if not any(r.label for r in new.rows) and len(old.rows) == len(new.rows):
        # CSV: rows have no labels; keep their order
        mapping.pairs = {i: (i, "order") for i in range(len(old.rows))}
        mapping.new, mapping.gone = [], []
    by_new = {j: old.rows[i] for i, (j, _) in mapping.pairs.items()}
    taken = {r.item for r in old.rows}
    out = []
    for j, row in enumerate(new.rows):
        prior = by_new.get(j)
        if prior is not None:
            entry: dict[str, Any] = {"item": prior.item, "label": row.label or prior.label}
            if row.label and normalise(row.label) != normalise(prior.label):
                changes.append(f"række {prior.item} omformuleret: »{prior.label}« → »{row.label}«")
            if prior.context:
                entry["context"] = prior.context
        else:
            entry = {"item": _slug(row.label, taken), "label": row.label or row.variable}
            changes.append(f"ny række »{entry['label']}«")
        entry["variable"] = row.variable
        if row.other:
            entry["other"] = row.other
        out.append(entry)
    for i in mapping.gone:
        changes.append(f"række {old.rows[i].item} udgået: »{old.rows[i].label}«")
    return out


def _carried(old: Question, new: ExportQuestion, changes: list[str]) -> dict[str, Any]:
    """Last year's question with this year's variables, wording, options and rows."""
    entry: dict[str, Any] = {"id": old.id, "type": old.type}
    if new.variable:
        entry["variable"] = new.variable
    text = new.text or old.text
    if new.text and normalise(new.text) != normalise(old.text):
        changes.append(f"ordlyd: »{old.text}« → »{new.text}«")
    entry["text"] = text
    if old.coded:
        entry["coded"] = True
    if old.context:
        entry["context"] = old.context
    if old.code_list:
        entry["code_list"] = old.code_list
    if old.options or new.choices:
        entry["options"] = _options(old, new, changes)
    if old.rows or new.rows:
        entry["rows"] = _rows(old, new, changes)
    return entry


def _fresh(new: ExportQuestion, qid: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": qid, "type": new.type, "new": True}
    if new.variable:
        entry["variable"] = new.variable
    entry["text"] = new.text or f"(ny: {new.name})"
    if new.choices:
        entry["options"] = []
        for j, c in enumerate(new.choices, start=1):
            option: dict[str, Any] = {"code": c.value if c.value is not None else j}
            option["label"] = c.label or f"Mulighed {j}"
            if c.variable:
                option["variable"] = c.variable
            if c.other:
                option["other"] = c.other
            entry["options"].append(option)
    if new.rows:
        taken: set[str] = set()
        entry["rows"] = [
            {"item": _slug(r.label or r.variable, taken), "label": r.label or r.variable}
            | {"variable": r.variable}
            | ({"other": r.other} if r.other else {})
            for r in new.rows
        ]
    return entry


def _flow(entry: dict[str, Any]) -> str:
    return (
        "{"
        + ", ".join(
            f"{k}: {_q(v, flow=True) if isinstance(v, str) else v}" for k, v in entry.items()
        )
        + "}"
    )


def codebook_yaml_questions(questions: list[dict[str, Any]]) -> str:
    """The `questions:` entries in the house style (one option per line)."""
    lines: list[str] = []
    for q in questions:
        lines.append(f"  - id: {q['id']}")
        for key, value in q.items():
            if key == "id":
                continue
            if key in ("options", "rows"):
                lines.append(f"    {key}:")
                lines += [f"      - {_flow(v)}" for v in value]
            elif isinstance(value, bool):
                lines.append(f"    {key}: {'true' if value else 'false'}")
            else:
                lines.append(f"    {key}: {_q(value) if isinstance(value, str) else value}")
    return "\n".join(lines) + "\n"


def codebook_yaml(head: dict[str, Any], questions: list[dict[str, Any]], note: str) -> str:
    """The codebook in the house style of survey/questionnaires (one option per line)."""
    lines = [f"# {line}" if line else "#" for line in note.splitlines()]
    lines += [
        f"year: {head['year']}",
        f"title: {_q(head['title'])}",
        f"invited: {head['invited']}",
        "export:",
        *(f"  {k}: {_q(v) if isinstance(v, str) else v}" for k, v in head["export"].items()),
        "municipality:",
        *(f"  {k}: {_q(v)}" for k, v in head["municipality"].items()),
        "questions:",
    ]
    return "\n".join(lines) + "\n" + codebook_yaml_questions(questions)


def _head(previous: Codebook, year: int, meta: ExportMeta) -> dict[str, Any]:
    title = _YEAR.sub(str(year), previous.title)
    if str(year) not in title:
        title = f"{title} {year}"
    export: dict[str, Any] = {"format": meta.format}
    if meta.status_prefix:
        export["status_prefix"] = meta.status_prefix
    if meta.close_time:
        export["close_time"] = meta.close_time
    system = [c for c in previous.export.system_columns if c in meta.columns]
    if system:
        export["system_columns"] = system
    municipality = {
        k: v
        for k, v in previous.municipality.model_dump(exclude_none=True).items()
        if v in meta.columns
    }
    if not municipality:
        described = {d.casefold(): c for c, d in meta.background.items()}
        for key, word in (("code", "kommunekode"), ("name", "kommunenavn")):
            column = described.get(word) or (word if word in meta.columns else None)
            if column:
                municipality[key] = column
    if not municipality:
        raise CodebookError(
            f"cannot tell which column names the municipality: none of "
            f"{', '.join(previous.background_columns())} is in the export and no column is "
            "described as Kommunekode or Kommunenavn",
            file=meta.path,
        )
    return {
        "year": year,
        "title": title,
        "invited": previous.invited,
        "export": export,
        "municipality": municipality,
    }


def draft_codebook(
    project: Project, year: int, *, force: bool = False, check: Any = None
) -> NewYearResult:
    """Draft `survey/questionnaires/<year>.yaml` (see the module docstring).

    `check(project)` loads the survey with the draft in place (default: `load_survey`); a
    problem is kept in `problems` and the draft stays for the analyst to edit.
    """
    target = project.codebook_path(year)
    if target.exists() and not force:
        raise StatusmaalingError(
            f"a codebook for {year} exists already; pass --force to draft it anew (the "
            "existing file is replaced)",
            file=target,
        )
    earlier = [y for y in project.years() if y < year]
    if not earlier:
        raise CodebookError(
            f"no codebook before {year} to start from (expected one in "
            f"{project.survey / 'questionnaires'})",
            file=target,
        )
    previous_year = earlier[-1]
    previous = load_codebook(project.codebook_path(previous_year))
    meta = read_export_meta(find_export(project.raw(year)))
    matching = match_questions(previous.questions, meta.questions)

    by_new = {m.new.name: m for m in matching.matched}
    taken = {q.id for q in previous.questions}
    questions: list[dict[str, Any]] = []
    changes: dict[str, list[str]] = {}
    new_ids: dict[str, str] = {}
    for export_q in meta.questions:
        m = by_new.get(export_q.name)
        if m is not None:
            notes: list[str] = []
            questions.append(_carried(m.old, export_q, notes))
            variables_before = m.old.variables()
            if variables_before and variables_before[0] != export_q.variables()[0]:
                notes.insert(0, f"variabler {variables_before[0]}… → {export_q.variables()[0]}…")
            changes[m.old.id] = notes
        else:
            qid = _slug(export_q.text or export_q.name, taken)
            new_ids[export_q.name] = qid
            questions.append(_fresh(export_q, qid))

    head = _head(previous, year, meta)
    note = (
        f"Codebook {year}: SurveyXact export variables -> stable question ids.\n"
        f"Drafted by `statusmaaling new-year --year {year}` from the {previous_year} codebook\n"
        f"and the export {meta.path.name};\nsee output/{year}/new_year.md. Questions marked "
        "`new: true` are used by no indicator\nuntil an analyst adds one to "
        "survey/indicators.yaml."
    )
    text = codebook_yaml(head, questions, note)
    with tempfile.TemporaryDirectory() as tmp:  # checked before it replaces anything
        trial = Path(tmp) / target.name
        trial.write_text(text, encoding="utf-8")
        try:
            load_codebook(trial)
        except CodebookError as exc:
            raise CodebookError(
                f"the drafted codebook would be invalid ({exc.message}); nothing was written",
                file=target,
            ) from None
    io.write_text(target, text)

    result = NewYearResult(
        year=year,
        previous_year=previous_year,
        codebook_path=target,
        report_path=project.output(year) / "new_year.md",
        matching=matching,
        changes=changes,
        new_ids=new_ids,
    )
    if check is None:
        from pipeline.survey import load_survey as check
    try:
        check(project)
    except StatusmaalingError as exc:
        result.problems.append(str(exc))
    io.write_text(result.report_path, report_markdown(result, meta))
    return result


def report_markdown(result: NewYearResult, meta: ExportMeta) -> str:
    """What `new-year` did, for the analyst who checks the draft."""
    m = result.matching
    lines = [
        f"# Nyt år {result.year}: kladde til spørgeskemaets kodebog",
        "",
        f"Eksport: `{meta.path.name}`. Udgangspunkt: kodebogen for {result.previous_year}. "
        f"Kladde: `{result.codebook_path.name}`.",
        "",
        f"- Genfundet: {len(m.matched)} spørgsmål "
        f"({sum(1 for x in m.matched if x.how == 'exact')} med samme ordlyd, "
        f"{sum(1 for x in m.matched if x.how != 'exact')} med ændret ordlyd)",
        f"- Nye: {len(result.new_ids) - len(m.uncertain)}",
        f"- Udgået: {len(m.gone) - len(m.uncertain)}",
        f"- Usikre (ikke parret; skal afgøres af en analytiker): {len(m.uncertain)}",
    ]
    if not meta.has_wording:
        lines += [
            "",
            "Eksporten har ingen spørgsmålstekster (CSV): spørgsmål er parret alene på type og "
            "svarmuligheder. Kontrollér parringen.",
        ]
    if result.problems:
        lines += ["", "## Problemer", "", *(f"- {p}" for p in result.problems)]
    lines += ["", "## Genfundne spørgsmål", "", "| id | variabel | hvordan | ændringer |"]
    lines += ["|---|---|---|---|"]
    for x in m.matched:
        changes = "; ".join(result.changes.get(x.old.id, [])) or "–"
        kind, _, score = x.how.partition(" ")
        how = {
            "exact": "samme ordlyd",
            "fuzzy": f"lignende ordlyd og svarmuligheder (score {score})",
            "labels": f"samme svarmuligheder; eksporten har ingen ordlyd (score {score})",
        }[kind]
        lines.append(f"| {x.old.id} | {x.new.name} | {how} | {changes} |")
    lines += ["", "## Nye spørgsmål", ""]
    candidates = {u.candidate.name for u in m.uncertain}
    fresh = [e for e in m.new if e.name in result.new_ids and e.name not in candidates]
    for e in fresh:
        lines.append(f"- `{result.new_ids[e.name]}` ({e.name}, {e.type}): {e.text}")
    if not fresh:
        lines.append("Ingen.")
    lines += ["", "## Udgåede spørgsmål", ""]
    unsure = {u.old.id for u in m.uncertain}
    lines += [f"- `{q.id}` ({q.type}): {q.text}" for q in m.gone if q.id not in unsure] or [
        "Ingen."
    ]
    lines += ["", "## Usikre", ""]
    if m.uncertain:
        for u in m.uncertain:
            drafted = result.new_ids.get(u.candidate.name, u.candidate.name)
            notes: list[str] = []
            suggestion = codebook_yaml_questions([_carried(u.old, u.candidate, notes)])
            lines += [
                f"- `{u.old.id}` ligner {u.candidate.name} ({u.candidate.text or 'uden tekst'}): "
                f"{u.reason}. Kladden har det som et nyt spørgsmål, `{drafted}`. Er det samme "
                f"spørgsmål, så erstat `{drafted}` i kladden med dette forslag (det bevarer "
                f"`{u.old.id}`'s koder og kodning):",
                "",
                "```yaml",
                suggestion.rstrip(),
                "```",
                "",
            ]
    else:
        lines.append("Ingen.")
    return "\n".join(lines) + "\n"
