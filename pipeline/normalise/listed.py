"""The normalize stage's part for text questions coded to a code list (`code_list:` in a
codebook, e.g. the benefit questions): their rows of `coded_text.parquet`.

They sit beside the taxonomy's codings in the same file and columns, so the indicators, the
review loop and `run`'s bookkeeping treat a benefit exactly as a technology; their slugs are the
list's (never a taxonomy slug, checked on load). An analyst's decision is reused for the same
text of the same question only: the near-identical reuse of the taxonomy rests on the
technology coder reading both texts the same way, which says nothing about a benefit.
"""

from __future__ import annotations

import pandas as pd

from pipeline.normalise.codelist import list_coder
from pipeline.normalise.decisions import DecisionIndex, question_of
from pipeline.normalise.text import text_hash
from pipeline.survey.codebook import Codebook
from pipeline.survey.model import Survey

#: the `context` column of a listed answer: which list coded it (the taxonomy's contexts are
#: names of the coding manual's question contexts, never with this prefix)
CONTEXT_PREFIX = "liste:"


def taxonomy_rows(coded: pd.DataFrame) -> pd.DataFrame:
    """The rows of `coded_text.parquet` coded to the taxonomy (not to a code list)."""
    context = coded["context"].fillna("").astype(str)
    return coded[~context.str.startswith(CONTEXT_PREFIX)]


def listed_boxes(codebook: Codebook) -> list[tuple[str, str, str]]:
    """(question id, row, context) of the text boxes coded to a code list, the context
    naming the list (`CONTEXT_PREFIX` + name), for the stage's reading of the answers."""
    return [(q, item, CONTEXT_PREFIX + name) for q, item, name in codebook.listed_text_questions()]


def code_listed(frame: pd.DataFrame, survey: Survey, decisions: DecisionIndex) -> pd.DataFrame:
    """Code each listed answer to its list; an analyst's decision on the same text of the
    same question wins (the list's slugs mapped through nothing: lists have no crosswalk)."""
    lists, taxonomy = survey.code_lists, survey.taxonomy
    out = frame.copy()
    columns: dict[str, list] = {
        k: [] for k in ("categories", "confidence", "needs_review", "evidence", "source")
    }
    non_answer: list[bool] = []
    for answer_id, context, text in zip(out["answer_id"], out["context"], out["text"], strict=True):
        code_list = lists[str(context).removeprefix(CONTEXT_PREFIX)]
        key = (question_of(answer_id), text_hash(text))
        found = decisions.by_hash.get(key) if decisions else None
        coding = list_coder(code_list, taxonomy).code(text)
        if found is not None:
            d = found
            known = [s for s in d.categories if s in code_list.slugs]
            columns["categories"].append(";".join(known))
            columns["confidence"].append(1.0)
            columns["needs_review"].append(False)
            columns["evidence"].append(f"analytiker: {d.reviewer} {d.date} ({d.answer_id})")
            columns["source"].append("analyst")
            non_answer.append(coding.non_answer and not known)
            continue
        columns["categories"].append(coding.joined)
        columns["confidence"].append(coding.confidence)
        columns["needs_review"].append(coding.needs_review)
        columns["evidence"].append(coding.evidence)
        columns["source"].append("rule")
        non_answer.append(coding.non_answer)
    for key, values in columns.items():
        out[key] = values
    out["non_answer"] = non_answer
    return out
