"""The year's new words: unknown words and phrases in the answers, counted and ranked.

Municipalities write about technologies the term lists do not know yet ("boldbassin",
"vendesystem"). The coder flags such words one answer at a time (`unknown`: the answer goes to
review); this module adds them up over the year, so an analyst decides each word once instead
of answer by answer, and the decision is kept as a term (`survey/coding/terms.csv`).

A word is listed when the coder flagged it in some answer (its evidence says "ukendte ord"),
or when it recurs (at least `MIN_ANSWERS` answers) in answers where the coder found no
category and it is a word the coder does not know. It is counted in every answer where the
coder does not know it, flagged or not. Inflected forms count as one word ("vendesystem",
"vendesystemer"); two or three such words written together form a phrase ("body weight
support"), listed when it recurs. The most frequent Danish words are never
listed: they cannot be a term (`termsheet` refuses them).

Ranking: by how many municipalities wrote the word, then how many answers, then in how many
of them the coder flagged it. Each word carries a few short examples from different
municipalities and the questions it was written under. The examples are the municipalities'
own words: the list is for analysts, never published.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd

from pipeline.normalise.coder import Coder
from pipeline.normalise.decisions import question_of
from pipeline.normalise.text import JOIN, Tokens, fold, stem, tokenize
from pipeline.normalise.unknown import flagged_words
from pipeline.survey.terms import normal_term

#: A word the coder did not flag is listed when it is in at least this many answers.
MIN_ANSWERS = 2
#: Shorter words are not listed (the coder ignores them too, see `unknown`).
MIN_LENGTH = 4
#: Longest phrase of unknown words listed as one.
MAX_PHRASE = 3
#: Examples per word, and characters of text shown on each side of the word.
EXAMPLES, EXCERPT_SIDE = 3, 60
ELLIPSIS = "…"


@dataclass(frozen=True)
class Example:
    """Where a word was written: one answer and a short excerpt around the word."""

    answer_id: str
    municipality_code: str
    excerpt: str


@dataclass
class NewWord:
    """One unknown word or phrase of the year, with its counts (see module docstring)."""

    #: the form written most often (casefolded)
    term: str
    #: every form written, most frequent first
    forms: tuple[str, ...]
    answers: int
    municipalities: int
    #: answers in which the coder flagged it as unknown (sent them to review for it)
    flagged: int
    #: questions (`question_id.item`) it was written under, most frequent first
    questions: tuple[str, ...]
    examples: tuple[Example, ...]
    #: ids of every answer it was written in
    answer_ids: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_phrase(self) -> bool:
        return " " in self.term


@dataclass
class _Tally:
    forms: Counter = field(default_factory=Counter)
    answers: dict[str, str] = field(default_factory=dict)  # answer id -> municipality
    flagged: set[str] = field(default_factory=set)  # answer ids
    questions: Counter = field(default_factory=Counter)
    texts: list[tuple[str, str, str]] = field(default_factory=list)  # (id, code, text)


def _unknown_runs(coder: Coder, tokens: Tokens, flagged: set[str]) -> list[list[int]]:
    """Runs of adjacent positions of words the coder does not know in one answer (a run of
    one is a word): flagged there, or in none of its lists. Short words, numbers and the most
    frequent Danish words are left out."""
    lexicon = coder.lexicon
    keep: list[bool] = []
    for surface in tokens.words:
        word = lexicon.vocabulary.restore(surface)
        plausible = (
            len(word) >= MIN_LENGTH
            and any(c.isalpha() for c in word)
            and not lexicon.is_common(word)
        )
        keep.append(plausible and (surface in flagged or not lexicon.vocabulary.is_known(word)))
    runs: list[list[int]] = []
    for i, k in enumerate(keep):
        if not k:
            continue
        if runs and runs[-1][-1] == i - 1 and tokens.gaps[i] == JOIN:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _spans(run: list[int]) -> list[list[int]]:
    """Each word of a run, and each phrase of 2 to `MAX_PHRASE` adjacent words in it."""
    return [[i] for i in run] + [
        run[a:b] for a in range(len(run)) for b in range(a + 2, min(len(run), a + MAX_PHRASE) + 1)
    ]


def _key(words: list[str]) -> str:
    return " ".join(fold(stem(w)) for w in words)


def find_new_words(coded: pd.DataFrame, coder: Coder) -> list[NewWord]:
    """The year's new words in `coded` (rows of coded_text.parquet), ranked (module doc).

    A word is a candidate when the coder flagged it in some answer, or it is unknown in an
    answer with no category; it is then counted in every answer where the coder does not
    know it (also where it did not flag it: a confident answer may hide it). Answers an
    analyst coded (`source` "analyst") and non-answers are left out: their coding does not
    depend on the term lists.
    """
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    candidates: set[str] = set()
    rows = coded[(coded["source"].astype(str) != "analyst") & ~coded["non_answer"].astype(bool)]
    for r in rows.itertuples(index=False):
        answer_id, code, text = str(r.answer_id), str(r.municipality_code), str(r.text)
        categories = [c for c in str(r.categories or "").split(";") if c and c != "nan"]
        tokens = tokenize(text)
        flagged = set(flagged_words(str(r.evidence or "")))
        question = question_of(answer_id)
        for run in _unknown_runs(coder, tokens, flagged):
            for span in _spans(run):
                words = [tokens.words[i] for i in span]
                key = _key(words)
                tally = tallies[key]
                tally.forms[" ".join(words)] += 1
                if answer_id not in tally.answers:
                    tally.answers[answer_id] = code
                    tally.questions[question] += 1
                    tally.texts.append((answer_id, code, text))
                if len(span) == 1 and (words[0] in flagged or not categories):
                    candidates.add(key)
                    if words[0] in flagged:
                        tally.flagged.add(answer_id)
    # decided since the answers were coded (terms.csv is read at once; `normalize` re-codes)
    taxonomy = coder.taxonomy
    decided = {normal_term(t.lstrip("=")) for c in taxonomy.categories for t in c.terms}
    decided |= {normal_term(w) for w in taxonomy.known_words}
    out: list[NewWord] = []
    for key, t in tallies.items():
        if decided & {normal_term(f) for f in t.forms}:
            continue
        parts = key.split()
        if len(parts) == 1 and key not in candidates:
            continue
        if len(parts) > 1 and not (candidates & set(parts)):
            continue
        if len(t.answers) < MIN_ANSWERS and (len(parts) > 1 or not t.flagged):
            continue
        forms = tuple(f for f, _ in t.forms.most_common())
        out.append(
            NewWord(
                term=forms[0],
                forms=forms,
                answers=len(t.answers),
                municipalities=len(set(t.answers.values())),
                flagged=len(t.flagged),
                questions=tuple(q for q, _ in t.questions.most_common()),
                examples=_examples(t.texts, forms),
                answer_ids=frozenset(t.answers),
            )
        )
    out.sort(key=lambda w: (-w.municipalities, -w.answers, -w.flagged, w.term))
    return out


def _examples(texts: list[tuple[str, str, str]], forms: tuple[str, ...]) -> tuple[Example, ...]:
    """Up to `EXAMPLES` excerpts, from different municipalities and texts where possible."""
    chosen: list[tuple[str, str, str]] = []
    seen_codes: set[str] = set()
    seen_texts: set[str] = set()
    for strict in (True, False):
        for answer_id, code, text in sorted(texts):
            if len(chosen) == EXAMPLES:
                break
            if text in seen_texts or (strict and code in seen_codes):
                continue
            chosen.append((answer_id, code, text))
            seen_codes.add(code)
            seen_texts.add(text)
    return tuple(Example(a, c, excerpt(t, forms)) for a, c, t in chosen)


def excerpt(text: str, forms: tuple[str, ...], side: int = EXCERPT_SIDE) -> str:
    """About `side` characters of `text` on each side of the first of `forms` it contains,
    cut at word boundaries and marked with "…" where text is left out."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    match = None
    for form in forms:
        pattern = r"[\W_]+".join(re.escape(w) for w in form.split())
        if match := re.search(rf"(?<!\w){pattern}(?!\w)", text, flags=re.IGNORECASE):
            break
    start, end = (match.start(), match.end()) if match else (0, 0)
    left, right = max(0, start - side), min(len(text), end + side)
    if left > 0:
        left = text.find(" ", left, start) + 1 or left
    if right < len(text):
        cut = text.rfind(" ", end, right)
        right = cut if cut > 0 else right
    return (
        (ELLIPSIS if left > 0 else "") + text[left:right] + (ELLIPSIS if right < len(text) else "")
    )
