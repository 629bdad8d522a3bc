"""The normalize stage: a year's free-text answers coded to the technology taxonomy.

Reads `data/processed/<year>/responses.parquet` (from ingest) and the year's codebook to find
the text questions coded to the taxonomy and their question context, codes every answer
(rules, with the learned model's second opinion once trained), lets analysts' decisions
override the automatic coding for identical texts from any year and for near-identical ones
the coder reads the same way (`reuse`; else the answer goes to review with the decision as
suggestion), and writes `data/processed/<year>/coded_text.parquet`. Its boolean column
`non_answer` is the coder's verdict (rule 7, phrases in `survey/taxonomy.yaml`), so later
stages need no list of their own.
"""

from __future__ import annotations

import pandas as pd

from pipeline import io
from pipeline.errors import MissingStageOutput
from pipeline.normalise.classify import classify_texts, get_coder
from pipeline.normalise.decisions import DecisionIndex, decisions_path, question_of, read_decisions
from pipeline.normalise.listed import code_listed, listed_boxes
from pipeline.normalise.reuse import find_reuse, suggestion_note
from pipeline.project import Project
from pipeline.survey import load_survey

CODED_COLUMNS = [
    "answer_id",
    "year",
    "municipality_code",
    "question_id",
    "item",
    "context",
    "text",
    "categories",
    "confidence",
    "needs_review",
    "evidence",
    "source",
    #: the coder judged the answer a non-answer ("Ved ikke", "-"), and no analyst coded it
    "non_answer",
]


#: Confidence of an answer whose near-identical decision was not reused (it is reviewed).
REUSE_DOUBT = 0.5


def answer_id(year: int, municipality_code: str, question_id: str, item: str) -> str:
    """The stable id of one answer box, e.g. `2019-101-prevention_technologies.kol`."""
    return f"{year}-{municipality_code}-{question_id}" + (f".{item}" if item else "")


def coded_text_path(project: Project, year: int):
    return project.processed(year) / "coded_text.parquet"


def _responses(project: Project, year: int) -> pd.DataFrame:
    source = project.processed(year) / "responses.parquet"
    if not source.is_file():
        raise MissingStageOutput(
            f"no ingested responses for {year}; run `statusmaaling ingest --year {year}` first",
            file=source,
        )
    return io.read_parquet(source)


def _answers(responses: pd.DataFrame, year: int, boxes: list[tuple[str, str, str]]) -> pd.DataFrame:
    """One row per text box answered: ids, context and text. `boxes` are (question id, row,
    context): the taxonomy's coded questions with the coding manual's context, or a code
    list's (`listed.listed_boxes`)."""
    item = responses["item"].fillna("").astype(str)
    rows: list[dict] = []
    for question_id, box, context in boxes:
        chosen = responses[(responses["question_id"] == question_id) & (item == box)]
        for r in chosen.itertuples(index=False):
            text = "" if pd.isna(r.text) else str(r.text).strip()
            if not text:
                continue
            code = str(r.municipality_code)
            rows.append(
                {
                    "answer_id": answer_id(year, code, question_id, box),
                    "year": year,
                    "municipality_code": code,
                    "question_id": question_id,
                    "item": box,
                    "context": context,
                    "text": text,
                }
            )
    frame = pd.DataFrame(rows, columns=CODED_COLUMNS[:7])
    # ingest keeps one respondent per municipality; should two remain, the first counts
    return frame.drop_duplicates("answer_id", keep="first").reset_index(drop=True)


def normalize_year(project: Project, year: int) -> pd.DataFrame:
    """Code the year's coded text questions and write `coded_text.parquet` (see module doc)."""
    responses = _responses(project, year)
    codebook = load_survey(project).codebook(year)
    frame = _answers(responses, year, codebook.coded_text_questions())
    codings = classify_texts(list(frame["text"]), list(frame["context"]), project.survey)
    # decisions made under an earlier taxonomy keep their meaning (survey/crosswalk.yaml)
    survey = load_survey(project)
    crosswalk = survey.crosswalk
    listed_slugs = [s for code_list in survey.code_lists.values() for s in code_list.slugs]
    known = {*survey.taxonomy.slugs, *crosswalk.mapping, *listed_slugs}
    decisions = DecisionIndex(read_decisions(decisions_path(project.survey), slugs=known))
    coder, labels = get_coder(project.survey), survey.taxonomy.labels()
    categories, confidence, review, evidence, source, non_answer = [], [], [], [], [], []
    questions = [question_of(a) for a in frame["answer_id"]]
    rows = zip(frame["text"], frame["context"], questions, codings, strict=True)
    for text, context, question, coding in rows:
        reuse = (
            find_reuse(decisions, coder, text, context or None, labels, question)
            if decisions
            else None
        )
        if reuse is not None and reuse.reused:
            d = reuse.decision
            categories.append(";".join(crosswalk.map(d.categories)))
            confidence.append(1.0)
            review.append(False)
            how = "" if reuse.exact else ", næsten samme tekst"
            evidence.append(f"analytiker: {d.reviewer} {d.date} ({d.answer_id}{how})")
            source.append("analyst")
            non_answer.append(coding.non_answer and not d.categories)
            continue
        categories.append(coding.joined)
        if reuse is None:
            confidence.append(coding.confidence)
            review.append(coding.needs_review)
            evidence.append(coding.evidence)
            non_answer.append(coding.non_answer)
        else:  # a near-identical decision the coder reads differently: review, not reuse
            note = suggestion_note(reuse, labels)
            sep = "; " if " | " in coding.evidence else " | "
            confidence.append(min(coding.confidence, REUSE_DOUBT))
            review.append(True)
            evidence.append(f"{coding.evidence}{sep}{note}")
            non_answer.append(False)
        source.append(coding.source)
    frame["categories"] = categories
    frame["confidence"] = pd.Series(confidence, dtype="float64")
    frame["needs_review"] = pd.Series(review, dtype="bool")
    frame["evidence"] = evidence
    frame["source"] = source
    frame["non_answer"] = pd.Series(non_answer, dtype="bool")
    not_text = ("year", "confidence", "needs_review", "non_answer")
    text_columns = [c for c in CODED_COLUMNS if c not in not_text]
    # text questions coded to a code list (benefits): the same columns, the list's slugs
    listed = _answers(responses, year, listed_boxes(codebook))
    if len(listed):
        frame = pd.concat([frame, code_listed(listed, survey, decisions)], ignore_index=True)
    frame = frame[CODED_COLUMNS].astype({"year": "int64", **dict.fromkeys(text_columns, "str")})
    io.write_parquet(frame, coded_text_path(project, year))
    return frame
