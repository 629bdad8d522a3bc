"""The rule-based coder: one answer -> categories, confidence, evidence, review flag.

It applies the coding manual's rules in order:
1. every category whose term the answer names (any form: see `lexicon`) is coded;
2. negated terms are not (see `negation`);
3. apps, tablets, phones, screens, video, VR, robots, machines, wearables, reminders, games and
   online/digital offers are coded by the purpose words near them; a bare app or tablet falls
   back on the question context (see `purposes`);
4. sensors are coded by where they sit (see `places`);
7. non-answers get nothing.
It says why: the evidence names the words behind each category, and every doubt (a typo
match, a negation, a negation word with no term in its scope, a hedged, conditional or past
statement, a context guess, a device without purpose or with purposes of several categories,
a sensor-like term placed in the bed, a brand named as supplier, a purpose word hidden in an
unknown compound, an unknown list item or product-like word, purpose words with no
technology or beside a word pointing back at one ("Tjenesten ..."), a video whose only
purpose is the staff, a category guessed from a medium beside the staff, an answer saying it
has no technology yet coding one, an online talk about a disease, own readings inside a
telemedicine offer, a long answer with nothing found or many unknown words, a very long sentence)
sends it to review. An answer of several sentences is also coded part by part: a doubt in any
part flags the answer, whatever the other parts code (`Coder._part_doubts`).

Here: finding the words (`Coder._hits`), the term pass (rules 1 and 2, with brands named as
suppliers and alarms built into a medicine box) and the verdict (confidence from how the
categories were found, lowered by each doubt). The other passes live with their rules:
`purposes` and `topics` (rule 3), `places` (rule 4), `audience` (for the citizen, a clinician
or the staff?), `unknown` (words the rules may have missed); `findings` holds what they share.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.normalise.audience import (
    followed_up,
    for_staff,
    measured_for_telemedicine,
    telemedicine_or_own,
)
from pipeline.normalise.findings import Findings, Hit, surface
from pipeline.normalise.hedges import HedgeRule
from pipeline.normalise.lexicon import (
    CUE,
    DEVICE,
    EXACT,
    FUZZY,
    PLACE,
    TERM,
    WEAK,
    Lexicon,
    Match,
)
from pipeline.normalise.negation import (
    continued_later,
    negated_positions,
    plain_negation,
    stopped_alone,
)
from pipeline.normalise.nonanswers import (
    NON_ANSWER,
    NON_ANSWER_WORDS,
    no_technology_pattern,
    non_answer_pattern,
)
from pipeline.normalise.places import sensor_places
from pipeline.normalise.purposes import NO_PURPOSE, code_by_purpose
from pipeline.normalise.roles import RuleCategories
from pipeline.normalise.text import (
    JOIN,
    LIST_JOINERS,
    SENTENCE,
    Tokens,
    fold,
    sentence_texts,
    stem,
    tokenize,
)
from pipeline.normalise.unknown import flagged_words, unknown_words
from pipeline.survey.taxonomy import Taxonomy
from pipeline.survey.termsets import TermSet, TermSets, load_termsets

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
    "part": 0.6,
}
#: A part of an answer this short (words) that names only a purpose ("Træning.") is a doubt.
BARE_PURPOSE_WORDS = 3
#: An answer this long (words) with no category at all is suspicious.
LONG_ANSWER = 25
#: The second half of a misspelt compound written apart is at least this long ("m." in
#: "videokonsultationer m. diætist" is "med", not the end of a word).
SPLIT_PART_MIN = 3
#: A model name of at most this many words may stand between a maker and its product.
MAKER_REACH = 3


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

    @property
    def non_answer(self) -> bool:
        """The coder judged the answer a non-answer (rule 7): no category, non-answer evidence
        (a learned model's doubt or an analyst's note would have changed the evidence)."""
        return not self.categories and self.evidence == NON_ANSWER


class Coder:
    """Codes answers with one taxonomy; build once, call `code` many times."""

    def __init__(self, taxonomy: Taxonomy, terms: TermSets | None = None) -> None:
        """`terms`: the rules' term sets; by default those beside the taxonomy
        (`<survey>/coding/termsets/`)."""
        self.taxonomy = taxonomy
        self.terms = terms or load_termsets(taxonomy.path.parent)
        self.terms.check_kinds(set(taxonomy.devices), taxonomy.path)
        self.lexicon = Lexicon(taxonomy, self.terms)
        self.hedges = HedgeRule.from_terms(self.terms)
        #: rule 7: the taxonomy's non-answer phrases, read like the answers' words
        restore = self.lexicon.vocabulary.restore
        self.non_answers = non_answer_pattern(taxonomy.non_answers, restore)
        #: an answer saying it has no technology ("ingen teknologi") is confidently empty
        self.no_technology = no_technology_pattern(taxonomy.no_technology, restore)

    def code(self, text: str | None, context: str | None = None) -> Coding:
        return self._code(text or "", context, whole=True)

    def _code(self, text: str, context: str | None, *, whole: bool) -> Coding:
        """Code one text; a whole answer of several sentences is also coded part by part,
        and a doubt in any part is a doubt of the answer (`_part_doubts`)."""
        tokens, words, hits, found = self._find(text, context)
        if whole and tokens.sentence and tokens.sentence[-1] > 0:
            self._part_doubts(text, context, found)
        return self._verdict(tokens, words, hits, found)

    def _find(
        self, text: str, context: str | None
    ) -> tuple[Tokens, list[str], list[Hit], Findings]:
        """The rule passes over one text: its words, hits and findings."""
        tokens = tokenize(text)
        words = [self.lexicon.vocabulary.restore(w) for w in tokens.words]
        hits = self._hits(tokens, words)
        covered = {i for h in hits for i in range(h.start, h.end)}
        named_hits = {i for h in hits if h.role in (TERM, DEVICE) for i in range(h.start, h.end)}
        terms = self.terms
        negated = negated_positions(
            words, tokens.clause, tokens.sentence, covered, named_hits, terms.negation
        )
        for h in hits:
            h.negated = h.start in negated
        found = Findings()
        roles = self.lexicon.roles
        _terms(tokens, hits, found, roles, terms)
        code_by_purpose(self.lexicon, self.taxonomy, tokens, hits, context, found)
        sensor_places(tokens, words, hits, found, terms.places)
        measured_for_telemedicine(tokens, hits, found, roles, terms.audience)
        followed_up(tokens, hits, found, roles, terms.audience)
        telemedicine_or_own(tokens, hits, found, roles, terms.audience)
        for_staff(tokens, hits, found, roles, terms.audience)
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
        unknown_words(self.lexicon, tokens, words, hits, covered, hidden, found)
        return tokens, words, hits, found

    def _part_doubts(self, text: str, context: str | None, found: Findings) -> None:
        """A composite answer (several sentences) is coded part by part too: a part that
        alone would be reviewed makes the answer reviewed, whatever the other parts code
        ("Vi har loftlifte. Et streamet forløb starter til foråret": the unknown course is
        no less unknown beside the lifts), and so does a category found only by reading
        across the parts, or one a part codes that the whole answer does not."""
        codings = []
        for n, part in enumerate(sentence_texts(text), 1):
            tokens, words, hits, own = self._find(part, context)
            coding = self._verdict(tokens, words, hits, own)
            codings.append(coding)
            # a part that codes nothing and names no purpose, only words outside the rules'
            # lists, is prose ("vi mangler hænder"), not an unknown technology; with a
            # purpose word or a technology word part ("streamet") it may be one
            prose = (
                not coding.categories
                and not own.technical
                and not any(h.role == CUE and not h.negated for h in hits)
            )
            doubts = [
                note
                for kind, note in own.doubts
                if not (prose and kind == "unknown")
                # "Holdtræning er fortsat det primære tilbud" beside parts that code: frequent
                # Danish words of a part that codes nothing are no unknown technology (the
                # whole answer's own check still reads them as list items, names or parts)
                and not (
                    kind == "unknown"
                    and found.evidence
                    and not coding.categories
                    and not own.technical
                    and all(self.lexicon.is_plain(w) for w in flagged_words(note))
                )
                # "Tablets. De bruges til træning": the part "Tablets." names no purpose, the
                # answer does
                and not (kind == "no purpose" and note.removeprefix(NO_PURPOSE) in found.explained)
            ]
            cues = [surface(tokens, h) for h in hits if h.role == CUE and not h.negated]
            if (
                found.evidence
                and not coding.categories
                and cues
                and len(words) <= BARE_PURPOSE_WORDS
            ):
                # "Skærmbesøg. Træning.": a purpose alone among technologies may stand for its
                # category ("Træningsteknologi") or for an activity; the analyst decides
                doubts.append("formål uden teknologi: " + ", ".join(dict.fromkeys(cues)))
            if doubts:
                found.doubts.append(("part", f"del {n}: " + "; ".join(doubts)))
        parts = {slug for part in codings for slug in part.categories} - found.dropped
        whole = set(found.evidence)
        if parts != whole:
            only = sorted(parts ^ whole)
            found.doubts.append(("part", "delene koder ikke som helheden: " + ", ".join(only)))

    def _hits(self, tokens: Tokens, words: list[str]) -> list[Hit]:
        """Every term, purpose, place and device word, single words and joined runs."""
        lex = self.lexicon
        never_last = self.terms.coder.never_last
        institutions = self.terms.coder.institutions
        hits: list[Hit] = []
        n = len(words)
        for i in range(n):
            hits += [Hit(i, i + 1, m) for m in lex.word(words[i])]
            joined, stems = words[i], stem(words[i])
            # "dokumenterer i Cura" is no "iCura": a name after a small word is joined to it
            # only by a phrase of several words ("materiale om KOL": "om kol")
            name = _before_name(tokens, self.terms.lexicon.name_prepositions, i)
            for j in range(i + 1, min(n, i + lex.max_window)):
                if tokens.gaps[j] != JOIN:
                    break
                joined += words[j]
                stems += stem(words[j])
                if words[j] not in never_last:
                    found = lex.phrase(joined, stems)
                    if name:
                        found = tuple(e for e in found if " " in e.phrase)
                    hits += [Hit(i, j + 1, Match(e, EXACT)) for e in found]
                    # a misspelt compound written apart: "vaske toilleter"
                    if (
                        not found
                        and not name
                        and j == i + 1
                        and len(words[j]) >= SPLIT_PART_MIN
                        and self._misspelt_apart(words[i], words[j])
                        and (typo := lex.typo(joined))
                    ):
                        hits.append(Hit(i, j + 1, typo))
        hits += self._shared_modifier(tokens, words, hits)
        # "rehabiliteringscentret", "træningsenheden": an institution, not a purpose
        hits = [
            h
            for h in hits
            if not (
                h.role in (CUE, WEAK, PLACE)
                and h.end - h.start == 1
                and words[h.start].endswith(institutions)
            )
        ]
        # words inside a longer term or device belong to it ("online træning" is no online +
        # træning, a "web-kamera" no camera watching over the citizen)
        spans = {(h.start, h.end) for h in hits if h.role in (TERM, DEVICE) and h.end - h.start > 1}
        unique = {
            (h.start, h.end, h.role, h.target): h
            for h in hits
            if not any(s <= h.start and h.end <= e and (s, e) != (h.start, h.end) for s, e in spans)
        }
        return list(unique.values())

    def _shared_modifier(self, tokens: Tokens, words: list[str], hits: list[Hit]) -> list[Hit]:
        """ "intelligente senge og bleer": the first word of a two-word term also qualifies
        the item listed right after it, when the two words together are a term too
        ("intelligente bleer"); the item alone names nothing."""
        lex = self.lexicon
        out: list[Hit] = []
        named = {h.start for h in hits if h.role in (TERM, DEVICE)}
        for h in hits:
            k = h.end + 1  # the item after the joiner
            if (
                h.role != TERM
                or h.end - h.start != 2
                or k >= len(words)
                or words[h.end] not in LIST_JOINERS
                or k in named
                or any(tokens.gaps[i] != JOIN for i in range(h.start + 1, k + 1))
            ):
                continue
            first = words[h.start]
            found = lex.phrase(first + words[k], stem(first) + stem(words[k]))
            out += [Hit(k, k + 1, Match(e, EXACT)) for e in found if e.role == TERM]
        return out

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

    def _verdict(
        self, tokens: Tokens, words: list[str], hits: list[Hit], found: Findings
    ) -> Coding:
        categories = tuple(sorted(found.evidence))
        doubts = found.doubts
        text = " ".join(words)
        if categories:
            named = any(h.negated and h.role in (TERM, DEVICE) for h in hits)
            doubts += self.hedges.doubts(tokens, words, hits, negated_named=named)
            if self.no_technology.search(text):
                # "Intet digitalt. Men vi har ... blodtryksmåling ved sundhedscaféen", "... SMS-
                # påmindelser om holdstart. Ellers ikke noget digitalt": the answer says it has
                # no technology and codes one: what it codes may be the plain, non-digital kind
                doubts.append(("negation", "siger ingen teknologi, men koder"))
        only_unknown = all(kind == "unknown" for kind, _ in doubts)
        non_answer = len(words) <= NON_ANSWER_WORDS and self.non_answers.match(text)
        if not categories and only_unknown and (not words or non_answer):
            return Coding((), BASE_NON_ANSWER, False, NON_ANSWER)
        if not categories and len(words) >= LONG_ANSWER and not (found.prose and not doubts):
            doubts.append(("long", "langt svar uden kategori"))
        no_technology = not categories and self.no_technology.search(text)
        if not categories and not no_technology:
            # purpose words with no technology named ("borgerne måler selv blodtryk",
            # "online KOL-forløb"): the answer may describe one in words the rules lack
            general = self.lexicon.general.is_known
            loose = [
                surface(tokens, h)
                for h in hits
                if h.role == CUE
                and not h.negated
                and not all(general(w) for w in words[h.start : h.end])
            ]
            pointer = set(words) & self.terms.coder.pointers
            if not loose and pointer:
                # "Tjenesten underretter personalet, hvis borgeren ikke tager sin dosis": a
                # technology named before, by a word pointing back at it, and what it is for
                loose = [surface(tokens, h) for h in hits if h.role == CUE]
            if loose:
                doubts.append(("cue", "formål uden teknologi: " + ", ".join(dict.fromkeys(loose))))
        if not categories:
            base = BASE_NON_ANSWER if no_technology else BASE_EMPTY
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


def _terms(
    tokens: Tokens, hits: list[Hit], found: Findings, roles: RuleCategories, terms: TermSets
) -> None:
    """Rules 1 and 2 for terms: each one named is coded, a negated one is not (a plain
    negation is noted, any other reviewed); a brand named as supplier is a doubt, and an
    alarm built into a medicine box belongs to the box."""
    cw = terms.coder
    negated: list[str] = []
    # "ingen robotstøvsugere eller spiserobotter": a list of negated terms is plain too
    named = (TERM, DEVICE)
    negated_terms = {
        i for h in hits if h.role in named and h.negated for i in range(h.start, h.end)
    }
    standing = {i for h in hits if h.role in named and not h.negated for i in range(h.start, h.end)}
    unclear = False  # a negation whose scope is more than "ingen X" / "X er fravalgt"
    for h in hits:
        if h.role != TERM:
            continue
        if _supplier(tokens, hits, h, cw):
            found.doubts.append(("supplier", f"leverandør: {surface(tokens, h)}"))
            continue
        if _target_group(tokens, h, roles, cw):
            found.notes.append(f"målgruppe: {surface(tokens, h)}")
            continue
        if _name_before_term(tokens, hits, h):
            # "Etac bade- og toiletstole": the maker's category or the thing's? Both, reviewed
            found.doubts.append(("supplier", f"mærke eller produkt: {surface(tokens, h)}"))
        if h.negated:
            negated.append(surface(tokens, h))
            unclear = (
                unclear
                or continued_later(tokens, h, standing, terms.negation)
                or not (
                    plain_negation(tokens, h, negated_terms, terms.negation)
                    or stopped_alone(tokens, h, standing, terms.negation, negated_terms)
                )
            )
        elif owner := _own_alarm(tokens, hits, h, roles, cw, terms.places):
            found.add(owner, surface(tokens, h))
        elif h.match.how == FUZZY:
            found.add(h.target, h.match.detail, sure=False)
        else:
            found.add(h.target, surface(tokens, h))
    fuzzy = [w for slug, ws in found.evidence.items() if slug not in found.sure for w in ws]
    if fuzzy:
        found.doubts.append(("fuzzy", "stavning: " + ", ".join(fuzzy)))
    if negated and unclear:
        found.doubts.append(("negation", "negeret: " + ", ".join(dict.fromkeys(negated))))
    elif negated:  # said, but no doubt: "Vi har ikke vasketoiletter", "GPS er fravalgt"
        found.notes.append("negeret: " + ", ".join(dict.fromkeys(negated)))


def _before_name(tokens: Tokens, names: frozenset[str], i: int) -> bool:
    """Whether word `i` is a small word of `name_prepositions` ("i", "på") written in lower
    case before a capitalised word: a preposition before a name ("i Cura", "på Zoom"), never
    the first half of a compound written apart. At the start of a sentence its capital is
    the sentence's ("I Cura dokumenterer vi")."""
    opens = i == 0 or tokens.gaps[i] == SENTENCE
    return (
        i + 1 < len(tokens.words)
        and tokens.gaps[i + 1] == JOIN
        and tokens.capitalised[i + 1]
        and (opens or not tokens.capitalised[i])
        and tokens.words[i] in names
    )


def _target_group(tokens: Tokens, h: Hit, roles: RuleCategories, cw: TermSet) -> bool:
    """A term that names the people, not the technology: "kørestolsbrugere", "borgere i
    kørestol". Not coded, but shown in the evidence."""
    if h.target not in roles.target_group_terms:
        return False  # "20 borgere i telemedicin", "vasketoiletbrugere" use the technology
    word = tokens.words[h.end - 1]
    if word.endswith(cw.users):
        return True
    before = tokens.words[max(0, h.start - 2) : h.start]
    return len(before) == 2 and before[0] in cw.people and before[1] in cw.people_in


def _supplier(tokens: Tokens, hits: list[Hit], h: Hit, cw: TermSet) -> bool:
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
        and (nxt in cw.supplier_nouns)
    ):
        return True
    # "Etac Light bestik": the maker of the thing named right after it
    # a model name must stand between: "Etac Light bestik", not "GPS loftlifte"
    maker = any(
        o.role == TERM
        and o.target != h.target
        and not o.negated
        and 0 < o.start - h.end < MAKER_REACH
        and all(tokens.gaps[k] == JOIN for k in range(h.end, o.start + 1))
        and all(tokens.capitalised[k] for k in range(h.end, o.start))
        # "Loftlift Vasketoilet Spiserobot": a term between is a list item, no model name
        and not any(x.role == TERM and h.end <= x.start < o.start for x in hits)
        for o in hits
    )
    if maker:
        return True
    before = tokens.words[max(0, i - 2) : i]
    return (
        bool(before)
        and (before[-1] in cw.supplier_words or " ".join(before) in cw.supplier_phrases)
        and any(
            o.role == TERM
            and o.target != h.target
            and tokens.clause[o.start] == tokens.clause[i]
            and o.start < i
            for o in hits
        )
    )


def _name_before_term(tokens: Tokens, hits: list[Hit], h: Hit) -> bool:
    """A capitalised one-word term right before a term of another category, inside a
    sentence: a maker's name before its product ("Etac bade- og toiletstole")?

    Not when the words read as a list of category names written without commas: a name is
    written as it is, never inflected ("Loftlifte vasketoiletter"), is followed by the thing
    in lower case ("Loftlift Vasketoilet" is title case), and by one thing, not a run of them
    ("Loftlift vasketoilet spiserobot")."""
    i = h.start
    if h.end - i != 1 or not tokens.capitalised[i] or h.negated:
        return False
    if fold(tokens.words[i]) != fold(h.match.entry.phrase):
        return False  # an inflected form is a common noun, not a maker's name
    after = [
        o
        for o in hits
        if o.role == TERM
        and o.target != h.target
        and o.start == h.end
        and tokens.gaps[o.start] == JOIN
    ]
    if not after or any(tokens.capitalised[o.start] for o in after):
        return False
    return not any(
        o.role == TERM and o.start == a.end and tokens.gaps[o.start] == JOIN
        for a in after
        for o in hits
    )


def _own_alarm(
    tokens: Tokens,
    hits: list[Hit],
    h: Hit,
    roles: RuleCategories,
    cw: TermSet,
    places: TermSet,
) -> str | None:
    """The category of the device an alarm or sensor term is built into, or None when it
    stands on its own. An alarm belongs to a device of a category with the role
    `own_alarm` ("medicinæsker med alarm"); a sensor (`sensor_parts` of the term set
    `places`) to a device of any other category (rule 4, sensors are coded by where they
    sit: "træningsspil med bevægelsessensorer" trains, it watches over no one). Not a sensor
    whose name says what it watches (`watching_sensors`: "rollatorer med faldsensor"): rule 4
    codes fall, door and GPS sensors `tryghed` wherever they sit."""
    folded = fold(surface(tokens, h))
    sensor = any(fold(p) in folded for p in places.sensor_parts) and not any(
        folded.startswith(fold(p)) for p in places.watching_sensors
    )
    if not sensor and (h.target in roles.own_alarm or not any(p in folded for p in cw.alarm_parts)):
        return None
    i = h.start - 1
    while i >= 0 and tokens.words[i] in cw.alarm_adjectives and tokens.gaps[i + 1] == JOIN:
        i -= 1
    if i < 1 or tokens.words[i] not in cw.with_words or tokens.gaps[i + 1] != JOIN:
        return None
    owner = next(
        (
            o.target
            for o in hits
            if o.role == TERM
            and o.end == i
            and not o.negated
            and (o.target != h.target if sensor else o.target in roles.own_alarm)
        ),
        None,
    )
    return owner if owner and tokens.gaps[i] == JOIN else None


#: Coders built by `coder_for`, by the identity of their taxonomy (kept alive with it).
_CODERS: dict[int, tuple[Taxonomy, TermSets, Coder]] = {}
_CODERS_KEPT = 4


def coder_for(taxonomy: Taxonomy) -> Coder:
    """The coder of one `Taxonomy` object and the term sets beside it, built once per
    version of the term sets: building takes about half a second."""
    terms = load_termsets(taxonomy.path.parent)
    kept = _CODERS.get(id(taxonomy))
    if kept is None or kept[0] is not taxonomy or kept[1] is not terms:
        if len(_CODERS) >= _CODERS_KEPT:
            _CODERS.clear()
        kept = _CODERS[id(taxonomy)] = (taxonomy, terms, Coder(taxonomy, terms))
    return kept[2]


def is_non_answer(text: str | None, taxonomy: Taxonomy, context: str | None = None) -> bool:
    """Whether the coder judges `text` a non-answer (rule 7): empty, or a short answer starting
    with a phrase of `taxonomy.non_answers` that names no category and raises no doubt.

    The rules' verdict only; for answers the normalize stage has coded, its `non_answer` column
    also reflects the learned model and analysts' decisions.
    """
    return coder_for(taxonomy).code(text, context).non_answer
