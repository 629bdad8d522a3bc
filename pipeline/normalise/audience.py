"""Whom a technology serves: the citizen, a clinician who follows him, or the staff.

Measurements a clinician follows are telemedicine (the category with role `screen_visit`),
unless the citizen reads them himself too (role `self_monitoring`, rule 3: `own_reading`); a
meter named beside a clinician
may be either, so the answer is reviewed (`telemedicine_or_own`). Technology for the staff is
not coded: a staff tool in a device's clause explains the device (role `staff_tools`, read by
`purposes`), and staff named beside a category often bought for the staff too is a doubt
(`for_staff`).

Which words name clinicians, their follow-up, the citizen's own reading and the staff is the
term set `survey/coding/termsets/audience.yaml`, passed in as `w`.
"""

from __future__ import annotations

from pipeline.normalise.findings import Findings, Hit
from pipeline.normalise.lexicon import CUE, TERM
from pipeline.normalise.roles import RuleCategories
from pipeline.normalise.text import Tokens, clause_words
from pipeline.survey.termsets import TermSet


def own_reading(words: set[str], w: TermSet) -> bool:
    """Whether these words say the citizen reads his measurements himself ("selv", "ser
    sine egne målinger"), not only types them in for a clinician."""
    return bool(words & w.self) or bool(words & w.self_words and words & w.see_words)


def followed_up(
    tokens: Tokens, hits: list[Hit], found: Findings, roles: RuleCategories, w: TermSet
) -> None:
    """Home measurements a clinician follows up are telemedicine (coding manual: "telemedicine
    where a clinician follows the citizen's measurements"): "borgerne måler blodtryk hjemme,
    og lægen følger op på målingerne", also when the follow-up is the next sentence. The
    screen-visit category is coded beside self-monitoring, and the answer is reviewed: whether
    the citizen reads them himself too ("egen læge" is no own reading) is a judgement."""
    own, visit = roles.self_monitoring, roles.screen_visit
    if own not in found.evidence or visit in found.evidence:
        return
    if any(h.negated and h.target == visit for h in hits):
        return  # "ingen telemedicinsk opfølgning": the answer says it is not telemedicine
    for h in hits:
        if h.negated or h.target != own or h.role not in (TERM, CUE):
            continue
        sentence = tokens.sentence[h.start]
        scope = [
            w
            for w, s in zip(tokens.words, tokens.sentence, strict=True)
            if s in (sentence, sentence + 1)
        ]
        clinician = sorted(set(scope) & w.clinicians)
        if clinician and set(scope) & w.follow_words:
            found.add(visit, f"{clinician[0]} følger målingerne", sure=False)
            found.doubts.append(("purposes", f"telemedicin eller egenmåling: {clinician[0]}"))
            return


def telemedicine_or_own(
    tokens: Tokens, hits: list[Hit], found: Findings, roles: RuleCategories, w: TermSet
) -> None:
    """A meter named beside a clinician who follows the measurements ("KOL-kuffert med
    pulsoximeter, hvor sygeplejersken følger målingerne") may be part of the telemedicine
    kit (screen visit only) or the citizen's own (self-monitoring too): reviewed."""
    own, visit = roles.self_monitoring, roles.screen_visit
    if own not in found.evidence or visit not in found.evidence:
        return
    meters = [h for h in hits if h.role == TERM and h.target == own]
    for h in meters:
        if h.negated:
            continue
        sentence = tokens.sentence[h.start]
        words = {w for w, s in zip(tokens.words, tokens.sentence, strict=True) if s == sentence}
        clinician = words & w.clinicians
        if clinician and not own_reading(words, w):
            found.doubts.append(
                ("purposes", f"telemedicin eller egenmåling: {h.match.entry.phrase}")
            )
            return


def for_staff(
    tokens: Tokens, hits: list[Hit], found: Findings, roles: RuleCategories, w: TermSet
) -> None:
    """ "e-learning for medarbejderne", "personalet registrerer magtanvendelse i en app":
    technology for the staff is not coded, but telling it from the citizens' is a
    judgement: an answer with staff in the clause of such a category is reviewed."""
    for h in hits:  # terms and purpose words of a coded category prone to staff use
        if h.negated or h.role not in (TERM, CUE) or h.target not in roles.often_for_staff:
            continue
        if h.target not in found.evidence:
            continue
        words = clause_words(tokens, tokens.clause[h.start])
        staff = w.staff & set(words)
        if staff:
            found.doubts.append(("purposes", f"for personalet? {', '.join(sorted(staff))}"))
            return
