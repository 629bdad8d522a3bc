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


def _build_demo_project(root: Path) -> Project:
    """A project with the committed demo exports, ingested, coded and with indicators."""
    from pipeline.indicators import write_indicators
    from pipeline.ingest import ingest_year
    from pipeline.normalise.stage import normalize_year

    shutil.copytree(ROOT / "survey", root / "survey")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    project = Project(root)
    for year in (2017, 2018, 2019):
        ingest_year(project, year)
        normalize_year(project, year)
    write_indicators(project, 2019)
    return project


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The demo data run through ingest, normalize and indicators (shared: do not modify)."""
    return _build_demo_project(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo_copy(demo_project: Project, tmp_path: Path) -> Project:
    """A private copy of the processed demo project, for tests that change or add files."""
    shutil.copytree(demo_project.root, tmp_path / "demo")
    return Project(tmp_path / "demo")


@pytest.fixture(scope="session")
def coder():
    """The coder of the bundled survey (taxonomy and term sets), built once."""
    from pipeline.normalise.classify import get_coder

    return get_coder(ROOT / "survey")
