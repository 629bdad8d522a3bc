"""The rule-based coder: one answer -> categories, confidence, evidence, review flag.

It applies the coding manual's rules in order:
1. every category whose term the answer names (any form: see `lexicon`) is coded;
2. negated terms are not (see `negation`);
3. apps, tablets, screens, video, VR, robots and online/digital offers are coded by the purpose
   words near them; a bare app or tablet falls back on the question context;
4. sensors are coded by where they sit;
7. non-answers get nothing.
It says why: the evidence names the words behind each category, and every doubt (a typo
match, a negation, a context guess, a device without purpose, an unknown word that may be a
product, a long answer with nothing found) sends the answer to review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.normalise.lexicon import CUE, DEVICE, EXACT, FUZZY, PLACE, TERM, WEAK, Lexicon, Match
from pipeline.normalise.negation import negated_positions
from pipeline.normalise.terms import CONTEXT_KINDS, ONLINE, SENSOR, Taxonomy
from pipeline.normalise.text import JOIN, SENTENCE, Tokens, fold, stem, tokenize
from pipeline.normalise.vocabulary import PLACE_SUFFIXES

#: Confidence of a coding: the base by how the categories were found, lowered by each doubt.
BASE_TERMS, BASE_PURPOSE, BASE_EMPTY, BASE_NON_ANSWER = 0.95, 0.9, 0.85, 0.97
DOUBT = {
    "fuzzy": 0.6,
    "negation": 0.65,
    "context": 0.55,
    "no purpose": 0.5,
    "sensor": 0.5,
    "unknown": 0.6,
    "long": 0.4,
    "model": 0.5,
}
#: An answer this long (words) with no category at all is suspicious.
LONG_ANSWER = 25
#: No term ends in these; a run of words ending in one ("medicindispensere er") is no term.
NEVER_LAST = frozenset("er en et og i på til med af de den det som der at om vi har".split())
#: A clause starting with one of these explains the device in the clause before it
#: ("skærme, hvor borgeren ser sin dagsplan").
RELATIVE = frozenset("hvor som der så hvormed hvorved hvilket where which that".split())
#: "online/digital/virtuel" names the purpose of what follows it only for these categories
#: ("online forløb med undervisning", "digitalt netværk"); any other purpose word must stand
#: right beside it ("virtuelle samtaler", "træning online"): "digitale løsninger i
#: hjemmeplejen" or "digital bestilling af mad" name no technology.
ONLINE_PURPOSES = frozenset(
    {"traening", "patientuddannelse", "sociale", "selvmonitorering", "struktur", "medicin"}
)
ONLINE_REACH = 2
#: A word of an uncoded answer that looks like a product or technology.
TECH_PARTS = tuple(
    "robot sensor app tek digital smart tele alarm system track skaerm video online virtuel "
    "device scanner platform".split()
)
#: The evidence of a non-answer (rule 7).
NON_ANSWER = "ikke-svar"
_NON_ANSWER = re.compile(
    r"^(?:ved ikke|vides ikke|ved det ikke|kender ikke|nej|ingen|intet|ikke relevant|irrelevant"
    r"|ikke aktuel\w*|se (?:ovenfor|ovenstående|tidligere|forrige|svar|spm|spørgsmål|besvarelse)"
    r"|kan ikke|ikke oplyst|n a|na|ukendt|usikker|none|no|nothing|not applicable|don t know"
    r"|dont know|vi har ikke|vi har ingen|vi arbejder ikke|vi tilbyder ikke|der er ikke"
    r"|der er ingen|ikke noget|har ikke|har ingen|x|0)\b"
)
_NO_TECHNOLOGY = re.compile(
    r"\b(?:ingen|ikke|uden|intet)(?: \w+)? (?:teknologi|teknologier|velfærdsteknologi\w*)\b"
)


@dataclass(frozen=True)
class Coding:
    """The coder's answer for one text."""

    categories: tuple[str, ...]
    confidence: float
    needs_review: bool
    evidence: str
    source: str = "rule"

    @property
    def joined(self) -> str:
        """Categories as written in every output: slugs joined with ";" (sorted)."""
        return ";".join(self.categories)


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    match: Match
    negated: bool = False

    @property
    def role(self) -> str:
        return self.match.entry.role

    @property
    def target(self) -> str:
        return self.match.entry.target


@dataclass
class _Findings:
    """What one answer's words add up to, before confidence and wording."""

    evidence: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: categories named by a term (not only by a typo, purpose or context)
    sure: set[str] = field(default_factory=set)
    doubts: list[tuple[str, str]] = field(default_factory=list)

    def add(self, slug: str, words: str, *, sure: bool = True) -> None:
        self.evidence[slug].append(words)
        if sure:
            self.sure.add(slug)


class Coder:
    """Codes answers with one taxonomy; build once, call `code` many times."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.lexicon = Lexicon(taxonomy)

    def code(self, text: str | None, context: str | None = None) -> Coding:
        tokens = tokenize(text or "")
        words = [self.lexicon.vocabulary.restore(w) for w in tokens.words]
        hits = self._hits(tokens, words)
        covered = {i for h in hits for i in range(h.start, h.end)}
        negated = negated_positions(words, tokens.clause, tokens.sentence, covered)
        for h in hits:
            h.negated = h.start in negated
        found = _Findings()
        self._terms(tokens, hits, found)
        self._purposes(tokens, hits, context, found)
        self._unknown_words(tokens, words, covered, found)
        return self._verdict(tokens, words, found)

    def _hits(self, tokens: Tokens, words: list[str]) -> list[Hit]:
        """Every term, purpose, place and device word, single words and joined runs."""
        lex = self.lexicon
        hits: list[Hit] = []
        n = len(words)
        for i in range(n):
            hits += [Hit(i, i + 1, m) for m in lex.word(words[i])]
            joined, stems = words[i], stem(words[i])
            for j in range(i + 1, min(n, i + lex.max_window)):
                if tokens.gaps[j] != JOIN:
                    break
                joined += words[j]
                stems += stem(words[j])
                if words[j] not in NEVER_LAST:
                    hits += [Hit(i, j + 1, Match(e, EXACT)) for e in lex.phrase(joined, stems)]
        # words inside a longer term belong to it ("online træning" is no online + træning)
        spans = {(h.start, h.end) for h in hits if h.role == TERM and h.end - h.start > 1}
        unique = {
            (h.start, h.end, h.role, h.target): h
            for h in hits
            if not any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
        }
        return list(unique.values())

    def _surface(self, tokens: Tokens, h: Hit) -> str:
        return " ".join(tokens.words[h.start : h.end])

    def _terms(self, tokens: Tokens, hits: list[Hit], found: _Findings) -> None:
        negated: list[str] = []
        for h in hits:
            if h.role != TERM:
                continue
            if h.negated:
                negated.append(self._surface(tokens, h))
            elif h.match.how == FUZZY:
                found.add(h.target, h.match.detail, sure=False)
            else:
                found.add(h.target, self._surface(tokens, h))
        fuzzy = [w for slug, ws in found.evidence.items() if slug not in found.sure for w in ws]
        if fuzzy:
            found.doubts.append(("fuzzy", "stavning: " + ", ".join(fuzzy)))
        if negated:
            found.doubts.append(("negation", "negeret: " + ", ".join(dict.fromkeys(negated))))

    def _purposes(
        self, tokens: Tokens, hits: list[Hit], context: str | None, found: _Findings
    ) -> None:
        """Rules 3 and 4: devices coded by purpose, place or question context."""
        context_map = self.taxonomy.contexts.get(context or "", {})
        for h in hits:
            if h.role != DEVICE or h.negated:
                continue
            kind, device = h.target, self._surface(tokens, h)
            slugs, how = self._purpose_of(tokens, hits, h)
            for slug, cue in slugs.items():
                found.add(slug, f"{device}+{cue}", sure=False)
            if slugs or how == "explained" or kind == ONLINE:
                continue
            if kind in CONTEXT_KINDS and kind in context_map:
                slug = context_map[kind]
                found.add(slug, f"{device} ({context})", sure=False)
                found.doubts.append(("context", f"kontekst: {device} -> {slug}"))
            elif kind == SENSOR:
                found.doubts.append(("sensor", f"sensor uden placering: {device}"))
            else:
                found.doubts.append(("no purpose", f"uden formål: {device}"))

    def _purpose_of(self, tokens: Tokens, hits: list[Hit], device: Hit) -> tuple[dict, str]:
        """{slug: purpose word} for one device, and how it was decided."""
        clause = tokens.clause[device.start]
        scope = {clause}
        later = range(device.end, len(tokens.words))
        nxt = next((i for i in later if tokens.clause[i] != clause), None)
        if (
            nxt is not None
            and tokens.sentence[nxt] == tokens.sentence[device.start]
            and tokens.words[nxt] in RELATIVE
        ):
            scope.add(tokens.clause[nxt])
        near = [
            h for h in hits if h is not device and not h.negated and tokens.clause[h.start] in scope
        ]
        if device.target == ONLINE:  # qualifies what follows it, or a word right before it
            near = [
                h
                for h in near
                if h.start >= device.end
                and (h.target in ONLINE_PURPOSES or h.start - device.end < ONLINE_REACH)
                or h.end <= device.start
                and device.start - h.end < ONLINE_REACH
            ]
        if device.target == SENSOR:
            places = {h.target: self._surface(tokens, h) for h in near if h.role == PLACE}
            if places:
                return places, "place"
        for role in (CUE, WEAK):
            cues = {h.target: self._surface(tokens, h) for h in near if h.role == role}
            if "skaermbesoeg" in cues:  # a clinician following measurements is telemedicine
                cues.pop("selvmonitorering", None)
            if cues:
                return cues, "purpose"
        if any(h.role == TERM for h in near):
            return {}, "explained"
        return {}, "bare"

    def _unknown_words(
        self, tokens: Tokens, words: list[str], covered: set[int], found: _Findings
    ) -> None:
        """Words that may hide a category the rules missed.

        With no category found, any word that is not plain Danish counts. With categories
        found, a word counts when it looks like a product (a name inside a sentence, letters
        with digits, a technology word part) or is a word of a term left standing alone
        ("bedre bestik", "hæve-sænke toilet").
        """
        lex = self.lexicon
        loose = [
            i
            for i, w in enumerate(words)
            if i not in covered
            and len(w) >= 4
            and not w.isdigit()
            and not (tokens.capitalised[i] and w.endswith(PLACE_SUFFIXES))
        ]
        if not found.evidence:
            shown = [tokens.words[i] for i in loose if not lex.general.is_known(words[i])]
        else:
            shown = [
                tokens.words[i]
                for i in loose
                if words[i] in lex.term_words
                or not lex.vocabulary.is_known(words[i])
                and (
                    (tokens.capitalised[i] and tokens.gaps[i] != SENTENCE)
                    or (any(c.isdigit() for c in words[i]) and any(c.isalpha() for c in words[i]))
                    or any(part in fold(words[i]) for part in TECH_PARTS)
                )
            ]
        if shown:
            found.doubts.append(("unknown", "ukendte ord: " + ", ".join(dict.fromkeys(shown))))

    def _verdict(self, tokens: Tokens, words: list[str], found: _Findings) -> Coding:
        categories = tuple(sorted(found.evidence))
        doubts = found.doubts
        text = " ".join(words)
        only_unknown = all(kind == "unknown" for kind, _ in doubts)
        if not categories and only_unknown and (not words or _NON_ANSWER.match(text)):
            return Coding((), BASE_NON_ANSWER, False, NON_ANSWER)
        if not categories and len(words) >= LONG_ANSWER:
            doubts.append(("long", "langt svar uden kategori"))
        if not categories:
            base = BASE_NON_ANSWER if _NO_TECHNOLOGY.search(text) else BASE_EMPTY
        else:
            base = BASE_TERMS if set(categories) <= found.sure else BASE_PURPOSE
        confidence = min([base, *(DOUBT[kind] for kind, _ in doubts)])
        parts = [f"{s}: {', '.join(dict.fromkeys(found.evidence[s]))}" for s in categories]
        evidence = "; ".join(parts) or "ingen kategori"
        if doubts:
            evidence += " | " + "; ".join(note for _, note in doubts)
        return Coding(categories, round(confidence, 2), bool(doubts), evidence)
