"""Safe reuse of analysts' decisions for near-identical texts (issue 12, item 2).

A decision covers the text the analyst read. The same text (same `text_hash`) is reused as
it is. A near-identical text (`decisions.NEAR_IDENTICAL`) is reused only when the coder reads
it the same way as the decided text in everything the decision did not override: the same
categories found, the same negated terms and the same hedges. "Vi har ikke loftlifte ..." is
near-identical to "Vi har loftlifte ..." but negated; "... og GPS" appended adds a
category: those answers go to review instead, with the earlier decision as the suggestion and
the difference shown (`Reuse.differences`).

Both texts are read by the rules alone (`classify.get_coder`), with the new answer's question
context for both: the learned model's second opinion is trained on the decisions themselves
and would make the comparison circular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalise.coder import Coder, Coding
from pipeline.normalise.decisions import Decision, DecisionIndex
from pipeline.normalise.text import fold

#: "negeret: loftlifte, vasketoiletter" in the coder's notes "(...)" or doubts ("| ...; ...")
_NEGATED = re.compile(r"negeret: ([^();|]*)")
#: doubts that change what an answer says without changing its categories
_NEGATION_WITHOUT_OBJECT = "nægtelse uden genstand"
_HEDGE = re.compile(r"forbehold: ([^();|]*)")


@dataclass(frozen=True)
class Reading:
    """What the coder reads in one text, beyond the categories an analyst decides."""

    categories: frozenset[str]
    negated: frozenset[str]
    hedges: frozenset[str]
    bare_negation: bool

    @classmethod
    def of(cls, coding: Coding) -> Reading:
        evidence = coding.evidence or ""
        negated = {
            fold(w.strip()) for m in _NEGATED.finditer(evidence) for w in m.group(1).split(",")
        }
        hedges = {fold(m.group(1).strip()) for m in _HEDGE.finditer(evidence)}
        return cls(
            categories=frozenset(coding.categories),
            negated=frozenset(w for w in negated if w),
            hedges=frozenset(h for h in hedges if h),
            bare_negation=_NEGATION_WITHOUT_OBJECT in evidence,
        )


def differences(decided: Reading, new: Reading, labels: dict[str, str]) -> list[str]:
    """How the coder reads the new text differently from the decided one, in plain Danish;
    empty when it reads them the same way."""

    def names(slugs: frozenset[str]) -> str:
        return ", ".join(labels.get(s, s) for s in sorted(slugs))

    out = []
    if added := new.categories - decided.categories:
        out.append(f"nu også {names(added)}")
    if dropped := decided.categories - new.categories:
        out.append(f"ikke længere {names(dropped)}")
    if negated := new.negated - decided.negated:
        out.append(f"nu negeret: {', '.join(sorted(negated))}")
    if unnegated := decided.negated - new.negated:
        out.append(f"ikke længere negeret: {', '.join(sorted(unnegated))}")
    if new.bare_negation != decided.bare_negation:
        out.append("nægtelse uden genstand" + ("" if new.bare_negation else " er væk"))
    if hedged := new.hedges - decided.hedges:
        out.append(f"nu med forbehold: {', '.join(sorted(hedged))}")
    if unhedged := decided.hedges - new.hedges:
        out.append(f"forbehold væk: {', '.join(sorted(unhedged))}")
    return out


@dataclass(frozen=True)
class Reuse:
    """The decision that applies to a text: reused (`differences` empty) or a suggestion."""

    decision: Decision
    exact: bool
    differences: tuple[str, ...] = ()

    @property
    def reused(self) -> bool:
        return not self.differences


def find_reuse(
    index: DecisionIndex,
    coder: Coder,
    text: str,
    context: str | None,
    labels: dict[str, str],
    question: str,
) -> Reuse | None:
    """The analysts' decision for `text` answering `question` (`question_id` or
    `question_id.item`; see module docstring), or None when there is none."""
    found = index.find(text, question)
    if found is None:
        return None
    decision, exact = found
    if exact:
        return Reuse(decision, True)
    decided = Reading.of(coder.code(decision.text, context))
    new = Reading.of(coder.code(text, context))
    return Reuse(decision, False, tuple(differences(decided, new, labels)))


def suggestion_note(reuse: Reuse, labels: dict[str, str]) -> str:
    """The evidence of an answer sent to review because a near decision reads differently."""
    d = reuse.decision
    cats = ", ".join(labels.get(c, c) for c in d.categories) or "ingen kategori"
    return (
        f"tidligere afgørelse for næsten samme tekst ({d.answer_id}, {d.reviewer} {d.date}): "
        f"{cats}; men teksten læses anderledes: {'; '.join(reuse.differences)}"
    )
