"""The taxonomy's top-level word lists: `non_answers` and `no_technology`, checked on load.

Analysts edit them like the term lists, so every problem is a `DefinitionError` naming the
line (an entry listed twice, a `*` in the wrong place, a bare `no` that YAML reads as false).
What the coder does with them is in `nonanswers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import DefinitionError

#: A phrase ending in this lets its last word continue: "ikke aktuel*" is "ikke aktuelt" too;
#: in `no_technology.words`, a word that is only this stands for any one word.
CONTINUES = "*"
#: One word of a `no_technology` entry: letters and digits, optionally continued, or any word.
_WORD = re.compile(r"^(?:[^\W_]+\*?|\*)$")


@dataclass(frozen=True)
class NoTechnology:
    """Words that say an answer names no technology: a negation, at most one other word and
    a technology word ("ingen teknologi", "ikke nogen digitale"), or a phrase anywhere
    ("fysisk fremmøde"). Such an answer with no category is confidently empty."""

    negations: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


def _error(message: str, path: Path, row: int | None, column: str) -> DefinitionError:
    return DefinitionError(message, file=path, row=row, column=column)


def _phrases(
    value: Any, key: str, path: Path, top: dict[str, int], items: dict[str, list[int]]
) -> tuple[str, ...]:
    """A list of texts, `*` only at the end of a word, none twice after case/space folding."""
    row = top.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _error(f"`{key}` must be a list of phrases", path, row, key)
    lines = items.get(key, [])
    seen: dict[str, int | None] = {}
    for n, phrase in enumerate(value):
        line = lines[n] if n < len(lines) else row
        if not isinstance(phrase, str) or not phrase.strip(f"{CONTINUES} \t"):
            raise _error(
                f"`{key}` entry {n + 1}: must be a non-empty text in quotes "
                f"(YAML reads a bare no, 0 or null as something else; found {phrase!r})",
                path,
                line,
                key,
            )
        folded = " ".join(phrase.casefold().split())
        words = folded.split()
        if key.startswith("no_technology"):
            rule = "letters and digits only; `*` may end a word or stand for any one word"
            bad = not all(_WORD.match(w) for w in words)
        else:
            rule = "`*` may only end the phrase"
            bad = CONTINUES in folded[:-1]
        if bad:
            raise _error(f"`{key}` entry {phrase!r}: {rule}", path, line, key)
        if folded in seen:
            raise _error(
                f"`{key}` entry {phrase!r} is listed twice (also line {seen[folded]})",
                path,
                line,
                key,
            )
        seen[folded] = line
    return tuple(p.strip() for p in value)


def check_non_answers(
    value: Any, path: Path, top: dict[str, int], items: dict[str, list[int]]
) -> tuple[str, ...]:
    """The `non_answers` phrases as written (checked: see `_phrases`)."""
    return _phrases(value, "non_answers", path, top, items)


def check_no_technology(
    value: Any, path: Path, top: dict[str, int], items: dict[str, list[int]]
) -> NoTechnology:
    """The `no_technology` mapping: `negations`, `words` and `phrases`, each a word list."""
    keys = ("negations", "words", "phrases")
    if value is None:
        return NoTechnology()
    if not isinstance(value, dict) or set(value) - set(keys):
        raise _error(
            f"`no_technology` must map {', '.join(keys)} to lists of words",
            path,
            top.get("no_technology"),
            "no_technology",
        )
    lists = {k: _phrases(value.get(k), f"no_technology.{k}", path, top, items) for k in keys}
    for n, negation in enumerate(lists["negations"]):
        if len(negation.split()) != 1 or CONTINUES in negation:
            lines = items.get("no_technology.negations", [])
            raise _error(
                f"`no_technology.negations` entry {negation!r}: one word, no `*`",
                path,
                lines[n] if n < len(lines) else top.get("no_technology"),
                "no_technology.negations",
            )
    return NoTechnology(**lists)
