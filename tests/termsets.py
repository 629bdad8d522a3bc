"""Test helper: the shipped term sets copied beside a test's own taxonomy."""

from __future__ import annotations

import shutil
from pathlib import Path

SURVEY = Path(__file__).resolve().parent.parent / "survey"


def copy_termsets(survey_dir: Path) -> Path:
    """Copy `survey/coding/termsets/` into `survey_dir` (a test survey folder) and return it."""
    target = survey_dir / "coding" / "termsets"
    shutil.copytree(SURVEY / "coding" / "termsets", target, dirs_exist_ok=True)
    return survey_dir
