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
from rich.markup import escape
from rich.table import Table

from pipeline.errors import StatusmaalingError
from pipeline.project import Project, init_project, open_project

app = typer.Typer(
    help="KL's welfare-technology status survey: from survey exports to the status report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's plain help: typer's rich panels label every flag `<bool>` (`--help <bool>`)
    rich_markup_mode=None,
)
review_app = typer.Typer(
    help="Analysts' review of the automatic free-text coding.",
    no_args_is_help=True,
    rich_markup_mode=None,
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
        one_line = " ".join(str(exc).split())  # YAML and parser messages span lines
        err.print(f"[bold red]Error:[/] {escape(one_line)}", soft_wrap=True)
        raise typer.Exit(1) from None


def _project(path: Path) -> Project:
    return open_project(path)


def _locked(debug: bool, path: Path, fn: Callable[[Project], Any]) -> Any:
    """Open the project and call `fn(project)` holding the project lock (`pipeline.locks`).

    Every command that writes a year's files takes the lock `run` takes, so a `report` or
    `ingest` started beside a `run` waits for it instead of writing the same files at the
    same time; after the lock's timeout it gives up with one line naming the holder."""
    from pipeline.locks import project_lock

    proj = _call(debug, lambda: _project(path))

    def locked() -> Any:
        with project_lock(proj.root):
            return fn(proj)

    return _call(debug, locked)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the project in.")],
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", help="Survey year to prepare data/raw/<year>/ for (default: next)."
        ),
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Create a project folder with the current survey/ definitions and data/raw/<year>/."""
    project = _call(debug, lambda: init_project(directory, year))
    console.print(f"Created project in {project.root}")
    raws = sorted(p for p in (project.root / "data" / "raw").iterdir() if p.is_dir())
    for raw in raws:
        console.print(f"  copy the {raw.name} export into {raw}/")


@app.command()
def demo(
    project: ProjectOpt = Path("."),
    force: Annotated[bool, typer.Option(help="Overwrite existing demo exports.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Write the synthetic demo exports for 2017-2020 into data/raw/<year>/."""
    from pipeline.demo import write_demo

    paths = _locked(debug, project, lambda proj: write_demo(proj, force=force))
    for p in paths:
        console.print(f"wrote {p}")


@app.command("new-year")
def new_year(
    year: YearOpt,
    project: ProjectOpt = Path("."),
    force: Annotated[
        bool, typer.Option(help="Replace an existing codebook for the year with a new draft.")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Draft survey/questionnaires/<year>.yaml from the year's export and last year's codebook.

    Questions are matched by wording and option labels (renumbered variables are followed);
    new ones are marked `new: true`; the report output/<year>/new_year.md lists what was
    matched, reworded, new, gone and uncertain. Exit code 1 when the survey does not load with
    the draft or some questions are uncertain.
    """
    from pipeline.newyear import draft_codebook

    result = _locked(debug, project, lambda proj: draft_codebook(proj, year, force=force))
    m = result.matching
    how = [x.how.split()[0] for x in m.matched]
    console.print(
        f"[bold]{year}[/]: drafted {result.codebook_path} from the {result.previous_year} "
        f"codebook: {len(m.matched)} questions found ({how.count('exact')} same wording, "
        f"{how.count('fuzzy')} similar wording, {how.count('labels')} by option labels only), "
        f"{len(result.new_ids) - len(m.uncertain)} new, {len(m.gone) - len(m.uncertain)} gone, "
        f"{len(m.uncertain)} uncertain"
    )
    candidates = {u.candidate.name for u in m.uncertain}
    for name, qid in result.new_ids.items():
        if name not in candidates:
            console.print(f"  new: {qid} ({name})")
    unsure = {u.old.id for u in m.uncertain}
    for q in m.gone:
        if q.id not in unsure:
            console.print(f"  gone: {q.id}")
    for u in m.uncertain:
        console.print(
            f"  [yellow]uncertain:[/] {u.old.id} ~ {u.candidate.name} (score {u.score:.0f})"
        )
    for problem in result.problems:
        err.print(f"[bold red]Error:[/] {escape(problem)}", soft_wrap=True)
    console.print(f"what changed, question by question: {result.report_path}")
    if result.problems or m.uncertain:
        raise typer.Exit(1)


@app.command()
def ingest(year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False) -> None:
    """Read the year's export into data/processed/<year>/responses.parquet."""
    from pipeline.ingest import ingest_year

    result = _locked(debug, project, lambda proj: ingest_year(proj, year))
    _print_ingest(result)


#: At most this many rejected rows are printed; all of them are in ingest_report.csv.
MAX_PRINTED = 50


def _print_ingest(result: Any) -> None:
    console.print(
        f"[bold]{result.year}[/] {result.source.name}: rows read {result.rows_read} = "
        f"accepted {result.accepted} + rejected {result.rejected}"
    )
    rejected = result.respondents[result.respondents["outcome"] == "rejected"]
    if len(rejected):
        table = Table("row", "municipality", "reason", title="Rejected rows", title_justify="left")
        for r in rejected.head(MAX_PRINTED).itertuples():
            who = r.municipality_code if isinstance(r.municipality_code, str) else r.typed_name
            table.add_row(str(r.row), escape(str(who or "")), escape(str(r.reason)))
        console.print(table)
        if len(rejected) > MAX_PRINTED:
            console.print(f"... and {len(rejected) - MAX_PRINTED} more rows: see ingest_report.csv")
    cells = [i for i in result.issues if i.kind == "cell"]
    for i in cells:
        console.print(f"cell {i.outcome}: row {i.row}, column {i.column}: {i.message}")
    for i in result.issues:
        if i.kind == "column":
            sheet = f" (sheet {i.sheet})" if i.sheet and i.sheet != "Dataset" else ""
            console.print(f"column {i.column}{sheet}: {i.message}")
    console.print(
        f"{result.responses['question_id'].nunique()} questions, {len(result.responses)} answers "
        f"from {result.accepted} municipalities; report: ingest_report.csv"
    )


@app.command()
def status(year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False) -> None:
    """Response rate overall and per region, and who has not (fully) answered yet."""
    from pipeline.formatting import fmt_pct
    from pipeline.status import collection_status, write_status_workbook

    proj = _call(debug, lambda: _project(project))
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
            fmt_pct(r.response_rate),
        )
    states = st.municipalities["state"]
    table.add_row(
        "Hele landet",
        str(st.invited),
        str(int((states == "complete").sum())),
        str(int((states == "partial").sum())),
        str(int((states == "none").sum())),
        fmt_pct(st.response_rate),
        style="bold",
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
    # the counts come from the export alone; only writing the workbook waits for the project
    path = _locked(
        debug,
        project,
        lambda proj: write_status_workbook(st, proj.output(year) / "collection_status.xlsx"),
    )
    console.print(f"wrote {path}")


@app.command()
def classify(
    input: Annotated[
        Path, typer.Option("--input", "-i", help="UTF-8 CSV with id,text[,question].")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the coded CSV.")],
    project: ProjectOpt = Path("."),
    debug: DebugOpt = False,
) -> None:
    """Code free-text answers to the technology taxonomy (CSV in, CSV out)."""
    from pipeline.normalise.classify import classify_file

    n = _call(debug, lambda: classify_file(input, output, _project(project).survey))
    console.print(f"coded {n} answer{'' if n == 1 else 's'} into {output}")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold CSV: id,question,text,categories.")],
    project: ProjectOpt = Path("."),
    debug: DebugOpt = False,
) -> None:
    """Score the coder against answers coded by analysts."""
    from pipeline.normalise.evaluate import evaluate_file, format_evaluation

    metrics = _call(debug, lambda: evaluate_file(gold, _project(project).survey))
    console.print(format_evaluation(metrics), markup=False)


@app.command()
def normalize(year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False) -> None:
    """Code the year's free-text answers into data/processed/<year>/coded_text.parquet."""
    from pipeline.normalise.stage import normalize_year

    coded = _locked(debug, project, lambda proj: normalize_year(proj, year))
    review = int(coded["needs_review"].sum()) if len(coded) else 0
    by_source = coded["source"].value_counts().to_dict() if len(coded) else {}
    console.print(
        f"[bold]{year}[/]: coded {len(coded)} answers ({by_source}); {review} need review "
        f"(statusmaaling review export --year {year})"
    )


@review_app.command("export")
def review_export(year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False) -> None:
    """Write output/<year>/review.xlsx (technologies) and review_<list>.xlsx (a code list such
    as benefits) for analysts to check the coding."""
    from pipeline.normalise.review import export_reviews

    paths = _locked(debug, project, lambda proj: export_reviews(proj, year))
    for path in paths:
        console.print(f"skrev {path} (vejledning på arket 'Vejledning')")


@review_app.command("import")
def review_import(
    file: Annotated[Path, typer.Argument(help="A review workbook filled in by an analyst.")],
    reviewer: Annotated[str | None, typer.Option(help="Reviewer's initials.")] = None,
    project: ProjectOpt = Path("."),
    debug: DebugOpt = False,
) -> None:
    """Validate a filled-in review workbook and append its decisions to survey/coding/."""
    from pipeline.normalise.review import import_review

    result = _call(debug, lambda: import_review(_project(project), file, reviewer=reviewer))
    console.print(
        f"{result.decided} rækker gennemgået: {result.new} nye afgørelser i "
        f"survey/coding/decisions.csv, {result.notes} nye bemærkninger i survey/coding/notes.csv"
    )
    console.print(result.describe())


@review_app.command("new-words")
def review_new_words(
    year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False
) -> None:
    """Write output/<year>/nye_ord.xlsx: the year's unknown words for analysts to categorise."""
    from pipeline.normalise.termsheet import export_new_words

    path, words = _locked(debug, project, lambda proj: export_new_words(proj, year))
    covered = len(set().union(*(w.answer_ids for w in words))) if words else 0
    console.print(
        f"skrev {path}: {len(words)} nye ord og udtryk i {covered} svar "
        "(vejledning på arket 'Vejledning'; internt arbejdsark)"
    )


@review_app.command("import-terms")
def review_import_terms(
    file: Annotated[Path, typer.Argument(help="A sheet of new words filled in by an analyst.")],
    reviewer: Annotated[str | None, typer.Option(help="Analyst's initials.")] = None,
    project: ProjectOpt = Path("."),
    debug: DebugOpt = False,
) -> None:
    """Validate a filled-in sheet of new words and append its terms to survey/coding/terms.csv."""
    from pipeline.normalise.termsheet import import_terms

    result = _call(debug, lambda: import_terms(_project(project), file, reviewer=reviewer))
    console.print(
        f"{result.added} nye ord og {result.ignored} ord uden teknologi i "
        f"survey/coding/terms.csv ({result.unchanged} fandtes allerede); kør statusmaaling "
        "run, så svarene kodes igen"
    )


@app.command()
def indicators(year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False) -> None:
    """Compute every indicator for the year and earlier years; output/<year>/indicators.csv."""
    from pipeline.indicators import write_indicators

    table = _locked(debug, project, lambda proj: write_indicators(proj, year))
    console.print(
        f"[bold]{year}[/]: {table['indicator_id'].nunique()} indicators, {len(table)} rows, "
        f"years {', '.join(map(str, sorted(table['year'].unique())))}"
    )


PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM",
        help="Publication month YYYY-MM for the cover (default: survey/report.yaml, else the "
        "month after collection closed).",
    ),
]


def _month(text: str | None) -> Any:
    from pipeline.survey.report_definition import parse_month

    if text is None:
        return None
    try:
        return parse_month(text)
    except ValueError:
        err.print(f"Error: --published: expected YYYY-MM, got {escape(text)!r}")
        raise typer.Exit(2) from None


@app.command()
def report(
    year: YearOpt,
    project: ProjectOpt = Path("."),
    published: PublishedOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Render the national status report, output/<year>/statusmaaling_<year>.pdf."""
    from pipeline.report import render_report

    month = _month(published)
    result = _locked(debug, project, lambda proj: render_report(proj, year, published=month))
    for warning in result.warnings:
        err.print(f"[yellow]Warning:[/] {escape(str(warning))}", soft_wrap=True)
    console.print(
        f"wrote {result.path} ({result.pages} pages, {result.figures} figures, {result.seconds} s)"
    )


@app.command()
def export(year: YearOpt, project: ProjectOpt = Path("."), debug: DebugOpt = False) -> None:
    """Write the committees' spreadsheet, output/<year>/statusmaaling_<year>.xlsx."""
    from pipeline.export import export_workbook

    path = _locked(debug, project, lambda proj: export_workbook(proj, year))
    console.print(f"wrote {path}")


@app.command()
def extract(
    year: YearOpt,
    municipality: Annotated[
        list[str] | None,
        typer.Option("--municipality", "-m", help="Code or name; may be given several times."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="All 98 municipalities.")] = False,
    project: ProjectOpt = Path("."),
    debug: DebugOpt = False,
) -> None:
    """Per-municipality extracts, output/<year>/kommuner/<code>_<name>.pdf."""
    from pipeline.extracts.render import run_extracts

    if not municipality and not all_:
        err.print("Error: give --municipality CODE|NAME or --all")
        raise typer.Exit(2)
    run = _locked(
        debug,
        project,
        lambda proj: run_extracts(proj, year, municipalities=municipality, all_municipalities=all_),
    )
    folder = run.paths[0].parent if run.paths else "-"
    unchanged = len(run.paths) - run.rendered
    console.print(
        f"wrote {run.rendered} extract{'' if run.rendered == 1 else 's'} into {folder}"
        + (f" ({unchanged} unchanged, not rendered again)" if unchanged else "")
    )


@app.command()
def site(
    year: YearOpt,
    edition: Annotated[
        str,
        typer.Option(
            "--edition",
            "-e",
            help="public: national and regional figures (output/<year>/site/); internal: also "
            "the municipality pages and the adoption map of their answers "
            "(output/<year>/site-internal/); all: both.",
        ),
    ] = "public",
    project: ProjectOpt = Path("."),
    published: PublishedOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Write the web edition of the report (static HTML, works offline) for one year."""
    from pipeline.site.build import EDITIONS, build_sites

    editions = EDITIONS if edition == "all" else (edition,)
    if edition != "all" and edition not in EDITIONS:
        err.print(f"Error: --edition must be public, internal or all, not {escape(edition)!r}")
        raise typer.Exit(2)
    month = _month(published)
    results = _locked(
        debug, project, lambda proj: build_sites(proj, year, editions, published=month)
    )
    for result in results:
        console.print(
            f"wrote {result.path} ({result.edition}, {result.pages} pages, {result.seconds} s)"
        )


def _stage_summary(stage: Any, result: Any) -> str:
    """One line on what a stage made, for the run log."""
    name = stage.name
    if name == "ingest":
        return (
            f"rows read {result.rows_read} = accepted {result.accepted} "
            f"+ rejected {result.rejected}"
        )
    if name == "normalize":
        return f"{len(result)} answers coded, {int(result['needs_review'].sum())} need review"
    if name == "indicators":
        return f"{result['indicator_id'].nunique()} indicators, {len(result)} rows"
    if name == "report":
        return f"{result.path.name}: {result.pages} pages, {result.figures} figures"
    if name == "extracts":
        return f"{len(result.paths)} extracts ({result.rendered} rendered, the rest unchanged)"
    return Path(result).name if result is not None else "done"


@app.command()
def run(
    year: YearOpt,
    project: ProjectOpt = Path("."),
    force: Annotated[
        bool, typer.Option(help="Run every stage even if its inputs are unchanged.")
    ] = False,
    extracts: Annotated[
        bool, typer.Option(help="Also render the 98 per-municipality extracts.")
    ] = True,
    published: PublishedOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Run ingest, normalize, indicators, report, export and extracts for the year.

    Earlier years with raw data are ingested and coded too (the report compares years).
    Stages whose inputs have not changed since their last run are skipped.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from pipeline.run import run_year, stages_for

    month = _month(published)
    proj = _call(debug, lambda: _project(project))
    total = len(_call(debug, lambda: stages_for(proj, year, extracts=extracts)))
    warnings: list[str] = []
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    ) as bar:
        task = bar.add_task(f"{year}: starting", total=total)

        def on_stage(stage: Any, skipped: bool, result: Any = None) -> None:
            line = "unchanged, skipped" if skipped else _stage_summary(stage, result)
            bar.console.print(f"  {stage.year} {stage.name:<10} {line}")
            for w in getattr(result, "warnings", None) or []:
                # "file: column: message", the parts a warning has (a report's has no column)
                parts = (w,) if isinstance(w, str) else (w.file, w.column, w.message)
                warnings.append(": ".join(str(x) for x in parts if x))
            bar.update(task, advance=1, description=f"{year}: after {stage.name}")

        _call(
            debug,
            lambda: run_year(
                proj, year, force=force, extracts=extracts, on_stage=on_stage, published=month
            ),
        )
    for warning in warnings:
        err.print(f"[yellow]Warning:[/] {escape(str(warning))}", soft_wrap=True)
    _summarise_problems(proj, year)
    console.print(f"[bold]{year}[/]: outputs in {proj.output(year)}")


def _summarise_problems(proj: Project, year: int) -> None:
    """One line on the year's saved warnings, also of the stages this run skipped."""
    from collections import Counter

    from pipeline.problems import problems_path, read_problems

    problems = read_problems(proj.output(year))
    if not problems:
        return
    by_stage = Counter(p.stage for p in problems)
    parts = ", ".join(f"{stage} {n}" for stage, n in by_stage.items())
    console.print(
        f"[bold]{year}[/]: {len(problems)} warnings ({parts}); all in "
        f"{problems_path(proj.output(year))}"
    )


def main() -> None:  # pragma: no cover - entry point for `python -m pipeline.cli`
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
