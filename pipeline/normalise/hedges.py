"""Hedges and stray negation words: which of them can change what the coder codes.

A hedge ("overvejer", "afventer", "tidligere") or a negation word that negates none of the
answer's terms ("nægtelse uden genstand") sends an answer to review, because an analyst may
read the statement it qualifies differently. The doubt is real only where the qualified
statement is one the coding rests on. It is read sentence by sentence:

- a sentence is **quiet** when it names no technology or purpose (no term, device or purpose
  word), points back to none (no anaphor: "dem", "det"; no noun pointing back: "Forsøget",
  "Ordningen", `negation.referring_nouns`), does not open with a negation
  ("Nej, ikke i år" answers the sentence before) and is no elliptic fragment (at least
  `QUIET_WORDS` words): "Vi overvejer at ansætte flere hjælpere", "Der er ikke afsat midler
  til nyt udstyr". A hedge or negation word there qualifies nothing that is coded (a plan in
  a priorities answer is what the question asks for);
- a past hedge ("tidligere", "havde") is no doubt either in a sentence whose every named
  technology is negated: "Vi havde robotsæler, men de er udfaset" says the same thing twice;
- nor is a hedge that ended in a decision: every named technology of the sentence is negated
  and the sentence refuses to resume it ("sat på pause og genoptages ikke") or stops it after
  the hedge ("Robotarme er undersøgt, men fravalgt").

Anything else keeps its doubt. The words are the term sets' (`coder.hedges`,
`coder.past_hedges`, `negation.anaphors`, `negation.forward`, `negation.no`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalise.findings import Hit
from pipeline.normalise.lexicon import CUE, DEVICE, TERM
from pipeline.normalise.negation import resumption_refused, stop_at, unexplained_negation
from pipeline.normalise.text import Tokens
from pipeline.survey.termsets import TermSets, phrase_pattern

#: A sentence shorter than this ("Måske næste år", "Ikke endnu") leans on the one before.
QUIET_WORDS = 4


@dataclass(frozen=True)
class HedgeRule:
    """The compiled hedge patterns of one set of term sets."""

    hedge: re.Pattern[str]
    past: re.Pattern[str]
    terms: TermSets

    @classmethod
    def from_terms(cls, terms: TermSets) -> HedgeRule:
        def compile_(phrases: tuple[str, ...]) -> re.Pattern[str]:
            return re.compile(rf"\b(?:{phrase_pattern(phrases)})\b")

        return cls(compile_(terms.coder.hedges), compile_(terms.coder.past_hedges), terms)

    def doubts(
        self, tokens: Tokens, words: list[str], hits: list[Hit], *, negated_named: bool
    ) -> list[tuple[str, str]]:
        """The hedge and stray-negation doubts of a coded answer, sentence by sentence.
        `negated_named`: some term or device of the answer is negated (then a negation word
        is explained, as before)."""
        out: list[tuple[str, str]] = []
        stray = False
        for ids in _sentences(tokens):
            text = " ".join(words[i] for i in ids)
            quiet = self._quiet(words, ids, hits)
            hedge = self.hedge.search(text)
            if hedge and not (
                quiet
                and not unexplained_negation(text, self.terms.negation)
                or self._settled(tokens, words, ids, hits, text[: hedge.start()].count(" "))
            ):
                out.append(("hedge", f"forbehold: {hedge.group()}"))
            past = self.past.search(text)
            if past and not (quiet or _all_negated(ids, hits)):
                out.append(("hedge", f"forbehold: {past.group()}"))
            if not negated_named and not quiet and unexplained_negation(text, self.terms.negation):
                stray = True
        if stray:
            out.append(("negation", "nægtelse uden genstand"))
        return out

    def _settled(
        self, tokens: Tokens, words: list[str], ids: list[int], hits: list[Hit], at: int
    ) -> bool:
        """Whether the hedge at sentence word `at` ended in a decision: every technology the
        sentence names is negated, and the sentence refuses to resume it ("sat på pause og
        genoptages ikke") or stops it in a clause after the hedge's ("undersøgt, men
        fravalgt"; not "overvejer at stoppe med GPS", where the stop is only considered)."""
        if not _all_negated(ids, hits):
            return False
        neg = self.terms.negation
        if resumption_refused(words, ids, neg):
            return True
        hedge_clause = tokens.clause[ids[at]]
        return any(tokens.clause[i] > hedge_clause and stop_at(words, i, neg) for i in ids)

    def _quiet(self, words: list[str], ids: list[int], hits: list[Hit]) -> bool:
        neg = self.terms.negation
        inside = set(ids)
        return (
            len(ids) >= QUIET_WORDS
            and words[ids[0]] not in neg.forward
            and words[ids[0]] not in neg.no
            and not any(words[i] in neg.anaphors for i in ids)
            # "Robotstøvsugere. Forsøget er sat på pause": a noun pointing back
            and not any(words[i] in neg.referring_nouns for i in ids)
            and not any(h.start in inside and h.role in (TERM, DEVICE, CUE) for h in hits)
        )


def _sentences(tokens: Tokens) -> list[list[int]]:
    out: dict[int, list[int]] = {}
    for i, s in enumerate(tokens.sentence):
        out.setdefault(s, []).append(i)
    return list(out.values())


def _all_negated(ids: list[int], hits: list[Hit]) -> bool:
    inside = set(ids)
    named = [h for h in hits if h.start in inside and h.role in (TERM, DEVICE)]
    return bool(named) and all(h.negated for h in named)
