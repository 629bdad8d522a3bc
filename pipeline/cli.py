"""The `statusmaaling` command: thin wrappers around the stage functions.

Each command reads its options, calls one library function and turns our exceptions into a
one-line message and exit code 1 (`--debug` shows the traceback instead).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline.errors import StatusmaalingError
from pipeline.project import Project, init_project, open_project

app = typer.Typer(
    help="KL's welfare-technology status survey: from survey exports to the status report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
review_app = typer.Typer(
    help="Analysts' review of the automatic free-text coding.", no_args_is_help=True
)
app.add_typer(review_app, name="review")

console = Console(highlight=False)
err = Console(stderr=True, highlight=False)

ProjectOpt = Annotated[
    Path,
    typer.Option(
        "--project",
        "-p",
        help="Project folder holding survey/, data/ and output/ (default: current directory).",
        file_okay=False,
    ),
]
YearOpt = Annotated[int, typer.Option("--year", "-y", help="Survey year, e.g. 2019.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the full traceback on errors.")]


def _call(debug: bool, fn: Callable[[], Any]) -> Any:
    """Run `fn`; our own errors become one red line on stderr and exit code 1."""
    try:
        return fn()
    except StatusmaalingError as exc:
        if debug:
            raise
        err.print(f"[bold red]Error:[/] {exc}", soft_wrap=True)
        raise typer.Exit(1) from None


def _project(path: Path) -> Project:
    return open_project(path)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the project in.")],
    debug: DebugOpt = False,
) -> None:
    """Create a project folder with the current survey/ definitions."""
    project = _call(debug, lambda: init_project(directory))
    console.print(f"Created project in {project.root}")


@app.command()
def demo(
    project: ProjectOpt = Path("."),
    force: Annotated[bool, typer.Option(help="Overwrite existing demo exports.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Write the synthetic demo exports for 2017-2019 into data/raw/<year>/."""
    from pipeline.demo import write_demo

    paths = _call(debug, lambda: write_demo(_project(project), force=force))
    for p in paths:
        console.print(f"wrote {p}")


@app.command()
def ingest(year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False) -> None:
    """Read the year's export into data/processed/<year>/responses.parquet."""
    from pipeline.ingest import ingest_year

    result = _call(debug, lambda: ingest_year(_project(project), year))
    _print_ingest(result)


def _print_ingest(result: Any) -> None:
    console.print(
        f"[bold]{result.year}[/] {result.source.name}: rows read {result.rows_read} = "
        f"accepted {result.accepted} + rejected {result.rejected}"
    )
    rejected = result.respondents[result.respondents["outcome"] == "rejected"]
    if len(rejected):
        table = Table("row", "municipality", "reason", title="Rejected rows", title_justify="left")
        for r in rejected.itertuples():
            table.add_row(str(r.row), r.municipality_code or r.typed_name or "", r.reason)
        console.print(table)
    cells = [i for i in result.issues if i.kind == "cell"]
    for i in cells:
        console.print(f"cell rejected: row {i.row}, column {i.column}: {i.message}")
    for i in result.issues:
        if i.kind == "column":
            console.print(f"column {i.column}: {i.message}")
    console.print(
        f"{result.responses['question_id'].nunique()} questions, {len(result.responses)} answers "
        f"from {result.accepted} municipalities; report: ingest_report.csv"
    )


@app.command()
def status(year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False) -> None:
    """Response rate overall and per region, and who has not (fully) answered yet."""
    from pipeline.status import collection_status, write_status_workbook

    proj = _project(project)
    st = _call(debug, lambda: collection_status(proj, year))
    console.print(
        f"[bold]{year}[/]: {st.answered} of {st.invited} municipalities have answered "
        f"({st.response_rate:.0%})"
    )
    table = Table("Region", "Inviterede", "Gennemført", "Delvist", "Ikke besvaret", "Svarprocent")
    for r in st.by_region.itertuples():
        table.add_row(
            r.region,
            str(r.invited),
            str(r.complete),
            str(r.partial),
            str(r.none),
            f"{r.response_rate:.0%}",
        )
    console.print(table)
    missing = st.missing()
    if len(missing):
        t2 = Table(
            "Kode", "Kommune", "Region", "Status", title="Mangler svar", title_justify="left"
        )
        for r in missing.itertuples():
            t2.add_row(r.code, r.name, r.region, r.state_label)
        console.print(t2)
    path = _call(
        debug, lambda: write_status_workbook(st, proj.output(year) / "collection_status.xlsx")
    )
    console.print(f"wrote {path}")


def main() -> None:  # pragma: no cover - entry point for `python -m pipeline.cli`
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
