"""Coding answers to a code list (`survey/code_lists/<name>.yaml`, e.g. benefits).

A benefit answer names outcomes, not devices: "Færre faldulykker, øget tryghed og mere
privatliv". The taxonomy's rules (purposes, places, roles) have nothing to do there, so a list
is coded by its phrases alone, read the way the technology coder reads words: casefolded,
æ/ø/å and ae/oe/aa alike, each word by its Danish stem, and a word written with `*` in the
list by its beginning ("faldulykke*" finds "faldulykkerne"). One word may stand between two
words of a phrase ("mindre afhængighed af personale" finds "mindre afhængighed").

Doubt sends the answer to review, as for the taxonomy:
- no phrase found in an answer that is no non-answer (a benefit the list lacks);
- a part of the answer (a clause or a list item) that names nothing on the list while other
  parts do: a composite answer is only as certain as its least certain part;
- a phrase right after a negation of the list ("ikke færre fald"): not counted, reviewed.
Non-answers ("Ved ikke", "-") are the taxonomy's one list (`non_answers:`), so they are
judged the same way in every coded question.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pipeline.normalise.nonanswers import NON_ANSWER, NON_ANSWER_WORDS, non_answer_pattern
from pipeline.normalise.text import fold, stem, tokenize
from pipeline.survey.code_lists import CodeList
from pipeline.survey.taxonomy import Taxonomy

CONTINUES = "*"
#: words a negation may stand before a phrase and still negate it ("ikke oplevet færre fald")
NEGATION_REACH = 3
#: words that may stand between two words of a phrase
GAP = 1
#: confidence of an answer coded without doubt, and of one sent to review
SURE, DOUBT = 0.9, 0.4
#: a part (clause) this short that names nothing is a connector ("bl.a.", "fx"), no doubt
PART_MIN_WORDS = 2


@dataclass(frozen=True)
class ListCoding:
    """The coding of one answer to a code list (the fields of `coded_text.parquet`)."""

    categories: tuple[str, ...]
    confidence: float
    needs_review: bool
    evidence: str
    non_answer: bool = False

    @property
    def joined(self) -> str:
        return ";".join(self.categories)


def _word_key(word: str) -> str:
    return fold(stem(word))


@dataclass(frozen=True)
class _Phrase:
    slug: str
    text: str
    #: per word: (key, is_prefix)
    words: tuple[tuple[str, bool], ...]


def _compile(phrase: str, slug: str) -> _Phrase:
    keys = []
    for raw in phrase.split():
        prefix = raw.endswith(CONTINUES)
        word = raw.rstrip(CONTINUES)
        (token,) = tokenize(word).words or ("",)
        keys.append((fold(token), True) if prefix else (_word_key(token), False))
    return _Phrase(slug, phrase, tuple(keys))


def _matches(key: tuple[str, bool], word: str) -> bool:
    target, prefix = key
    return fold(word).startswith(target) if prefix else _word_key(word) == target


class ListCoder:
    """Codes texts to one code list (see module docstring)."""

    def __init__(self, code_list: CodeList, non_answers: tuple[str, ...] = ()) -> None:
        self.code_list = code_list
        self.order = {slug: i for i, slug in enumerate(code_list.slugs)}
        self.labels = code_list.labels()
        self.phrases = [_compile(p, c.slug) for c in code_list.categories for p in c.phrases]
        # longest first: "mindre afhængighed af personale" before "personale"
        self.phrases.sort(key=lambda p: -len(p.words))
        self.negations = frozenset(fold(w.casefold()) for w in code_list.negations)
        self.non_answers = non_answer_pattern(non_answers, lambda w: w)

    def _find(
        self, words: tuple[str, ...], clauses: tuple[int, ...]
    ) -> list[tuple[int, int, _Phrase]]:
        """(start, end, phrase) of every phrase found, longest first, not overlapping."""
        found: list[tuple[int, int, _Phrase]] = []
        taken: set[int] = set()
        for phrase in self.phrases:
            for start in range(len(words)):
                end = self._match_at(phrase, words, clauses, start)
                if end is None or taken & set(range(start, end)):
                    continue
                found.append((start, end, phrase))
                taken |= set(range(start, end))
        return sorted(found, key=lambda f: f[0])

    @staticmethod
    def _match_at(
        phrase: _Phrase, words: tuple[str, ...], clauses: tuple[int, ...], start: int
    ) -> int | None:
        if not _matches(phrase.words[0], words[start]):
            return None
        pos = start + 1
        for key in phrase.words[1:]:
            for step in range(GAP + 1):
                at = pos + step
                if at < len(words) and clauses[at] == clauses[start] and _matches(key, words[at]):
                    pos = at + 1
                    break
            else:
                return None
        return pos

    def _negated(self, words: tuple[str, ...], clauses: tuple[int, ...], start: int) -> bool:
        before = range(max(0, start - NEGATION_REACH), start)
        return any(
            clauses[i] == clauses[start] and fold(words[i]) in self.negations for i in before
        )

    def code(self, text: str) -> ListCoding:
        tokens = tokenize(text or "")
        words, clauses = tokens.words, tokens.clause
        if not words:
            return ListCoding((), 1.0, False, NON_ANSWER, non_answer=True)
        found = self._find(words, clauses)
        counted = [f for f in found if not self._negated(words, clauses, f[0])]
        negated = [f for f in found if f not in counted]
        slugs = sorted({p.slug for _, _, p in counted}, key=self.order.__getitem__)
        evidence = [f"»{' '.join(words[a:b])}« → {self.labels[p.slug]}" for a, b, p in counted]
        doubts: list[str] = []
        if negated:
            doubts.append(
                "nægtet: " + ", ".join(f"»{' '.join(words[a:b])}«" for a, b, _ in negated)
            )
        if not slugs:
            joined = " ".join(words)
            if not negated and len(words) <= NON_ANSWER_WORDS and self.non_answers.match(joined):
                return ListCoding((), 1.0, False, NON_ANSWER, non_answer=True)
            doubts.append(f"ingen gevinst fra listen »{self.code_list.title}« fundet")
        else:
            named = {clauses[a] for a, _, _ in found}
            silent = [
                c
                for c in dict.fromkeys(clauses)
                if c not in named and sum(1 for x in clauses if x == c) >= PART_MIN_WORDS
            ]
            if silent:
                part = " ".join(w for w, c in zip(words, clauses, strict=True) if c == silent[0])
                doubts.append(f"en del nævner intet fra listen: »{part}«")
        review = bool(doubts)
        return ListCoding(
            tuple(slugs),
            DOUBT if review else SURE,
            review,
            "; ".join([*evidence, *doubts]) or "-",
        )


def list_coder(code_list: CodeList, taxonomy: Taxonomy) -> ListCoder:
    """One coder per list and non-answer phrases, reused across a run."""
    return _coder(code_list, tuple(taxonomy.non_answers))


@lru_cache(maxsize=8)
def _coder(code_list: CodeList, non_answers: tuple[str, ...]) -> ListCoder:
    return ListCoder(code_list, non_answers)
