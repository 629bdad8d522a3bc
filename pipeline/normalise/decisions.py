"""Analysts' coding decisions: `survey/coding/decisions.csv`, an append-only log.

Each reviewed answer adds one line (year, answer_id, text_hash, text, categories, reviewer,
date). Lines are never rewritten: a later line for the same text wins. The decisions override
the automatic coding for the same text (same `text_hash`) and for near-identical texts in any
year, and, once there are enough of them, train the learned component (`model`).

Every write happens under the `survey/coding` lock (`pipeline.locks`), and every category
read must be a slug of the taxonomy.

The analysts' notes from the review workbook ("Bemærkning") are kept beside it, in
`survey/coding/notes.csv` (year, answer_id, text_hash, note, reviewer, date), append-only in
the same way and created with the first note: `decisions.csv` keeps its columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from pipeline.errors import DefinitionError
from pipeline.io import safe_cell, unguard, write_atomic
from pipeline.locks import LOCK_NAME, file_lock
from pipeline.normalise.text import canonical_text, text_hash
from pipeline.survey.slugs import decision_slugs

DECISION_COLUMNS = ["year", "answer_id", "text_hash", "text", "categories", "reviewer", "date"]
#: rapidfuzz ratio (0-100) on canonical text from which a decision counts for another text.
NEAR_IDENTICAL = 95


NOTE_COLUMNS = ["year", "answer_id", "text_hash", "note", "reviewer", "date"]


def decisions_path(survey_dir: str | Path) -> Path:
    return Path(survey_dir) / "coding" / "decisions.csv"


def notes_path(survey_dir: str | Path) -> Path:
    return Path(survey_dir) / "coding" / "notes.csv"


@dataclass(frozen=True)
class Note:
    """An analyst's note on a decided text (the review workbook's "Bemærkning")."""

    year: int
    answer_id: str
    text_hash: str
    note: str
    reviewer: str
    date: str


@dataclass(frozen=True)
class Decision:
    year: int
    answer_id: str
    text_hash: str
    text: str
    categories: tuple[str, ...]
    reviewer: str
    date: str


def read_decisions(path: str | Path, slugs: Collection[str] | None = None) -> list[Decision]:
    """All decisions in file order; a missing file is no decisions.

    Every category must be one of the taxonomy's (`slugs`, by default those of the survey/
    folder the log lives in): an unknown one (a typo, a renamed category) would silently take
    the answer out of every figure, so it stops the run naming the line.
    """
    path = Path(path)
    if not path.is_file():
        return []
    known = frozenset(slugs) if slugs is not None else decision_slugs(path.parent.parent)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DefinitionError("not UTF-8 text", file=path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header != DECISION_COLUMNS:
        raise DefinitionError(f"expected the header {','.join(DECISION_COLUMNS)}", file=path, row=1)
    out: list[Decision] = []
    for n, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(DECISION_COLUMNS) or not row[0].strip().isdigit():
            raise DefinitionError(
                f"expected {len(DECISION_COLUMNS)} fields starting with a year", file=path, row=n
            )
        year, answer_id, hash_, body, cats, reviewer, date = row
        unknown = [c for c in cats.split(";") if c and known is not None and c not in known]
        if unknown:
            raise DefinitionError(
                f"unknown category {unknown[0]!r}: not in survey/taxonomy.yaml and no earlier slug "
                "in survey/crosswalk.yaml; fix the line, or map the old slug in the crosswalk",
                file=path,
                row=n,
                column="categories",
            )
        out.append(
            Decision(
                year=int(year),
                answer_id=answer_id,
                text_hash=hash_,
                text=unguard(body),
                categories=tuple(c for c in cats.split(";") if c),
                reviewer=unguard(reviewer),
                date=date,
            )
        )
    return out


def _line(values: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def ensure_decisions_file(path: str | Path) -> Path:
    """Create the log with only its header (UTF-8 with BOM, like every CSV for analysts)."""
    path = Path(path)
    with file_lock(path.parent / LOCK_NAME, what=str(path.parent)):
        if not path.exists():
            header = ("\ufeff" + _line(DECISION_COLUMNS)).encode()
            write_atomic(path, lambda p: p.write_bytes(header))
    return path


def append_decisions(path: str | Path, decisions: list[Decision]) -> None:
    """Append decisions atomically: earlier lines are copied byte for byte, never rewritten.

    Under the `survey/coding` lock, and the log is read again inside it, so two imports at
    once both land (one waits) instead of the second rename dropping the first's lines.
    """
    with file_lock(Path(path).parent / LOCK_NAME, what=str(Path(path).parent)):
        _append_locked(ensure_decisions_file(path), decisions)


def _append_lines(path: Path, rows: list[list[str]], header: list[str]) -> None:
    """Append CSV rows to an analysts' log (the caller holds the lock): earlier lines are
    copied byte for byte, and a missing file starts with `header`."""
    old = path.read_bytes() if path.exists() else ("\ufeff" + _line(header)).encode()
    if old and not old.endswith(b"\n"):
        old += b"\n"
    new = "".join(_line(row) for row in rows)
    write_atomic(path, lambda p: p.write_bytes(old + new.encode("utf-8")))


def _append_locked(path: Path, decisions: list[Decision]) -> None:
    rows = [
        [
            str(d.year),
            d.answer_id,
            d.text_hash,
            safe_cell(d.text),
            ";".join(sorted(d.categories)),
            safe_cell(d.reviewer),
            d.date,
        ]
        for d in decisions
    ]
    _append_lines(path, rows, DECISION_COLUMNS)


def question_of(answer_id: str) -> str:
    """The question (and row) of an answer id: `2019-101-prevention_technologies.kol` ->
    `prevention_technologies.kol`."""
    parts = answer_id.split("-", 2)
    return parts[2] if len(parts) == 3 else ""


class DecisionIndex:
    """The latest decision per question and text, found by hash or, failing that, by
    near-identical text of the same question.

    A decision holds for the question it was made for: a short answer such as "Se ovenfor" or
    "Samme som sidste år" means something else under another question.
    """

    def __init__(self, decisions: list[Decision]) -> None:
        self.by_hash: dict[tuple[str, str], Decision] = {}
        for d in decisions:  # later lines win
            self.by_hash[question_of(d.answer_id), d.text_hash] = d
        self._by_question: dict[str, tuple[list[str], list[Decision]]] = {}
        for (question, _), d in self.by_hash.items():
            texts, found = self._by_question.setdefault(question, ([], []))
            texts.append(canonical_text(d.text))
            found.append(d)

    def __len__(self) -> int:
        return len(self.by_hash)

    def find(self, text: str, question: str) -> tuple[Decision, bool] | None:
        """(decision, exact) for `text` answering `question`, or None when no analyst has
        coded it for that question."""
        if (d := self.by_hash.get((question, text_hash(text)))) is not None:
            return d, True
        texts, found = self._by_question.get(question, ([], []))
        if not texts:
            return None
        best = process.extractOne(
            canonical_text(text), texts, scorer=fuzz.ratio, score_cutoff=NEAR_IDENTICAL
        )
        return (found[best[2]], False) if best else None


def append_notes(path: str | Path, notes: list[Note]) -> None:
    """Append notes to `survey/coding/notes.csv` under the `survey/coding` lock; earlier
    lines are copied byte for byte (the file is created with its header by the first note)."""
    path = Path(path)
    if not notes:
        return
    rows = [
        [str(n.year), n.answer_id, n.text_hash, safe_cell(n.note), safe_cell(n.reviewer), n.date]
        for n in notes
    ]
    with file_lock(path.parent / LOCK_NAME, what=str(path.parent)):
        _append_lines(path, rows, NOTE_COLUMNS)


def read_notes(path: str | Path) -> list[Note]:
    """All notes in file order; a missing file is no notes."""
    path = Path(path)
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DefinitionError("not UTF-8 text", file=path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    if next(reader, None) != NOTE_COLUMNS:
        raise DefinitionError(f"expected the header {','.join(NOTE_COLUMNS)}", file=path, row=1)
    out = []
    for n, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(NOTE_COLUMNS) or not row[0].strip().isdigit():
            raise DefinitionError(
                f"expected {len(NOTE_COLUMNS)} fields starting with a year", file=path, row=n
            )
        year, answer_id, hash_, note, reviewer, date = row
        out.append(Note(int(year), answer_id, hash_, unguard(note), unguard(reviewer), date))
    return out
