"""Coding answers to a code list (`survey/code_lists/<name>.yaml`, e.g. benefits).

A benefit answer names outcomes, not devices: "Færre faldulykker, øget tryghed og mere
privatliv". The taxonomy's rules (purposes, places, roles) have nothing to do there, so a list
is coded by its phrases alone, read the way the technology coder reads words: casefolded,
æ/ø/å and ae/oe/aa alike, each word by its Danish stem, and a word written with `*` in the
list by its beginning ("faldulykke*" finds "faldulykkerne"), one with `=` only as written.
One word may stand between two words of a phrase ("færre unødige forflytninger" is "færre
forflytninger").

Doubt sends the answer to review, as for the taxonomy:
- no phrase found in an answer that is no non-answer (a benefit the list lacks);
- a part of the answer (a clause or a list item) that names nothing on the list while other
  parts do, and says that something got better, more or less (the list's `change_words`:
  "bedre arbejdsmiljø", "færre tunge løft"): a composite answer is only as certain as its
  least certain part, but a remark ("siger formanden") is no benefit;
- a phrase right after a negation of the list ("ikke færre fald"): not counted, reviewed;
- a phrase that may be a benefit for other people (the list's `other_people`: staff,
  relatives) named before it in its clause, or after it behind "for".
Non-answers ("Ved ikke", "-") are the taxonomy's one list (`non_answers:`), so they are
judged the same way in every coded question.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    #: per word: (key, how it is matched)
    words: tuple[tuple[str, str], ...]


#: how a word of a phrase is matched: by its stem, by its beginning (`*`), as written (`=`)
STEM, PREFIX, EXACT = "stem", "prefix", "exact"


def _compile(phrase: str, slug: str) -> _Phrase:
    keys = []
    for raw in phrase.split():
        how = PREFIX if raw.endswith(CONTINUES) else EXACT if raw.startswith("=") else STEM
        (token,) = tokenize(raw.strip(CONTINUES + "=")).words or ("",)
        keys.append((_word_key(token) if how == STEM else fold(token), how))
    return _Phrase(slug, phrase, tuple(keys))


def _matches(key: tuple[str, str], word: str) -> bool:
    target, how = key
    if how == PREFIX:
        return fold(word).startswith(target)
    return (fold(word) if how == EXACT else _word_key(word)) == target


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
        self.change_words = [_compile(w, "").words[0] for w in code_list.change_words]
        self.other_people = [_compile(w, "").words[0] for w in code_list.other_people.words]
        self.for_others = [_compile(w, "").words[0] for w in code_list.other_people.after]
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

    def _says_change(self, words: Iterable[str]) -> bool:
        """A part saying that something got better, more or less: it may name a benefit the
        list lacks. A part without such a word ("siger formanden", "vi mangler at måle på
        det") is a remark about a benefit, not one more benefit. A list without
        `change_words` treats every part as such a part."""
        if not self.change_words:
            return True
        return any(_matches(key, w) for w in words for key in self.change_words)

    def _for_others(
        self, words: tuple[str, ...], clauses: tuple[int, ...], start: int, end: int
    ) -> str | None:
        """The words naming other people (staff, relatives) whose benefit a phrase may be:
        before it in its clause ("de pårørende kan føle sig mere trygge"), or after it behind
        one of the list's `after` words ("sikkert arbejdsmiljø for personalet")."""

        def other(i: int) -> bool:
            return clauses[i] == clauses[start] and any(
                _matches(k, words[i]) for k in self.other_people
            )

        for i in range(start):
            if other(i):
                return words[i]
        for i in range(end, min(len(words), end + NEGATION_REACH + 1)):
            behind = range(max(end, i - 2), i)
            if other(i) and any(_matches(k, words[j]) for j in behind for k in self.for_others):
                return words[i]
        return None

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
        others = [w for a, b, _ in counted if (w := self._for_others(words, clauses, a, b))]
        if others:
            doubts.append(f"måske for andre end borgeren: »{others[0]}«")
        if negated:
            doubts.append(
                "nægtet: " + ", ".join(f"»{' '.join(words[a:b])}«" for a, b, _ in negated)
            )
        if not slugs:
            joined = " ".join(words)
            if not negated and len(words) <= NON_ANSWER_WORDS and self.non_answers.match(joined):
                return ListCoding((), 1.0, False, NON_ANSWER, non_answer=True)
            doubts.append(f"intet fra listen »{self.code_list.title}« fundet")
        else:
            named = {clauses[a] for a, _, _ in found}
            silent = [
                c
                for c in dict.fromkeys(clauses)
                if c not in named
                and sum(1 for x in clauses if x == c) >= PART_MIN_WORDS
                and self._says_change(w for w, x in zip(words, clauses, strict=True) if x == c)
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
