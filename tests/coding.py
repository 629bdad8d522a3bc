"""What the tests of the coder's rule modules share: the bundled survey and one way to code."""

from __future__ import annotations

from pathlib import Path

SURVEY = Path(__file__).resolve().parent.parent / "survey"


def code(coder, text, context=None):
    """The coder's reading of one answer (a question context where the rule needs one)."""
    return coder.code(text, context)
