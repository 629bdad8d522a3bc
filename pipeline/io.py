"""Writing outputs safely.

Outputs are written to a temporary file beside the target and renamed into place, so a failed
run leaves the previous output intact. A folder that cannot be written (read-only, missing,
full) is one line of `OutputNotWritable` naming the folder; the temporary files carry the
writer's process id so that a later run can remove those a killed run left behind
(`remove_stale_temp`). Text bound for spreadsheets or CSV is neutralised against formula
injection.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputFileError, OutputNotWritable
from pipeline.reads import record

if TYPE_CHECKING:  # pandas is imported where a frame is read: `run` with nothing to do
    import pandas as pd  # imports this module without paying for it

#: OWASP CSV injection: cells starting with these are read as formulas by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


#: Temporary files of `atomic_path` end so; their name carries the writing process's id.
TEMP_SUFFIX = ".tmp"
#: A temporary file without a readable process id is stale after this many seconds.
STALE_SECONDS = 3600


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` only on success.

    An `OSError` on the way (a read-only or missing folder, a full disk) becomes one line of
    `OutputNotWritable` naming the target's folder, not the temporary file's name.
    """
    target = Path(target)
    tmp_path: Path | None = None
    try:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=target.parent
            )
            os.close(fd)
        except OSError as exc:
            raise _not_writable(target, exc) from None
        tmp_path = Path(tmp)
        try:
            yield tmp_path
            os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared
            os.replace(tmp_path, target)
        except OSError as exc:
            raise _not_writable(target, exc) from None
    finally:
        if tmp_path is not None:
            with contextlib.suppress(OSError):
                tmp_path.unlink(missing_ok=True)


def _not_writable(target: Path, exc: OSError) -> OutputNotWritable:
    reason = exc.strerror or type(exc).__name__
    return OutputNotWritable(
        f"cannot write {target.name} into this folder ({reason}); make it writable or free "
        "space, then run the command again",
        file=_existing_parent(target.parent),
    )


def _existing_parent(folder: Path) -> Path:
    """The folder to name: the first that exists (a missing one cannot be read-only)."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return folder if candidate == folder else candidate
    return folder


def remove_stale_temp(folder: str | Path) -> int:
    """Delete temporary files a killed run left in `folder`; return how many.

    A file is stale when the process named in it no longer exists (or, for a name without a
    process id, when it is older than STALE_SECONDS), so a run going on beside this one keeps
    its files.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob(f".*{TEMP_SUFFIX}"):
        if _is_stale(path):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def _is_stale(path: Path) -> bool:
    parts = path.name.split(".")
    pid = next((int(p) for p in reversed(parts[:-2]) if p.isdigit()), None)
    if pid is not None and pid != os.getpid():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False  # alive, another user's
        return False
    if pid == os.getpid():
        return False
    try:
        return time.time() - path.stat().st_mtime > STALE_SECONDS
    except OSError:
        return False


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
    import pandas as pd

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


def unguard(value: str) -> str:
    """Undo `safe_cell`: drop the apostrophe it put before a formula-like text."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell passed through `safe_cell`."""
    import pandas as pd

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
