"""The learned component: a second opinion trained on the analysts' decisions.

Rules stay primary. Once `MIN_DECISIONS` answers have been reviewed, a character n-gram
TF-IDF + one-vs-rest logistic regression learns from them; where it surely disagrees with the
rules the answer goes to review, and where the rules find nothing but the model is sure, its
categories are suggested (source "model", always reviewed). Character n-grams cope with
compounds, inflection and typos without any word lists.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scikit-learn is imported only when a model is trained (0.5 s saved)
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.multiclass import OneVsRestClassifier

from pipeline.normalise.coder import DOUBT, NON_ANSWER, Coding
from pipeline.normalise.decisions import DecisionIndex, decisions_path, read_decisions
from pipeline.normalise.text import canonical_text, fold

#: Fewer reviewed answers than this and the model stays off: it would only add noise.
MIN_DECISIONS = 200
#: A category needs this many positive and negative examples to be learned at all.
MIN_EXAMPLES = 10
#: The model disagrees only when it is sure: it names a category the rules did not with at
#: least SURE, or gives a category the rules found at most UNSURE. In between it says nothing:
#: a model trained on a few hundred answers is often unsure, and must not flood the review.
SURE, UNSURE = 0.9, 0.1


def _prepare(text: str) -> str:
    return fold(canonical_text(text))


@dataclass(frozen=True)
class CodingModel:
    vectorizer: TfidfVectorizer
    classifier: OneVsRestClassifier
    slugs: tuple[str, ...]

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        probs = self.classifier.predict_proba(self.vectorizer.transform(map(_prepare, texts)))
        return [dict(zip(self.slugs, map(float, row), strict=True)) for row in np.atleast_2d(probs)]


def train_model(texts: list[str], categories: list[tuple[str, ...]]) -> CodingModel | None:
    """Train on reviewed answers; None when there are too few or too few per category."""
    if len(texts) < MIN_DECISIONS:
        return None
    counts: dict[str, int] = {}
    for cats in categories:
        for c in cats:
            counts[c] = counts.get(c, 0) + 1
    slugs = tuple(
        sorted(s for s, n in counts.items() if MIN_EXAMPLES <= n <= len(texts) - MIN_EXAMPLES)
    )
    if not slugs:
        return None
    y = np.array([[s in cats for s in slugs] for cats in categories], dtype=int)
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1
    )
    x = vectorizer.fit_transform(map(_prepare, texts))
    classifier = OneVsRestClassifier(
        LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
    )
    classifier.fit(x, y)
    return CodingModel(vectorizer, classifier, slugs)


@lru_cache(maxsize=4)
def _cached(path: Path, mtime_ns: int, size: int) -> CodingModel | None:
    latest = DecisionIndex(read_decisions(path)).by_hash.values()
    return train_model([d.text for d in latest], [d.categories for d in latest])


def load_model(survey_dir: str | Path) -> CodingModel | None:
    """The model for the current decisions file (retrained only when the file changes)."""
    path = decisions_path(survey_dir)
    if not path.is_file():
        return None
    st = path.stat()
    return _cached(path.resolve(), st.st_mtime_ns, st.st_size)


def second_opinion(model: CodingModel, texts: list[str], codings: list[Coding]) -> list[Coding]:
    """The rules' codings, flagged where the model surely disagrees (see `SURE`, `UNSURE`)."""
    out: list[Coding] = []
    for coding, probs in zip(codings, model.probabilities(texts), strict=True):
        added = sorted(s for s, p in probs.items() if p >= SURE and s not in coding.categories)
        dropped = sorted(s for s in coding.categories if probs.get(s, 1.0) <= UNSURE)
        if not (added or dropped) or coding.evidence == NON_ANSWER and not added:
            out.append(coding)
            continue
        note = "model: " + "; ".join(
            [f"+{s} {probs[s]:.2f}" for s in added] + [f"-{s} {probs[s]:.2f}" for s in dropped]
        )
        if not coding.categories and coding.evidence != NON_ANSWER:
            out.append(Coding(tuple(added), DOUBT["model"], True, note, source="model"))
            continue
        out.append(
            replace(
                coding,
                confidence=min(coding.confidence, DOUBT["model"]),
                needs_review=True,
                evidence=f"{coding.evidence} | {note}",
            )
        )
    return out
