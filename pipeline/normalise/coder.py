"""The rule-based coder: one answer -> categories, confidence, evidence, review flag.

It applies the coding manual's rules in order:
1. every category whose term the answer names (any form: see `lexicon`) is coded;
2. negated terms are not (see `negation`);
3. apps, tablets, screens, video, VR, robots and online/digital offers are coded by the purpose
   words near them; a bare app or tablet falls back on the question context;
4. sensors are coded by where they sit;
7. non-answers get nothing.
It says why: the evidence names the words behind each category, and every doubt (a typo
match, a negation, a negation word with no term in its scope, a hedged, conditional or past
statement, a context guess, a device without purpose or with purposes of several categories,
a sensor-like term placed in the bed, a brand named as supplier, a purpose word hidden in an
unknown compound, an unknown list item or product-like word, purpose words with no
technology, a long answer with nothing found or many unknown words) sends it to review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.normalise.lexicon import (
    COMPOUND,
    CUE,
    DEVICE,
    EXACT,
    FUZZY,
    PLACE,
    TERM,
    WEAK,
    Entry,
    Lexicon,
    Match,
)
from pipeline.normalise.negation import FORWARD, NEGATION_ONLY, STOPPED, negated_positions
from pipeline.normalise.terms import CONTEXT_KINDS, ONLINE, SENSOR, Taxonomy
from pipeline.normalise.text import CLAUSE as CLAUSE_GAP
from pipeline.normalise.text import JOIN, SENTENCE, Tokens, fold, stem, tokenize
from pipeline.normalise.vocabulary import PLACE_SUFFIXES

#: Confidence of a coding: the base by how the categories were found, lowered by each doubt.
BASE_TERMS, BASE_PURPOSE, BASE_EMPTY, BASE_NON_ANSWER = 0.95, 0.9, 0.85, 0.97
#: Confidence of a coding with a plain negation: no doubt, but a word more to get right.
NOTED = 0.85
DOUBT = {
    "fuzzy": 0.6,
    "negation": 0.65,
    "context": 0.55,
    "no purpose": 0.5,
    "sensor": 0.5,
    "unknown": 0.6,
    "long": 0.4,
    "model": 0.5,
    "hedge": 0.7,
    "purposes": 0.6,
    "place": 0.55,
    "cue": 0.6,
    "weak": 0.65,
    "supplier": 0.6,
}
#: An answer shorter than this (words) with no category is read word by word: any word the
#: coder's own lists do not know is a possible product name, however frequent in Danish.
SHORT_ANSWER = 4
#: An answer this long (words) with no category at all is suspicious.
LONG_ANSWER = 25
#: A list item of at most this many words with no known word may be an unknown technology.
ITEM_WORDS = 3
ITEM_BREAKS = frozenset("og eller samt and or".split())
#: An answer this long (words) with categories is reviewed when this many of its words are
#: unknown: it may well name a technology the rules do not know.
LONG_PARTIAL, LONG_UNKNOWN = 25, 3
#: An answer this long (words) with categories is always read by an analyst: measured on the
#: blind sets when first scored, a third of the unreviewed answers this long were wrong (scope
#: of negations and purposes across many clauses), against 3% of the shorter ones.
LONG_REVIEW = 30
#: The second half of a misspelt compound written apart is at least this long ("m." in
#: "videokonsultationer m. diætist" is "med", not the end of a word).
SPLIT_PART_MIN = 3
#: No term ends in these; a run of words ending in one ("medicindispensere er") is no term.
NEVER_LAST = frozenset("er en et og i på til med af de den det som der at om vi har".split())
#: A clause starting with one of these explains the device in the clause before it
#: ("skærme, hvor borgeren ser sin dagsplan").
RELATIVE = frozenset(
    "hvor som der så hvormed hvorved hvilket når hvornår hvem hvad hvordan "
    "where which that when".split()
)
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
#: "Tunstalls løsning", "Skærmbesøg fra Tunstall": a brand as the supplier of something else.
SUPPLIER_NOUNS = frozenset(
    "løsning løsninger system systemer platform platforme app produkt produkter software "
    "udstyr skærme solution solutions system platform".split()
)
SUPPLIER_WORDS = frozenset("fra leverandør leverandøren leverandøren from by".split())
MAKER_REACH = 3
#: Words that lead from a term to its product names: "rollatorer inkl. Topro Troja".
NAME_LEADS = frozenset("inkl fx bl f herunder især type typen model modellen mærket fra af".split())
#: Clinicians whose follow-up makes the citizen's measurements telemedicine (rule 3).
CLINICIANS = frozenset(
    "sygeplejerske sygeplejersken sygeplejersker sygeplejerskerne læge lægen læger diætist "
    "diætisten behandler behandleren nurse nurses doctor".split()
)
#: Device kinds usually bought for one purpose: several purpose words around one is a doubt
#: ("øvelser i en app mellem besøgene hos terapeuten").
SINGLE_PURPOSE = frozenset(
    {"app", "tablet", "screen", "video", "phone", "robot", "machine", "sensor", "wearable"}
)
#: Words that join list items: a purpose word before one belongs to an earlier item.
LIST_WORDS = frozenset("og samt eller and or".split())
#: "øvelser i en app mellem besøgene", "skærm der viser hvem der kommer på besøg": a purpose
#: word after one of these marks a time or a visit in person, not what the device is for.
NOT_PURPOSE_BEFORE = frozenset("mellem imellem før inden efter between before after".split())
IN_PERSON = ("på", "besøg")
#: "hvornår hjemmeplejen kommer": the person named before one of these comes in person.
COMES = frozenset("kommer komme kom ankommer ankomme".split())
COMES_REACH = 3
#: "viser, hvornår der er mad": a purpose word after these is a scheduled event.
SCHEDULED = frozenset("hvornår when".split())
#: "se sine egne målinger i appen": measurements the citizen reads himself stay
#: selvmonitorering even when a clinician follows them too (rule 3).
SELF_WORDS = frozenset("egne egen eget sine sin sit own".split())
#: ... when he looks at them ("ser sine målinger"), not when he only types them in for the
#: clinician ("indtaster sine målinger, og lægen ser dem"); "selv" is enough by itself.
SEE_WORDS = frozenset("ser se følge følger kigge kigger tjekke tjekker overblik".split())
#: "film om medicin og kost", "webinarer om at leve med KOL": what follows "om" after a medium
#: is a topic to learn about (patientuddannelse), not what the medium is for. Unless the
#: medium reminds: "en app, der minder dem om at tage medicin".
ABOUT = frozenset("om about".split())
ABOUT_REACH = 3
REMINDS = frozenset(
    "minder mindes minde påminder påmindelse påmindelser husker huske besked alarm advarer "
    "remind reminds reminder".split()
)
TOPIC_MEDIA = frozenset({"video", "online", "app", "screen"})
#: "om ugen", "om natten": "om" of time, no topic.
TIMES = frozenset(
    "dagen ugen måneden året natten morgenen formiddagen middagen eftermiddagen aftenen "
    "dage uger måneder år sommeren vinteren foråret efteråret week day month year".split()
)
#: Topics that still name the purpose: "videoer om øvelser" are exercise videos.
TOPIC_KEEPS = frozenset({"patientuddannelse", "traening"})
#: "besøg", "besøge", "besøget": a visit by whom? With family named, a social one.
VISIT = "besøg"
QUESTION_WORDS = frozenset("hvordan hvad hvorfor hvornår hvilke hvilken at how what why".split())
#: A list after "om" continues through short clauses: "om kost, medicin og blodsukker".
TOPIC_ITEM = 4
#: Device kinds a sensor is: staff being told ("så personalet får besked") is an alarm, not a
#: screen visit.
NO_STAFF_VISIT = frozenset({"sensor", "wearable"})
#: "armbånd, der sender alarm til personalet": staff alerted by any device is no screen visit.
ALERTS = frozenset("alarm alarmer alarmerer besked advarer advarsel alert alerts".split())
#: Word endings of institutions: a purpose word inside one names a place, not a purpose.
INSTITUTIONS = (
    "centret",
    "centeret",
    "center",
    "centre",
    "centrene",
    "enheden",
    "enhed",
    "afdelingen",
    "afsnittet",
    "klinikken",
    "skolen",
)
#: Categories often bought for the staff too (training, e-learning, registration, planning),
#: and the words that name the staff.
STAFF_PRONE = frozenset({"patientuddannelse", "selvmonitorering", "struktur", "traening"})
STAFF = frozenset(
    "personalet medarbejderne medarbejdere ansatte terapeuterne terapeuter plejepersonalet "
    "staff employees".split()
)
#: Technology for the staff, not the citizens: analysts do not code it.
STAFF_TOOLS = frozenset(
    "vagtplan vagtplanen vagtplaner vagtplanlægning dokumentation journal journalen "
    "omsorgsjournal administration administrationen sagsbehandlingen rostering fremmøde "
    "fremmødet centralkøkken centralkøkkenet storkøkken storkøkkenet produktionskøkken "
    "produktionskøkkenet".split()
)
#: "og så": the next item of a spoken list, not what the device before it is for.
NEXT_ITEM = frozenset({"så"})
#: Device kinds of a screen visit when a clinician is named in the same sentence.
VISIT_DEVICES = frozenset({"video", "screen", "tablet"})
#: Video devices that are conversations by name: a consultation unless family is named.
CONVERSATION = ("samtal", "konsult", "moede")
REMINDER = "reminder"
REMINDER_WORDS = ("paamind", "remind", "huske")
#: "skrive sammen med andre på en lukket platform": the medium named at the end of the clause.
MEDIUM_PREPOSITIONS = frozenset("på via gennem over i on via through".split())
#: "og så bipper den": the next clause speaks of the same device.
ANAPHORA = frozenset("den det de dem it they".split())
#: "diverse apps", "andre apps": several devices, so no one reading from the context.
VARIOUS = frozenset("diverse div forskellige andre flere nogle enkelte various other some".split())
#: Device kinds whose purpose words never make a screen visit: a phone call is no video.
NO_SCREEN_VISIT = frozenset({"phone"})
#: A sensor-like term followed by "i/under/på" + a place of another category ("epilepsialarm
#: i sengen") may be coded by where it sits (rule 4): the place's category is added, reviewed.
SENSOR_LIKE = ("alarm", "sensor", "detekt", "føler", "monitor", "måler")
SENSOR_PARTS = ("sensor", "føler")
PLACE_PREPOSITIONS = frozenset("i under på ved in under on".split())
#: "medicinæsker med alarm", "doseringsæske with a reminder alarm": an alarm built into a
#: device of one of these categories is part of that device, not a safety alarm (tryghed).
OWN_ALARM = frozenset({"medicin"})
ALARM_PARTS = ("alarm", "alert")
WITH = frozenset("med with".split())
#: Words that may stand between "med" and the alarm: "med indbygget alarm", "med lyd-alarm".
ALARM_ADJECTIVES = frozenset("indbygget indbyggede integreret lyd lys en et a built in".split())
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
#: Hedged or conditional statements: coded (rule 1: plans count) but sent to review, since
#: analysts may read them as no decision yet.
_HEDGE = re.compile(
    r"\b(?:overvej(?:er|es|et|e|else)|måske|muligvis|eventuelt|evt|på sigt"
    r"|undersøge|undersøger|undersøges|undersøgt"
    r"|drøfter|drøftes|drøftet|afventer|afventes|afventet|pause|pauseret|standby|uafklaret"
    r"|ikke besluttet|ikke afklaret|ikke vedtaget|kigger på mulighed\w*|kigger på at"
    r"|ser på mulighed\w*|i spil"
    r"|tanker om|potentielt|hvis økonomien|hvis der|afhænger af|maybe|possibly"
    r"|considering|might|perhaps|påtænk\w*|håber|tænke os|venter på|under overvejelse"
    # past use: "vi havde tidligere GPS" may have stopped
    r"|tidligere|havde|har haft|previously|used to)\b"
)
#: Negation words; one that negates none of the answer's terms makes the answer mixed.
_NEGATION_WORD = re.compile(
    r"\b(?:ikke|ik|ikk|ingen|intet|hverken|aldrig|not|no|none|never|fravalgt\w*|stoppe[dt]\w*"
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
#: The evidence of a non-answer (rule 7).
NON_ANSWER = "ikke-svar"
_NON_ANSWER = re.compile(
    r"^(?:ved ikke|vides ikke|ved det ikke|kender ikke|nej|ingen|intet|ikke relevant|irrelevant"
    r"|ikke aktuel\w*|se (?:ovenfor|ovenstående|tidligere|forrige|svar|spm|spørgsmål|besvarelse)"
    r"|kan ikke|ikke oplyst|n a|na|ukendt|usikker|none|no|nothing|not applicable|don t know"
    r"|dont know|see above|see previous|not decided|not yet decided|not relevant|nil"
    r"|vi har ikke|vi har ingen|vi arbejder ikke|vi tilbyder ikke|der er ikke"
    r"|der er ingen|ikke noget|har ikke|har ingen|x|0)\b"
)
_NO_TECHNOLOGY = re.compile(
    r"\b(?:ingen|ikke|uden|intet)(?: \w+)? (?:teknologi|teknologier|velfærdsteknologi\w*"
    r"|digital\w*|online|tekniske? \w+)\b|\bfysisk fremmøde\b"
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
    #: evidence worth showing that is no doubt
    notes: list[str] = field(default_factory=list)

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
        named_hits = {i for h in hits if h.role in (TERM, DEVICE) for i in range(h.start, h.end)}
        negated = negated_positions(words, tokens.clause, tokens.sentence, covered, named_hits)
        for h in hits:
            h.negated = h.start in negated
        found = _Findings()
        self._terms(tokens, hits, found)
        self._purposes(tokens, hits, context, found)
        self._sensor_places(tokens, words, hits, found)
        self._telemedicine_or_own(tokens, hits, found)
        self._for_staff(tokens, hits, found)
        # a purpose or place word found only inside an unknown compound ("telebesøg",
        # "sansetæppe") is no evidence, but the word may name a technology: it counts as unknown
        named = {
            i
            for h in hits
            if h.role in (TERM, DEVICE) or h.match.how == EXACT
            for i in range(h.start, h.end)
        }
        hidden = {
            h.start
            for h in hits
            if h.role in (CUE, PLACE) and h.start not in named and h.target not in found.evidence
        }
        self._unknown_words(tokens, words, hits, covered, hidden, found)
        return self._verdict(tokens, words, hits, found)

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
                    found = lex.phrase(joined, stems)
                    hits += [Hit(i, j + 1, Match(e, EXACT)) for e in found]
                    # a misspelt compound written apart: "vaske toilleter"
                    if (
                        not found
                        and j == i + 1
                        and len(words[j]) >= SPLIT_PART_MIN
                        and self._misspelt_apart(words[i], words[j])
                        and (typo := lex.typo(joined))
                    ):
                        hits.append(Hit(i, j + 1, typo))
        # "rehabiliteringscentret", "træningsenheden": an institution, not a purpose
        hits = [
            h
            for h in hits
            if not (
                h.role in (CUE, WEAK, PLACE)
                and h.end - h.start == 1
                and words[h.start].endswith(INSTITUTIONS)
            )
        ]
        # words inside a longer term belong to it ("online træning" is no online + træning)
        spans = {(h.start, h.end) for h in hits if h.role == TERM and h.end - h.start > 1}
        unique = {
            (h.start, h.end, h.role, h.target): h
            for h in hits
            if not any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
        }
        return list(unique.values())

    def _misspelt_apart(self, first: str, second: str) -> bool:
        """Whether two words may be one misspelt compound: the second names nothing by itself
        ("vaske toilleter"), or only a purpose or place while the first is no known word
        ("inteligente bleer"; "egne målinger" are two good words)."""
        lex = self.lexicon
        if lex.general.is_known(second):
            return False
        matches = lex.word(second)
        if not matches:
            return True
        return not any(m.entry.role in (TERM, DEVICE) for m in matches) and not (
            first in lex.general.forms or stem(first) in lex.general.stems
        )

    def _surface(self, tokens: Tokens, h: Hit) -> str:
        return " ".join(tokens.words[h.start : h.end])

    def _supplier(self, tokens: Tokens, hits: list[Hit], h: Hit) -> bool:
        """A brand named as the supplier of something else: "skærmbesøg via Tunstalls
        løsning", "skærmbesøg fra Tunstall" (the brand's own category may be wrong)."""
        i = h.start
        if h.end - h.start != 1 or not tokens.capitalised[i]:
            return False
        word = tokens.words[i]
        nxt = tokens.words[i + 1] if i + 1 < len(tokens.words) else ""
        if (
            word.endswith("s")
            and not fold(h.match.entry.phrase).endswith("s")
            and (nxt in SUPPLIER_NOUNS)
        ):
            return True
        # "Etac Light bestik": the maker of the thing named right after it
        maker = tokens.gaps[i] != SENTENCE and any(
            o.role == TERM
            and o.target != h.target
            and not o.negated
            and 0 <= o.start - h.end < MAKER_REACH
            and all(tokens.gaps[k] == JOIN for k in range(h.end, o.start + 1))
            and all(tokens.capitalised[k] for k in range(h.end, o.start))
            for o in hits
        )
        if maker:
            return True
        before = tokens.words[max(0, i - 2) : i]
        return (
            bool(before)
            and (before[-1] in SUPPLIER_WORDS or before == ["leveret", "af"])
            and any(
                o.role == TERM
                and o.target != h.target
                and tokens.clause[o.start] == tokens.clause[i]
                and o.start < i
                for o in hits
            )
        )

    def _terms(self, tokens: Tokens, hits: list[Hit], found: _Findings) -> None:
        negated: list[str] = []
        # "ingen robotstøvsugere eller spiserobotter": a list of negated terms is plain too
        negated_terms = {
            i for h in hits if h.role == TERM and h.negated for i in range(h.start, h.end)
        }
        unclear = False  # a negation whose scope is more than "ingen X" / "X er fravalgt"
        for h in hits:
            if h.role != TERM:
                continue
            if self._supplier(tokens, hits, h):
                found.doubts.append(("supplier", f"leverandør: {self._surface(tokens, h)}"))
                continue
            if h.negated:
                negated.append(self._surface(tokens, h))
                unclear = unclear or not _plain_negation(tokens, h, negated_terms)
            elif owner := self._own_alarm(tokens, hits, h):
                found.add(owner, self._surface(tokens, h))
            elif h.match.how == FUZZY:
                found.add(h.target, h.match.detail, sure=False)
            else:
                found.add(h.target, self._surface(tokens, h))
        fuzzy = [w for slug, ws in found.evidence.items() if slug not in found.sure for w in ws]
        if fuzzy:
            found.doubts.append(("fuzzy", "stavning: " + ", ".join(fuzzy)))
        if negated and unclear:
            found.doubts.append(("negation", "negeret: " + ", ".join(dict.fromkeys(negated))))
        elif negated:  # said, but no doubt: "Vi har ikke vasketoiletter", "GPS er fravalgt"
            found.notes.append("negeret: " + ", ".join(dict.fromkeys(negated)))

    def _own_alarm(self, tokens: Tokens, hits: list[Hit], h: Hit) -> str | None:
        """The category of the device an alarm term is built into ("medicinæsker med
        alarm" -> medicin), or None when the alarm stands on its own."""
        surface = fold(self._surface(tokens, h))
        if h.target in OWN_ALARM or not any(p in surface for p in ALARM_PARTS):
            return None
        i = h.start - 1
        while i >= 0 and tokens.words[i] in ALARM_ADJECTIVES and tokens.gaps[i + 1] == JOIN:
            i -= 1
        if i < 1 or tokens.words[i] not in WITH or tokens.gaps[i + 1] != JOIN:
            return None
        owner = next(
            (
                o.target
                for o in hits
                if o.role == TERM and o.end == i and not o.negated and o.target in OWN_ALARM
            ),
            None,
        )
        return owner if owner and tokens.gaps[i] == JOIN else None

    def _purposes(
        self, tokens: Tokens, hits: list[Hit], context: str | None, found: _Findings
    ) -> None:
        """Rules 3 and 4: devices coded by purpose, place or question context."""
        context_map = self.taxonomy.contexts.get(context or "", {})
        topics = self._topics(tokens, hits)
        compounds = {
            self._surface(tokens, h) for h in hits if h.role == WEAK and h.match.how == COMPOUND
        }

        def weak_compound(cue: str | None) -> bool:
            return cue is not None and cue in compounds

        bare: list[tuple[str, str]] = []  # (device, the context's category)
        # "TeleKit (KOL-kuffert)": a product named beside the term that says what it is
        names = _product_names(tokens, list(tokens.words), hits)
        for h in hits:
            if h.role != DEVICE or h.negated:
                continue
            kind, device = h.target, self._surface(tokens, h)
            slugs, how = self._purpose_of(tokens, hits, h, topics)
            if how in ("weak", "bare"):
                slugs, how = self._sentence_purpose(tokens, hits, h, slugs, how)
            if kind in NO_SCREEN_VISIT and slugs.pop("skaermbesoeg", None) and not slugs:
                continue  # "telefonisk opfølgning" is no screen visit
            for slug, cue in slugs.items():
                found.add(slug, f"{device}+{cue}", sure=False)
            if kind == ONLINE and how == "weak" and weak_compound(slugs.get("skaermbesoeg")):
                # "online chatrådgivning", "online samtaleforløb": chat, phone or video?
                found.doubts.append(("weak", f"svagt formål: {device}"))
            if len(slugs) > 1 and kind in SINGLE_PURPOSE and how != "place":
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
            if kind in CONTEXT_KINDS and kind in context_map and not self._various(tokens, h):
                bare.append((device, context_map[kind]))
            elif kind == SENSOR:
                found.doubts.append(("sensor", f"sensor uden placering: {device}"))
            else:
                found.doubts.append(("no purpose", f"uden formål: {device}"))
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

    def _sentence_purpose(
        self, tokens: Tokens, hits: list[Hit], device: Hit, slugs: dict, how: str
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
        reminds = device.target == REMINDER or (
            set(slugs) == {"struktur"} and fold(slugs["struktur"]).startswith(REMINDER_WORDS)
        )
        if reminds:
            medicine = next((h for h in others if h.role == TERM and h.target == "medicin"), None)
            if medicine is not None:
                return {"medicin": self._surface(tokens, medicine)}, "sentence"
        if device.target in VISIT_DEVICES and how == "bare":
            clinician = next(
                (h for h in others if h.role == CUE and self._surface(tokens, h) in CLINICIANS),
                None,
            )
            if clinician is not None:
                return {"skaermbesoeg": self._surface(tokens, clinician)}, "sentence"
        return slugs, how

    def _purpose_of(
        self, tokens: Tokens, hits: list[Hit], device: Hit, topics: dict[int, int]
    ) -> tuple[dict, str]:
        """{slug: purpose word} for one device, and how it was decided.

        `topics` maps the words after "om" to the position of their "om" (see `_topics`).
        """
        clause = tokens.clause[device.start]
        scope = {clause}
        first = self._clause(tokens, clause)[0]
        if (
            tokens.words[first] in RELATIVE
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
            and tokens.words[nxt] in RELATIVE
            and not (
                tokens.words[nxt] in NEXT_ITEM
                and tokens.words[nxt - 1] in LIST_WORDS
                and not ANAPHORA & set(tokens.words[nxt + 1 : nxt + 4])
            )
        ):  # "skærme, så borgeren ser dagsplanen" explains; "... og så en robot" adds an item
            scope.add(tokens.clause[nxt])
            # "et ur, der med farver viser borgeren, hvor lang tid der er til næste aftale"
            after = next((i for i in later if tokens.clause[i] > tokens.clause[nxt]), None)
            if (
                after is not None
                and tokens.sentence[after] == tokens.sentence[device.start]
                and tokens.words[after] in RELATIVE
            ):
                scope.add(tokens.clause[after])
        near = [
            h
            for h in hits
            if h is not device
            and not h.negated
            and tokens.clause[h.start] in scope
            and not _time_or_in_person(tokens, h)
            and (h.start not in topics or h.target in TOPIC_KEEPS and h.role == CUE)
        ]
        if device.target == ONLINE:  # qualifies what follows it, or a word right before it
            medium = MEDIUM_PREPOSITIONS & set(
                tokens.words[max(0, device.start - 3) : device.start]
            )
            near = [
                h
                for h in near
                if h.start >= device.end
                and (h.target in ONLINE_PURPOSES or h.start - device.end < ONLINE_REACH)
                or h.end <= device.start
                and (
                    device.start - h.end < ONLINE_REACH
                    or medium
                    and h.target in ONLINE_PURPOSES
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
                and not any(w in LIST_WORDS for w in tokens.words[h.end : device.start])
            ]
        if any(w in STAFF_TOOLS for c in scope for w in self._words_of(tokens, c)):
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
            placed = [h for h in near if h.role == PLACE and _after_preposition(tokens, h)]
            # "sensorer i madrasser og bleer": a place listed after a placed one
            placed += [
                h
                for h in near
                if h.role == PLACE
                and h not in placed
                and h.start >= 2
                and tokens.words[h.start - 1] in LIST_WORDS
                and any(p.end == h.start - 1 for p in placed)
            ]
            candidates = placed or [h for h in near if h.role == PLACE]
            places = {h.target: self._surface(tokens, h) for h in candidates}
            places = places or self._place_in_compound(tokens.words[device.start])
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
        if device.target in TOPIC_MEDIA and about is not None:
            # "film om medicin og kost": learning about one's disease (rule 3)
            near.append(Hit(about, about + 1, Match(Entry(CUE, "patientuddannelse", "om"), EXACT)))
        surface = fold(self._surface(tokens, device))
        if device.target in VISIT_DEVICES and any(p in surface for p in CONVERSATION):
            # "videosamtaler med fysioterapeuten": a conversation, i.e. a consultation, unless
            # it is with family (sociale) or an exercise class (a strong training cue)
            near.append(
                Hit(device.start, device.end, Match(Entry(CUE, "skaermbesoeg", surface), EXACT))
            )
        in_scope = {tokens.words[i] for c in scope for i in self._clause(tokens, c)}
        own = "selv" in in_scope or bool(in_scope & SELF_WORDS and in_scope & SEE_WORDS)
        for role, how in ((CUE, "purpose"), (WEAK, "weak")):
            cues = {h.target: self._surface(tokens, h) for h in near if h.role == role}
            if role == WEAK and (device.target in NO_STAFF_VISIT or in_scope & ALERTS):
                cues.pop("skaermbesoeg", None)
            if "sociale" in cues and fold(cues.get("skaermbesoeg", "")).startswith(
                (fold(VISIT), *CONVERSATION, "video")
            ):
                # "robot som familien kan styre for at besøge beboeren": a family visit
                cues.pop("skaermbesoeg")
            if "selvmonitorering" in cues and "skaermbesoeg" not in cues:
                # "app hvor borgeren registrerer symptomer, og sygeplejersken følger med"
                clinician = next(
                    (
                        self._surface(tokens, h)
                        for h in hits
                        if h.role == CUE
                        and not h.negated
                        and h.target == "skaermbesoeg"
                        and tokens.sentence[h.start] == tokens.sentence[device.start]
                        and self._surface(tokens, h) in CLINICIANS
                    ),
                    None,
                )
                if clinician:
                    cues["skaermbesoeg"] = clinician
            if "skaermbesoeg" in cues and not own:
                # a clinician following the measurements is telemedicine
                cues.pop("selvmonitorering", None)
            if cues:
                return cues, how
        if any(
            h.role == TERM and not any(w in LIST_WORDS for w in tokens.words[device.end : h.start])
            for h in near
        ):  # "app med GPS" is explained; "robotter og vasketoiletter" is a second item
            return {}, "explained"
        return {}, "bare"

    def _for_staff(self, tokens: Tokens, hits: list[Hit], found: _Findings) -> None:
        """ "e-learning for medarbejderne", "personalet registrerer magtanvendelse i en app":
        technology for the staff is not coded, but telling it from the citizens' is a
        judgement: an answer with staff in the clause of such a category is reviewed."""
        for h in hits:
            if h.negated or h.target not in STAFF_PRONE or h.target not in found.evidence:
                continue
            if h.role not in (TERM, DEVICE) and not (h.role == CUE and h.target in found.evidence):
                continue
            words = self._words_of(tokens, tokens.clause[h.start])
            staff = STAFF & set(words)
            if staff:
                found.doubts.append(("purposes", f"for personalet? {', '.join(sorted(staff))}"))
                return

    def _telemedicine_or_own(self, tokens: Tokens, hits: list[Hit], found: _Findings) -> None:
        """A meter named beside a clinician who follows the measurements ("KOL-kuffert med
        pulsoximeter, hvor sygeplejersken følger målingerne") may be part of the telemedicine
        kit (skaermbesoeg only) or the citizen's own (selvmonitorering too): reviewed."""
        if not {"selvmonitorering", "skaermbesoeg"} <= found.evidence.keys():
            return
        meters = [h for h in hits if h.role == TERM and h.target == "selvmonitorering"]
        for h in meters:
            if h.negated:
                continue
            sentence = tokens.sentence[h.start]
            words = {w for w, s in zip(tokens.words, tokens.sentence, strict=True) if s == sentence}
            clinician = words & CLINICIANS
            if clinician and not ("selv" in words or words & SELF_WORDS and words & SEE_WORDS):
                found.doubts.append(
                    ("purposes", f"telemedicin eller egenmåling: {h.match.entry.phrase}")
                )
                return

    def _place_in_compound(self, word: str) -> dict[str, str]:
        """Rule 4 inside one word: "gulvsensorer" sits in the floor, "dørføler" on the door."""
        for part in SENSOR_PARTS:
            at = word.find(part)
            if at < 3:
                continue
            modifier = word[:at]
            for head in dict.fromkeys((modifier, modifier.rstrip("se"))):
                places = {e.target: word for e in self.lexicon.phrase(head) if e.role == PLACE}
                if places:
                    return places
        return {}

    @staticmethod
    def _various(tokens: Tokens, device: Hit) -> bool:
        """ "diverse apps", "forskellige tablets": several, for no one purpose (rule 3)."""
        return device.start > 0 and tokens.words[device.start - 1] in VARIOUS

    @classmethod
    def _words_of(cls, tokens: Tokens, clause: int) -> list[str]:
        return [tokens.words[i] for i in cls._clause(tokens, clause)]

    @staticmethod
    def _clause(tokens: Tokens, clause: int) -> range:
        """Positions of the words of one clause."""
        ids = [i for i, c in enumerate(tokens.clause) if c == clause]
        return range(ids[0], ids[-1] + 1) if ids else range(0)

    def _topics(self, tokens: Tokens, hits: list[Hit]) -> dict[int, int]:
        """{position: position of its "om"} for the words after "om" that follows a medium or
        a teaching word ("film om medicin", "webinarer om kost, medicin og blodsukker"):
        topics to learn about, which name no purpose of a device."""
        media = {
            h.end
            for h in hits
            if h.role == DEVICE
            and h.target in TOPIC_MEDIA
            or h.target == "patientuddannelse"
            and h.role in (TERM, CUE, WEAK)
        }
        words, n = tokens.words, len(tokens.words)
        out: dict[int, int] = {}
        for o, w in enumerate(words):
            if w not in ABOUT or not any(o - ABOUT_REACH < e <= o for e in media):
                continue
            if any(words[i] in REMINDS for i in range(max(0, o - ABOUT_REACH), o)):
                continue
            if o + 1 < n and (words[o + 1] in TIMES or words[o + 1].isdigit()):
                continue  # "to gange om ugen", "kameratilsyn om natten"
            out[o] = o
            i = o + 1
            if i < n and tokens.clause[i] != tokens.clause[o] and words[i] in QUESTION_WORDS:
                # "film om, hvordan man bruger sin inhalator": the whole question is the topic
                out.update({k: o for k in self._clause(tokens, tokens.clause[i])})
                continue
            while i < n and tokens.sentence[i] == tokens.sentence[o]:
                if tokens.clause[i] != tokens.clause[o] and (
                    len(self._clause(tokens, tokens.clause[i])) > TOPIC_ITEM
                ):
                    break
                out[i] = o
                i += 1
        return out

    def _sensor_places(
        self, tokens: Tokens, words: list[str], hits: list[Hit], found: _Findings
    ) -> None:
        """Rule 4 for sensor-like terms: "epilepsialarm i sengen" may be a bed sensor."""
        places = {h.start: h for h in hits if h.role == PLACE and h.match.how == EXACT}
        for h in hits:
            if h.role != TERM or h.negated:
                continue
            surface = self._surface(tokens, h)
            if not any(part in surface for part in SENSOR_LIKE):
                continue
            for i in range(h.end, min(h.end + 3, len(words))):
                if tokens.clause[i] != tokens.clause[h.start]:
                    break
                place = places.get(i)
                if place is None or place.target == h.target:
                    continue
                if words[i - 1] in PLACE_PREPOSITIONS or (
                    i >= 2 and words[i - 2] in PLACE_PREPOSITIONS
                ):
                    found.add(place.target, f"{surface} {words[i - 1]} {words[i]}", sure=False)
                    found.doubts.append(("place", f"placering: {surface} -> {place.target}"))
                break

    def _unknown_words(
        self,
        tokens: Tokens,
        words: list[str],
        hits: list[Hit],
        covered: set[int],
        hidden: set[int],
        found: _Findings,
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
            if (i not in covered or i in hidden)
            and len(w) >= 4
            and not w.isdigit()
            and not (tokens.capitalised[i] and w.endswith(PLACE_SUFFIXES))
        ]
        # words of a list item that names nothing the rules know: "Loftlifte, boldbassin"
        named = _product_names(tokens, words, hits)
        tech = [any(part in fold(w) for part in TECH_PARTS) for w in words]
        # a frequent Danish word is no product name ("rekruttere", "ventetid"), unless it has
        # a technology word part
        plain = [lex.is_plain(w) and not tech[i] for i, w in enumerate(words)]
        items = _bare_items(tokens, words, covered, plain) if found.evidence else set()
        if not found.evidence:
            # a short answer of one unknown name ("Giraff") is never plain: it may be a product
            short = len(words) < SHORT_ANSWER
            shown = [
                tokens.words[i]
                for i in loose
                if not lex.general.is_known(words[i]) and (short or not plain[i])
            ]
        else:
            shown = [
                tokens.words[i]
                for i in loose
                if (i in hidden and not lex.general.is_known(words[i]))
                or i not in covered
                and i not in named
                and (
                    words[i] in lex.term_words
                    and not lex.is_common(words[i])
                    or not lex.vocabulary.is_known(words[i])
                    and (
                        i in items
                        or (tokens.capitalised[i] and tokens.gaps[i] != SENTENCE and not plain[i])
                        or any(c.isdigit() for c in words[i])
                        and any(c.isalpha() for c in words[i])
                        or tech[i]
                    )
                )
            ]
        if shown:
            found.doubts.append(("unknown", "ukendte ord: " + ", ".join(dict.fromkeys(shown))))
        elif found.evidence and len(words) >= LONG_PARTIAL:
            # a long answer may name more than the rules found: many words they do not know
            rare = [
                tokens.words[i]
                for i in loose
                if not lex.vocabulary.is_known(words[i]) and not plain[i]
            ]
            if len(rare) >= LONG_UNKNOWN:
                found.doubts.append(("long", "langt svar, ukendte ord: " + ", ".join(rare)))
            elif len(words) >= LONG_REVIEW:
                found.doubts.append(("long", f"langt svar ({len(words)} ord)"))

    def _verdict(
        self, tokens: Tokens, words: list[str], hits: list[Hit], found: _Findings
    ) -> Coding:
        categories = tuple(sorted(found.evidence))
        doubts = found.doubts
        text = " ".join(words)
        if categories:
            if hedge := _HEDGE.search(text):
                doubts.append(("hedge", f"forbehold: {hedge.group()}"))
            named = [h for h in hits if h.negated and h.role in (TERM, DEVICE)]
            if not named and _unexplained_negation(text):
                doubts.append(("negation", "nægtelse uden genstand"))
        only_unknown = all(kind == "unknown" for kind, _ in doubts)
        if not categories and only_unknown and (not words or _NON_ANSWER.match(text)):
            return Coding((), BASE_NON_ANSWER, False, NON_ANSWER)
        if not categories and len(words) >= LONG_ANSWER:
            doubts.append(("long", "langt svar uden kategori"))
        if not categories and not _NO_TECHNOLOGY.search(text):
            # purpose words with no technology named ("borgerne måler selv blodtryk",
            # "online KOL-forløb"): the answer may describe one in words the rules lack
            general = self.lexicon.general.is_known
            loose = [
                self._surface(tokens, h)
                for h in hits
                if h.role == CUE
                and not h.negated
                and not all(general(w) for w in words[h.start : h.end])
            ]
            if loose:
                doubts.append(("cue", "formål uden teknologi: " + ", ".join(dict.fromkeys(loose))))
        if not categories:
            base = BASE_NON_ANSWER if _NO_TECHNOLOGY.search(text) else BASE_EMPTY
        else:
            base = BASE_TERMS if set(categories) <= found.sure else BASE_PURPOSE
        confidence = min([base, *(DOUBT[kind] for kind, _ in doubts)])
        parts = [f"{s}: {', '.join(dict.fromkeys(found.evidence[s]))}" for s in categories]
        evidence = "; ".join(parts) or "ingen kategori"
        evidence += "".join(f" ({note})" for note in found.notes)
        if found.notes:
            confidence = min(confidence, NOTED)
        if doubts:
            evidence += " | " + "; ".join(note for _, note in doubts)
        return Coding(categories, round(confidence, 2), bool(doubts), evidence)


def _later_item(tokens: Tokens, items: set[int], start: int, end: int) -> bool:
    """Whether a list word and then another named item stand between a device and a purpose
    word after it: "videosamtaler med lægen og en chatgruppe for pårørende"."""
    for k in range(start, end):
        if tokens.words[k] in LIST_WORDS and any(k < i < end for i in items):
            return True
    return False


def _after_preposition(tokens: Tokens, h: Hit) -> bool:
    """ "i madrassen", "på gulvet", "under madrassen": a place named as a place."""
    return h.start > 0 and tokens.words[h.start - 1] in PLACE_PREPOSITIONS


def _plain_negation(tokens: Tokens, h: Hit, negated_terms: set[int]) -> bool:
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
            or words[i] in LIST_WORDS
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
            or words[j] in LIST_WORDS
            and tokens.gaps[j] == JOIN
        )
    ):
        j += 1
    if j < n and tokens.gaps[j] != SENTENCE and words[j] in STOPPED:
        return True  # "GPS er fravalgt", "Robotsæl - udfaset 2021"
    if j < n and tokens.gaps[j] == JOIN and words[j] in FORWARD:
        # "Spiserobotter har vi ikke.", "GPS er ikke et tilbud"
        tail = [k for k in Coder._clause(tokens, tokens.clause[j]) if k > j]
        return all(words[k] in NOT_OFFERED for k in tail)
    # "Spiserobot - nej", "GPS: ikke aktuelt"
    return (
        j < n
        and tokens.gaps[j] == CLAUSE_GAP
        and words[j] in NEGATION_ONLY
        and all(words[k] in NEGATION_ONLY for k in Coder._clause(tokens, tokens.clause[j]))
    )


def _time_or_in_person(tokens: Tokens, h: Hit) -> bool:
    """A purpose word that dates something or names a visit in person ("mellem besøgene",
    "kommer på besøg", "hvornår hjemmeplejen kommer") says nothing about what a device is for."""
    if h.role not in (CUE, WEAK):
        return False
    if h.target == "skaermbesoeg" and any(
        tokens.words[i] in COMES and tokens.clause[i] == tokens.clause[h.start]
        for i in range(h.end, min(h.end + COMES_REACH, len(tokens.words)))
    ):
        return True
    clause = tokens.clause[h.start]
    if h.target != "struktur" and any(
        tokens.words[k] in SCHEDULED and tokens.clause[k] == clause for k in range(h.start)
    ):
        return True  # "hvornår der er mad": what the day's plan shows, not a purpose
    if h.start == 0 or tokens.gaps[h.start] != JOIN:
        return False
    before = tokens.words[h.start - 1]
    return before in NOT_PURPOSE_BEFORE or (
        before == IN_PERSON[0] and tokens.words[h.start].startswith(IN_PERSON[1])
    )


def _unexplained_negation(text: str) -> bool:
    """A negation word that is not harmless ("borgere der ikke kan", "ikke kun")."""
    harmless = {m.start() for m in _HARMLESS_NEGATION.finditer(text)}
    spans = [(m.start(), m.end()) for m in _HARMLESS_NEGATION.finditer(text)]
    for m in _NEGATION_WORD.finditer(text):
        if m.start() in harmless or any(a <= m.start() < b for a, b in spans):
            continue
        return True
    return False


def _product_names(tokens: Tokens, words: list[str], hits: list[Hit]) -> set[int]:
    """Positions of product names written right beside a term that says what they are:
    "Stannah trappelift", "Emfit sengesensor", "Trappelifte (Stannah)", "Gemino 30 toilet".
    A name is a capitalised word or a model number; the term must not be negated."""

    def name(i: int) -> bool:
        return tokens.capitalised[i] or any(c.isdigit() for c in words[i])

    out: set[int] = set()
    for h in hits:
        if h.role != TERM or h.negated:
            continue
        i = h.start - 1  # names before the term
        while i >= 0 and tokens.gaps[i + 1] == JOIN and name(i):
            out.add(i)
            i -= 1
        i = h.end  # names after it: "Trappelifte (Stannah)", "rollatorer inkl. Topro Troja"
        if i + 1 < len(words) and words[i] in NAME_LEADS and tokens.gaps[i] == JOIN:
            i += 2 if words[i] in {"bl", "f"} and words[i + 1] in {"a", "eks"} else 1
        while i < len(words) and tokens.gaps[i] == JOIN and name(i):
            out.add(i)
            i += 1
    return out


def _bare_items(tokens: Tokens, words: list[str], covered: set[int], plain: list[bool]) -> set[int]:
    """Positions of short list items ("Lysterapi, vibrationsstol, boldbassin") in which no
    word belongs to a term, purpose or device: such an item may name an unknown technology.
    Only in a list, i.e. when some other item of the same sentence does name something.
    An item of several frequent Danish words is a phrase ("budgettet er presset"), but one
    plain word may still be a technology ("cykler")."""
    items: list[list[int]] = []
    for i, w in enumerate(words):
        if not items or tokens.gaps[i] != JOIN or w in ITEM_BREAKS:
            items.append([])
        if w not in ITEM_BREAKS:
            items[-1].append(i)
    named = {tokens.sentence[i] for i in covered}
    out: set[int] = set()
    for item in items:
        if (
            item
            and len(item) <= ITEM_WORDS
            and not any(i in covered for i in item)
            and tokens.sentence[item[0]] in named
            and (len(item) == 1 or not all(plain[i] for i in item))
        ):
            out.update(item)
    return out
