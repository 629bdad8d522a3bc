"""The survey model: everything in `survey/`, loaded once and cross-checked.

Every stage receives a `Survey` (or loads it with `load_survey(project)`, which is cached until
a file in `survey/` changes); no stage opens a survey file itself. That is what lets an analyst
carry the survey into a new year by editing data: a new codebook, a renamed section, a new
wording or category is read here, checked against the rest here, and reaches every stage the
same way.

The model also records which files each part was read from (`Survey.files`), so `run` can
tell exactly which stages an edit affects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.errors import CodebookError, DefinitionError
from pipeline.municipalities import Register, load_register
from pipeline.project import Project
from pipeline.reads import record
from pipeline.survey.code_lists import CodeList, code_list_from, list_path
from pipeline.survey.codebook import Codebook, codebook_from
from pipeline.survey.comparability import reworded_years
from pipeline.survey.crosswalk import Crosswalk, crosswalk_from
from pipeline.survey.indicators import IndicatorSet, parse_indicators
from pipeline.survey.quotes import Quote, quotes_from
from pipeline.survey.report_definition import (
    ReportDefinition,
    placements,
    report_definition_from,
)
from pipeline.survey.sections import FOLDER as SECTIONS
from pipeline.survey.sections import EditorialSection, check_placed_files, sections_for_year
from pipeline.survey.taxonomy import Taxonomy, taxonomy_from
from pipeline.survey.terms import terms_path, with_terms
from pipeline.survey.termsets import load_termsets
from pipeline.survey.yamlfile import YamlDoc, read_yaml

TAXONOMY = "taxonomy.yaml"
REGISTER = "municipalities.csv"
INDICATORS = "indicators.yaml"
REPORT = "report.yaml"
CROSSWALK = "crosswalk.yaml"
QUESTIONNAIRES = "questionnaires"
QUOTES = "quotes.yaml"
CODING = "coding"


@dataclass(frozen=True)
class Survey:
    """The validated survey definition of a project.

    Each part is reached through a property that records the files it came from
    (`pipeline.reads`), so `run` knows which parts a stage used.
    """

    folder: Path
    _taxonomy: Taxonomy
    _register: Register
    _codebooks: dict[int, Codebook]
    _indicators: IndicatorSet
    _report: ReportDefinition
    _crosswalk: Crosswalk
    _quotes: dict[int, tuple[Quote, ...]]
    #: year -> analysts' own sections (`survey/<year>/sections/`), in report.yaml order
    _sections: dict[int, tuple[EditorialSection, ...]] = field(default_factory=dict)
    #: part ("taxonomy", "register", "codebook/2019", "quotes/2019", ...) -> files read
    files: dict[str, tuple[Path, ...]] = field(default_factory=dict)
    #: code lists by name (`survey/code_lists/<name>.yaml`), e.g. the benefits list
    _code_lists: dict[str, CodeList] = field(default_factory=dict)

    def _use(self, *parts: str) -> None:
        record(self.inputs(*parts))

    @property
    def taxonomy(self) -> Taxonomy:
        self._use("taxonomy")
        return self._taxonomy

    @property
    def register(self) -> Register:
        self._use("register")
        return self._register

    @property
    def codebooks(self) -> dict[int, Codebook]:
        self._use("codebook/*")
        return self._codebooks

    @property
    def indicators(self) -> IndicatorSet:
        """The indicators, checked against every codebook and the taxonomy (so they count as
        read too)."""
        self._use("indicators", "codebook/*", "taxonomy", "code_lists")
        return self._indicators

    @property
    def code_lists(self) -> dict[str, CodeList]:
        """The code lists the codebooks name (besides the taxonomy), by name."""
        self._use("code_lists")
        return self._code_lists

    @property
    def report(self) -> ReportDefinition:
        self._use("report")
        return self._report

    @property
    def crosswalk(self) -> Crosswalk:
        self._use("taxonomy")
        return self._crosswalk

    @property
    def years(self) -> list[int]:
        """Years with a codebook, oldest first."""
        return sorted(self._codebooks)

    def codebook(self, year: int) -> Codebook:
        """The year's codebook; a missing one says how to make it."""
        self._use(f"codebook/{year}")
        book = self._codebooks.get(year)
        if book is None:
            path = self.folder / QUESTIONNAIRES / f"{year}.yaml"
            hint = (
                f"; draft it from the export with `statusmaaling new-year --year {year}`"
                if self._codebooks and year > max(self._codebooks)
                else ""
            )
            raise CodebookError(f"no codebook for {year}{hint}", file=path)
        return book

    def quotes_for(self, year: int) -> tuple[Quote, ...]:
        self._use(f"quotes/{year}")
        return self._quotes.get(year, ())

    def sections_for(self, year: int) -> tuple[EditorialSection, ...]:
        """The analysts' own sections of the year's report (none without a folder)."""
        self._use("report", f"sections/{year}")
        return self._sections.get(year, ())

    def reworded_years(self, question_id: str, item: str | None, year: int) -> frozenset[int]:
        """Earlier years that asked the question (row) in other words than `year`."""
        return reworded_years(self.codebooks, question_id, item, year)

    def quotes_path(self, year: int) -> Path:
        return self.folder / str(year) / QUOTES

    def inputs(self, *parts: str) -> list[Path]:
        """The files the named parts were read from ("codebook/*" for every codebook)."""
        out: list[Path] = []
        for part in parts:
            if part.endswith("/*"):
                prefix = part[:-1]
                for key in sorted(self.files):
                    if key.startswith(prefix):
                        out.extend(self.files[key])
            else:
                out.extend(self.files.get(part, ()))
        return out


def _codebooks(folder: Path) -> tuple[dict[int, Codebook], dict[int, YamlDoc]]:
    books: dict[int, Codebook] = {}
    docs: dict[int, YamlDoc] = {}
    qdir = folder / QUESTIONNAIRES
    if not qdir.is_dir():
        raise DefinitionError("no questionnaires/ folder with the codebooks", file=qdir)
    for path in sorted(qdir.glob("*.yaml")):
        if not path.stem.isdigit():
            raise CodebookError("a codebook is named after its year (e.g. 2020.yaml)", file=path)
        doc = read_yaml(path, what="codebook", error=CodebookError)
        books[int(path.stem)] = codebook_from(doc)
        docs[int(path.stem)] = doc
    return books, docs


def _check_contexts(docs: dict[int, YamlDoc], books: dict[int, Codebook], tax: Taxonomy) -> None:
    """A coded text question's context must be one the taxonomy knows (`contexts:`)."""
    for year, book in books.items():
        for index, question in enumerate(book.questions):
            for qid, item, context in book.coded_text_questions():
                if qid != question.id or context in tax.contexts:
                    continue
                where = f"{qid}.{item}" if item else qid
                raise CodebookError(
                    f"question {where!r}: context {context!r} is not in the taxonomy's "
                    f"`contexts:` ({', '.join(sorted(tax.contexts))})",
                    file=docs[year].path,
                    row=docs[year].line("questions", index),
                )


def _check_wording(report: ReportDefinition, doc: YamlDoc, books: dict[int, Codebook]) -> None:
    """Narrative phrases must name questions that exist in some codebook."""
    known = {q.id for b in books.values() for q in b.questions}
    for key in ("predicates", "answer_predicates", "rankings"):
        for qid in getattr(report.narrative, key):
            if qid not in known:
                raise DefinitionError(
                    f"narrative.{key}: no question {qid!r} in any codebook",
                    file=doc.path,
                    row=doc.line("narrative", key, qid),
                )
    # a label's spelling is keyed by a codebook label as written: another key is a typo, and
    # a neutral answer that opens no answer of any codebook greys nothing
    every_label = {
        label.strip()
        for b in books.values()
        for q in b.questions
        for label in [*(o.label for o in q.options), *(r.label for r in q.rows)]
    }
    for label in report.charts.label_rewrites:
        if label.strip() not in every_label:
            raise DefinitionError(
                f"charts.label_rewrites: no answer or row {label!r} in any codebook",
                file=doc.path,
                row=doc.line("charts", "label_rewrites", label),
            )
    for index, answer in enumerate(report.charts.neutral_answers):
        if not any(label.startswith(answer) for label in every_label):
            raise DefinitionError(
                f"charts.neutral_answers: no answer of any codebook starts with {answer!r}",
                file=doc.path,
                row=doc.line("charts", "neutral_answers", index),
            )
    # a phrase per answer is keyed by the answer's label: one that no codebook has is a typo
    for qid, by_answer in report.narrative.answer_predicates.items():
        labels = {
            o.label.strip().lower()
            for b in books.values()
            if qid in b.by_id
            for o in b.by_id[qid].options
        }
        for answer in by_answer:
            if answer not in labels:
                raise DefinitionError(
                    f"narrative.answer_predicates.{qid}: no answer {answer!r} in any codebook "
                    f"(answers: {', '.join(sorted(labels))})",
                    file=doc.path,
                    row=doc.line("narrative", "answer_predicates", qid),
                )


def _check_decisions(
    folder: Path, tax: Taxonomy, crosswalk: Crosswalk, lists: dict[str, CodeList]
) -> None:
    """Analysts' decisions may use earlier slugs only through the crosswalk."""
    from pipeline.normalise.decisions import decisions_path, read_decisions

    listed = {s for cl in lists.values() for s in cl.slugs}
    read_decisions(decisions_path(folder), slugs={*tax.slugs, *crosswalk.mapping, *listed})


def _code_lists(
    folder: Path, docs: dict[int, YamlDoc], books: dict[int, Codebook], tax: Taxonomy
) -> dict[str, CodeList]:
    """Every code list a codebook names, read once. Its slugs share the `categories` column
    of coded answers and `decisions.csv` with the taxonomy's, so none may repeat one."""
    lists: dict[str, CodeList] = {}
    owner = {s: f"survey/{TAXONOMY}" for s in tax.slugs}
    for year, book in sorted(books.items()):
        for question in book.questions:
            name = question.code_list
            if not name or name in lists:
                continue
            path = list_path(folder, name)
            if not path.is_file():
                index = next(i for i, q in enumerate(book.questions) if q.id == question.id)
                raise DefinitionError(
                    f"question {question.id!r} names code list {name!r}, but "
                    f"{path.relative_to(folder.parent)} does not exist",
                    file=docs[year].path,
                    row=docs[year].line("questions", index),
                    column="code_list",
                )
            doc = read_yaml(path, what="code list")
            code_list = code_list_from(doc, name)
            for n, slug in enumerate(code_list.slugs):
                if slug in owner:
                    raise DefinitionError(
                        f"slug {slug!r} is already a category of {owner[slug]}; a code list "
                        "needs slugs of its own",
                        file=path,
                        row=doc.line("categories", n),
                        column="slug",
                    )
                owner[slug] = f"survey/code_lists/{name}.yaml"
            lists[name] = code_list
    return lists


def _quotes(folder: Path, years: Iterable[int]) -> tuple[dict[int, tuple[Quote, ...]], dict]:
    quotes: dict[int, tuple[Quote, ...]] = {}
    files: dict[str, tuple[Path, ...]] = {}
    for year in years:
        path = folder / str(year) / QUOTES
        doc = read_yaml(path, what="quotes", required=False)
        quotes[year] = tuple(quotes_from(doc))
        files[f"quotes/{year}"] = (path,)
    return quotes, files


def _sections(
    folder: Path, years: Iterable[int], report: ReportDefinition, doc: YamlDoc
) -> tuple[dict[int, tuple[EditorialSection, ...]], dict[str, tuple[Path, ...]]]:
    """Each year's editorial sections; the folder and its files are what `run` watches."""
    out: dict[int, tuple[EditorialSection, ...]] = {}
    files: dict[str, tuple[Path, ...]] = {}
    placed = placements(report, doc)
    for year in years:
        path = folder / str(year) / SECTIONS
        out[year] = sections_for_year(path, placed)
        files[f"sections/{year}"] = (path,)  # a folder: `run` fingerprints what is in it
    every = [p for p in folder.glob(f"*/{SECTIONS}") if p.parent.name.isdigit()]
    check_placed_files(placed, every, doc.path)
    return out, files


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, mtime and size of every file under `folder`: the cache key of the model."""
    out = []
    for path in sorted(folder.rglob("*")):
        try:
            st = path.stat()
        except OSError:
            continue
        if path.is_file():
            out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


@lru_cache(maxsize=4)
def _load(folder: Path, stamp: tuple) -> Survey:
    if not folder.is_dir():
        raise DefinitionError("no survey/ folder", file=folder)
    taxonomy = with_terms(taxonomy_from(read_yaml(folder / TAXONOMY, what="taxonomy")), folder)
    # the coder's word lists: a broken term set stops every command here, in one line, not
    # the normalize stage halfway through a year (the coder reads them again, from the
    # cache, and records them as its inputs)
    termsets = load_termsets(folder, record_reads=False)
    termsets.check_kinds(set(taxonomy.devices), folder / TAXONOMY)
    register = load_register(folder / REGISTER)
    books, book_docs = _codebooks(folder)
    _check_contexts(book_docs, books, taxonomy)
    code_lists = _code_lists(folder, book_docs, books, taxonomy)
    report_doc = read_yaml(folder / REPORT, what="report definition")
    report = report_definition_from(report_doc)
    _check_wording(report, report_doc, books)
    indicators = parse_indicators(
        read_yaml(folder / INDICATORS, what="indicator definitions"),
        books,
        taxonomy.categories,
        report.section_ids,
        {name: cl.categories for name, cl in code_lists.items()},
    )
    crosswalk = crosswalk_from(
        read_yaml(folder / CROSSWALK, what="taxonomy crosswalk", required=False), taxonomy.slugs
    )
    _check_decisions(folder, taxonomy, crosswalk, code_lists)
    quotes, quote_files = _quotes(folder, books)
    sections, section_files = _sections(folder, books, report, report_doc)
    files: dict[str, tuple[Path, ...]] = {
        "taxonomy": (folder / TAXONOMY, folder / CROSSWALK, terms_path(folder)),
        "register": (folder / REGISTER,),
        "indicators": (folder / INDICATORS,),
        "report": (folder / REPORT,),
        "coding": (folder / CODING,),
        **section_files,
        **{f"codebook/{y}": (d.path,) for y, d in book_docs.items()},
        **quote_files,
        "code_lists": tuple(cl.path for cl in code_lists.values()),
    }
    return Survey(
        folder=folder,
        _taxonomy=taxonomy,
        _register=register,
        _codebooks=books,
        _indicators=indicators,
        _report=report,
        _crosswalk=crosswalk,
        _quotes=quotes,
        _sections=sections,
        files=files,
        _code_lists=code_lists,
    )


def load_survey(project: Project | str | Path) -> Survey:
    """Load and cross-check `survey/` (cached until one of its files changes)."""
    folder = project.survey if isinstance(project, Project) else Path(project)
    folder = folder.resolve()
    return _load(folder, _stamp(folder))
