"""Shared fixtures: a throw-away project folder with the real survey/ definitions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project folder with a copy of survey/ and no data."""
    shutil.copytree(ROOT / "survey", tmp_path / "survey")
    return Project(tmp_path)
