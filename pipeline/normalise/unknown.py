"""Words that may name a technology the rules do not know: the answer is reviewed.

With no category found, any word that is not plain Danish counts (in a short answer, any word
the coder's own lists do not know: "Giraff" may be a product). With categories found, a word
counts when it looks like a product (a name inside a sentence, letters with digits, a
technology word part), is a word of a term left standing alone ("bedre bestik"), or makes up
a short list item that names nothing the rules know ("Loftlifte, boldbassin"). A product name
written beside the term that says what it is ("Emfit sengesensor") is no doubt
(`product_names`). A long answer with categories is reviewed when many of its words are
unknown, and when one of its sentences is very long, unless every long sentence codes one
category and holds no negation and no alternative (`clear_long_sentences`). (A long answer of
several sentences is not reviewed for its length alone: the coder codes a composite answer
part by part and reviews it when any part is in doubt, see `coder`.) Plainly no technology,
wherever they stand: names of places, people and organisations ("Trygfonden", "Center for
..."), the words an abbreviation spells out ("Kronisk Obstruktiv Lungesygdom (KOL)"), a verb
after a subject or modal ("vi ansætter"), a verb of saying ("tilføjede"), a compound naming a
plan, rule or period ("vagtplanen").

The words (technology word parts, words leading to a product name, verb leads, plain heads,
verbs of saying, alternatives, organisation endings and links) are the term set
`survey/coding/termsets/unknown.yaml`; the endings of place names are `lexicon.yaml`'s
`place_name_endings`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from pipeline.normalise.findings import Findings, Hit
from pipeline.normalise.lexicon import CUE, TERM, WEAK, Lexicon
from pipeline.normalise.text import JOIN, LIST_JOINERS, LONGEST_WORD, SENTENCE, Tokens, fold
from pipeline.survey.termsets import TermSet, phrase_pattern

#: A list item of at most this many words with no known word may be an unknown technology.
ITEM_WORDS = 3
#: An answer with no category and more words than this, naming no purpose, place or device,
#: is prose: its frequent Danish words name no unknown technology.
PROSE_WORDS = 8
#: An answer this long (words) with categories is reviewed when this many of its words are
#: unknown: it may well name a technology the rules do not know.
LONG_PARTIAL, LONG_UNKNOWN = 25, 3
#: One sentence this long (words) in an answer with categories is read by an analyst: the
#: parts of a composite answer are coded one by one (see `coder`), but a run-on sentence is
#: one part whose scope of negations and purposes across many clauses the rules may misread.
#: Replaces the review of every answer of 30 words or more (issue 12): on the held-out files
#: 1-38 and the real texts' development part, that rule alone sent 45 answers to review, 3 of
#: them wrong; this one sends 21, and the same 3.
LONG_SENTENCE = 30
#: The shortest abbreviation whose spelled-out words are a name ("KOL (Kronisk Obstruktiv
#: Lungesygdom)"); two letters match too many pairs of words by chance.
ABBREVIATION_MIN, ABBREVIATION_MAX = 3, 6


def unknown_words(
    lexicon: Lexicon,
    tokens: Tokens,
    words: list[str],
    hits: list[Hit],
    covered: set[int],
    hidden: set[int],
    found: Findings,
) -> None:
    """Words that may hide a category the rules missed.

    With no category found, any word that is not plain Danish counts. With categories
    found, a word counts when it looks like a product (a name inside a sentence, letters
    with digits, a technology word part) or is a word of a term left standing alone
    ("bedre bestik", "hæve-sænke toilet").
    """
    ws = lexicon.terms.unknown
    place_endings = lexicon.terms.lexicon.place_name_endings
    # "plejecentret i Klinkby", "siger Lars Kraght": names of places and people
    names = proper_names(tokens, words, lexicon)
    tech = technical_words(words, ws)

    # "vi ansætter", "kan omlægge", "vagtplanen", "fortæller": plainly no technology
    def ordinary(word: str) -> bool:
        return lexicon.general.is_known(word) or lexicon.is_plain(word)

    plain_kind = no_technology(tokens, words, tech, ws, ordinary)
    # "Kronisk Obstruktiv Lungesygdom (KOL)": the words an abbreviation stands for
    plain_kind |= spelled_out(
        tokens, words, tech, lexicon.terms.lexicon.function_words, ws.known_abbreviations, ordinary
    )
    loose = [
        i
        for i, w in enumerate(words)
        if (i not in covered or i in hidden)
        and len(w) >= 4
        and not w.isdigit()
        and not (tokens.capitalised[i] and w.endswith(place_endings))
        and i not in names
        and i not in plain_kind
    ]
    # words of a list item that names nothing the rules know: "Loftlifte, boldbassin"
    named = product_names(tokens, words, hits, ws)
    # a frequent Danish word is no product name ("rekruttere", "ventetid"), unless it has
    # a technology word part
    plain = [lexicon.is_plain(w) and not tech[i] for i, w in enumerate(words)]
    items = _bare_items(tokens, words, covered, plain) if found.evidence else set()
    if not found.evidence:
        # with nothing coded, any word outside the coder's own lists may name a technology,
        # however frequent in Danish ("Giraff", "senge der kan hæves og sænkes")
        # ... except in prose: an answer longer than a list item, naming no purpose, place or
        # device, whose frequent Danish words are no halves of terms ("Kommunen regner med
        # at spare penge, når ordningen er rullet ud") describes no technology
        general = lexicon.general.is_known
        prose = len(words) > PROSE_WORDS and not any(
            not h.negated
            and (h.role not in (CUE, WEAK) or not all(general(w) for w in words[h.start : h.end]))
            for h in hits
        )
        found.prose = prose
        shown = [
            tokens.words[i]
            for i in loose
            if not lexicon.general.is_known(words[i])
            and not (prose and plain[i] and words[i] not in lexicon.term_words)
        ]
    else:
        shown = [
            tokens.words[i]
            for i in loose
            if (i in hidden and not lexicon.general.is_known(words[i]))
            or i not in covered
            and i not in named
            and (
                words[i] in lexicon.term_words
                and not lexicon.is_common(words[i])
                or not lexicon.vocabulary.is_known(words[i])
                and (
                    i in items
                    or (tokens.capitalised[i] and tokens.gaps[i] != SENTENCE and not plain[i])
                    or any(c.isdigit() for c in words[i])
                    and any(c.isalpha() for c in words[i])
                    or tech[i]
                    or len(words[i]) > LONGEST_WORD
                )
            )
        ]
    found.technical = any(tech[i] for i in loose)
    if shown:
        found.doubts.append(("unknown", "ukendte ord: " + ", ".join(dict.fromkeys(shown))))
    elif found.evidence and len(words) >= LONG_PARTIAL:
        # a long answer may name more than the rules found: many words they do not know
        rare = [
            tokens.words[i]
            for i in loose
            if not lexicon.vocabulary.is_known(words[i]) and not plain[i]
        ]
        longest = max(Counter(tokens.sentence).values())
        if len(rare) >= LONG_UNKNOWN:
            found.doubts.append(("long", "langt svar, ukendte ord: " + ", ".join(rare)))
        elif longest >= LONG_SENTENCE and not clear_long_sentences(
            tokens, words, hits, found, lexicon
        ):
            found.doubts.append(("long", f"lang sætning ({longest} ord)"))


def clear_long_sentences(
    tokens: Tokens, words: list[str], hits: list[Hit], found: Findings, lexicon: Lexicon
) -> bool:
    """Whether the answer's long sentences (`LONG_SENTENCE` words or more) leave nothing for
    the rules to misread: the answer codes one category, negates no term, and no long
    sentence holds a negation word (`negation.negation_words`, harmless or not: "når
    borgeren ikke selv kan ...") or sets one thing against another (`unknown.alternatives`:
    "... end at montere en trappelift", "frem for", "i stedet for"). Then every clause codes
    the same way or not at all, and the length alone is no doubt: "Kommunen har indført en
    online platform, der ..., som kan være med til at forebygge ensomhed". Hedges are
    judged after this, sentence by sentence (`hedges`)."""
    if len(found.evidence) != 1 or any(h.negated for h in hits):
        return False
    doubtful = _long_sentence_pattern(
        lexicon.terms.negation.negation_words, lexicon.terms.unknown.alternatives
    )
    sizes = Counter(tokens.sentence)
    for s, size in sizes.items():
        if size < LONG_SENTENCE:
            continue
        text = " ".join(w for i, w in enumerate(words) if tokens.sentence[i] == s)
        if doubtful.search(text):
            return False
    return True


@lru_cache(maxsize=8)
def _long_sentence_pattern(
    negations: tuple[str, ...], alternatives: tuple[str, ...]
) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{phrase_pattern(negations + alternatives)})\b")


def spelled_out(
    tokens: Tokens,
    words: list[str],
    tech: list[bool],
    function_words: frozenset[str],
    known: frozenset[str] = frozenset(),
    ordinary: Callable[[str], bool] = lambda _: False,
) -> set[int]:
    """Positions of the words an abbreviation beside them spells out: "Kronisk Obstruktiv
    Lungesygdom (KOL)", "KOL (kronisk obstruktiv lungesygdom)". The initials of a run of
    words right before or after the abbreviation, in the same sentence, are its letters;
    such words name a disease, an organisation or a programme, no unknown technology. Not a
    run with a technology word part ("Ambient Assisted Telecare (AAT)" stays a doubt), and
    not abbreviations shorter than `ABBREVIATION_MIN` or plain function words ("den"). Only
    for an abbreviation of `known` (`unknown.known_abbreviations`: "KOL") or a run of
    `ordinary` words: "Zyntra Omni Lux (ZOL)" may name a product, and stays a doubt."""
    out: set[int] = set()
    n = len(words)
    for a, abbr in enumerate(words):
        k = len(abbr)
        if not (ABBREVIATION_MIN <= k <= ABBREVIATION_MAX and abbr.isalpha()):
            continue
        if abbr in function_words:
            continue
        for start in (a + 1, a - k):
            run = range(start, start + k)
            if start < 0 or start + k > n:
                continue
            if any(tokens.sentence[i] != tokens.sentence[a] for i in run):
                continue
            if any(tokens.gaps[i] == SENTENCE for i in run[1:]) or any(tech[i] for i in run):
                continue
            if all(words[i][:1] == abbr[j] for j, i in enumerate(run)) and (
                abbr in known or all(ordinary(words[i]) for i in run)
            ):
                out.update(run)
    return out


def technical_words(words: list[str], ws: TermSet) -> list[bool]:
    """For each word, whether it has a technology word part (`tech_parts`: "streamet",
    "robotten"), compared with æ/ø/å written as ae/oe/aa."""
    parts = _folded(ws.tech_parts)
    return [any(part in f for part in parts) for f in map(fold, words)]


def no_technology(
    tokens: Tokens,
    words: list[str],
    tech: list[bool],
    ws: TermSet,
    ordinary: Callable[[str], bool] = lambda _: True,
) -> set[int]:
    """Positions of words that are plainly no technology, whatever a word list says: a verb
    in lower case after a word of `verb_leads` ("vi ansætter", "at satse", "kan omlægge"),
    a verb of saying wherever it stands (`speech_verbs`: "fortæller", "tilføjede": press
    prose quotes people), and a compound ending in a plan, rule, budget or period
    (`plain_heads`: "vagtplanen", "madordning", "konsolideringsår"). Not a word with a
    technology part ("vi streamer"), nor one capitalised inside a sentence (a name); a
    capital opening a sentence is no name ("Forsøgsordningen er slut"). After a subject
    (`subject_leads`: "vi", "man") only a word ending like a present tense
    (`present_endings`) whose stem is `ordinary` (`_verb_stem`) is a verb: "vi omlægger",
    not "vi zyntraluxer"."""
    heads = ws.plain_heads
    out: set[int] = set()
    for i, w in enumerate(words):
        # a capital at the start of a sentence is no name ("Forsøgsordningen er slut")
        if tech[i] or tokens.capitalised[i] and tokens.gaps[i] != SENTENCE:
            continue
        verb = i > 0 and tokens.gaps[i] == JOIN and words[i - 1] in ws.verb_leads
        if verb and words[i - 1] in ws.subject_leads:
            verb = ordinary(w) or any(
                w.endswith(e) and len(w) > len(e) and _verb_stem(w[: -len(e)], ws, ordinary)
                for e in ws.present_endings
            )
        plain_head = any(w.endswith(h) and len(w) > len(h) + 2 for h in heads) or w in heads
        if verb or plain_head or w in ws.speech_verbs:
            out.add(i)
    return out


def _verb_stem(stem_: str, ws: TermSet, ordinary: Callable[[str], bool]) -> bool:
    """Whether `stem_` ("satse", "omlægge") is a known word, as written or after a verb
    particle (`verb_prefixes`: "om|lægge")."""
    return ordinary(stem_) or any(
        stem_.startswith(p) and len(stem_) > len(p) + 2 and ordinary(stem_[len(p) :])
        for p in ws.verb_prefixes
    )


@lru_cache(maxsize=8)
def _folded(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(p) for p in parts)


def proper_names(tokens: Tokens, words: list[str], lexicon: Lexicon) -> set[int]:
    """Positions of capitalised words that are names of places, institutions or people by
    where they stand, not products: after a place preposition ("plejecentret i Klinkby", "på
    Bakkeager"), after or before an institution word ("plejecentret Bakkeager", "Richtsens
    Plejecenter"), a name ending like an institution ("Boenheden"), or after a first name
    ("Lars Kraght"), an organisation by its ending ("Trygfonden", `unknown.organisation_endings`)
    or after an institution word and a link ("Center for Frihedsteknologi",
    `unknown.institution_links`). The words are the term sets' (`places`, `coder`,
    `lexicon`, `unknown`)."""
    terms = lexicon.terms
    at = terms.places.place_prepositions
    institutions = terms.coder.institutions
    organisations = terms.unknown.organisation_endings
    links = terms.unknown.institution_links
    first_names = terms.lexicon.person_names
    out: set[int] = set()
    for i, w in enumerate(words):
        if not tokens.capitalised[i]:
            continue
        prev = words[i - 1] if i > 0 and tokens.gaps[i] == JOIN else ""
        nxt = words[i + 1] if i + 1 < len(words) and tokens.gaps[i + 1] == JOIN else ""
        named_by = (
            prev in links
            and i > 1
            and tokens.gaps[i - 1] == JOIN
            and tokens.capitalised[i - 2]
            and words[i - 2].endswith(institutions)
        )
        if (
            prev in at
            or named_by
            or w.endswith(organisations)
            or w.endswith(institutions)
            or prev.endswith(institutions)
            or nxt.endswith(institutions)
            or prev in first_names
        ):
            out.add(i)
    return out


def product_names(tokens: Tokens, words: list[str], hits: list[Hit], ws: TermSet) -> set[int]:
    """Positions of product names written right beside a term that says what they are:
    "Stannah trappelift", "Emfit sengesensor", "Trappelifte (Stannah)", "Gemino 30 toilet",
    "rollatorer inkl. Topro Troja" (`ws`: the term set `unknown`, whose `name_leads` lead
    to a name). A name is a capitalised word or a model number; the term must not be
    negated."""

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
        if i + 1 < len(words) and words[i] in ws.name_leads and tokens.gaps[i] == JOIN:
            completes = ws.name_lead_abbreviations.get(words[i], frozenset())
            i += 2 if words[i + 1] in completes else 1
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
        if not items or tokens.gaps[i] != JOIN or w in LIST_JOINERS:
            items.append([])
        if w not in LIST_JOINERS:
            items[-1].append(i)
    named = {tokens.sentence[i] for i in covered}
    out: set[int] = set()
    items = [item for item in items if item]
    for n, item in enumerate(items):
        if (
            len(item) <= ITEM_WORDS
            and not any(i in covered for i in item)
            and tokens.sentence[item[0]] in named
            and (len(item) == 1 or not all(plain[i] for i in item))
            and (not plain[item[0]] or _beside_named(items, n, covered))
        ):
            out.update(item)
    return out


#: How the coder's evidence names the words it flags (see `unknown_words`): the list of the
#: year's new words (`newwords`) reads them back from coded_text.parquet.
UNKNOWN_NOTE = "ukendte ord: "
_FLAGGED = re.compile(re.escape(UNKNOWN_NOTE) + r"([^;|]*)")


def flagged_words(evidence: str) -> list[str]:
    """The words the coder flagged as unknown in an answer, read back from its evidence
    ("... | ukendte ord: vending; del 1: ukendte ord: vending" -> ["vending"]), in order
    and without repeats; casefolded as the coder's tokens are."""
    found = (w.strip() for m in _FLAGGED.finditer(evidence) for w in m.group(1).split(","))
    return list(dict.fromkeys(w for w in found if w))


def _beside_named(items: list[list[int]], n: int, covered: set[int]) -> bool:
    """Whether the item before or after item `n` names something: a plain word is an
    unknown technology only in a list of technologies ("Loftlifte, cykler"), not as the
    next verb of a sentence ("bipper og blinker")."""
    return any(0 <= k < len(items) and any(i in covered for i in items[k]) for k in (n - 1, n + 1))
