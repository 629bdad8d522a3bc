"""Coding rule 2: what an answer explicitly negates is not coded.

Scope, as analysts read it:
- "ikke/ingen/intet ..." negates the rest of its clause (up to the next comma, full stop or
  "men"), and a list that simply continues after a comma ("ingen GPS, sensorgulve eller
  kameraer");
- a verb of stopping ("fravalgt", "valgte det fra", "taget ud", "afsluttet", "stoppet med",
  "droppet", "returneret", "leveret tilbage", "ikke længere") negates what
  follows it, else what precedes it in the clause ("Sensorgulve har vi fravalgt"), else,
  when it points back ("... men vi er stoppet med det"), the clause before;
- a short "ikke ..." after the thing ("Telemedicin er ikke aktuelt") negates backwards too,
  unless it sits in a subordinate clause ("borgere der ikke kan rejse");
- "X - nej" / "X: nej" in a list negates X; "nej til X" negates X.
Not negations: "ikke kun", "ikke bare", "ikke blot", "ikke mindst", "ingen tvivl".

The words of each part (which words negate forward, which verbs stop, which words plan...)
are the term set `survey/coding/termsets/negation.yaml`, passed in as `w`; only the rule is
here.

How sure the reading is, for the coder's doubts: a term negated the plainest way, right beside
its negation word ("ingen GPS", "GPS er fravalgt", "Spiserobot - nej"), is only noted
(`plain_negation`); any other negated term, and a negation word that negates none of the
answer's terms (`unexplained_negation`), sends the answer to review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.normalise.text import CLAUSE as CLAUSE_GAP
from pipeline.normalise.text import JOIN, LIST_JOINERS, SENTENCE, Tokens, clause_span
from pipeline.survey.termsets import TermSet, phrase_length_at, phrase_pattern

if TYPE_CHECKING:
    from pipeline.normalise.findings import Hit

#: "ikke aktuelt", "ikke i brug længere": a tail this short negates backwards.
SHORT_TAIL = 3


@lru_cache(maxsize=8)
def _negation_only(w: TermSet) -> frozenset[str]:
    """A clause of only these words ("Spiserobot - nej", "GPS: ikke endnu") negates the one
    before: the words of `no`, `forward` and `negation_only`."""
    return w.no | w.forward | w.negation_only


def _came_to_nothing(words: Sequence[str], t: int, w: TermSet) -> int:
    """ "men det blev ikke til noget": the words after negation `t` say the plan failed.

    Returns how many words that phrase has (0: none), so the words after it can be read
    for what the failure points back at ("Robotten, vi købte, blev ikke taget i brug").
    Not when it is only not yet so (`not_yet`: see `not_yet_in_use`)."""
    if not_yet_in_use(words, t, w):
        return 0
    return _failure_at(words, t + 1, w)


def _failure_at(words: Sequence[str], i: int, w: TermSet) -> int:
    """How many words a phrase of `came_to_nothing` starting at word `i` has (0: none)."""
    return next((n for p in w.came_to_nothing if (n := phrase_length_at(p, words, i))), 0)


def not_yet_in_use(words: Sequence[str], t: int, w: TermSet) -> bool:
    """Whether negation `t` says something is not yet in use: "endnu ikke taget i brug",
    "ikke endnu indført", "ikke sat i drift endnu" (a word of `not_yet` right before the
    negation, right after it, or right after the phrase of `came_to_nothing`). What is not
    yet in use is being implemented, which rule 1 codes; the negation negates nothing."""
    if words[t] not in w.forward:
        return False
    if t > 0 and words[t - 1] in w.not_yet:
        return bool(_failure_at(words, t + 1, w))
    if t + 1 < len(words) and words[t + 1] in w.not_yet:
        return bool(_failure_at(words, t + 2, w))
    n = _failure_at(words, t + 1, w)
    return bool(n) and t + 1 + n < len(words) and words[t + 1 + n] in w.not_yet


@lru_cache(maxsize=8)
def _patterns(w: TermSet) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Negation words (`negation_words`), and the harmless ones: a negation inside a
    subordinate clause ("... der ikke kan", "hvis de ikke"), `harmless_phrases`, and one
    saying something is not yet in use ("endnu ikke taget i brug", see `not_yet_in_use`)."""
    words = re.compile(rf"\b(?:{phrase_pattern(w.negation_words)})\b")
    subordinators = phrase_pattern(tuple(sorted(w.harmless_subordinators)))
    negations = phrase_pattern(tuple(sorted(w.harmless_negations)))
    forward = phrase_pattern(tuple(sorted(w.forward)))
    yet = phrase_pattern(tuple(sorted(w.not_yet)))
    failed = phrase_pattern(w.came_to_nothing)
    harmless = re.compile(
        rf"\b(?:{subordinators})(?: \w+){{0,2}} (?:{negations})\b"
        rf"|\b(?:{phrase_pattern(w.harmless_phrases)})\b"
        rf"|\b(?:{yet}) (?:{forward}) (?:{failed})\b"
        rf"|\b(?:{forward}) (?:{yet}) (?:{failed})\b"
        rf"|\b(?:{forward}) (?:{failed}) (?:{yet})\b"
    )
    return words, harmless


def negated_positions(
    words: Sequence[str],
    clause: Sequence[int],
    sentence: Sequence[int],
    hit_positions: Collection[int],
    named_positions: Collection[int] | None,
    w: TermSet,
) -> set[int]:
    """Positions of the words inside the scope of a negation (`w`: the term set
    `negation`).

    `hit_positions` are the words that belong to a term, purpose or device match: a
    negation's scope is decided by where those sit (see module docstring).
    `named_positions` (default: all hits) are the words of terms and devices only: a verb
    of stopping that points back ("så den er leveret tilbage") reaches the nearest clause
    naming a technology, not one with a mere purpose word ("hjælp fra personalet").
    """
    named = hit_positions if named_positions is None else named_positions
    negation_only = _negation_only(w)
    no_or_forward = w.no | w.forward
    members: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(clause):
        members[c].append(i)
    negated: set[int] = set()

    def previous_clause(c: int, with_hits: bool = False) -> list[int]:
        """The clause before `c` in the same sentence (with `with_hits`: the nearest one
        that names something: "Robotstøvsugere blev testet, men borgerne var utrygge, så de
        er taget ud igen")."""
        for p in range(c - 1, -1, -1):
            prev = members.get(p, [])
            if not prev or sentence[prev[0]] != sentence[members[c][0]]:
                return []
            if not with_hits or any(i in named for i in prev):
                return prev
        return []

    def previous_sentence(t: int) -> list[int]:
        """ "Sensorgulve? Nej tak.": a sentence of only negation words answers the one before."""
        ids = [i for i in range(len(words)) if sentence[i] == sentence[t]]
        if not all(words[i] in negation_only for i in ids) or ids[0] == 0:
            return []
        last = clause[ids[0] - 1]
        return [i for i in members[last] if sentence[i] == sentence[ids[0] - 1]]

    def list_tail(c: int) -> list[int]:
        out: list[int] = []
        nxt = c + 1
        while nxt in members:
            ids = members[nxt]
            if sentence[ids[0]] != sentence[members[c][0]] or words[ids[0]] in w.but:
                break
            if not all(i in hit_positions or words[i] in w.list_words for i in ids):
                break
            out += ids
            nxt += 1
        return out

    for t, word in enumerate(words):
        following = words[t + 1] if t + 1 < len(words) else ""
        if word in no_or_forward and all(words[i] in negation_only for i in members[clause[t]]):
            negated.update(previous_clause(clause[t]) or previous_sentence(t))
            continue
        if not_yet_in_use(words, t, w):
            continue  # "endnu ikke taget i brug": being implemented (rule 1)
        failed = _came_to_nothing(words, t, w) if word in w.forward else 0
        if failed:
            kind = "stop"  # "men det blev ikke til noget"
        elif (word in w.forward or word in w.no and following in w.no_to) and (
            following not in w.not_negating_after
        ):
            stopped = word in w.no_longer_negation and following in w.no_longer
            kind = "stop" if stopped else "forward"
        elif word in w.had and _had_before_not_now(words, sentence, t, w):
            kind = "forward"  # "Før havde vi telemedicin, nu ..."
        elif _interruption(words, members[clause[t]], t, w):
            continue  # "selvom forbindelsen bliver afbrudt": a call broken off, nothing stopped
        elif (
            word in w.stopped
            and not (word in w.ends_with and following in w.ends_with_next)
            and not (word in w.ends_with and _completes(words, t, w))
            or w.separable.get(word, frozenset()) & set(words[max(0, t - 3) : t])
            or following in w.stop_with.get(word, ())
        ):
            if _resumed(words, sentence, t, w):
                continue
            kind = "stop"  # "fravalgt", and "valgte det fra"
        else:
            continue
        ids = members[clause[t]]
        if failed and _in_use_later(words, clause, sentence, members, t, hit_positions, w):
            continue  # "blev ikke taget i brug hos borgeren, men bruges nu i en anden bolig"
        if kind == "forward" and _planned_later(words, clause, sentence, members, t, w):
            continue  # "Vi har ikke skærmbesøg i dag, men det skal implementeres næste år"
        if kind == "forward" and _restricted(words, clause, sentence, members, t, hit_positions, w):
            continue  # "ikke i private hjem, kun på plejecentre" limits, does not negate
        after = [i for i in ids if i > t]
        if kind == "stop" and following in w.reason:
            after = []
        before = [i for i in ids if i < t]
        if any(i in hit_positions for i in after):
            negated.update(after)
            negated.update(list_tail(clause[t]))
        elif any(i in hit_positions for i in before) and (
            kind == "stop"
            or len(after) <= SHORT_TAIL
            and words[t - 1] not in w.subordinators
            or t > 0
            and words[t - 1] in w.copulas
            and not any(i in hit_positions for i in after)
        ):
            negated.update(before)
        elif (
            kind == "stop"
            and (
                _points_back(words, after, w)
                or any(words[i] in w.anaphors for i in ids)
                # "Spiserobotten, vi afprøvede, blev ikke taget i brug", "X afprøvet, ikke
                # videreført": the clause of a failure opens on its verb or its negation, so its
                # subject is the term before
                or failed
                and (words[ids[0]] in w.copulas or ids[0] == t)
                and _points_back(words, after[failed:], w)
            )
        ):  # "Robotsæl - udfaset 2021", "... men det droppede vi"; not "fravalgt resten"
            negated.update(previous_clause(clause[t], with_hits=True))
    return negated


def _points_back(words: Sequence[str], after: list[int], w: TermSet) -> bool:
    """Whether a verb of stopping is followed by nothing it could stop: "udfaset 2021",
    "stoppet brugen", "fravalgt efter borgerinddragelse" (a reason or time ends the check),
    but not "fravalgt resten"."""
    for i in after:
        if words[i] in w.back_reasons:
            return True
        if not (words[i].isdigit() or words[i] in w.back_fillers):
            return False
    return True


def _had_before_not_now(words: Sequence[str], sentence: Sequence[int], t: int, w: TermSet) -> bool:
    """ "Før havde vi X, nu Y" / "Tidligere havde vi X. Nu ...": X is no longer there."""
    near = set(words[max(0, t - 2) : t + 3])
    if not near & w.before:
        return False
    later = [
        words[i] for i in range(t + 1, len(words)) if sentence[i] in (sentence[t], sentence[t] + 1)
    ]
    return bool(w.now & set(later))


def _later_clauses(
    clause: Sequence[int], sentence: Sequence[int], members: dict[int, list[int]], t: int
) -> Iterator[list[int]]:
    """The word positions of each clause after word `t`'s, up to the end of its sentence (or
    an empty clause): where a "men ..." or "kun ..." that qualifies a negation stands."""
    for c in range(clause[t] + 1, clause[-1] + 1 if clause else 0):
        ids = members.get(c, [])
        if not ids or sentence[ids[0]] != sentence[t]:
            return
        yield ids


def _planned_later(
    words: Sequence[str],
    clause: Sequence[int],
    sentence: Sequence[int],
    members: dict[int, list[int]],
    t: int,
    w: TermSet,
) -> bool:
    """Whether a later "men ..." clause of the sentence plans what is not there yet: "ikke
    skærmbesøg i dag, men det skal implementeres" (rule 1: planned counts)."""
    for ids in _later_clauses(clause, sentence, members, t):
        head = [words[i] for i in ids]
        if head[0] in w.but and w.anaphors & set(head[1:4]) and w.plans & set(head):
            return not any(x in w.forward or x in w.no for x in head)
    return False


def _interruption(words: Sequence[str], ids: Sequence[int], t: int, w: TermSet) -> bool:
    """Whether the word at `t` breaks off something that is no technology, named before it
    in its clause (`interruptions` after a word of `interruptible`): "selvom opkaldene nogle
    gange bliver afbrudt" stops no screen visit."""
    return words[t] in w.interruptions and any(words[i] in w.interruptible for i in ids if i < t)


def _in_use_later(
    words: Sequence[str],
    clause: Sequence[int],
    sentence: Sequence[int],
    members: dict[int, list[int]],
    t: int,
    hit_positions: Collection[int],
    w: TermSet,
) -> bool:
    """Whether a later "men ..." clause of the sentence, naming nothing of its own, says the
    thing that was not put to use is in use now (`in_use_now`, words of `anaphors` skipped):
    "Spiserobotten blev ikke taget i brug af borgeren, men bruges nu på et andet
    plejecenter", "..., men nu er den i drift"."""
    for ids in _later_clauses(clause, sentence, members, t):
        if words[ids[0]] not in w.but or any(i in hit_positions for i in ids):
            continue
        seq = [words[i] for i in ids if words[i] not in w.anaphors]
        if any(x in w.forward or x in w.no for x in seq):
            continue
        if any(phrase_length_at(p, seq, k) for p in w.in_use_now for k in range(len(seq))):
            return True
    return False


def _resumed(words: Sequence[str], sentence: Sequence[int], t: int, w: TermSet) -> bool:
    """Whether the sentence of the stop at `t` says it will be resumed, and not negated."""
    ids = [i for i in range(len(words)) if sentence[i] == sentence[t]]
    pairs = [p.split() for p in w.resume_pairs]
    for i in ids:
        word = words[i]
        if i == t + 1 and word in w.stop_with.get(words[t], ()):
            continue  # "holdt op med dem igen": the particle of the stop resumes nothing
        resumed = word.startswith(w.resume) or any(
            word == a and b in words[i + 1 : i + 4] for a, b in pairs
        )
        if not resumed:
            continue
        around = words[max(0, i - 4) : i + 3]
        if not any(x in w.forward or x in w.no for x in around):
            return True
    return False


def _restricted(
    words: Sequence[str],
    clause: Sequence[int],
    sentence: Sequence[int],
    members: dict[int, list[int]],
    t: int,
    hit_positions: Collection[int],
    w: TermSet,
) -> bool:
    """Whether a later clause of negation `t`'s sentence says where or for whom ("kun på
    plejecentre", "men kun til få") and names nothing itself ("Ingen GPS, kun dørsensorer"
    and "Ingen robotter, kun almindelige hjælpemidler" contrast, they do not limit)."""
    for ids in _later_clauses(clause, sentence, members, t):
        head = [words[i] for i in ids[:5]]
        # "men kun på plejecentre", "det er kun til få borgere"
        limited = any(a in w.only and b in w.where for a, b in zip(head, head[1:], strict=False))
        if limited:
            return not any(i in hit_positions for i in ids)
    return False


def plain_negation(tokens: Tokens, h: Hit, negated_terms: set[int], w: TermSet) -> bool:
    """Whether a negated term is negated the plainest way, right beside its negation word:
    "ingen GPS", "vi har ikke længere telemedicin", "stoppet med robotsæler", "Sensorgulve er
    fravalgt", "Spiserobot - nej". Anything else ("ikke alle plejecentre har loftlifte",
    "ingen ventetid på kørestole", a limitation with "kun") may be read wrongly: reviewed."""
    words, n = tokens.words, len(tokens.words)
    negation_only = _negation_only(w)
    sentence = tokens.sentence[h.start]
    if any(x in w.limits for x, s in zip(words, tokens.sentence, strict=True) if s == sentence):
        return False  # "ikke loftlifte i eget hjem, det er kun på plejecentrene" limits
    i = h.start - 1
    while (
        i >= 0
        and tokens.gaps[i + 1] != SENTENCE
        and (
            words[i] in w.negation_fillers
            and tokens.gaps[i + 1] == JOIN
            or i in negated_terms
            or words[i] in LIST_JOINERS
            and tokens.gaps[i + 1] == JOIN
        )
    ):
        i -= 1
    if i >= 0 and tokens.gaps[i + 1] == JOIN and (words[i] in w.forward or words[i] in w.stopped):
        return True
    j = h.end
    while (
        j < n
        and tokens.gaps[j] != SENTENCE
        and (
            words[j] in w.stop_fillers
            and tokens.gaps[j] == JOIN
            or j in negated_terms
            or words[j] in LIST_JOINERS
            and tokens.gaps[j] == JOIN
        )
    ):
        j += 1
    if j < n and tokens.gaps[j] != SENTENCE and words[j] in w.stopped:
        return True  # "GPS er fravalgt", "Robotsæl - udfaset 2021"
    if j < n and tokens.gaps[j] == JOIN and words[j] in w.forward:
        # "Spiserobotter har vi ikke.", "GPS er ikke et tilbud"
        tail = [k for k in clause_span(tokens, tokens.clause[j]) if k > j]
        return all(words[k] in w.not_offered for k in tail)
    # "Spiserobot - nej", "GPS: ikke aktuelt"
    return (
        j < n
        and tokens.gaps[j] == CLAUSE_GAP
        and words[j] in negation_only
        and all(words[k] in negation_only for k in clause_span(tokens, tokens.clause[j]))
    )


def _completes(words: Sequence[str], t: int, w: TermSet) -> bool:
    """ "afsluttet udbuddet", "afsluttet et udbud på loftlifte": a process completed (a word of
    `completes` right after, or after one filler word such as an article), no stop."""
    nxt = words[t + 1 : t + 3]
    return bool(nxt) and (
        nxt[0] in w.completes
        or len(nxt) == 2
        and nxt[0] in w.negation_fillers
        and nxt[1] in w.completes
    )


def stop_at(words: Sequence[str], t: int, w: TermSet) -> bool:
    """Whether word `t` is a verb of stopping ("fravalgt", "valgte det fra", "stoppe med",
    "ikke længere", "blev ikke til noget"), read as `negated_positions` reads it."""
    word = words[t]
    following = words[t + 1] if t + 1 < len(words) else ""
    if word in w.stopped:
        return not (
            word in w.ends_with and (following in w.ends_with_next or _completes(words, t, w))
        )
    if word in w.no_longer_negation and following in w.no_longer:
        return True
    if word in w.forward and _came_to_nothing(words, t, w):
        return True
    return bool(w.separable.get(word, frozenset()) & set(words[max(0, t - 3) : t])) or (
        following in w.stop_with.get(word, ())
    )


def resumption_refused(words: Sequence[str], ids: Sequence[int], w: TermSet) -> bool:
    """Whether the sentence of positions `ids` says a stop is final: a resumption word with a
    negation near it ("genoptages ikke", "ingen planer om at genoptage det")."""
    for i in ids:
        if not words[i].startswith(w.resume):
            continue
        around = [words[k] for k in ids if i - 4 <= k <= i + 2]
        if any(x in w.forward or x in w.no for x in around):
            return True
    return False


def stopped_alone(
    tokens: Tokens,
    h: Hit,
    standing: Collection[int],
    w: TermSet,
    negated: Collection[int] = (),
) -> bool:
    """Whether a negated term sits in a sentence about stopping it and nothing else: "Vi har
    prøvet en robotstøvsuger, men er stoppet med den igen", "Exoskelet afprøvet men
    fravalgt", "Vi havde et forsøg med pulsure, men det er ikke længere i brug".

    The doubt of a negation read across clauses is whether it stops the right thing; when the
    sentence names nothing that stands (`standing`: positions of terms and devices not
    negated), there is nothing else it could stop. Not when the sentence limits ("kun",
    "undtagen"), negates the stop ("ikke fravalgt"), or contrasts after it without a
    negation ("... stoppet, men i hjemmeplejen fortsætter vi").

    Nor when something goes on after the stop or replaces it (`continuing`, `replacing`:
    "droppet robotstøvsugere og bruger nu gulvvaskerobotter"), or a later sentence naming
    nothing of its own goes on (`continued_later`: "... stoppet med det igen. På
    socialområdet kører det videre"), or when one stop seems to reach terms
    (`negated`: positions of negated terms and devices) on both sides of an "og" or a comma
    that is no plain list ("stoppet med Evondos og bruger nu Dosell"): the stop may not reach
    the second."""
    words = tokens.words
    sentence = tokens.sentence[h.start]
    ids = [i for i, s in enumerate(tokens.sentence) if s == sentence]
    if any(i in standing or words[i] in w.limits for i in ids):
        return False
    stops = [t for t in ids if stop_at(words, t, w)]
    if not stops:
        return False
    if any(words[k] in w.forward for t in stops for k in range(max(ids[0], t - 2), t)):
        return False  # "ikke fravalgt", "aldrig stoppet"
    if any(
        words[k] in w.harmless_subordinators
        for t in stops
        for k in clause_span(tokens, tokens.clause[t])
        if k < t
    ):  # "sensorer frem for kameratilsyn, som vi har fravalgt": which one is stopped?
        return False
    after = [i for i in ids if i > stops[0]]
    replaced = _continues(words, after, w, negated, w.continuing + w.replacing)
    if replaced or _joined_across(tokens, after, negated, w):
        return False
    if continued_later(tokens, h, standing, w):
        return False
    last = tokens.clause[stops[-1]]
    later = sorted({tokens.clause[i] for i in ids if tokens.clause[i] > last})
    for c in later:
        clause = [i for i in ids if tokens.clause[i] == c]
        if words[clause[0]] in w.but and not any(
            words[i] in w.forward or words[i] in w.no or stop_at(words, i, w) for i in clause
        ):
            return False
    return True


def continued_later(tokens: Tokens, h: Hit, standing: Collection[int], w: TermSet) -> bool:
    """Whether a sentence after negated term `h`'s says something goes on (`continuing`)
    and names nothing standing of its own (`standing`: positions of terms and devices not
    negated), so it may speak of the stopped thing: "Vi har droppet sensorbleer på
    plejecentrene. Bostederne bruger dem stadig." (not "... Vi bruger stadig loftlifte")."""
    sentence = tokens.sentence[h.start]
    for s in sorted({x for x in tokens.sentence if x > sentence}):
        ids = [i for i, x in enumerate(tokens.sentence) if x == s]
        if not any(i in standing for i in ids) and _continues(tokens.words, ids, w):
            return True
    return False


def _continues(
    words: Sequence[str],
    ids: Sequence[int],
    w: TermSet,
    negated: Collection[int] | None = None,
    phrases: tuple[str, ...] | None = None,
) -> bool:
    """Whether the words at `ids` say something goes on (`phrases`, by default
    `continuing`, with words of `anaphors` skipped: "kører det videre"), with no negation
    beside ("fortsættes ikke"). With `negated` (positions of negated terms), only when one
    of them follows the words: "droppet X og bruger nu Y", not "X er nedlagt, og borgerne
    henvises i stedet til ..."."""
    kept = [i for i in ids if words[i] not in w.anaphors]
    seq = [words[i] for i in kept]
    for phrase in w.continuing if phrases is None else phrases:
        for k in range(len(seq)):
            n = phrase_length_at(phrase, seq, k)
            if not n:
                continue
            around = seq[max(0, k - 2) : k + n + 2]
            if any(x in w.forward or x in w.no for x in around):
                continue
            if negated is None or any(i > kept[k] and i in negated for i in ids):
                return True
    return False


def _joined_across(
    tokens: Tokens, ids: Sequence[int], negated: Collection[int], w: TermSet
) -> bool:
    """Whether negated terms (`negated`) stand on both sides of an "og" or a comma among the
    positions `ids`, and the two sides are not a plain list ("robotstøvsugere og
    gulvvaskerobotter") nor stopped each by its own verb ("fravalgt X og dropper Y"):
    "droppet X og bruger nu Y"."""
    words = tokens.words
    inside = [i for i in ids if i in negated]
    if not inside:
        return False
    for j in ids:
        joiner = words[j] in LIST_JOINERS and tokens.gaps[j] == JOIN
        comma = tokens.gaps[j] == CLAUSE_GAP and j != ids[0]
        if not (joiner or comma):
            continue
        before = [i for i in inside if i < j]
        after = [i for i in inside if i > j or (comma and i == j)]
        if not before or not after:
            continue
        first_after = j + 1 if joiner else j
        if j - 1 in negated and first_after in negated:
            continue  # "stoppet med robotsæler og robotkatte": a plain list
        if any(stop_at(tokens.words, k, w) for k in range(j, after[0])):
            continue  # "fravalgt robotarme og dropper lysborde": a stop of its own
        return True
    return False


def unexplained_negation(text: str, w: TermSet) -> bool:
    """A negation word that is not harmless ("borgere der ikke kan", "ikke kun"), nor a stop
    to be resumed or an interruption of a call (`text`: one sentence's words)."""
    negation_word, harmless_negation = _patterns(w)
    harmless = {m.start() for m in harmless_negation.finditer(text)}
    spans = [(m.start(), m.end()) for m in harmless_negation.finditer(text)]
    words = text.split()
    for m in negation_word.finditer(text):
        if m.start() in harmless or any(a <= m.start() < b for a, b in spans):
            continue
        t = text[: m.start()].count(" ")
        if t < len(words) and words[t] in w.stopped:
            # "... blev afbrudt, men genoptages til foråret": a plan (rule 1); "selvom
            # forbindelsen bliver afbrudt": no technology stopped
            one = [0] * len(words)
            if _resumed(words, one, t, w) or _interruption(words, range(len(words)), t, w):
                continue
        return True
    return False
