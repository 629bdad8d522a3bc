"""Size limits on inputs, checked before anything is parsed (issue #14).

A 1.7 MB xlsx (32 million empty cells) never finished, a 1.1 MB one needed 4.5 GB, a
1-million-row export died after 13 minutes with a MemoryError. Each limit below is generous
for a survey of 98 municipalities (a real export is well under 1 MB, 98-200 rows and a few
hundred columns) and turns a hostile or broken input into a one-line `InputTooLarge` in
seconds. They are module-level so a project with unusual needs (or a test) can change them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.errors import InputFileError, InputTooLarge

MB = 1024 * 1024
#: Bytes of one export file (xlsx, csv, sav) as stored.
MAX_FILE_BYTES = 50 * MB
#: Bytes of an xlsx once unpacked (all parts) and of its largest part: checked from the zip
#: directory, so a zip bomb is refused without inflating anything.
MAX_UNPACKED_BYTES = 200 * MB
MAX_PART_BYTES = 100 * MB
#: Respondent rows, columns and cells (also empty ones a sheet stores) of one export; a real
#: export has some 200 rows and a few hundred columns.
MAX_ROWS = 100_000
MAX_COLUMNS = 2_000
MAX_CELLS = 5_000_000
#: Characters of one answer (free text); longer answers are refused for that cell.
MAX_ANSWER_CHARS = 20_000


def _mb(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB else f"{n:,} bytes"


def check_file_size(path: Path, max_bytes: int | None = None) -> int:
    """The file's size; `InputTooLarge` when it exceeds `max_bytes` (default MAX_FILE_BYTES)."""
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    size = path.stat().st_size
    if size > limit:
        raise InputTooLarge(
            f"the file is {_mb(size)}, more than the limit of {_mb(limit)} for one export",
            file=path,
        )
    return size


def check_zip(path: Path, *, max_bytes: int | None = None) -> None:
    """Refuse an oversized xlsx, or one that unpacks to too much (a zip bomb), in milliseconds.

    The sizes come from the zip's central directory; `zipfile` never reads a part beyond the
    size declared there, so they also bound what any later reader inflates.
    """
    check_file_size(path, max_bytes)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputFileError(
            f"the xlsx is corrupt or truncated and cannot be opened ({type(exc).__name__})",
            file=path,
        ) from None
    total = sum(i.file_size for i in infos)
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    if total > MAX_UNPACKED_BYTES:
        raise InputTooLarge(
            f"the xlsx unpacks to {_mb(total)} (limit {_mb(MAX_UNPACKED_BYTES)}): "
            "too large or a zip bomb",
            file=path,
        )
    if biggest is not None and biggest.file_size > MAX_PART_BYTES:
        raise InputTooLarge(
            f"the part {biggest.filename} unpacks to {_mb(biggest.file_size)} (limit "
            f"{_mb(MAX_PART_BYTES)}): too large or a zip bomb",
            file=path,
        )


def check_shape(path: Path, rows: int, columns: int, sheet: str = "") -> None:
    """`InputTooLarge` when an export has more rows or columns than any survey would."""
    if rows > MAX_ROWS:
        raise InputTooLarge(
            f"more than {MAX_ROWS:,} rows: not one year's survey export",
            file=path,
            sheet=sheet or None,
        )
    if columns > MAX_COLUMNS:
        raise InputTooLarge(
            f"{columns:,} columns, more than the limit of {MAX_COLUMNS:,}",
            file=path,
            sheet=sheet or None,
        )
