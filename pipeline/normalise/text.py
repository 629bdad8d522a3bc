"""Danish-aware text normalisation for the free-text coder.

Answers are typed fast by many people: æ/ø/å written as ae/oe/aa, compounds split or joined
("loft lifte", "loftlifte", "loft-lifte"), inflected forms, English words. Everything here turns
such variants into the same keys so that one term in the taxonomy finds them all:

- `tokenize` splits an answer into casefolded words and records what separates them (a join
  such as a space or hyphen, a clause break such as a comma, or a sentence break), which the
  coder needs for compounds, negation scope and purpose rules (`clause_span` and
  `clause_words` give the positions and words of one clause);
- `Vocabulary.restore` gives a word written with ae/oe/aa its æ/ø/å back when the restored
  word is a known word (so "Aarhus" stays unless known, "maalere" becomes "målere");
- `stem` (Danish snowball, cached) and `fold` (æ->ae, ø->oe, å->aa) make the lookup keys.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import snowballstemmer

#: No word is longer than this; longer strings (a pasted URL, letters held down) are never split
#: into parts, since that work grows with the square of the length.
LONGEST_WORD = 60
#: Boundary before a token: joinable (space, hyphen, slash), clause break, sentence break.
JOIN, CLAUSE, SENTENCE = 0, 1, 2

#: A word; an apostrophe ending ("GPS'er", "app'en") belongs to it.
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_HYPHENS = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "’": "'", "´": "'", "`": "'"})
_SENTENCE_MARKS = frozenset(".!?;\n•*")
#: Brackets do not break: "Blodsukkermåling (sensor)" and "GPS (fravalgt)" belong together.
_CLAUSE_MARKS = frozenset(',:+–—"')
_SPACED_DASH = re.compile(r"\s-+\s|\s/\s")
#: Words that join the items of a list ("loftlifte og vasketoiletter"): a purpose word before
#: one belongs to an earlier item, a negated list runs through them.
LIST_JOINERS = frozenset("og samt eller and or".split())
#: Abbreviations whose full stop does not end a sentence ("pga.", "bl.a.", "ca.").
_ABBREVIATIONS = frozenset(
    "pga bl a f eks ca mv osv inkl evt stk nr fx dvs mm mht vha jf kl pt p t ift vedr ifm hhv "
    "iht mfl el m etc pr ang tlf jvf".split()
)
#: A clause starts at "men" (but), and at words that open a new list item ("samt", "desuden"):
#: negation and purpose words never reach past them.
#: In speech-like answers without commas ("det droppede vi så nu har vi kun ...", "den der
#: seng der vender borgeren så vi ikke skal være to og så loftlifte") "så" and "fordi" open
#: a new clause too.
_CLAUSE_WORDS = frozenset(
    {"men", "but", "samt", "desuden", "derudover", "endvidere", "så", "fordi", "because"}
)

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "u", "é": "e"})
_DIGRAPHS = {"ae": "æ", "oe": "ø", "aa": "å"}
_STEMMER = snowballstemmer.stemmer("danish")


def fold(word: str) -> str:
    """Write æ/ø/å as ae/oe/aa: the key space where both spellings meet."""
    return word.translate(_FOLD)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Danish snowball stem, cached: answers repeat the same few thousand words."""
    return _STEMMER.stemWord(word)


def canonical_text(text: str) -> str:
    """NFC, casefolded, whitespace collapsed: the form analysts' decisions are keyed on.

    Deliberately independent of the taxonomy and the stemmer, so that extending a term list
    never changes which decision belongs to which answer. Control characters are dropped:
    spreadsheets cannot hold them, and the review workbook must give the same hash.
    """
    words = unicodedata.normalize("NFC", text).casefold().split()
    return "".join(c for c in " ".join(words) if unicodedata.category(c) != "Cc")


def text_hash(text: str) -> str:
    """Short, stable fingerprint of an answer text (see `canonical_text`)."""
    return hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Tokens:
    """An answer split into words, with what separates them.

    `words` are NFC and casefolded; `capitalised[i]` says whether the word had an upper-case
    letter as typed; `gaps[i]` is the boundary before word i (JOIN, CLAUSE or SENTENCE);
    `clause[i]` and `sentence[i]` number the clause and sentence word i is in.
    """

    words: tuple[str, ...]
    capitalised: tuple[bool, ...]
    gaps: tuple[int, ...]
    clause: tuple[int, ...]
    sentence: tuple[int, ...]


def clause_span(tokens: Tokens, clause: int) -> range:
    """Positions of the words of one clause."""
    ids = [i for i, c in enumerate(tokens.clause) if c == clause]
    return range(ids[0], ids[-1] + 1) if ids else range(0)


def clause_words(tokens: Tokens, clause: int) -> list[str]:
    """The words of one clause."""
    return [tokens.words[i] for i in clause_span(tokens, clause)]


def _gap_kind(gap: str, previous: str | None) -> int:
    if previous is None:
        return SENTENCE
    if any(c in _SENTENCE_MARKS for c in gap):
        if gap.strip() == "." and previous in _ABBREVIATIONS:
            return JOIN
        return SENTENCE
    if any(c in _CLAUSE_MARKS for c in gap) or _SPACED_DASH.search(gap):
        # "Loftlifte - ja" breaks; "el-kørestol" and "strømpe på- og aftagere" join
        return CLAUSE
    return JOIN


def tokenize(text: str) -> Tokens:
    """Split an answer into words and boundaries (see `Tokens`)."""
    text = unicodedata.normalize("NFC", text).translate(_HYPHENS)
    words: list[str] = []
    caps: list[bool] = []
    gaps: list[int] = []
    clause: list[int] = []
    sentence: list[int] = []
    pos = 0
    c = s = -1
    for m in _TOKEN.finditer(text):
        raw = m.group().replace("'", "")
        word = raw.casefold()
        kind = _gap_kind(text[pos : m.start()], words[-1] if words else None)
        if kind == JOIN and word in _CLAUSE_WORDS:
            kind = CLAUSE
        if kind == SENTENCE:
            s += 1
        if kind != JOIN:
            c += 1
        words.append(word)
        caps.append(raw != word)
        gaps.append(kind)
        clause.append(c)
        sentence.append(s)
        pos = m.end()
    return Tokens(tuple(words), tuple(caps), tuple(gaps), tuple(clause), tuple(sentence))


def sentence_texts(text: str) -> list[str]:
    """The sentences of an answer as typed (the parts `tokenize` numbers in `sentence`): a
    composite answer is coded part by part as well as whole (see `coder`)."""
    text = unicodedata.normalize("NFC", text).translate(_HYPHENS)
    starts: list[int] = []
    pos = 0
    previous: str | None = None
    for m in _TOKEN.finditer(text):
        if _gap_kind(text[pos : m.start()], previous) == SENTENCE:
            starts.append(m.start())
        previous = m.group().replace("'", "").casefold()
        pos = m.end()
    ends = [*starts[1:], len(text)] if starts else []
    return [text[a:b].strip() for a, b in zip(starts, ends, strict=True)]


class Vocabulary:
    """Known words: what the coder may restore ae/oe/aa spellings to, and what is not unknown.

    A word is known when it, its stem, or both halves of it as a compound (with an optional
    linking s or e) are in the list. Results are cached per word.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.forms: set[str] = set()
        self.stems: set[str] = set()
        for word in words:
            for part in tokenize(word).words:
                self.forms.add(part)
                self.stems.add(stem(part))
        self.restore = lru_cache(maxsize=100_000)(self._restore)
        self.is_known = lru_cache(maxsize=100_000)(self._is_known)

    def _simple(self, word: str) -> bool:
        return word in self.forms or stem(word) in self.stems

    def _is_known(self, word: str) -> bool:
        if word.isdigit() or self._simple(word):
            return True
        if len(word) > LONGEST_WORD:
            return False  # a pasted string: not split at every letter
        for p in range(3, len(word) - 2):
            left, right = word[:p], word[p:]
            if not self._simple(right):
                continue
            if self._simple(left) or (
                left[-1] in "se" and len(left) > 3 and self._simple(left[:-1])
            ):
                return True
        return False

    def _restore(self, word: str) -> str:
        """`word` with ae/oe/aa turned into æ/ø/å where that gives a known word."""
        spots = [i for i in range(len(word) - 1) if word[i : i + 2] in _DIGRAPHS]
        if not spots or len(word) > LONGEST_WORD or self.is_known(word):
            return word
        # non-overlapping digraph positions only ("aae" offers "aa" or "ae", not both)
        spots = [i for n, i in enumerate(spots) if n == 0 or i > spots[n - 1] + 1][:4]
        for size in range(len(spots), 0, -1):
            for chosen in combinations(spots, size):
                candidate = word
                for i in sorted(chosen, reverse=True):
                    candidate = candidate[:i] + _DIGRAPHS[word[i : i + 2]] + candidate[i + 2 :]
                if self.is_known(candidate):
                    return candidate
        return word


def normalise_text(text: str, vocabulary: Vocabulary | None = None) -> str:
    """Words of `text` casefolded, with æ/ø/å restored where known, joined by single spaces."""
    words = tokenize(text).words
    if vocabulary is not None:
        words = tuple(vocabulary.restore(w) for w in words)
    return " ".join(words)
