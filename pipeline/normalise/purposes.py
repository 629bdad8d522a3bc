"""Coding rule 3: apps, tablets, phones, screens, video, VR, robots, machines, wearables,
reminders, games and online/digital offers (the taxonomy's `devices`) are coded by the purpose
words near them; a bare app or tablet falls back on the question context.

A device's purpose words are those of its clause, of the clause a relative clause explains
("sygeplejersken, som ringer op på video") and of the relative clauses after it ("skærme, hvor
borgeren ser sin dagsplan"). Not purposes: a word that dates something or names a visit in
person ("mellem besøgene", "kommer på besøg"), one that belongs to another list item, a topic
after "om" (see `topics`). Strong purpose words win over weak ones; a sensor is coded by where
it sits (rule 4, see `places`); a term beside a device says what it is ("GPS app"). A device
with no purpose of its own may take one from its sentence (a reminder beside a medicine
technology, a video beside a clinician); a bare app or tablet takes the question context's
category only in an answer that names nothing else. Doubts: a context guess, a device without
purpose, a single-purpose device with purposes of several categories, a weak purpose of an
online offer, a sensor without place.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.normalise.audience import given_to_staff, own_reading
from pipeline.normalise.findings import Findings, Hit, surface
from pipeline.normalise.lexicon import (
    COMPOUND,
    CUE,
    DEVICE,
    EXACT,
    PLACE,
    TERM,
    WEAK,
    Entry,
    Lexicon,
    Match,
)
from pipeline.normalise.places import after_preposition, place_in_compound
from pipeline.normalise.roles import RuleCategories
from pipeline.normalise.text import CLAUSE as CLAUSE_GAP
from pipeline.normalise.text import JOIN, LIST_JOINERS, Tokens, clause_span, clause_words, fold
from pipeline.normalise.topics import ABOUT_REACH, find_topics
from pipeline.normalise.unknown import product_names
from pipeline.survey.taxonomy import CONTEXT_KINDS, ONLINE, SENSOR, Taxonomy
from pipeline.survey.termsets import TermSet, TermSets, phrase_length_at

#: "online/digital/virtuel" names the purpose of what follows it only for the categories with
#: the role `online_purpose` ("online forløb med undervisning", "digitalt netværk"); any other
#: purpose word must stand this close to it ("virtuelle samtaler", "træning online"):
#: "digitale løsninger i hjemmeplejen" or "digital bestilling af mad" name no technology.
ONLINE_REACH = 2
#: "hvornår hjemmeplejen kommer": a word of `comes` this close after a visit word.
COMES_REACH = 3
#: Purpose words farther than this (words) from a device are never its purpose; it also keeps
#: a pasted page of text from costing more than a few milliseconds per device.
PURPOSE_WINDOW = 40
#: How the evidence names a device with no purpose (the coder matches it to `explained`).
NO_PURPOSE = "uden formål: "


@lru_cache(maxsize=64)
def _folded(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Word parts as the rules compare them with folded words ("påmind" -> "paamind")."""
    return tuple(fold(part) for part in parts)


def code_by_purpose(
    lexicon: Lexicon,
    taxonomy: Taxonomy,
    tokens: Tokens,
    hits: list[Hit],
    context: str | None,
    found: Findings,
) -> None:
    """Rules 3 and 4: devices coded by purpose, place or question context."""
    context_map = taxonomy.contexts.get(context or "", {})
    roles, terms = lexicon.roles, lexicon.terms
    pw = terms.purposes
    visit = roles.screen_visit
    topics = find_topics(tokens, hits, roles, terms.topics)
    compounds = {surface(tokens, h) for h in hits if h.role == WEAK and h.match.how == COMPOUND}

    def weak_compound(cue: str | None) -> bool:
        return cue is not None and cue in compounds

    bare: list[tuple[str, str]] = []  # (device, the context's category)
    unexplained: list[Hit] = []  # devices with no purpose in their own sentence
    purposed: list[Hit] = []  # devices coded by a purpose word
    # "TeleKit (KOL-kuffert)": a product named beside the term that says what it is
    names = product_names(tokens, list(tokens.words), hits, terms.unknown)
    for h in hits:
        if h.role != DEVICE or h.negated:
            continue
        kind, device = h.target, surface(tokens, h)
        slugs, how = _purpose_of(lexicon, tokens, hits, h, topics)
        if how in ("weak", "bare"):
            slugs, how = _sentence_purpose(tokens, hits, h, slugs, how, roles, terms)
        if kind in pw.no_screen_visit and slugs.pop(visit, None) and not slugs:
            continue  # "telefonisk opfølgning" is no screen visit
        for slug, cue in slugs.items():
            found.add(slug, f"{device}+{cue}", sure=False)
        if slugs:
            purposed.append(h)
        if kind == ONLINE and how == "weak" and weak_compound(slugs.get(visit)):
            # "online chatrådgivning", "online samtaleforløb": chat, phone or video?
            found.doubts.append(("weak", f"svagt formål: {device}"))
        if (
            how == "weak"
            and kind in pw.visit_devices
            and set(slugs) == {visit}
            and slugs[visit] in terms.audience.staff
        ):
            # "personalet har introduceret beboerne til Facetime": the staff show or help; a
            # contact with staff, or with family?
            found.doubts.append(("weak", f"svagt formål: {device}+{slugs[visit]}"))
        if kind in terms.topics.topic_media and _talk_about(tokens, h, terms.topics):
            # "Snak om KOL på nettet": an online talk about a disease, teaching or a community?
            found.doubts.append(("purposes", f"samtale eller undervisning: {device}"))
        if len(slugs) > 1 and kind in pw.single_purpose and how != "place":
            found.doubts.append(("purposes", f"flere formål: {device}"))
        if (
            kind == ONLINE
            and h.match.how == COMPOUND
            and not slugs
            and h.start not in names
            and not any(
                o.role == TERM
                and o.start >= h.end
                and tokens.clause[o.start] == tokens.clause[h.start]
                for o in hits
            )
        ):  # "Telecare med personlig alarm" is explained by the alarm after it
            # "telehjælp": a remote something the rules do not know
            found.doubts.append(("no purpose", f"uden formål: {device}"))
        if slugs or how == "explained" or kind == ONLINE:
            continue
        if kind in CONTEXT_KINDS and kind in context_map and not _various(tokens, h, terms):
            bare.append((device, context_map[kind]))
        elif kind == SENSOR:
            found.doubts.append(("sensor", f"sensor uden placering: {device}"))
        else:
            unexplained.append(h)
    for h in unexplained:
        device = surface(tokens, h)
        if _explained_next(tokens, hits, h, pw, found) or _listed_with(tokens, hits, h, purposed):
            # "Vi har tablets. De bruges til træning.", "øvelser via apps eller en computer"
            found.explained.add(device)
        else:
            found.doubts.append(("no purpose", f"{NO_PURPOSE}{device}"))
    # the context breaks the tie only for an answer that names nothing else: beside other
    # technologies, "diverse apps" or "andre apps" leave more than one reading (rule 3)
    for device, slug in bare:
        if slug in found.evidence:
            continue  # "skridttællere og en app": the context adds nothing new
        if found.evidence:
            found.doubts.append(("no purpose", f"uden formål: {device}"))
        else:
            found.add(slug, f"{device} ({context})", sure=False)
            found.doubts.append(("context", f"kontekst: {device} -> {slug}"))


def _talk_about(tokens: Tokens, device: Hit, tw: TermSet) -> bool:
    """Whether a word of `talk_nouns` stands right before an "om" in the sentence of an online
    medium ("Snak om KOL på nettet", "chat om diabetes online")."""
    sentence, words = tokens.sentence[device.start], tokens.words
    return any(
        words[o] in tw.about
        and tokens.sentence[o] == sentence
        and words[o - 1] in tw.talk_nouns
        and tokens.gaps[o] == JOIN
        for o in range(1, len(words))
    )


def _explained_next(
    tokens: Tokens, hits: list[Hit], device: Hit, pw: TermSet, found: Findings
) -> bool:
    """Whether the next sentence says what a device with no purpose of its own is for: it
    opens with a word pointing back (`anaphora`: "Vi har udlånt tablets. De bruges til
    hjemmetræning") and names a purpose, not negated, of a category the answer codes."""
    nxt = tokens.sentence[device.start] + 1
    ids = [i for i, s in enumerate(tokens.sentence) if s == nxt]
    if not ids or tokens.words[ids[0]] not in pw.anaphora:
        return False
    return any(
        h.role == CUE and not h.negated and h.target in found.evidence and h.start in ids
        for h in hits
    )


#: At most this many words may stand between two devices listed together ("på mobilen eller
#: en udleveret computer": "eller en udleveret").
LISTED_GAP = 3


def _listed_with(tokens: Tokens, hits: list[Hit], device: Hit, purposed: list[Hit]) -> bool:
    """Whether a device with no purpose is listed right beside a device that has one, with
    nothing named between them: "træningsvideoer formidles via apps på mobilen eller en
    udleveret computer", "videosamtaler og applikationer". Two media joined so are one
    offer, and the purpose that codes the one codes both (the category is already coded;
    only the doubt goes). Not when a purpose, place or term word stands between ("apps til
    træning og tablets": the tablets are another item), across a clause or sentence
    boundary, or with more than `LISTED_GAP` words between."""
    for other in purposed:
        if other.end <= device.start:
            lo, hi = other.end, device.start
        elif device.end <= other.start:
            lo, hi = device.end, other.start
        else:
            continue
        between = tokens.words[lo:hi]
        if not between or len(between) > LISTED_GAP:
            continue
        if not any(w in LIST_JOINERS for w in between):
            continue
        if any(tokens.gaps[i] != JOIN for i in range(lo, hi + 1)):
            continue
        if any(lo <= h.start < hi or lo < h.end <= hi for h in hits):
            continue
        return True
    return False


def _sentence_purpose(
    tokens: Tokens,
    hits: list[Hit],
    device: Hit,
    slugs: dict,
    how: str,
    roles: RuleCategories,
    terms: TermSets,
) -> tuple[dict, str]:
    """A purpose given elsewhere in the sentence, for a device with none of its own:
    "Til medicinhåndtering: dosisrobotter og påmindelser på mobilen" (a reminder beside a
    medicine technology reminds of medicine); "sygeplejersken følger målingerne og ringer
    op på video" (a video with a clinician in the sentence is a screen visit)."""
    sentence = tokens.sentence[device.start]
    others = [
        h
        for h in hits
        if not h.negated and h is not device and tokens.sentence[h.start] == sentence
    ]
    structure, medicine = roles.structure, roles.medicine
    pw = terms.purposes
    reminds = device.target in pw.reminder or (
        set(slugs) == {structure} and fold(slugs[structure]).startswith(_folded(pw.reminder_words))
    )
    if reminds:
        term = next((h for h in others if h.role == TERM and h.target == medicine), None)
        if term is not None:
            return {medicine: surface(tokens, term)}, "sentence"
    if device.target in pw.visit_devices and how == "bare":
        clinician = next(
            (
                h
                for h in others
                if h.role == CUE and surface(tokens, h) in terms.audience.clinicians
            ),
            None,
        )
        if clinician is not None:
            return {roles.screen_visit: surface(tokens, clinician)}, "sentence"
    return slugs, how


def _purpose_of(
    lexicon: Lexicon, tokens: Tokens, hits: list[Hit], device: Hit, topics: dict[int, int]
) -> tuple[dict, str]:
    """{slug: purpose word} for one device, and how it was decided.

    `topics` maps the words after "om" to the position of their "om" (see `find_topics`).
    """
    roles, terms = lexicon.roles, lexicon.terms
    pw = terms.purposes
    visit, own_values = roles.screen_visit, roles.self_monitoring
    clause = tokens.clause[device.start]
    scope = {clause}
    first = clause_span(tokens, clause)[0]
    if (
        tokens.words[first] in pw.relative
        and first > 0
        and tokens.gaps[first] == CLAUSE_GAP
        and tokens.sentence[first - 1] == tokens.sentence[first]
    ):  # "... sygeplejersken, som ringer op på video": the clause the relative explains
        scope.add(tokens.clause[first - 1])
    later = range(device.end, len(tokens.words))
    nxt = next((i for i in later if tokens.clause[i] != clause), None)
    if (
        nxt is not None
        and tokens.sentence[nxt] == tokens.sentence[device.start]
        and tokens.words[nxt] in pw.relative
        and not (
            tokens.words[nxt] in pw.next_item
            and tokens.words[nxt - 1] in LIST_JOINERS
            and not pw.anaphora & set(tokens.words[nxt + 1 : nxt + 4])
        )
    ):  # "skærme, så borgeren ser dagsplanen" explains; "... og så en robot" adds an item
        scope.add(tokens.clause[nxt])
        # "et ur, der med farver viser borgeren, hvor lang tid der er til næste aftale"
        after = next((i for i in later if tokens.clause[i] > tokens.clause[nxt]), None)
        if (
            after is not None
            and tokens.sentence[after] == tokens.sentence[device.start]
            and tokens.words[after] in pw.relative
        ):
            scope.add(tokens.clause[after])
    near = [
        h
        for h in hits
        if abs(h.start - device.start) <= PURPOSE_WINDOW
        and h is not device
        and not h.negated
        and tokens.clause[h.start] in scope
        and not _time_or_in_person(tokens, h, roles, pw)
        and not _staff_meeting(tokens, h, terms.audience)
        and (h.start not in topics or h.target in roles.topic_is_purpose and h.role == CUE)
    ]
    if any(h.role == TERM for h in near):
        # "natkameraet viser et billede på personalets telefon": beside a named technology a
        # word of `outputs` ("billede") is what that technology gives, not what a device is for
        near = [
            h
            for h in near
            if h.role == TERM or not all(w in pw.outputs for w in tokens.words[h.start : h.end])
        ]
    sensing = any(
        o.role == DEVICE and o.target in pw.sensing_kinds and tokens.clause[o.start] in scope
        for o in hits
    )
    if sensing:
        # "sensoren registrerer, om borgeren står op": what every sensor does, not what it or
        # a device beside it ("digital rehabilitering med sensor der registrerer") is for
        near = [
            h
            for h in near
            if not (h.end - h.start == 1 and tokens.words[h.start] in pw.sensing_verbs)
        ]
    if device.target == ONLINE:  # qualifies what follows it, or a word right before it
        medium = pw.medium_prepositions & set(tokens.words[max(0, device.start - 3) : device.start])
        near = [
            h
            for h in near
            if h.start >= device.end
            and (h.target in roles.online_purpose or h.start - device.end < ONLINE_REACH)
            or h.end <= device.start
            and (
                device.start - h.end < ONLINE_REACH
                or medium
                and h.target in roles.online_purpose
                and tokens.clause[h.start] == tokens.clause[device.start]
            )
        ]
    else:  # "bostøtte og en app til planlægning": a purpose before "og" is another item's
        items = {o.start for o in hits if o.role in (TERM, DEVICE) and o is not device}
        near = [
            h
            for h in near
            if h.start >= device.end
            and not _later_item(tokens, items, device.end, h.start)
            or h.start < device.end
            and not _item_between(tokens, h.end, device.start, terms)
        ]
    in_scope = {tokens.words[i] for c in scope for i in clause_span(tokens, c)}
    if (
        in_scope & terms.audience.staff_tools
        or given_to_staff(tokens, device.end, terms.audience)
        or _staff_among_themselves(tokens, scope, in_scope, terms)
    ):
        return {}, "explained"  # "en app-baseret vagtplan for personalet": not for citizens
    if any(
        h.start == device.end
        and tokens.gaps[h.start] == JOIN
        or h.end == device.start
        and tokens.gaps[device.start] == JOIN
        for h in near
        if h.role == TERM
    ):
        return {}, "explained"  # "en social robot (Paro)", "GPS app": the product says it
    if device.target == SENSOR:
        # "sensoren i madrassen ... før de falder": a place after a preposition is where
        # the sensor sits; other place words only when there is none
        placed = [h for h in near if h.role == PLACE and after_preposition(tokens, h, terms.places)]
        # "sensorer i madrasser og bleer": a place listed after a placed one
        placed += [
            h
            for h in near
            if h.role == PLACE
            and h not in placed
            and h.start >= 2
            and tokens.words[h.start - 1] in LIST_JOINERS
            and any(p.end == h.start - 1 for p in placed)
        ]
        candidates = placed or [h for h in near if h.role == PLACE]
        places = {h.target: surface(tokens, h) for h in candidates}
        places = places or place_in_compound(lexicon, tokens.words[device.start], terms.places)
        if places:
            return places, "place"
    about = next(
        (
            o
            for o in set(topics.values())
            if device.end <= o < device.end + ABOUT_REACH
            and tokens.clause[o] == tokens.clause[device.start]
        ),
        None,
    )
    if device.target in terms.topics.topic_media and about is not None:
        # "film om medicin og kost": learning about one's disease (rule 3)
        learning = Entry(CUE, roles.patient_education, "om")
        near.append(Hit(about, about + 1, Match(learning, EXACT)))
    folded = fold(surface(tokens, device))
    conversation = _folded(pw.conversation)
    talk = _phrase_at(tokens, scope, pw.talk)
    if (
        device.target in pw.visit_devices
        and talk is not None
        and not any(h.role == CUE and h.target == visit for h in near)
    ):
        # "tablets med videoopkald, så de kan tale med fysioterapeuten": a conversation
        near.append(Hit(talk, talk + 1, Match(Entry(CUE, visit, "samtale"), EXACT)))
    if device.target in pw.visit_devices and any(p in folded for p in conversation):
        # "videosamtaler med fysioterapeuten": a conversation, i.e. a consultation, unless
        # it is with family (role `social`) or an exercise class (a strong training cue)
        near.append(Hit(device.start, device.end, Match(Entry(CUE, visit, folded), EXACT)))
    own = own_reading(
        [tokens.words[i] for c in sorted(scope) for i in clause_span(tokens, c)], terms.audience
    )
    for role, how in ((CUE, "purpose"), (WEAK, "weak")):
        cues = {h.target: surface(tokens, h) for h in near if h.role == role}
        # "tablets til træning på plejecentrene og i hjemmeplejen": a purpose word named as
        # a place ("i hjemmeplejen") says where, when another purpose says what for
        at = {id(h): after_preposition(tokens, h, terms.places) for h in near if h.role == role}
        placed = {h.target for h in near if h.role == role and at[id(h)]}
        unplaced = {h.target for h in near if h.role == role and not at[id(h)]}
        if unplaced and placed - unplaced:
            cues = {slug: cue for slug, cue in cues.items() if slug in unplaced}
        if role == WEAK and (device.target in pw.no_staff_visit or in_scope & pw.alerts):
            cues.pop(visit, None)
        if roles.social in cues and (
            fold(cues.get(visit, "")).startswith(_folded(pw.visit) + conversation)
            or cues.get(visit) in {p.split()[0] for p in pw.talk}
        ):
            # "robot som familien kan styre for at besøge beboeren": a family visit
            cues.pop(visit)
        if own_values in cues and visit not in cues:
            # "app hvor borgeren registrerer symptomer, og sygeplejersken følger med"
            clinician = next(
                (
                    surface(tokens, h)
                    for h in hits
                    if h.role == CUE
                    and not h.negated
                    and h.target == visit
                    and tokens.sentence[h.start] == tokens.sentence[device.start]
                    and surface(tokens, h) in terms.audience.clinicians
                ),
                None,
            )
            if clinician:
                cues[visit] = clinician
        if visit in cues and not own:
            # a clinician following the measurements is telemedicine
            cues.pop(own_values, None)
        if cues:
            return cues, how
    if any(
        h.role == TERM and not any(w in LIST_JOINERS for w in tokens.words[device.end : h.start])
        for h in near
    ):  # "app med GPS" is explained; "robotter og vasketoiletter" is a second item
        return {}, "explained"
    if _medium_of_term(tokens, hits, device, pw):
        return {}, "explained"
    if channel := _channel_of_contact(tokens, hits, device, pw):
        return {visit: channel}, "channel"
    return {}, "bare"


def _channel_of_contact(tokens: Tokens, hits: list[Hit], device: Hit, pw: TermSet) -> str:
    """ "kan få hjælp via skærmen", "tjekkes over video": a screen or video that something
    is done through, in a clause naming no purpose and no other technology, is the channel of
    a contact with whoever is on the other end (a screen visit); family on the other end is a
    purpose word of its own and never gets here. The sentence must name the contact (a word of
    `contact`: help, advice, a talk, a call, a follow-up): "følge gudstjenesten via skærm" or
    "handle ind via tabletten" is a service or a show seen through a screen, nobody's visit.
    Returns the preposition, or ""."""
    if device.target not in pw.visit_devices or device.start == 0:
        return ""
    at = device.start - 1
    if at > 0 and tokens.words[at] in pw.articles:
        at -= 1  # "via en skærm"
    clause = tokens.clause[device.start]
    if tokens.words[at] not in pw.channel_prepositions or any(
        h is not device and h.role in (TERM, DEVICE) and tokens.clause[h.start] == clause
        for h in hits
    ):
        return ""
    sentence = tokens.sentence[device.start]
    if not any(
        w in pw.contact for w, s in zip(tokens.words, tokens.sentence, strict=True) if s == sentence
    ):
        return ""
    return tokens.words[at]


def _medium_of_term(tokens: Tokens, hits: list[Hit], device: Hit, pw: TermSet) -> bool:
    """ "videosamtaler over pc'er eller via mobiltelefon", "skærmbesøg på tablet": a device
    after a word of `medium_prepositions`, in the clause of a technology named before it, is
    the medium that technology reaches the citizen through, not a technology of its own."""
    before = tokens.words[max(0, device.start - 2) : device.start]
    if not any(w in pw.medium_prepositions for w in before):
        return False
    clause = tokens.clause[device.start]
    return any(
        h.role in (TERM, DEVICE)
        and not h.negated
        and h.end <= device.start
        and tokens.clause[h.start] == clause
        for h in hits
    )


def _phrase_at(tokens: Tokens, scope: set[int], phrases: tuple[str, ...]) -> int | None:
    """The position where one of `phrases` starts inside the clauses of `scope`, or None."""
    words = tokens.words
    for phrase in phrases:
        parts = phrase.split()
        for i in range(len(words) - len(parts) + 1):
            if tokens.clause[i] in scope and list(words[i : i + len(parts)]) == parts:
                return i
    return None


def _item_between(tokens: Tokens, start: int, end: int, terms: TermSets) -> bool:
    """Whether a list joiner between two positions starts another item ("bostøtte og en
    app"), not another place of the same item ("træning på plejecentrene og i hjemmet")."""
    return any(
        tokens.words[i] in LIST_JOINERS
        and not (i + 1 < end and tokens.words[i + 1] in terms.places.place_prepositions)
        for i in range(start, end)
    )


def _various(tokens: Tokens, device: Hit, terms: TermSets) -> bool:
    """ "diverse apps", "forskellige tablets": several, for no one purpose (rule 3)."""
    return device.start > 0 and tokens.words[device.start - 1] in terms.purposes.various


def _later_item(tokens: Tokens, items: set[int], start: int, end: int) -> bool:
    """Whether a list word and then another named item stand between a device and a purpose
    word after it: "videosamtaler med lægen og en chatgruppe for pårørende"."""
    for k in range(start, end):
        if tokens.words[k] in LIST_JOINERS and any(k < i < end for i in items):
            return True
    return False


def _staff_among_themselves(
    tokens: Tokens, scope: set[int], in_scope: set[str], terms: TermSets
) -> bool:
    """ "Medarbejderne mødes på Teams", "tablets til at udveksle erfaringer mellem
    medarbejderne": the staff (`staff`) meeting (`meeting_words`) with no citizen named
    (`coder.people`) use the device among themselves, as they use a staff tool."""
    aw = terms.audience
    if not in_scope & aw.staff or in_scope & terms.coder.people:
        return False
    return any(
        tokens.clause[i] in scope and phrase_length_at(p, tokens.words, i)
        for i in range(len(tokens.words))
        for p in aw.meeting_words
    )


def _staff_meeting(tokens: Tokens, h: Hit, aw: TermSet) -> bool:
    """A purpose word of people meeting that names no one (`meeting_words`: "mødes",
    "udveksle erfaringer") in a clause naming the staff (`staff`): the staff meet among
    themselves ("Medarbejderne mødes på Teams") or a citizen meets the staff ("borgerne og
    hjemmeplejens medarbejdere mødes til skærmbesøg"); neither is a community of peers."""
    if h.role != CUE or not any(
        phrase_length_at(p, tokens.words, h.start) for p in aw.meeting_words
    ):
        return False
    clause = tokens.clause[h.start]
    return any(w in aw.staff for w in clause_words(tokens, clause))


def _time_or_in_person(tokens: Tokens, h: Hit, roles: RuleCategories, pw: TermSet) -> bool:
    """A purpose word that dates something or names a visit in person ("mellem besøgene",
    "kommer på besøg", "hvornår hjemmeplejen kommer") says nothing about what a device is for."""
    if h.role not in (CUE, WEAK):
        return False
    if h.target == roles.screen_visit and any(
        tokens.words[i] in pw.comes and tokens.clause[i] == tokens.clause[h.start]
        for i in range(h.end, min(h.end + COMES_REACH, len(tokens.words)))
    ):
        return True
    clause = tokens.clause[h.start]
    k = h.start - 1
    stop = max(-1, h.start - 1 - PURPOSE_WINDOW)
    while h.target != roles.structure and k > stop and tokens.clause[k] == clause:
        if tokens.words[k] in pw.scheduled:
            return True  # "hvornår der er mad": what the day's plan shows, not a purpose
        k -= 1
    if h.start == 0 or tokens.gaps[h.start] != JOIN:
        return False
    for by in pw.in_person_by:  # "få besøg af en sundhedsmedarbejder"
        n = len(by.split())
        for skip in (0, 1):
            lo = h.start - n - skip
            if (
                lo >= 0
                and " ".join(tokens.words[lo : lo + n]) == by
                and (skip == 0 or tokens.words[h.start - 1] in pw.articles)
            ):
                return True
    before = tokens.words[h.start - 1]
    if before in pw.not_purpose_before:
        return True
    word = tokens.words[h.start]
    return any(
        before == first and word.startswith(then.rstrip("*"))
        for first, then in (p.split() for p in pw.in_person)
    )
