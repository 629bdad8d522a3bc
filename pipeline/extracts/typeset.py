"""Typeset extracts with Typst, always in worker processes.

Typst keeps a pool of threads once it has typeset anything, and a process forked from one
that has them inherits their locks in whatever state they were: such a worker hung for good
(seen in the tests). So the process that forks never typesets: `run_extracts` hands every
extract, even a single one, to a pool of forked workers, and `worker_pool` refuses to fork
a process that has typeset. The model goes to the template (`report_templates/
extract.typ`) as JSON through Typst's `sys.inputs`: answers and names are data there, never
markup, so no answer can make Typst read a file or a URL. The template itself is the
project's own: it may read files only inside its folder (Typst's root), but a template that
imported a Typst package ("@preview/...") would have Typst try to download it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import multiprocessing
import os
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import typst
from fontTools.ttLib import TTFont

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
#: A run of this many characters without a space gets a break opportunity (a zero-width
#: space) after every `WRAP_EVERY` characters: a pasted address or a row of dashes would
#: otherwise run off the page, since a line breaks only between words.
LONG_RUN, WRAP_EVERY = 40, 30
#: What is printed for a character the house font has no glyph for (an emoji, CJK): PDF/UA
#: forbids text that cannot be shown, and a substitute font would have to be installed and
#: checked; the answer itself is unchanged in data/processed.
MISSING_GLYPH = "\ufffd"
_long_run = re.compile(rf"\S{{{LONG_RUN},}}")


@dataclass(frozen=True)
class _Typesetter:
    compiler: typst.Compiler
    template: Path
    #: code points every face of the house font the template uses (regular, bold, italic) shows
    printable: frozenset[int]


@cache
def _typesetter(template: str) -> _Typesetter:
    """One compiler per process and template: Typst keeps the parsed template, the fonts and
    what it laid out before between extracts. The root is the templates folder, the only
    place the template may read from."""
    global _started
    _started = True
    path = Path(template)
    faces = [
        f
        for f in typst.Fonts().fonts()
        if f.family == FONT and f.stretch == 1.0 and f.weight in (400, 700) and f.path
    ]
    if not faces:
        raise TemplateError(
            f"the font {FONT} is not installed (Debian: apt-get install fonts-dejavu-core)",
            file=path,
        )
    printable = frozenset.intersection(
        *(frozenset(TTFont(f.path, lazy=True, fontNumber=f.index).getBestCmap()) for f in faces)
    )
    return _Typesetter(typst.Compiler(path, root=path.parent), path, printable)


def printable_text(text: str, printable: frozenset[int]) -> str:
    """The text as the extract can print it: a character no face of the font has becomes
    U+FFFD, invisible controls and byte-order marks are dropped (PDF/UA refuses both), and
    long runs without a space get break opportunities."""
    if not all(ord(c) in printable for c in text) or "\ufeff" in text:
        out = []
        for c in text:
            if c in "\n\t":
                out.append(c)
            elif c == "\ufeff" or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn"):
                if ord(c) in printable and unicodedata.category(c) == "Cf" and c != "\ufeff":
                    out.append(c)  # a zero-width joiner or space the font knows
            elif ord(c) in printable:
                out.append(c)
            else:
                out.append(MISSING_GLYPH)
        text = "".join(out)
    if len(text) >= LONG_RUN:
        text = _long_run.sub(
            lambda m: "\u200b".join(
                m.group()[i : i + WRAP_EVERY] for i in range(0, len(m.group()), WRAP_EVERY)
            ),
            text,
        )
    return text


def _printable_model(value: Any, printable: frozenset[int]) -> Any:
    if isinstance(value, str):
        return printable_text(value, printable)
    if isinstance(value, dict):
        return {k: _printable_model(v, printable) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_printable_model(v, printable) for v in value]
    return value


def _typeset(setter: _Typesetter, model: dict[str, Any], shared: dict[str, str]) -> bytes:
    model = _printable_model(model, setter.printable)
    inputs = {**shared, "model": json.dumps(model, ensure_ascii=False, default=str)}
    name = model.get("municipality", {}).get("name", "?")
    try:
        pdf, warnings = setter.compiler.compile_with_warnings(
            format="pdf", sys_inputs=inputs, pdf_standards=PDF_STANDARDS
        )
    except typst.TypstError as exc:
        raise TemplateError(
            f"cannot typeset the extract of {name}: {_diagnosis(exc)}", file=setter.template
        ) from None
    if warnings:  # e.g. a font the template names that is not installed: fail, do not substitute
        raise TemplateError(f"Typst warns: {_diagnosis(warnings[0])}", file=setter.template)
    if not isinstance(pdf, bytes):
        raise TemplateError("did not give one PDF", file=setter.template)
    return pdf


def _diagnosis(problem: Any) -> str:
    """Typst's message and where in the template (its "┌─ file:line:col" line), on one line."""
    message = " ".join(str(getattr(problem, "message", "") or problem).split())
    lines = str(getattr(problem, "diagnostic", "") or "").splitlines()
    where = next((line.split("┌─", 1)[1].strip() for line in lines if "┌─" in line), "")
    return f"{message} (at {where})" if where else message


def render_batch(
    templates: str,
    models: Sequence[dict[str, Any]],
    threshold: int,
    symbols: dict[str, str],
) -> list[bytes]:
    """Render several extracts, each as its own tagged PDF/UA-1 document (in a worker of
    `worker_pool`: see the module's docstring)."""
    setter = _typesetter(str(Path(templates).resolve() / TEMPLATE))
    shared = {"symbols": json.dumps(symbols, ensure_ascii=False), "threshold": str(threshold)}
    return [_typeset(setter, model, shared) for model in models]


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
