"""Public contract of the coder: a CSV of answers in, a CSV of codings out.

`classify_file(input_csv, output_csv, survey_dir)` reads UTF-8 CSV with columns `id`, `text`
and optionally `question` (the coding manual's question context) and writes
`id,categories,confidence,needs_review,evidence`: categories are slugs joined with ";" in
alphabetical order (empty for a non-answer), needs_review is `true`/`false`. Keep this stable:
it is how the coder is evaluated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.errors import InputFileError
from pipeline.io import safe_cell, write_atomic
from pipeline.normalise.coder import Coder, Coding
from pipeline.normalise.model import load_model, second_opinion
from pipeline.survey.taxonomy import TAXONOMY_FILE, load_taxonomy
from pipeline.survey.terms import terms_stamp
from pipeline.survey.termsets import TermSets, load_termsets

OUTPUT_COLUMNS = ["id", "categories", "confidence", "needs_review", "evidence"]
#: Question contexts named in the coding manual (others are accepted, without tie-break).
CONTEXTS = (
    "mobilitet_fritekst",
    "forebyggelse_kol",
    "forebyggelse_diabetes",
    "forebyggelse_hjerte",
    "prioritet_naeste_aar",
    "socialomraadet_fritekst",
)


@lru_cache(maxsize=4)
def _coder(
    path: Path, mtime_ns: int, size: int, terms: TermSets, stamp: tuple[int, int] = (0, -1)
) -> Coder:
    """`stamp` is terms.csv's (mtime, size): a new analyst's term is used at once."""
    return Coder(load_taxonomy(path.parent), terms)


def get_coder(survey_dir: str | Path) -> Coder:
    """The coder for `survey_dir`'s taxonomy and term sets, built once per version of the
    files."""
    load_taxonomy(survey_dir)  # checks the file, with a clear error when it is wrong
    terms = load_termsets(survey_dir)  # the same object until a term set file changes
    path = (Path(survey_dir) / TAXONOMY_FILE).resolve()
    st = path.stat()
    return _coder(path, st.st_mtime_ns, st.st_size, terms, terms_stamp(survey_dir))


def classify_texts(
    texts: Sequence[str], contexts: Sequence[str | None] | None, survey_dir: str | Path
) -> list[Coding]:
    """Code answers with the rules, then let the learned model (if trained) flag doubts."""
    coder = get_coder(survey_dir)
    contexts = contexts if contexts is not None else [None] * len(texts)
    codings = [coder.code(t, c) for t, c in zip(texts, contexts, strict=True)]
    model = load_model(survey_dir)
    return second_opinion(model, list(texts), codings) if model else codings


def read_csv_rows(
    path: str | Path, required: Sequence[str], optional: Sequence[str] = ()
) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV as dicts of the named columns; any problem is an `InputFileError`.

    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError("file not found", file=path) from None
    except IsADirectoryError:
        raise InputFileError("is a folder, not a CSV file", file=path) from None
    if not data.strip():
        raise InputFileError("the file is empty", file=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            "not UTF-8 text (save the file as 'CSV UTF-8')", file=path, row=row
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = [r for r in reader if r]
    except csv.Error as exc:
        raise InputFileError(f"not a readable CSV: {exc}", file=path, row=reader.line_num) from None
    header = [h.strip().lower() for h in records[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputFileError(
            f"missing column {', '.join(map(repr, missing))} (found: {', '.join(header)})",
            file=path,
            row=1,
            column=missing[0],
        )
    wanted = [c for c in (*required, *optional) if c in header]
    if len(set(header)) != len(header):
        raise InputFileError("a column name appears twice in the header", file=path, row=1)
    rows: list[dict[str, str]] = []
    for n, record in enumerate(records[1:], start=2):
        if len(record) > len(header) and any(v.strip() for v in record[len(header) :]):
            raise InputFileError(
                f"{len(record)} fields but the header has {len(header)}", file=path, row=n
            )
        values = dict(zip(header, [*record, *[""] * (len(header) - len(record))], strict=False))
        rows.append({c: values[c] for c in wanted})
    return rows


def _answers(path: str | Path) -> list[dict[str, str]]:
    rows = read_csv_rows(path, ["id", "text"], ["question"])
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):
        if not row["id"].strip():
            raise InputFileError("empty id", file=path, row=n, column="id")
        if row["id"] in seen:
            raise InputFileError(f"id {row['id']!r} appears twice", file=path, row=n, column="id")
        seen.add(row["id"])
    return rows


def classify_file(input_csv: str | Path, output_csv: str | Path, survey_dir: str | Path) -> int:
    """Code every answer of `input_csv` into `output_csv` (see module docstring).

    Returns the number of answers coded. The output is plain UTF-8 (no BOM) so that any CSV
    reader sees `id` as the first column name; it is written atomically.
    """
    rows = _answers(input_csv)
    codings = classify_texts(
        [r["text"] for r in rows], [r.get("question") or None for r in rows], survey_dir
    )
    frame = pd.DataFrame(
        {
            "id": [safe_cell(r["id"]) for r in rows],  # ids are input too: "=cmd|..."
            "categories": [c.joined for c in codings],
            "confidence": [f"{c.confidence:.2f}" for c in codings],
            "needs_review": ["true" if c.needs_review else "false" for c in codings],
            "evidence": [safe_cell(c.evidence) for c in codings],
        },
        columns=OUTPUT_COLUMNS,
    )
    write_atomic(
        output_csv,
        lambda p: frame.to_csv(p, index=False, encoding="utf-8", lineterminator="\n"),
    )
    return len(rows)
