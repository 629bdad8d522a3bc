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

How sure the reading is, for the coder's doubts: a term negated the plainest way, right beside
its negation word ("ingen GPS", "GPS er fravalgt", "Spiserobot - nej"), is only noted
(`plain_negation`); any other negated term, and a negation word that negates none of the
answer's terms (`unexplained_negation`), sends the answer to review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from pipeline.normalise.text import CLAUSE as CLAUSE_GAP
from pipeline.normalise.text import JOIN, LIST_JOINERS, SENTENCE, Tokens, clause_span

if TYPE_CHECKING:
    from pipeline.normalise.findings import Hit

FORWARD = frozenset(
    "ikke ingen intet ingenting hverken ej aldrig mangler manglede savner not no none never "
    # typed in a hurry: "har ik sensormadrasser", "ikk telemedicin endnu"
    "ik ikk ike "
    # English contractions, apostrophe dropped by the tokenizer: "we don't use GPS"
    "dont doesnt didnt isnt arent wasnt werent havent hasnt cant cannot wont".split()
)
STOPPED = frozenset(
    (
        "fravalgt fravalgte fravalg fravalget stoppet stoppede droppet droppede opgivet opgav "
        "ophørt ophørte afviklet afviklede nedlagt nedlagde udfaset udfasede afskaffet "
        "afskaffede opsagt opsagde afsluttet afsluttede nedlukket stopped "
        "discontinued dropped abandoned "
        # present tense and passive: "vi udfaser vasketoiletterne", "GPS fravælges"
        "fravælger fravælges stopper stoppes dropper droppes opgiver opgives ophører "
        "afvikler afvikles nedlægger nedlægges udfaser udfases afskaffer afskaffes opsiger "
        "opsiges afslutter afsluttes udfasning afvikling ophør fravalgt phased phasing "
        "udgået udgik skrinlagt skrinlagde nedprioriteret nedprioriteres parkeret "
        # handed back: "robotten er returneret", "den blev afleveret igen"
        "returneret returnerede returneres returnerer afleveret afleverede afleveres "
        "afleverer annulleret annullerede annulleres aflyst returned "
        # the infinitive after a decision: "vi har valgt at udfase GPS"
        "fravælge droppe udfase afvikle opsige afskaffe nedlægge "
        # turned down: "Sensorbleer - afvist i budget 2025"
        "afvist afviste afvises rejected declined"
    ).split()
)
NO = frozenset({"nej", "no"})
#: A clause of only these words ("Spiserobot - nej", "GPS: ikke endnu") negates the one before.
NEGATION_ONLY = (
    NO
    | FORWARD
    | frozenset(
        # "Blodsukkermålere? Ikke hos os."
        "tak endnu pt p t aktuelt relevant hos os her i kommunen".split()
    )
)
#: "ikke kun loftlifte" affirms; "ingen tvivl" is no negation.
NOT_NEGATING_AFTER = frozenset(
    # "vi kunne ikke undvære vores vasketoiletter" affirms them
    "kun bare blot alene mindst tvivl undvære undværes only just".split()
)
#: "X har vi kigget på, men det blev ikke til noget": the plan came to nothing.
CAME_TO_NOTHING = ("til", "noget")
#: "Før havde vi X, nu Y": what was had before and not now.
BEFORE = frozenset("før tidligere previously before".split())
NOW = frozenset("nu now".split())
#: "ikke længere/mere/flere" speaks of something stopped.
NO_LONGER = frozenset("længere mere flere longer".split())
ANAPHORS = frozenset("det dem den de dette disse igen it them they".split())
#: What may follow a verb of stopping that points back: "udfaset i 2021", "droppet efter
#: pilot 2023", "stoppet igen".
BACK_FILLERS = frozenset(
    "i igen efter pilot piloten pilotprojekt pilotprojektet projektet forsøget afprøvning "
    "afprøvningen allerede sidste år året siden for pga grundet budget budgettet "
    "budgetforhandlingerne brugen anvendelsen og erstattes ikke videreføres fortsættes mere "
    "længere in after again since".split()
)
BACK_REASONS = frozenset("efter pga grundet fordi da idet because due after".split())
#: Words of a plan in the clause after a negation ("men det skal implementeres").
PLANS = frozenset(
    "skal vil bliver kommer planlægger planlagt planlægges forventer forventes implementeres "
    "indføres udrulles udbredes will".split()
)
#: Verbs of handing a technology back ("leveret tilbage", "sendt retur").
_HANDED = frozenset("leveret leverede leveres levere sendt sendte sendes sende givet gav".split())
#: Verbs of stopping written apart from their particle: "valgte det fra", "er taget ud
#: igen", "blev lukket ned", "er sat på pause". particle -> verb forms up to 3 words before.
SEPARABLE = {
    "fra": frozenset("valgte valgt vælger vælge".split()),
    "ud": frozenset("taget tog tages tage".split()),
    "ned": frozenset("lukket lukkede lukke lukkes pillet pillede pilles pille taget".split()),
    "pause": frozenset("sat satte sættes sætte".split()),
    # "den er leveret tilbage", "blev sendt retur"
    "tilbage": _HANDED,
    "retur": _HANDED,
}
#: Verbs that stop something only with their preposition: "valgt at stoppe med X" (but "stoppe
#: fald" is what a sensor does).
STOP_WITH = {
    "stoppe": "med",
    "ophøre": "med",
    "holde": "op",
    "holder": "op",
    "holdt": "op",
    "hold": "op",
}
#: "forløbet afsluttes med et webinar": ends with, does not stop.
ENDS_WITH = frozenset("afsluttes afsluttet afslutter afslutte afsluttede".split())
#: "afsluttet udbuddet på plejesenge": a procurement completed, the beds are coming.
COMPLETES = frozenset(
    "udbud udbuddet indkøb indkøbet implementering implementeringen udrulning udrulningen "
    "installation installationen".split()
)
#: "... sat på pause, men genoptages til foråret", "stoppet, men vi starter den igen": the
#: stop is temporary, and a plan counts (rule 1). Unless the resumption is negated ("ingen
#: planer om at genoptage det", "genoptages ikke").
RESUME = ("genopta", "genstart", "resume", "restart")
RESUME_PAIRS = (("starte", "igen"), ("starter", "igen"), ("start", "igen"), ("op", "igen"))
#: "GPS er ikke et tilbud i kommunen", "Telemedicin bruges ikke": a negation right after the
#: verb of a clause about the thing before it.
COPULAS = frozenset(
    "er var bliver blev tilbydes bruges anvendes benyttes findes indgår udleveres "
    "prioriteres udbredes is are was were".split()
)
#: "borgere der ikke kan rejse": a negation inside a relative or subordinate clause does not
#: reach back to the main clause.
SUBORDINATORS = frozenset("der som at hvis når fordi da så mens selvom hvor who that".split())
#: Words that may sit between list items without ending a negated list.
LIST_WORDS = frozenset("og eller samt heller ej or and nor".split())
#: "Vi har ikke loftlifte i private hjem, kun på plejecentre": a later clause of the same
#: sentence starting with one of these turns the negation into a limitation.
ONLY = frozenset("kun udelukkende blot only".split())
WHERE = frozenset("på i til for hos ved via om in at on to for".split())
#: "Robotkatte blev stoppet pga. hygiejnehensyn": what follows these after a verb of stopping
#: is the reason, not what was stopped.
REASON = frozenset("pga grundet fordi idet because due".split())
#: "ikke aktuelt", "ikke i brug længere": a tail this short negates backwards.
SHORT_TAIL = 3
#: Words that may stand between a negation and its term in a plain negation ("vi har ikke
#: længere nogen GPS"), and between a term and its verb of stopping ("GPS er nu fravalgt").
NEGATION_FILLERS = frozenset(
    "flere nogen nogle længere mere endnu pt p t vores de den det en et har haft vi med "
    "heller at bruge udlevere tilbyde anvende brugen afprøvningen projektet af "
    "any more use offer have the a an our".split()
)
LIMITS = frozenset("kun udelukkende undtagen bortset only except".split())
#: What may follow "X har vi ikke" / "X er ikke" in a plain negation: "... et tilbud her".
NOT_OFFERED = frozenset(
    "noget et en tilbud aktuelt relevant længere endnu mere pt p t i brug drift prioritet "
    "kommunen her os".split()
)
STOP_FILLERS = frozenset(
    "er blev bliver var nu helt desværre igen så har vi is was were has been have "
    # "GPS-projektet er stoppet", "the exoskeleton pilot was discontinued"
    "projekt projektet pilot piloten pilotprojekt pilotprojektet forsøg forsøget afprøvning "
    "afprøvningen project trial".split()
)
#: Negation words; one that negates none of the answer's terms makes the answer mixed.
_NEGATION_WORD = re.compile(
    r"\b(?:ikke|ik|ikk|ike|ingen|intet|hverken|aldrig|not|no|none|never|fravalgt\w*"
    r"|stoppe[dt]\w*|dont|doesnt|didnt|isnt|arent|cant|wont|afvist\w*|udgået|udgik"
    r"|stoppe med|fravælge|droppe|udfase|afvikle|opsige"
    r"|droppe[dt]\w*|udfase\w*|udfasning|afvikle\w*|nedlagt|opsagt|afsluttet|ophørt"
    r"|returnere\w*|afleveret|leveret tilbage|sendt retur)\b"
)
#: "... der ikke kan", "hvis de ikke": negation inside a subordinate clause is harmless.
_HARMLESS_NEGATION = re.compile(
    r"\b(?:der|som|hvis|når|fordi|da|hvor|så|who|that|if)(?: \w+){0,2} (?:ikke|not)\b"
    r"|\bikke (?:kun|bare|blot|alene|mindst|så|altid|only|just)\b|\bingen tvivl\b"
    r"|\bellers (?:intet|ingen|ikke|ingenting)\b"
)


def negated_positions(
    words: Sequence[str],
    clause: Sequence[int],
    sentence: Sequence[int],
    hit_positions: Collection[int],
    named_positions: Collection[int] | None = None,
) -> set[int]:
    """Positions of the words inside the scope of a negation.

    `hit_positions` are the words that belong to a term, purpose or device match: a
    negation's scope is decided by where those sit (see module docstring).
    `named_positions` (default: all hits) are the words of terms and devices only: a verb
    of stopping that points back ("så den er leveret tilbage") reaches the nearest clause
    naming a technology, not one with a mere purpose word ("hjælp fra personalet").
    """
    named = hit_positions if named_positions is None else named_positions
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
        if not all(words[i] in NEGATION_ONLY for i in ids) or ids[0] == 0:
            return []
        last = clause[ids[0] - 1]
        return [i for i in members[last] if sentence[i] == sentence[ids[0] - 1]]

    def list_tail(c: int) -> list[int]:
        out: list[int] = []
        nxt = c + 1
        while nxt in members:
            ids = members[nxt]
            if sentence[ids[0]] != sentence[members[c][0]] or words[ids[0]] in {"men", "but"}:
                break
            if not all(i in hit_positions or words[i] in LIST_WORDS for i in ids):
                break
            out += ids
            nxt += 1
        return out

    for t, word in enumerate(words):
        following = words[t + 1] if t + 1 < len(words) else ""
        if word in NO | FORWARD and all(words[i] in NEGATION_ONLY for i in members[clause[t]]):
            negated.update(previous_clause(clause[t]) or previous_sentence(t))
            continue
        if word in FORWARD and tuple(words[t + 1 : t + 3]) == CAME_TO_NOTHING:
            kind = "stop"  # "men det blev ikke til noget"
        elif (word in FORWARD or word in NO and following == "til") and (
            following not in NOT_NEGATING_AFTER
        ):
            kind = "stop" if word == "ikke" and following in NO_LONGER else "forward"
        elif word in {"havde", "had"} and _had_before_not_now(words, sentence, t):
            kind = "forward"  # "Før havde vi telemedicin, nu ..."
        elif (
            word in STOPPED
            and not (word in ENDS_WITH and following == "med")
            and not (word in ENDS_WITH and following in COMPLETES)
            or SEPARABLE.get(word, frozenset()) & set(words[max(0, t - 3) : t])
            or STOP_WITH.get(word) == following
        ):
            if _resumed(words, sentence, t):
                continue
            kind = "stop"  # "fravalgt", and "valgte det fra"
        else:
            continue
        ids = members[clause[t]]
        if kind == "forward" and _planned_later(words, clause, sentence, members, t):
            continue  # "Vi har ikke skærmbesøg i dag, men det skal implementeres næste år"
        if kind == "forward" and _restricted(words, clause, sentence, members, t, hit_positions):
            continue  # "ikke i private hjem, kun på plejecentre" limits, does not negate
        after = [i for i in ids if i > t]
        if kind == "stop" and following in REASON:
            after = []
        before = [i for i in ids if i < t]
        if any(i in hit_positions for i in after):
            negated.update(after)
            negated.update(list_tail(clause[t]))
        elif any(i in hit_positions for i in before) and (
            kind == "stop"
            or len(after) <= SHORT_TAIL
            and words[t - 1] not in SUBORDINATORS
            or t > 0
            and words[t - 1] in COPULAS
            and not any(i in hit_positions for i in after)
        ):
            negated.update(before)
        elif kind == "stop" and (
            _points_back(words, after) or any(words[i] in ANAPHORS for i in ids)
        ):  # "Robotsæl - udfaset 2021", "... men det droppede vi"; not "fravalgt resten"
            negated.update(previous_clause(clause[t], with_hits=True))
    return negated


def _points_back(words: Sequence[str], after: list[int]) -> bool:
    """Whether a verb of stopping is followed by nothing it could stop: "udfaset 2021",
    "stoppet brugen", "fravalgt efter borgerinddragelse" (a reason or time ends the check),
    but not "fravalgt resten"."""
    for i in after:
        if words[i] in BACK_REASONS:
            return True
        if not (words[i].isdigit() or words[i] in BACK_FILLERS):
            return False
    return True


def _had_before_not_now(words: Sequence[str], sentence: Sequence[int], t: int) -> bool:
    """ "Før havde vi X, nu Y" / "Tidligere havde vi X. Nu ...": X is no longer there."""
    near = set(words[max(0, t - 2) : t + 3])
    if not near & BEFORE:
        return False
    later = [
        words[i] for i in range(t + 1, len(words)) if sentence[i] in (sentence[t], sentence[t] + 1)
    ]
    return bool(NOW & set(later))


def _planned_later(
    words: Sequence[str],
    clause: Sequence[int],
    sentence: Sequence[int],
    members: dict[int, list[int]],
    t: int,
) -> bool:
    """Whether a later "men ..." clause of the sentence plans what is not there yet: "ikke
    skærmbesøg i dag, men det skal implementeres" (rule 1: planned counts)."""
    for c in range(clause[t] + 1, clause[-1] + 1 if clause else 0):
        ids = members.get(c, [])
        if not ids or sentence[ids[0]] != sentence[t]:
            return False
        head = [words[i] for i in ids]
        if head[0] in {"men", "but"} and ANAPHORS & set(head[1:4]) and PLANS & set(head):
            return not any(w in FORWARD or w in NO for w in head)
    return False


def _resumed(words: Sequence[str], sentence: Sequence[int], t: int) -> bool:
    """Whether the sentence of the stop at `t` says it will be resumed, and not negated."""
    ids = [i for i in range(len(words)) if sentence[i] == sentence[t]]
    for i in ids:
        w = words[i]
        resumed = w.startswith(RESUME) or any(
            w == a and b in words[i + 1 : i + 4] for a, b in RESUME_PAIRS
        )
        if not resumed:
            continue
        around = words[max(0, i - 4) : i + 3]
        if not any(x in FORWARD or x in NO for x in around):
            return True
    return False


def _restricted(
    words: Sequence[str],
    clause: Sequence[int],
    sentence: Sequence[int],
    members: dict[int, list[int]],
    t: int,
    hit_positions: Collection[int],
) -> bool:
    """Whether a later clause of negation `t`'s sentence says where or for whom ("kun på
    plejecentre", "men kun til få") and names nothing itself ("Ingen GPS, kun dørsensorer"
    and "Ingen robotter, kun almindelige hjælpemidler" contrast, they do not limit)."""
    for c in range(clause[t] + 1, clause[-1] + 1 if clause else 0):
        ids = members.get(c, [])
        if not ids or sentence[ids[0]] != sentence[t]:
            return False
        head = [words[i] for i in ids[:5]]
        # "men kun på plejecentre", "det er kun til få borgere"
        limited = any(a in ONLY and b in WHERE for a, b in zip(head, head[1:], strict=False))
        if limited:
            return not any(i in hit_positions for i in ids)
    return False


def plain_negation(tokens: Tokens, h: Hit, negated_terms: set[int]) -> bool:
    """Whether a negated term is negated the plainest way, right beside its negation word:
    "ingen GPS", "vi har ikke længere telemedicin", "stoppet med robotsæler", "Sensorgulve er
    fravalgt", "Spiserobot - nej". Anything else ("ikke alle plejecentre har loftlifte",
    "ingen ventetid på kørestole", a limitation with "kun") may be read wrongly: reviewed."""
    words, n = tokens.words, len(tokens.words)
    sentence = tokens.sentence[h.start]
    if any(w in LIMITS for w, s in zip(words, tokens.sentence, strict=True) if s == sentence):
        return False  # "ikke loftlifte i eget hjem, det er kun på plejecentrene" limits
    i = h.start - 1
    while (
        i >= 0
        and tokens.gaps[i + 1] != SENTENCE
        and (
            words[i] in NEGATION_FILLERS
            and tokens.gaps[i + 1] == JOIN
            or i in negated_terms
            or words[i] in LIST_JOINERS
            and tokens.gaps[i + 1] == JOIN
        )
    ):
        i -= 1
    if i >= 0 and tokens.gaps[i + 1] == JOIN and (words[i] in FORWARD or words[i] in STOPPED):
        return True
    j = h.end
    while (
        j < n
        and tokens.gaps[j] != SENTENCE
        and (
            words[j] in STOP_FILLERS
            and tokens.gaps[j] == JOIN
            or j in negated_terms
            or words[j] in LIST_JOINERS
            and tokens.gaps[j] == JOIN
        )
    ):
        j += 1
    if j < n and tokens.gaps[j] != SENTENCE and words[j] in STOPPED:
        return True  # "GPS er fravalgt", "Robotsæl - udfaset 2021"
    if j < n and tokens.gaps[j] == JOIN and words[j] in FORWARD:
        # "Spiserobotter har vi ikke.", "GPS er ikke et tilbud"
        tail = [k for k in clause_span(tokens, tokens.clause[j]) if k > j]
        return all(words[k] in NOT_OFFERED for k in tail)
    # "Spiserobot - nej", "GPS: ikke aktuelt"
    return (
        j < n
        and tokens.gaps[j] == CLAUSE_GAP
        and words[j] in NEGATION_ONLY
        and all(words[k] in NEGATION_ONLY for k in clause_span(tokens, tokens.clause[j]))
    )


def unexplained_negation(text: str) -> bool:
    """A negation word that is not harmless ("borgere der ikke kan", "ikke kun")."""
    harmless = {m.start() for m in _HARMLESS_NEGATION.finditer(text)}
    spans = [(m.start(), m.end()) for m in _HARMLESS_NEGATION.finditer(text)]
    for m in _NEGATION_WORD.finditer(text):
        if m.start() in harmless or any(a <= m.start() < b for a, b in spans):
            continue
        return True
    return False
