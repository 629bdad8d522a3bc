"""Match last year's questions to this year's export: by wording, then by options, never guessed.

SurveyXact renumbers variables whenever a question is added or dropped, so variable names say
nothing; what carries over is the wording and the options' labels. Two passes:

1. exact: the same type and the same wording after folding case and whitespace and replacing
   years written in the text ("i 2020?" and "i 2021?" are the same question);
2. fuzzy: a score from the wording (token-sorted similarity) and the labels of options and
   rows; accepted only at `THRESHOLD` or above, with a lead of `MARGIN` points over the
   runner-up on both sides (the old question's best candidate is this export question, and
   this export question's best candidate is the old question).

Anything in between is *uncertain*: listed with its best candidate for an analyst, and not
matched. Options and rows are re-mapped by label the same way, so an option that moved keeps
its stable code and a renamed row keeps its item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.newyear.export_meta import ExportQuestion
from pipeline.survey.codebook import Question

THRESHOLD = 80.0
MARGIN = 10.0
#: below this a candidate is not even worth naming as uncertain
UNCERTAIN_FLOOR = 55.0
#: a CSV question without wording or labels that has the right type and number of boxes
STRUCTURE_ONLY = 60.0
#: option and row labels: a fuzzy label match needs this score and a lead of LABEL_MARGIN
LABEL_THRESHOLD = 80.0
LABEL_MARGIN = 8.0
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def normalise(text: str) -> str:
    """Fold case and whitespace, replace years, drop closing punctuation."""
    text = _YEAR.sub("<år>", " ".join(text.casefold().split()))
    return text.rstrip(" ?.:!")


@dataclass
class LabelMap:
    """How one list of labels (options or rows) maps onto this year's."""

    #: old index -> new index, with how ("exact" or "fuzzy 87")
    pairs: dict[int, tuple[int, str]] = field(default_factory=dict)
    #: new indexes that no old label matched
    new: list[int] = field(default_factory=list)
    #: old indexes that no new label matched
    gone: list[int] = field(default_factory=list)


def normalise_label(text: str) -> str:
    """Fold case and whitespace only: in an option, a year or a number is the answer itself
    ("Før 2015" is not "Før 2018")."""
    return " ".join(text.casefold().split()).rstrip(" ?.:!")


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def map_labels(old: list[str], new: list[str]) -> LabelMap:
    """Pair labels: exact after folding case and whitespace, then fuzzy when the pair is each
    other's best by a margin over every other label, and their numbers are the same."""
    out = LabelMap()
    old_n, new_n = [normalise_label(x) for x in old], [normalise_label(x) for x in new]
    taken: set[int] = set()
    for i, label in enumerate(old_n):
        hits = [j for j, other in enumerate(new_n) if other == label and j not in taken]
        if hits and label:
            out.pairs[i] = (hits[0], "exact")
            taken.add(hits[0])
    score = {
        (i, j): fuzz.token_sort_ratio(a, b)
        for i, a in enumerate(old_n)
        for j, b in enumerate(new_n)
        if a and b
    }

    def lead(best: float, others: list[float]) -> float:
        return best - max(others, default=0.0)

    for i, label in enumerate(old_n):
        if i in out.pairs or not label:
            continue
        ranked = sorted(((s, j) for (a, j), s in score.items() if a == i), reverse=True)
        if not ranked:
            continue
        best, j = ranked[0]
        back = [s for (a, b), s in score.items() if b == j and a != i]
        clear = lead(best, [s for s, _ in ranked[1:]]) >= LABEL_MARGIN
        mutual = lead(best, back) >= LABEL_MARGIN
        same_numbers = _digits(label) == _digits(new_n[j])
        if best >= LABEL_THRESHOLD and clear and mutual and same_numbers and j not in taken:
            # a reworded option adds or drops words ("Nej, ingen i drift" -> "Nej, ingen
            # træning i drift"); one word for another is another answer (Hjemmeplejen is not
            # Hjemmesygeplejen), so it is not paired but shown as gone and new
            a, b = set(_words(label)), set(_words(new_n[j]))
            if not (a <= b or b <= a):
                continue
            out.pairs[i] = (j, f"fuzzy {best:.0f}")
            taken.add(j)
    out.new = [j for j in range(len(new)) if j not in taken]
    out.gone = [i for i in range(len(old)) if i not in out.pairs]
    return out


def _labels(q: Question | ExportQuestion) -> list[str]:
    if isinstance(q, Question):
        return [o.label for o in q.options] + [r.label for r in q.rows]
    return [c.label for c in q.choices] + [r.label for r in q.rows]


def _shape(q: Question | ExportQuestion) -> tuple[str, bool]:
    return q.type, bool(q.rows)


def label_similarity(a: list[str], b: list[str]) -> float | None:
    """0-100: how well the labels of `a` are found among those of `b` (None without labels)."""
    a = [normalise(x) for x in a if x.strip()]
    b = [normalise(x) for x in b if x.strip()]
    if not a or not b:
        return None
    best = [max(fuzz.token_sort_ratio(x, y) for y in b) for x in a]
    back = [max(fuzz.token_sort_ratio(y, x) for x in a) for y in b]
    return (sum(best) / len(best) + sum(back) / len(back)) / 2


def score(old: Question, new: ExportQuestion) -> float:
    """0-100: wording and labels; 0 when the types or shapes differ."""
    if _shape(old) != _shape(new):
        return 0.0
    labels = label_similarity(_labels(old), _labels(new))
    if not new.text:  # CSV: no wording in the export
        if labels is not None:
            return labels
        # nothing to compare but the shape: never enough to match, enough to be listed
        same_size = len(old.options) + len(old.rows) == len(new.choices) + len(new.rows)
        return STRUCTURE_ONLY if same_size else 0.0
    text = fuzz.token_sort_ratio(normalise(old.text), normalise(new.text))
    return text if labels is None else 0.6 * text + 0.4 * labels


@dataclass
class QuestionMatch:
    old: Question
    new: ExportQuestion
    how: str  # "exact", "fuzzy 86" (wording and labels) or "labels 91" (CSV: labels alone)


@dataclass
class Uncertain:
    old: Question
    candidate: ExportQuestion
    score: float
    runner_up: float
    reason: str


@dataclass
class Matching:
    matched: list[QuestionMatch]
    uncertain: list[Uncertain]
    gone: list[Question]  # last year's questions with no counterpart
    new: list[ExportQuestion]  # this year's questions with no counterpart (uncertain included)


def match_questions(old: list[Question], new: list[ExportQuestion]) -> Matching:
    """Pair last year's questions with this year's (see the module docstring)."""
    matched: list[QuestionMatch] = []
    used_old: set[str] = set()
    used_new: set[str] = set()
    # 1. exact wording (and shape); a tie between several export questions is left for pass 2
    for q in old:
        hits = [
            e
            for e in new
            if e.name not in used_new
            and e.text
            and _shape(q) == _shape(e)
            and normalise(e.text) == normalise(q.text)
        ]
        if len(hits) == 1:
            matched.append(QuestionMatch(q, hits[0], "exact"))
            used_old.add(q.id)
            used_new.add(hits[0].name)
    # 2. fuzzy, mutual best with a margin
    rest_old = [q for q in old if q.id not in used_old]
    rest_new = [e for e in new if e.name not in used_new]
    scores = {(q.id, e.name): score(q, e) for q in rest_old for e in rest_new}
    uncertain: list[Uncertain] = []

    def ranked_for_old(q: Question) -> list[tuple[float, ExportQuestion]]:
        return sorted(((scores[q.id, e.name], e) for e in rest_new), key=lambda t: -t[0])

    def best_old_for(e: ExportQuestion) -> list[tuple[float, str]]:
        return sorted(((scores[q.id, e.name], q.id) for q in rest_old), key=lambda t: -t[0])

    for q in rest_old:
        ranked = ranked_for_old(q)
        if not ranked or ranked[0][0] < UNCERTAIN_FLOOR:
            continue
        best, e = ranked[0]
        runner = ranked[1][0] if len(ranked) > 1 else 0.0
        back = best_old_for(e)
        back_runner = back[1][0] if len(back) > 1 else 0.0
        mutual = back[0][1] == q.id
        if (
            best >= THRESHOLD
            and best - runner >= MARGIN
            and mutual
            and best - back_runner >= MARGIN
        ):
            how = "fuzzy" if e.text else "labels"  # a CSV export carries no wording
            matched.append(QuestionMatch(q, e, f"{how} {best:.0f}"))
            used_old.add(q.id)
            used_new.add(e.name)
            continue
        if best < THRESHOLD:
            reason = f"ligheden {best:.1f} er under {THRESHOLD:.0f}"
        elif not mutual:
            reason = f"{e.name} ligner mere `{back[0][1]}`"
        else:
            reason = f"den næstbedste scorer {max(runner, back_runner):.0f}, for tæt på"
        uncertain.append(Uncertain(q, e, best, max(runner, back_runner), reason))
    order = {e.name: i for i, e in enumerate(new)}
    matched.sort(key=lambda m: order[m.new.name])
    return Matching(
        matched=matched,
        uncertain=uncertain,
        gone=[q for q in old if q.id not in used_old],
        new=[e for e in new if e.name not in used_new],
    )
