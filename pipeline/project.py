"""Where a project's files live.

A project folder holds `survey/`, `data/` and `output/`; it may sit outside the code checkout so
that confidential exports never come near git. Every stage takes a `Project`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import StatusmaalingError

#: The survey definitions shipped with the code; `init` copies them into a new project.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_SURVEY = PACKAGE_ROOT / "survey"
BUNDLED_TEMPLATES = PACKAGE_ROOT / "report_templates"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def survey(self) -> Path:
        return self.root / "survey"

    @property
    def templates(self) -> Path:
        local = self.root / "report_templates"
        return local if local.is_dir() else BUNDLED_TEMPLATES

    def raw(self, year: int) -> Path:
        return self.root / "data" / "raw" / str(year)

    def processed(self, year: int) -> Path:
        return self.root / "data" / "processed" / str(year)

    def output(self, year: int) -> Path:
        return self.root / "output" / str(year)

    def codebook_path(self, year: int) -> Path:
        return self.survey / "questionnaires" / f"{year}.yaml"

    def years(self) -> list[int]:
        """Years that have a codebook, oldest first."""
        folder = self.survey / "questionnaires"
        return sorted(int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit())


def open_project(root: str | Path = ".") -> Project:
    """Check that `root` looks like a project folder (it has survey/)."""
    path = Path(root).resolve()
    if not (path / "survey").is_dir():
        raise StatusmaalingError(
            f"{path} is not a statusmaaling project folder (no survey/ in it); "
            "create one with `statusmaaling init DIR` or pass --project"
        )
    return Project(path)


def init_project(root: str | Path, year: int | None = None) -> Project:
    """Create a project folder with the current survey definitions and empty data folders.

    `year` (default: the year after the newest bundled codebook) gets its raw folder, so the
    export can be copied straight in: `cp export.xlsx DIR/data/raw/<year>/`.
    """
    path = Path(root).resolve()
    if (path / "survey").exists():
        raise StatusmaalingError(f"{path / 'survey'} already exists; not overwriting it")
    try:
        path.mkdir(parents=True, exist_ok=True)
        shutil.copytree(BUNDLED_SURVEY, path / "survey")
        project = Project(path)
        year = year or (max(project.years(), default=0) + 1 or None)
        for sub in ("data/raw", "data/processed", "output"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        if year:
            project.raw(year).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StatusmaalingError(
            f"cannot create the project: {exc.strerror or exc}", file=path
        ) from None
    return project
