"""Writing outputs safely.

Outputs are written to a temporary file beside the target and renamed into place, so a failed
run leaves the previous output intact. Text bound for spreadsheets or CSV is neutralised
against formula injection.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import InputFileError
from pipeline.reads import record

#: OWASP CSV injection: cells starting with these are read as formulas by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(target: str | Path, writer: Callable[[Path], Any]) -> Path:
    """Call `writer(tmp_path)` and move the result onto `target`."""
    with atomic_path(target) as tmp:
        writer(tmp)
    return Path(target)


def write_bytes(target: str | Path, data: bytes) -> Path:
    return write_atomic(target, lambda p: p.write_bytes(data))


def write_text(target: str | Path, text: str) -> Path:
    return write_atomic(target, lambda p: p.write_text(text, encoding="utf-8"))


def write_parquet(df: pd.DataFrame, target: str | Path) -> Path:
    return write_atomic(target, lambda p: df.to_parquet(p, index=False))


def read_parquet(path: str | Path) -> pd.DataFrame:
    """A stage output; a damaged one is our error naming the file, not a pyarrow traceback."""
    record(path)
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputFileError(
            f"cannot read this stage output ({type(exc).__name__}); re-run the stage that "
            "writes it",
            file=path,
        ) from None


def read_json(path: str | Path) -> Any:
    """A small JSON stage output (e.g. ingest_meta.json), with our error when damaged."""
    record(path)
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputFileError(
            f"cannot read this stage output ({exc}); re-run `statusmaaling ingest`", file=path
        ) from None


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell passed through `safe_cell`."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell, na_action="ignore")
    return out


def write_csv(df: pd.DataFrame, target: str | Path, *, guard: bool = True) -> Path:
    """Write UTF-8 CSV (with BOM so Danish Excel reads æøå) atomically, formula-guarded."""
    frame = safe_frame(df) if guard else df
    return write_atomic(
        target, lambda p: frame.to_csv(p, index=False, encoding="utf-8-sig", lineterminator="\n")
    )
