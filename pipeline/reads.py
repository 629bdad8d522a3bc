"""Which files a stage actually read, so `run` re-runs a stage exactly when one of them changes.

Readers of stage data (`pipeline.io`) and of the survey definition (`pipeline.survey`) call
`record(path)`; `run` wraps each stage in `recording()` and stores the list with the stage's
fingerprint. Nothing is listed by hand, so a new input of a stage cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_active: ContextVar[set[Path] | None] = ContextVar("statusmaaling_reads", default=None)


def record(*paths: Path | str | Iterable[Path]) -> None:
    """Note that the running stage read these files (no-op outside `recording`)."""
    seen = _active.get()
    if seen is None:
        return
    for p in paths:
        if isinstance(p, str | Path):
            seen.add(Path(p).resolve())
        else:
            seen.update(Path(x).resolve() for x in p)


@contextmanager
def recording() -> Iterator[set[Path]]:
    """Collect the paths recorded inside the block."""
    seen: set[Path] = set()
    token = _active.set(seen)
    try:
        yield seen
    finally:
        _active.reset(token)
