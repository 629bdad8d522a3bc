"""What the rule passes share about one answer: the words they found and what those add up to.

A `Hit` is one term, purpose, place or device word (or joined run of words) found in the
answer; `Findings` collects the categories, evidence and doubts the passes derive from the
hits, before the coder turns them into confidence and wording. They live here, apart from
`coder`, so that the passes (`purposes`, `places`, `audience`, `unknown`) can use them
without importing the coder.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.normalise.lexicon import Match
from pipeline.normalise.text import Tokens


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
class Findings:
    """What one answer's words add up to, before confidence and wording."""

    evidence: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: categories named by a term (not only by a typo, purpose or context)
    sure: set[str] = field(default_factory=set)
    doubts: list[tuple[str, str]] = field(default_factory=list)
    #: evidence worth showing that is no doubt
    notes: list[str] = field(default_factory=list)
    #: an unknown word has a technology word part ("streamet", "robotten"): see `unknown`
    technical: bool = False
    #: devices with no purpose in their sentence whose next sentence says what they are for
    #: ("Tablets. De bruges til træning"): no doubt of the answer, nor of its first part
    explained: set[str] = field(default_factory=set)
    #: categories a reading across sentences took back ("Telemedicin til KOL. Borgerne får en
    #: tablet til målingerne"): a part coding one alone is no doubt of the answer
    dropped: set[str] = field(default_factory=set)
    #: the answer is plain prose: it names no term, device or place, and no purpose in words
    #: outside the ordinary ones (see `unknown`)
    prose: bool = False

    def add(self, slug: str, words: str, *, sure: bool = True) -> None:
        self.evidence[slug].append(words)
        if sure:
            self.sure.add(slug)


def surface(tokens: Tokens, h: Hit) -> str:
    """The words of a hit as the answer wrote them (casefolded): what evidence quotes."""
    return " ".join(tokens.words[h.start : h.end])
