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

from collections.abc import Sequence

from pipeline.normalise.findings import Findings, Hit, surface
from pipeline.normalise.lexicon import CUE, TERM
from pipeline.normalise.roles import RuleCategories
from pipeline.normalise.text import LIST_JOINERS, Tokens, clause_words
from pipeline.survey.termsets import TermSet

#: How many words may stand between a citizen and the word of his reading ("borgeren og
#: sygeplejersken kan se"): fillers (`reader_fillers`) and clinicians only.
READER_REACH = 4


def is_clinician(word: str, w: TermSet) -> bool:
    """A word naming a clinician: one of `clinicians`, or a compound ending in one of
    `clinician_heads` ("diabetes|sygeplejersken", "hjerte|lægen"; not "sags|behandleren")."""
    return word in w.clinicians or word.endswith(w.clinician_heads)


def own_reading(words: Sequence[str], w: TermSet) -> bool:
    """Whether these words (in order) say the citizen reads his measurements himself
    ("selv", "ser sine egne målinger", "både borgeren og sygeplejersken kan se
    målingerne"), not only types them in for a clinician ("borgeren indtaster målingerne, og
    lægen ser dem")."""
    present = set(words)
    if present & w.self or present & w.self_words and present & w.see_words:
        return True
    for i, word in enumerate(words):
        if word not in w.citizens:
            continue
        for nxt in words[i + 1 : i + 2 + READER_REACH]:
            if nxt in w.see_words:
                return True
            if nxt not in w.reader_fillers and not is_clinician(nxt, w):
                break
    return False


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
        # the clinician follows in his own sentence: "pulsure til at følge egen træning.
        # Undervisningen foregår på sundhedscentret" is no follow-up
        clinician = sorted(
            c
            for s in (sentence, sentence + 1)
            for c in set(_sentence_words(tokens, s)) & w.clinicians
            if set(_sentence_words(tokens, s)) & w.follow_words
        )
        if clinician:
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
        words = _sentence_words(tokens, sentence)
        clinician = set(words) & w.clinicians
        if clinician and not own_reading(words, w):
            found.doubts.append(
                ("purposes", f"telemedicin eller egenmåling: {h.match.entry.phrase}")
            )
            return


def measured_for_telemedicine(
    tokens: Tokens, hits: list[Hit], found: Findings, roles: RuleCategories, w: TermSet
) -> None:
    """Measurements taken for a named telemedicine offer are the telemedicine's: "Som
    deltager i TeleKOL får du en tablet til målingerne", "Telemedicin til KOL. Borgerne får en
    tablet til målingerne" code the screen visit only (the manual: "telemedicine where a
    clinician follows the citizen's measurements"). The offer is a screen-visit term with a
    part of `telemedicine_parts`, in the sentence of the measurement or the one before it.
    A device measuring for the citizen himself ("selv følge udviklingen", `own_reading`) may
    be both: reviewed, whether or not self-monitoring was coded, and so is a self-monitoring
    term in the offer's sentence ("I TeleKOL skal du selv måle dine værdier")."""
    own, visit = roles.self_monitoring, roles.screen_visit
    offers = {
        tokens.sentence[h.start]
        for h in hits
        if h.role == TERM
        and h.target == visit
        and not h.negated
        and any(p in " ".join(tokens.words[h.start : h.end]) for p in w.telemedicine_parts)
    }
    if not offers:
        return
    meters = [h for h in hits if h.role == TERM and h.target == own and not h.negated]
    if meters and all(_read_by_clinician(tokens, h, offers, w) for h in meters):
        # "Telemedicinsk opfølgning, hvor sygeplejersken ser borgerens blodsukkermålinger":
        # the clinician reads them, the citizen does not: the telemedicine's measurements
        _drop_own(found, own)
        return
    if meters:
        # "Som deltager i TeleKOL skal du selv måle dine værdier": the kit's or his own? Not
        # a meter listed beside the offer ("telemedicin og skridttællere", "..., wearables")
        if any(_in_offer(tokens, hits, h, visit, w) for h in meters):
            found.doubts.append(
                ("purposes", f"telemedicin eller egenmåling: {surface(tokens, meters[0])}")
            )
        return
    measured = [
        h
        for h in hits
        if h.role == CUE
        and h.target == own
        and not h.negated
        and ({tokens.sentence[h.start], tokens.sentence[h.start] - 1} & offers)
    ]
    if not measured:
        return
    sentences = {tokens.sentence[h.start] for h in measured}
    words = [x for x, s in zip(tokens.words, tokens.sentence, strict=True) if s in sentences]
    if own_reading(words, w):
        found.doubts.append(("purposes", "telemedicin eller egenmåling: målinger i telemedicin"))
        return
    _drop_own(found, own)


def _drop_own(found: Findings, own: str) -> None:
    """Self-monitoring dropped for telemedicine: the measurements are the clinician's."""
    if own in found.evidence:
        del found.evidence[own]
        found.sure.discard(own)
        found.dropped.add(own)
        found.notes.append("målinger i telemedicin")


def _read_by_clinician(tokens: Tokens, meter: Hit, offers: set[int], w: TermSet) -> bool:
    """Whether measurements named in (or right after) the sentence of a telemedicine offer
    are read by a clinician in their own clause ("hvor sygeplejersken ser borgerens
    målinger"), and not by the citizen himself (`own_reading`)."""
    sentence = tokens.sentence[meter.start]
    if not {sentence, sentence - 1} & offers:
        return False
    words = clause_words(tokens, tokens.clause[meter.start])
    clinician = any(is_clinician(x, w) for x in words)
    return (
        clinician
        and bool(set(words) & (w.follow_words | w.see_words))
        and not own_reading(words, w)
    )


def _sentence_words(tokens: Tokens, sentence: int) -> list[str]:
    return [x for x, s in zip(tokens.words, tokens.sentence, strict=True) if s == sentence]


def _in_offer(tokens: Tokens, hits: list[Hit], meter: Hit, visit: str, w: TermSet) -> bool:
    """Whether a self-monitoring term stands in the clause of a telemedicine offer with no
    list word between them: part of the offer, not an item listed beside it."""
    for h in hits:
        if h.role != TERM or h.target != visit or h.negated:
            continue
        if not any(p in " ".join(tokens.words[h.start : h.end]) for p in w.telemedicine_parts):
            continue
        if tokens.clause[h.start] != tokens.clause[meter.start]:
            continue
        lo, hi = min(h.end, meter.end), max(h.start, meter.start)
        if not any(x in LIST_JOINERS for x in tokens.words[lo:hi]):
            return True
    return False


def given_to_staff(tokens: Tokens, at: int, w: TermSet) -> bool:
    """ "tablets til medarbejderne", "alarmsystem til hjemmeplejens medarbejdere": whether
    the words from position `at` (right after a device or term) give it to the staff (a word
    of `given_to`, up to three of `given_to_fillers`, a word of `staff`). A device given to
    the staff is their tool and not coded (`purposes`)."""
    words = tokens.words
    if at >= len(words) or words[at] not in w.given_to:
        return False
    for word in words[at + 1 : at + 5]:
        if word in w.staff:
            return True
        if word not in w.given_to_fillers:
            return False
    return False


def for_staff(
    tokens: Tokens, hits: list[Hit], found: Findings, roles: RuleCategories, w: TermSet
) -> None:
    """ "e-learning for medarbejderne", "personalet registrerer magtanvendelse i en app":
    technology for the staff is not coded, but telling it from the citizens' is a
    judgement: an answer with staff in the clause of such a category is reviewed. A named
    technology of another category given to the staff is coded as analysts code it
    ("personløftere til personalet", "alarm til personalet")."""
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
    # any category guessed, not named, from a medium beside a word for the staff
    # ("robotterne ... personalet", "digitale redskaber til medarbejderne"): whose purpose it
    # serves is a guess, whatever the category
    for slug, items in found.evidence.items():
        if slug in found.sure:
            continue
        staff = {p for item in items for p in item.split("+")} & w.staff
        if staff:
            found.doubts.append(("purposes", f"for personalet? {', '.join(sorted(staff))}"))
            return
