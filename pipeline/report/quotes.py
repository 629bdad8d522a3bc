"""Quotes chosen by analysts for the national report, and the checks they must pass.

`survey/<year>/quotes.yaml` is a list of `{text, attribution, section}`: the quote as the
municipality wrote it, who said it by role ("Velfærdsteknologikonsulent", never a name), and
the report section it belongs to (`training`, `screen_visits`, ...).

The national report does not identify municipalities or people. `check_quote` warns (it does
not stop the run: an analyst decides) when a quote seems to name

- a municipality: any name, official name or alias from the register, as a whole word,
  with or without genitive s ("Aarhus", "Københavns Kommune", "Kbh");
- a person: two or three capitalised words in a row that do not start a sentence ("som
  Hanne Larsen viste"), a name after a speech verb or title ("sagde Hanne", "borgmester
  Jensen"), and an attribution that reads like "Firstname Lastname".

Both are heuristics for a reviewer, not a guarantee.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pipeline.municipalities import Register
from pipeline.survey.quotes import Quote

_UPPER = "A-ZÆØÅÄÖÜÉ"
_LOWER = "a-zæøåäöüéè"
_NAME = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
#: Capitalised words that are not people's names in this domain.
NOT_NAMES = frozenset(
    {
        "Region", "Regionen", "Kommune", "Kommunen", "Danmark", "KL", "Sundhed", "Omsorg",
        "Ældre", "Handicap", "Socialpsykiatri", "Sundhedsstyrelsen", "Sundhedsloven",
        "Serviceloven", "Velfærdsteknologi", "Center", "Centeret", "Afdeling", "Teams",
        "Skype", "Zoom", "Microsoft", "Apple", "Google", "Android", "Ipad", "IPad", "Covid",
        "Corona", "Digitaliseringsstyrelsen", "Sundhedsplatformen", "Rehabilitering",
        "Genoptræning", "Hjemmeplejen", "Hjemmesygeplejen", "Træning",
    }
)  # fmt: skip
_SPEECH = (
    r"sagde|siger|fortæller|fortalte|udtaler|udtalte|ifølge|forklarer|forklarede|mener|"
    r"skriver|skrev|påpeger|påpegede"
)
_TITLES = (
    r"borgmester|borgmesteren|rådmand|rådmanden|direktør|direktøren|chef|chefen|leder|"
    r"lederen|konsulent|konsulenten|projektleder|projektlederen|sygeplejerske|terapeut|"
    r"fysioterapeut|ergoterapeut|hr\.|fru|kollega|kollegaen|borger|borgeren"
)
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH}|{_TITLES})\s+({_NAME}(?:\s+{_NAME})?)")
_PAIR_RE = re.compile(rf"(?<![\w-])({_NAME}(?:\s+{_NAME}){{1,2}})(?![\w-])")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;»«\"“”(]\s*|\n\s*)$")


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"})


@lru_cache(maxsize=4)
def _municipality_patterns(register: Register) -> list[tuple[str, re.Pattern[str]]]:
    """One pattern per name, official name and alias, in any case and in both spellings of
    æ/ø/å ("i odense kommune", "KØBENHAVN", "Koebenhavn", "Århus")."""
    patterns = []
    for m in register:
        names = {m.name, m.official_name, *m.aliases}
        names |= {n.translate(_FOLD) for n in names}
        names |= {n.replace("Aa", "Å").replace("aa", "å") for n in names}
        for name in sorted(names, key=len, reverse=True):
            body = r"\s+".join(re.escape(part) for part in name.split())
            patterns.append((m.name, re.compile(rf"(?<![\w-]){body}s?(?![\w-])", re.IGNORECASE)))
    return patterns


def _starts_sentence(text: str, index: int) -> bool:
    return bool(_SENTENCE_START_RE.search(text[:index]))


def person_names(text: str, *, at_start: bool = False) -> list[str]:
    """Likely people's names in `text` (see the module docstring for the heuristic)."""
    found: list[str] = []
    for match in _SPEECH_RE.finditer(text):
        words = match.group(1).split()
        if words[0] not in NOT_NAMES:
            found.append(match.group(1))
    for match in _PAIR_RE.finditer(text):
        words = match.group(1).split()
        if not at_start and _starts_sentence(text, match.start()):
            words = words[1:]  # the first word may be capitalised only for the sentence
        if len(words) >= 2 and not any(w in NOT_NAMES for w in words):
            found.append(" ".join(words))
    return list(dict.fromkeys(found))


def municipality_names(text: str, register: Register) -> list[str]:
    """Municipalities whose name, official name or alias appears in `text`."""
    patterns = _municipality_patterns(register)
    return list(dict.fromkeys(name for name, pattern in patterns if pattern.search(text)))


def check_quotes(
    quotes: Iterable[Quote],
    register: Register | None,
    *,
    sections: Iterable[str] = (),
    source: str = "quotes.yaml",
) -> list[str]:
    """Warnings for quotes that may identify a municipality or a person, or fit no section."""
    known = set(sections)
    patterns = _municipality_patterns(register) if register is not None else []
    warnings = []
    for number, quote in enumerate(quotes, start=1):
        where = f"{source}, quote {number}"
        for field in ("text", "attribution"):
            value = getattr(quote, field)
            named = list(dict.fromkeys(n for n, p in patterns if p.search(value)))
            if named:
                warnings.append(
                    f"{where}: the {field} names a municipality ({', '.join(named)}); the "
                    "national report must not identify municipalities"
                )
            people = [
                p for p in person_names(value, at_start=field == "attribution") if p not in named
            ]
            if people:
                warnings.append(
                    f"{where}: the {field} seems to name a person ({', '.join(people)}); "
                    "attribute quotes to a role, not a name"
                )
        if known and quote.section not in known:
            warnings.append(
                f"{where}: unknown section {quote.section!r}; it is printed with the other "
                f"quotes at the end (sections: {', '.join(sorted(known))})"
            )
    return warnings
