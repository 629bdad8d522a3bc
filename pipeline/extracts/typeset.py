"""Typeset extracts with Typst, always in worker processes.

Typst keeps a pool of threads once it has typeset anything, and a process forked from one
that has them inherits their locks in whatever state they were: such a worker hung for good
(seen in the tests). So the process that forks never typesets: `run_extracts` hands every
extract, even a single one, to a pool of forked workers, and `worker_pool` refuses to fork
a process that has typeset. The model goes to the template (`report_templates/
extract.typ`) as JSON through Typst's `sys.inputs`: answers and names are data there, never
markup, and the template reads no file and no URL (its root is the templates folder).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import typst

from pipeline.errors import TemplateError

TEMPLATE = "extract.typ"
#: The house font (as the report's style.css); a missing font must not pass silently into
#: a substitute, so it is checked before anything is typeset.
FONT = "DejaVu Sans"
#: Tagged PDF with the PDF/UA-1 checks (title shown, language, tables, no untagged content).
PDF_STANDARDS = ["ua-1"]
#: linux/prctl.h: deliver a signal to this process when its parent dies.
PR_SET_PDEATHSIG = 1


#: Set in a process once it has started Typst (see the module's docstring).
_started = False


@cache
def _compiler(template: str) -> typst.Compiler:
    """One compiler per process and template: Typst keeps the parsed template, the fonts and
    what it laid out before between extracts. The root is the templates folder, the only
    place the template may read from."""
    global _started
    _started = True
    path = Path(template)
    if FONT not in typst.Fonts().families():
        raise TemplateError(
            f"skrifttypen {FONT} mangler på maskinen (Debian: apt-get install fonts-dejavu-core)",
            file=path,
        )
    return typst.Compiler(path, root=path.parent)


def _typeset(
    compiler: typst.Compiler, template: Path, model: dict[str, Any], shared: dict[str, str]
) -> bytes:
    inputs = {**shared, "model": json.dumps(model, ensure_ascii=False, default=str)}
    try:
        pdf = compiler.compile(format="pdf", sys_inputs=inputs, pdf_standards=PDF_STANDARDS)
    except typst.TypstError as exc:  # a broken template: name it and the first line of why
        where = exc.diagnostic.splitlines()[0] if getattr(exc, "diagnostic", "") else ""
        message = " ".join(str(exc.message or exc).split())
        raise TemplateError(f"kan ikke sættes: {message} {where}".strip(), file=template) from None
    if not isinstance(pdf, bytes):
        raise TemplateError("gav ikke én PDF", file=template)
    return pdf


def render_batch(
    templates: str,
    models: Sequence[dict[str, Any]],
    threshold: int,
    symbols: dict[str, str],
) -> list[bytes]:
    """Render several extracts, each as its own tagged PDF/UA-1 document (in a worker of
    `worker_pool`: see the module's docstring)."""
    template = Path(templates).resolve() / TEMPLATE
    compiler = _compiler(str(template))
    shared = {"symbols": json.dumps(symbols, ensure_ascii=False), "threshold": str(threshold)}
    return [_typeset(compiler, template, model, shared) for model in models]


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers end when this process ends, also by `kill -9`.

    Workers are forked (they start in milliseconds, with the modules already imported), so
    this process must not have typeset anything itself (see the module's docstring).

    A killed parent cannot shut its pool down; its workers then stayed alive for good. Each
    worker asks the kernel for SIGKILL when its parent dies (Linux prctl), and, where that is
    not available, a watchdog thread exits once the parent has gone.
    """
    if _started:
        raise RuntimeError("this process has typeset with Typst; a worker forked now may hang")
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )


def _die_with_parent(parent: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()
