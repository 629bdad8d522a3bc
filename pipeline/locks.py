"""Exclusive locks, so two commands never write the same files at once (issue #14).

Two `review import` runs at the same time each read `decisions.csv`, appended their rows and
renamed their copy into place: the second rename dropped the first reviewer's decisions while
both printed "imported 10". An exclusive `fcntl.flock` on a lock file beside the data makes
the second run wait (up to `timeout` seconds) and then stop with a one-line `LockedError`
naming the process that holds the lock. The kernel releases a flock when its holder dies,
so a crashed or killed run never leaves a stale lock behind; the lock file itself stays (it
is empty apart from the holder's description and harmless).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import LockedError, OutputNotWritable

#: Seconds a command waits for another one to finish before it gives up.
DEFAULT_TIMEOUT = 30.0
LOCK_NAME = ".statusmaaling.lock"
_POLL = 0.05
#: Locks this process holds (resolved path -> depth), so nested use does not deadlock.
_held: dict[str, int] = {}


def _holder() -> str:
    command = " ".join(os.path.basename(a) for a in sys.argv[:3]) or "python"
    return f"pid {os.getpid()} on {socket.gethostname()} ({command})"


@contextlib.contextmanager
def file_lock(path: str | Path, *, timeout: float | None = None, what: str = "") -> Iterator[Path]:
    """Hold an exclusive lock on `path` (created if needed) for the `with` block.

    Waits up to `timeout` seconds; then raises `LockedError` naming the holder. `what` says
    what is protected ("survey/coding") in that message.
    """
    path = Path(path)
    key = str(path.resolve())
    if _held.get(key):  # re-entered by the same process (flock would wait for itself)
        _held[key] += 1
        try:
            yield path
        finally:
            _held[key] -= 1
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise OutputNotWritable(
            f"cannot create the lock file {path.name} ({exc.strerror}); make the folder "
            "writable, then run the command again",
            file=path.parent,
        ) from None
    try:
        timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd) or "another process"
                    raise LockedError(
                        f"{what or 'these files'} are being written by {holder}; "
                        f"waited {timeout:g} s, try again when it has finished",
                        file=path,
                    ) from None
                time.sleep(_POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, _holder().encode("utf-8"), 0)
        _held[key] = 1
        try:
            yield path
        finally:
            _held.pop(key, None)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 300, 0).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""


def coding_lock(
    survey_dir: str | Path, *, timeout: float | None = None
) -> contextlib.AbstractContextManager[Path]:
    """The lock for every write to `survey/coding/` (the analysts' decisions log)."""
    folder = Path(survey_dir) / "coding"
    return file_lock(folder / LOCK_NAME, timeout=timeout, what=str(folder))


def project_lock(
    root: str | Path, *, timeout: float | None = None
) -> contextlib.AbstractContextManager[Path]:
    """The lock for a whole project (`statusmaaling run`): one writer of data/ and output/."""
    return file_lock(Path(root) / LOCK_NAME, timeout=timeout, what=f"the project {root}")
