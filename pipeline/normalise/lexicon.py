"""The taxonomy's words compiled into lookup tables, once per taxonomy file.

Every term, purpose word and device word becomes keys in the folded (ae/oe/aa) key space:
its own form and its stem. A word of an answer is looked up the same way, then as part of a
compound ("el-kørestol" -> "kørestol", "vasketoiletløsning" -> "vasketoilet"), then, if it is
long and unknown, with one or two typos (rapidfuzz). Consecutive words joined by a space or
hyphen are also looked up together, so "loft lifte" and "robot støvsuger" find their terms.
All lookups are cached: answers repeat the same words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from pipeline.normalise.roles import RuleCategories
from pipeline.normalise.text import LONGEST_WORD, Vocabulary, fold, stem, tokenize
from pipeline.normalise.vocabulary import plain_words
from pipeline.survey.taxonomy import ONLINE, Taxonomy
from pipeline.survey.termsets import TermSets

#: Roles of a word in the rules.
TERM, CUE, WEAK, PLACE, DEVICE = "term", "cue", "weak", "place", "device"
#: How a word was found.
EXACT, COMPOUND, FUZZY = "exact", "compound", "fuzzy"

#: A term found inside a longer compound must be at least this long ("lift" is too short:
#: "shiftlift"...), and this long when it sits in the middle of the compound.
PARTIAL_MIN = 5
MIDDLE_MIN = 7
#: An online/digital device word may be this short as a compound's first part: "tele|besøg",
#: "tele|træning" name a remote visit or remote training.
PREFIX_MIN = 4
#: Only words at least this long are matched with typos; the allowed edit distance is 1, and 2
#: from `FUZZY_TWO` characters on. Short words have too many neighbours.
FUZZY_MIN = 7
FUZZY_TWO = 10
#: A stem shorter than this is too unspecific to be a key ("bidet" -> "bid").
STEM_KEY_MIN = 4
MAX_WINDOW = 4
#: Words this frequent or more (rank in wordfreq's Danish list) are too common to suggest a
#: half-written term ("skohorn med langt skaft" is no half of "... med langt skaft").
COMMON_RANK = 1000
#: Inflections given to a phrase's last word when it is this short (see `_keys_of`).
SHORT_WORD = 5
SHORT_ENDINGS = ("e", "er", "r", "en", "n", "et", "ene", "erne", "ne", "s")
#: Term words shorter than this are not reported as half-written terms.
ORPHAN_MIN = 4
#: The modifier of a compound read by its head ("bade|kabine") is at least this long (folded).
MODIFIER_MIN = 4


def _head_forms(heads: tuple[str, ...], endings: tuple[str, ...]) -> frozenset[str]:
    """Folded forms of device heads, inflected with `endings` ("kabine", "kabinen",
    "systemer")."""
    return frozenset(fold(h) + e for h in heads for e in ("", *endings))


def _unlinked(modifier: str, links: tuple[str, ...]) -> tuple[str, ...]:
    """A compound's modifier as written and without its linking letter ("aktivitet|s" ->
    "aktivitet"): the forms to look it up by."""
    return (modifier, *(modifier.removesuffix(k) for k in links if modifier.endswith(k)))


@dataclass(frozen=True, slots=True)
class Entry:
    """One word or phrase of the taxonomy: its role and what it points to."""

    role: str
    #: category slug, or device kind for role DEVICE
    target: str
    phrase: str


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    how: str
    #: for fuzzy matches: "typed~term"
    detail: str = ""


def _keys_of(words: list[str]) -> set[str]:
    """Index keys of a phrase: as written, stemmed, and with each word stemmed."""
    joined = "".join(words)
    keys = {fold(joined)}
    if len(stem(joined)) >= STEM_KEY_MIN:
        keys.add(fold(stem(joined)))
    if len(words) > 1:  # "elektroniske nøgler" ~ "elektronisk nøgle"
        keys.add(fold("".join(stem(w) for w in words)))
    return keys


def _inflected_keys(words: list[str]) -> set[str]:
    """Keys for the inflected forms of a short last word, which the stemmer leaves alone
    ("bleer" stays "bleer"): "smart ble" then finds "smarte bleer". Whole words only."""
    last = words[-1]
    if not 2 < len(last) <= SHORT_WORD:
        return set()
    return {k for e in SHORT_ENDINGS for k in _keys_of([*words[:-1], last + e])}


class Lexicon:
    """Lookup tables for one taxonomy (see module docstring)."""

    def __init__(self, taxonomy: Taxonomy, terms: TermSets) -> None:
        self.taxonomy = taxonomy
        #: the rules' word lists by role (`survey/coding/termsets/`)
        self.terms = terms
        # ordinary words, names of places and people, and the negation and connector words
        # the vocabulary must know (never unknown words, never typos of a term)
        known = [
            *terms.lexicon.general_words,
            *terms.lexicon.place_names,
            *sorted(terms.lexicon.person_names),
            *sorted(terms.lexicon.function_words),
            *sorted(terms.negation.stopped),
        ]
        #: the categories the rules treat specially, by role
        self.roles = RuleCategories.of(taxonomy)
        entries: list[tuple[Entry, bool]] = []
        for c in taxonomy.categories:
            for role, words in (
                (TERM, c.terms),
                (CUE, c.cues),
                (WEAK, c.weak_cues),
                (PLACE, c.sensor_places),
            ):
                entries += [
                    (Entry(role, c.slug, w.lstrip("=").strip()), w.startswith("=")) for w in words
                ]
        for kind, words in taxonomy.devices.items():
            entries += [
                (Entry(DEVICE, kind, w.lstrip("=").strip()), w.startswith("=")) for w in words
            ]

        # words analysts marked as naming no technology (terms.csv) are plain words too
        known = [*known, *taxonomy.known_words]
        self.vocabulary = Vocabulary([*known, *(e.phrase for e, _ in entries)])
        #: plain words: never searched for compound parts or typos ("digitalisering")
        self.general = Vocabulary(known)
        #: frequent Danish words (wordfreq): forms and stems, no compound splitting, since
        #: "gang|stativ" or "robot|støvsuger" are made of plain words too
        frequent = plain_words("da")
        self._plain = frozenset(frequent) | frozenset(plain_words("en"))
        self._plain_stems = frozenset(stem(w) for w in frequent)
        #: the most frequent words ("langt", "bedre", "hjælp"): no half of a term by themselves
        self._common = frozenset(frequent[:COMMON_RANK])
        exact: dict[str, list[Entry]] = defaultdict(list)
        stemmed: dict[str, list[Entry]] = defaultdict(list)
        fuzzy: dict[str, list[Entry]] = defaultdict(list)
        inflected: dict[str, list[Entry]] = defaultdict(list)
        self.max_window = 1
        #: words of term phrases, to spot a term only half written ("bedre bestik")
        self.term_words: set[str] = set()
        for entry, exact_only in entries:
            words = [self.vocabulary.restore(w) for w in tokenize(entry.phrase).words]
            self.max_window = min(MAX_WINDOW, max(self.max_window, len(words)))
            joined = "".join(words)
            exact[fold(joined)].append(entry)
            if exact_only:
                continue
            # the head word only: "bestik" alone may be half of "specialbestik", but
            # "elektroniske" is no half of "elektroniske nøgler"
            if entry.role == TERM and len(words[-1]) >= ORPHAN_MIN:
                self.term_words.add(words[-1])
            for key in _inflected_keys(words):
                inflected[key].append(entry)
            for key in _keys_of(words):
                stemmed[key].append(entry)
                if entry.role == TERM and len(key) >= FUZZY_MIN - 1:
                    fuzzy[key].append(entry)
        self._exact = {k: tuple(dict.fromkeys(v)) for k, v in exact.items()}
        self._stemmed = {k: tuple(dict.fromkeys(v)) for k, v in stemmed.items()}
        self._inflected = {k: tuple(dict.fromkeys(v)) for k, v in inflected.items()}
        self._fuzzy_keys = list(fuzzy)
        self._fuzzy = {k: tuple(dict.fromkeys(v)) for k, v in fuzzy.items()}
        self.term_words -= self.general.forms
        self._endings = terms.lexicon.head_endings
        self._links = terms.lexicon.linking_letters
        self._modifiers = self._term_modifiers(entries, terms.lexicon.device_heads)
        self._generic_heads = _head_forms(terms.lexicon.generic_heads, self._endings)
        self._vague_heads = _head_forms(terms.lexicon.vague_heads, self._endings)
        self._field_modifiers = frozenset(fold(m) for m in terms.lexicon.field_modifiers)
        self.word = lru_cache(maxsize=200_000)(self._word)
        self.phrase = lru_cache(maxsize=200_000)(self._phrase)
        self.typo = lru_cache(maxsize=200_000)(self._typo)

    def is_common(self, word: str) -> bool:
        """One of the most frequent Danish words."""
        return word in self._common

    def is_plain(self, word: str) -> bool:
        """A frequent Danish word (as written or by its stem): not a product name."""
        return word in self._plain or stem(word) in self._plain_stems

    def _keys(self, word: str) -> tuple[str, str]:
        return fold(word), fold(stem(word))

    def _phrase(self, joined: str, stems: str = "") -> tuple[Entry, ...]:
        """Entries named exactly by `joined`: one word, or several written together.

        `stems` is the words' stems joined, for phrases whose first word is inflected too.
        """
        f, fs = self._keys(joined)
        found = self._exact.get(f, ()) + self._stemmed.get(f, ()) + self._stemmed.get(fs, ())
        found += self._inflected.get(f, ())
        if stems:
            found += self._stemmed.get(fold(stems), ()) + self._inflected.get(fold(stems), ())
        return tuple(dict.fromkeys(found))

    def _compound(self, word: str) -> tuple[Entry, ...]:
        """Entries found as a part of a compound word (head, modifier or middle)."""
        found: list[Entry] = []
        # a frequent Danish word is no new compound on a term's modifier: "identifikation"
        # and "identificere" are no "identifi|..." (a diaper product)
        plain = self.is_plain(word)
        for key in dict.fromkeys(self._keys(word)):
            n = len(key)
            for p in range(2, n - 2):  # head: el|kørestol, demens|sensorgulv
                for e in self._stemmed.get(key[p:], ()):
                    if n - p >= PARTIAL_MIN or e.role == DEVICE:
                        found.append(e)
            for p in range(PREFIX_MIN, 0 if plain else n - 2):  # modifier: tele|besøg
                found += [
                    e
                    for e in self._stemmed.get(key[:p], ())
                    if p >= PARTIAL_MIN or e.role == DEVICE and e.target == ONLINE
                ]
            for a in range(2, n - MIDDLE_MIN - 1):  # middle: ny|vasketoilet|ordning
                for b in range(a + MIDDLE_MIN, n - 1):
                    found += [e for e in self._stemmed.get(key[a:b], ()) if e.role == TERM]
        return tuple(dict.fromkeys(found))

    def _term_modifiers(
        self, entries: list[tuple[Entry, bool]], heads: tuple[str, ...]
    ) -> dict[str, str]:
        """Modifier -> category, from the one-word terms made of a modifier and a device head
        ("bade|stol", "låse|system"); a modifier two categories' terms share, or one that is
        itself a device word ("sensor|måtte"), is left out."""
        forms = _head_forms(heads, self._endings)
        found: dict[str, set[str]] = defaultdict(set)
        for entry, _ in entries:
            if entry.role != TERM or " " in entry.phrase:
                continue
            key = fold(entry.phrase)
            for p in range(MODIFIER_MIN, len(key) - 2):
                if key[p:] in forms:
                    found[key[:p]].add(entry.target)
        return {
            m: next(iter(slugs))
            for m, slugs in found.items()
            if len(slugs) == 1
            and not any(
                e.role == DEVICE for f in _unlinked(m, self._links) for e in self._exact.get(f, ())
            )
        }

    def _head_modifier(self, word: str) -> Entry | None:
        """A compound of a term's modifier and a generic device head ("bade|kabine",
        "nøgle|system"): a term of the modifier's category (see `device_heads`). Not a
        modifier that also names a field of work or an activity (`field_modifiers`) before
        a head that may name a department, equipment or software (`vague_heads`):
        "hygiejneenheden", "vagtsystemet", "medicinmodulet", "aktivitetsudstyr"."""
        key = fold(word)
        for p in range(MODIFIER_MIN, len(key) - 2):
            if key[p:] not in self._generic_heads:
                continue
            forms = _unlinked(key[:p], self._links)
            if key[p:] in self._vague_heads and any(f in self._field_modifiers for f in forms):
                continue  # "hygiejne|enheden", "vagt|systemet": a department, a roster
            slug = next((self._modifiers[f] for f in forms if f in self._modifiers), None)
            if slug:
                return Entry(TERM, slug, word)
        return None

    def _typo(self, word: str) -> Match | None:
        f = fold(word)
        if len(f) < FUZZY_MIN or not f.isalpha() or self.general.is_known(word):
            return None
        limit = 1 if len(f) < FUZZY_TWO else 2
        best = process.extractOne(
            f, self._fuzzy_keys, scorer=Levenshtein.distance, score_cutoff=limit
        )
        if best is None or best[0][0] != f[0]:
            return None
        if best[0].startswith(f) and (len(best[0]) - len(f) > 1 or len(f) < FUZZY_TWO):
            # the first word of a phrase ("sensorbaseret" of "sensorbaseret ble", "robotic" of
            # "robotic pet"); a long word missing its last letter is still a typo
            return None
        return Match(self._fuzzy[best[0]][0], FUZZY, f"{word}~{best[0]}")

    def _word(self, word: str) -> tuple[Match, ...]:
        """Entries for one (restored) word: exact, else as compound part, else with a typo.

        A compound part that is only a purpose or place word ("senge" in "sengetekknologi")
        does not stop the search for a misspelt term.
        """
        if found := self._phrase(word):
            return tuple(Match(e, EXACT) for e in found)
        if len(word) > LONGEST_WORD:
            return ()  # no word is this long: a pasted string is not split letter by letter
        if word in self.general.forms or stem(word) in self.general.stems:
            # a plain word is never split ("bofællesskab" is no "fællesskab", "digitalisering"
            # no digital offer) and is never a typo
            return ()
        parts = self._compound(word)
        if any(e.role == TERM for e in parts):
            return tuple(Match(e, COMPOUND) for e in parts)
        for p in range(3, len(word) - 3):  # linking s: "loftslift" ~ "loftlift"
            if word[p] == "s" and (found := self._phrase(word[:p] + word[p + 1 :])):
                return tuple(Match(e, COMPOUND) for e in found)
        if entry := self._head_modifier(word):
            return (Match(entry, COMPOUND),)
        if typo := self._typo(word):
            return (typo,)
        return tuple(Match(e, COMPOUND) for e in parts)
