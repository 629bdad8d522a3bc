"""Coding rule 4: sensors are coded by where they sit.

A sensor's place is a place word after a preposition ("sensoren i madrassen"), any place word
near it when none follows a preposition, or the first half of its own compound ("gulvsensor",
"dørføler"): see `purposes`, which reads the places of sensor devices. A sensor-like term of
its own category placed where another category's place is named ("epilepsialarm i sengen")
may belong to that category too: the place's category is added, and the answer reviewed
(`sensor_places`).

What is sensor-like, which word parts are sensors and which words are place prepositions is
the term set `survey/coding/termsets/places.yaml`, passed in as `w`.
"""

from __future__ import annotations

from pipeline.normalise.findings import Findings, Hit, surface
from pipeline.normalise.lexicon import EXACT, PLACE, TERM, Lexicon
from pipeline.normalise.text import Tokens
from pipeline.survey.termsets import TermSet

#: A place this many words after a sensor-like term ("alarm i sengen", "alarm under madrassen
#: i sengen") may be where it sits, after a product name of at most `NAME_REACH` words.
PLACE_REACH, NAME_REACH = 3, 3


def sensor_places(
    tokens: Tokens, words: list[str], hits: list[Hit], found: Findings, w: TermSet
) -> None:
    """Rule 4 for sensor-like terms: "epilepsialarm i sengen", "epilepsialarmer (Epi-Care) i
    sengene" may be a bed sensor."""
    places = {h.start: h for h in hits if h.role == PLACE and h.match.how == EXACT}
    for h in hits:
        if h.role != TERM or h.negated:
            continue
        term = surface(tokens, h)
        if not any(part in term for part in w.sensor_like):
            continue
        # "epilepsialarmer (Epi-Care) i sengene": a product name between is skipped
        start = h.end
        while start < min(h.end + NAME_REACH, len(words)) and tokens.capitalised[start]:
            start += 1
        for i in range(start, min(start + PLACE_REACH, len(words))):
            if tokens.clause[i] != tokens.clause[h.start]:
                break
            place = places.get(i)
            if place is None or place.target == h.target:
                continue
            if words[i - 1] in w.place_prepositions or (
                i >= 2 and words[i - 2] in w.place_prepositions
            ):
                found.add(place.target, f"{term} {words[i - 1]} {words[i]}", sure=False)
                found.doubts.append(("place", f"placering: {term} -> {place.target}"))
            break


def place_in_compound(lexicon: Lexicon, word: str, w: TermSet) -> dict[str, str]:
    """Rule 4 inside one word: "gulvsensorer" sits in the floor, "dørføler" on the door."""
    for part in w.sensor_parts:
        at = word.find(part)
        if at < 3:
            continue
        modifier = word[:at]
        for head in dict.fromkeys((modifier, modifier.rstrip("se"))):
            places = {e.target: word for e in lexicon.phrase(head) if e.role == PLACE}
            if places:
                return places
    return {}


def after_preposition(tokens: Tokens, h: Hit, w: TermSet) -> bool:
    """ "i madrassen", "på gulvet", "under madrassen": a place named as a place."""
    return h.start > 0 and tokens.words[h.start - 1] in w.place_prepositions
