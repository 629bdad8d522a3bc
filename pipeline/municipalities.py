"""The 98 municipalities and how to recognise them in messy survey answers.

Respondents and export systems write a municipality as "101", 101.0, "Kbh.", "Københavns
Kommune", "Koebenhavn", "KØBENHAVN " or "Kobenhavn". Every stage that needs a municipality code
goes through `match_municipality`, which either returns one code with how it was found, or
rejects the value with a reason and the closest candidates. It never guesses: a fuzzy match is
accepted only when it is both close and clearly ahead of the runner-up.

The register itself lives in `survey/municipalities.csv` (columns `code,name,official_name,
region,latitude,longitude,aliases`; aliases separated by `|`) and is validated on load.

`latitude,longitude` (WGS84 degrees, two decimals, about 1 km) place the municipality's
administrative seat (the town of its town hall, e.g. Grindsted for Billund, Byrum for Læsø) for
the adoption map (landkort) of the web edition. They are public facts, written down from the
towns' coordinates in OpenStreetMap / Wikipedia; only a tile map is drawn from them, so two
decimals are plenty. A register without the two columns (the older five-column layout), and a
row written in that layout, are still read: such a municipality simply has no position.
"""

from __future__ import annotations

import csv
import hashlib
import math
import numbers
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz, process

from pipeline.errors import DefinitionError, MunicipalityNotFound

COLUMNS = ("code", "name", "official_name", "region", "aliases")
#: The current layout: COLUMNS with the seat's position before the aliases (kept last, so an
#: analyst adding an alias still edits the end of the line).
POSITION_COLUMNS = ("latitude", "longitude")
COLUMNS_WITH_POSITION = (*COLUMNS[:4], *POSITION_COLUMNS, COLUMNS[4])
#: Denmark's bounding box with a margin (Gedser 54.56 N - Skagen 57.75 N, Blåvandshuk 8.07 E -
#: Christiansø 15.19 E): a position outside it is a typo or swapped columns.
LATITUDE_RANGE = (54.5, 57.8)
LONGITUDE_RANGE = (8.0, 15.2)
REGIONS = (
    "Region Hovedstaden",
    "Region Sjælland",
    "Region Syddanmark",
    "Region Midtjylland",
    "Region Nordjylland",
)
#: Denmark has had 98 municipalities since the 2007 reform; fewer rows means a lost line.
EXPECTED_COUNT = 98

#: A fuzzy match (rapidfuzz `fuzz.ratio`, 0-100, on normalised names; also on a form where
#: ø/æ/å are plain o/a, so "Koge" is Køge) is accepted only at or above this score: roughly one
#: missing or extra letter ("Silkebor", "Svendborgg"), or one wrong letter in a long name.
#: Riskier guesses on short names go to an analyst instead.
FUZZY_THRESHOLD = 90.0
#: ...and only when the runner-up municipality scores at least this much less. "Vejlen" is as
#: close to Vejle as to Vejen; "Hørning" (a town in Skanderborg, not a municipality) scores 93
#: for Herning and 82 for the runner-up, so it must not be taken as Herning. On ~3,800 random
#: one-letter typos of the 98 names, a margin of 5 still accepted a wrong municipality ("Sorsø"
#: -> Sorø, meant Morsø); 8 or more accepted none, and 12 costs only ~2% of the right matches.
FUZZY_MARGIN = 12.0
#: An input contained in (or containing) a name at this `partial_ratio` counts as "plausibly
#: meant"; two or more such municipalities make a rejection "ambiguous" rather than "unknown".
PARTIAL_THRESHOLD = 95.0
#: Inputs shorter than this (normalised) are too short for the partial test ("k", "fr").
PARTIAL_MIN_LENGTH = 4
#: How many closest candidates a `Match` carries.
CANDIDATES = 5

#: Words that say "municipality" rather than which one; dropped before comparing.
_NOISE_WORDS = frozenset({"kommune", "kommunes", "kommunen", "regionskommune", "komm"})
_DANISH_FOLD = str.maketrans({"å": "aa", "æ": "ae", "ø": "oe", "ä": "ae", "ö": "oe", "ü": "ue"})
_CODE_RE = re.compile(r"0*(\d+)(?:[.,]0+)?")
_CODE_FIRST_RE = re.compile(r"0*(\d{3})\s*[-–—:.,)]?\s*(\D.*)")
_CODE_LAST_RE = re.compile(r"(\D.*?)[\s(\[\-–—:,]+0*(\d{3})[)\]]?")
_MOJIBAKE_MARKERS = ("Ã", "Â")
#: Placeholders that mean "no answer" once a blank cell has been through str() or a CSV.
_EMPTY_WORDS = frozenset({"nan", "none", "null", "na", "n a"})


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    official_name: str
    region: str
    aliases: tuple[str, ...] = ()
    #: The administrative seat, WGS84 degrees (None when the register has no position).
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Match:
    """The outcome of matching one value: a code and how it was found, or why not."""

    code: str | None
    method: str | None  # "code", "name", "alias", "fuzzy" or None when rejected
    score: float
    candidates: list[tuple[str, str, float]] = field(default_factory=list)  # (code, name, score)
    reason: str | None = None  # "empty", "unknown" or "ambiguous" when rejected

    @property
    def matched(self) -> bool:
        return self.code is not None


@dataclass(frozen=True)
class Register:
    """The validated municipality register with its lookup tables precomputed once.

    Build it with `load_register`; the tables and the match cache are filled there.
    """

    municipalities: tuple[Municipality, ...]
    source: Path | None = None
    by_code: dict[str, Municipality] = field(default_factory=dict, repr=False, compare=False)
    # normalised name / official name / alias -> (code, "name" | "alias")
    exact: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)
    fuzzy_keys: tuple[str, ...] = field(default=(), repr=False, compare=False)
    fuzzy_loose: tuple[str, ...] = field(default=(), repr=False, compare=False)
    fuzzy_codes: tuple[str, ...] = field(default=(), repr=False, compare=False)
    regions: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    cache: dict[str, Match] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.municipalities)

    def __iter__(self) -> Iterator[Municipality]:
        return iter(self.municipalities)

    def get(self, code: str) -> Municipality | None:
        return self.by_code.get(code)


# --------------------------------------------------------------------------- normalisation


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1/CP1252 ("KÃ¸benhavn"), a common export accident."""
    if not any(marker in text for marker in _MOJIBAKE_MARKERS):
        return text
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
    return text


def normalise_name(text: str) -> str:
    """Fold a municipality name to one comparable form.

    Case, Unicode form, æøå vs ae/oe/aa spellings, accents, punctuation, hyphens, extra spaces,
    the words "Kommune"/"Regionskommune" and a trailing genitive s ("Københavns") all vary
    between answers without changing which municipality is meant, so all are folded away:
    "Københavns Kommune", "KOEBENHAVN" and "københavn" all give "koebenhavn".
    """
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", _repair_mojibake(str(text))).casefold()
    text = text.translate(_DANISH_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^0-9a-z]+", " ", text)
    words = [w for w in text.split() if w not in _NOISE_WORDS]
    result = " ".join(words)
    if len(result) > 3 and result.endswith("s"):
        result = result[:-1]
    return result


def _loose(normalised: str) -> str:
    """A second, lossier form for fuzzy matching: ø/æ/å written as plain o/a ("Koge")."""
    return normalised.replace("oe", "o").replace("ae", "a").replace("aa", "a")


def slug(name: str) -> str:
    """A file-name-safe slug ("Høje-Taastrup" -> "hoeje-taastrup"), never empty.

    Used for per-municipality report files, so it must not contain path separators or dots and
    must keep æøå distinguishable (æ->ae, ø->oe, å->aa) so no two municipalities share a file.
    """
    text = unicodedata.normalize("NFC", str(name)).casefold().translate(_DANISH_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80].strip("-")
    if not text:
        # Nothing safe survived ("", "../", "日本"): a stable, distinct stand-in.
        text = "x-" + hashlib.sha1(str(name).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return text


# --------------------------------------------------------------------------- loading


def _problem(message: str, path: Path, row: int | None = None, column: str | None = None):
    return DefinitionError(message, file=path, row=row, column=column)


def _coordinate(text: str, column: str, bounds: tuple[float, float], path: Path, row: int):
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise _problem(f"{column} {text!r} is not a number", path, row, column) from None
    if not (bounds[0] <= value <= bounds[1]):
        raise _problem(
            f"{column} {value} lies outside Denmark ({bounds[0]} to {bounds[1]}); "
            "are latitude and longitude swapped?",
            path,
            row,
            column,
        )
    return value


def _position(lat: str, lon: str, path: Path, row: int) -> tuple[float | None, float | None]:
    """Both coordinates or neither: a lone one is an unfinished edit."""
    if not lat and not lon:
        return None, None
    for column, text in (("latitude", lat), ("longitude", lon)):
        if not text:
            raise _problem(f"{column} is empty but the other coordinate is not", path, row, column)
    return (
        _coordinate(lat, "latitude", LATITUDE_RANGE, path, row),
        _coordinate(lon, "longitude", LONGITUDE_RANGE, path, row),
    )


def load_register(path: Path, *, expected_count: int | None = EXPECTED_COUNT) -> Register:
    """Read and validate `survey/municipalities.csv`.

    Analysts edit this file by hand, so a bad edit must stop the run at load time with the
    row and column named (rows counted as in a spreadsheet: the header is row 1), not surface
    later as mis-matched answers. Checks: exact columns, 3-digit unique codes, known regions,
    non-empty names, `expected_count` rows, no name or alias that normalises to another
    municipality's name or alias, and a position (both coordinates or neither) inside Denmark.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise _problem("municipality register not found", path) from None
    except UnicodeDecodeError as exc:
        raise _problem(f"not UTF-8 text ({exc.reason}); save it as CSV UTF-8", path) from None
    if not rows:
        raise _problem("municipality register is empty", path)

    header = [h.strip() for h in rows[0]]
    if header not in (list(COLUMNS_WITH_POSITION), list(COLUMNS)):
        raise _problem(
            f"columns must be {','.join(COLUMNS_WITH_POSITION)} (or without latitude,longitude); "
            f"found {','.join(header)}",
            path,
            1,
        )
    widths = {len(COLUMNS), len(header)}

    municipalities: list[Municipality] = []
    seen_codes: dict[str, int] = {}
    for row_no, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # blank line left by a spreadsheet
        if len(cells) not in widths:
            raise _problem(
                f"expected {len(COLUMNS)} fields ({len(COLUMNS_WITH_POSITION)} with "
                f"latitude,longitude), found {len(cells)} (a comma inside a name must be quoted)",
                path,
                row_no,
            )
        cells = [c.strip() for c in cells]
        latitude = longitude = None
        if len(cells) == len(COLUMNS_WITH_POSITION):
            latitude, longitude = _position(cells[4], cells[5], path, row_no)
            cells = [*cells[:4], cells[6]]
        code, name, official, region, aliases = cells
        if not re.fullmatch(r"\d{3}", code):
            raise _problem(
                f"code {code!r} is not a 3-digit municipality code", path, row_no, "code"
            )
        if code in seen_codes:
            raise _problem(
                f"code {code} already used in row {seen_codes[code]}", path, row_no, "code"
            )
        seen_codes[code] = row_no
        for column, value in (("name", name), ("official_name", official)):
            if not normalise_name(value):
                raise _problem(f"{column} is empty", path, row_no, column)
        if region not in REGIONS:
            raise _problem(
                f"unknown region {region!r}; expected one of {', '.join(REGIONS)}",
                path,
                row_no,
                "region",
            )
        alias_list = tuple(a.strip() for a in aliases.split("|") if a.strip())
        for alias in alias_list:
            if not normalise_name(alias):
                raise _problem(f"alias {alias!r} has no letters", path, row_no, "aliases")
            if _CODE_RE.fullmatch(alias.strip()):
                raise _problem(f"alias {alias!r} looks like a code", path, row_no, "aliases")
        municipalities.append(
            Municipality(code, name, official, region, alias_list, latitude, longitude)
        )

    if expected_count is not None and len(municipalities) != expected_count:
        raise _problem(
            f"expected {expected_count} municipalities, found {len(municipalities)}", path
        )
    return _build(municipalities, path, {m.code: seen_codes[m.code] for m in municipalities})


def _build(
    municipalities: list[Municipality], path: Path | None, row_of: dict[str, int]
) -> Register:
    """Precompute the lookup tables; refuse any key shared by two municipalities.

    When an alias collides with another municipality's name, the alias is blamed (it is the
    analyst's addition); between two names or two aliases, the later row is.
    """
    # normalised key -> [(code, column, text, method)], in register order
    entries: dict[str, list[tuple[str, str, str, str]]] = {}
    for m in municipalities:
        texts = [("name", m.name, "name"), ("official_name", m.official_name, "name")]
        texts += [("aliases", alias, "alias") for alias in m.aliases]
        for column, text, method in texts:
            entries.setdefault(normalise_name(text), []).append((m.code, column, text, method))

    exact: dict[str, tuple[str, str]] = {}
    for key, owners in entries.items():
        if len({code for code, *_ in owners}) > 1:
            culprit = next((o for o in reversed(owners) if o[3] == "alias"), owners[-1])
            other = next(o for o in owners if o[0] != culprit[0])
            raise _problem(
                f"{culprit[2]!r} reads the same as {other[2]!r} of municipality {other[0]} "
                f"(both normalise to {key!r}); remove or change one of them",
                path or Path("<register>"),
                row_of.get(culprit[0]),
                culprit[1],
            )
        code = owners[0][0]
        exact[key] = (code, "name" if any(o[3] == "name" for o in owners) else "alias")
    keys = tuple(exact)
    return Register(
        municipalities=tuple(municipalities),
        source=path,
        by_code={m.code: m for m in municipalities},
        exact=exact,
        fuzzy_keys=keys,
        fuzzy_loose=tuple(_loose(k) for k in keys),
        fuzzy_codes=tuple(exact[k][0] for k in keys),
        regions=frozenset(normalise_name(r) for r in REGIONS),
    )


# --------------------------------------------------------------------------- matching


def _as_code(value: object) -> str | None | bool:
    """The digits of a code-shaped value ("101", 101, 101.0, "0101", "101,0"), else None.

    Returns False for a number that is not a whole number (101.5): code-shaped but invalid.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return str(int(number)) if number.is_integer() else False
    m = _CODE_RE.fullmatch(str(value).strip())
    return m.group(1) if m else None


def _is_empty(value: object) -> bool:
    """None, NaN, pandas NA/NaT and blank text: nothing was answered."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return math.isnan(float(value))
    return type(value).__name__ in {"NAType", "NaTType"}


def _scores(key: str, register: Register) -> dict[str, float]:
    """Best fuzzy score per municipality code over its name, official name and aliases."""
    best: dict[str, float] = {}
    strict = process.cdist([key], register.fuzzy_keys, scorer=fuzz.ratio)[0]
    loose = process.cdist([_loose(key)], register.fuzzy_loose, scorer=fuzz.ratio)[0]
    for code, a, b in zip(register.fuzzy_codes, strict, loose, strict=True):
        score = float(max(a, b))
        if score > best.get(code, -1.0):
            best[code] = score
    return best


def _partial_hits(key: str, register: Register) -> set[str]:
    """Codes whose name contains the input or is contained in it ("Frederiks", "A/B")."""
    if len(key) < PARTIAL_MIN_LENGTH:
        return set()
    scores = process.cdist([key], register.fuzzy_keys, scorer=fuzz.partial_ratio)[0]
    return {
        code
        for code, k, s in zip(register.fuzzy_codes, register.fuzzy_keys, scores, strict=True)
        if s >= PARTIAL_THRESHOLD and len(k) >= PARTIAL_MIN_LENGTH
    }


def _candidates(
    register: Register, scores: dict[str, float], first: set[str] | None = None
) -> list[tuple[str, str, float]]:
    """The closest few as (code, name, score): the `first` codes (all kept), then by score."""
    first = first or set()
    ranked = sorted(scores, key=lambda c: (c not in first, -scores[c], c))
    chosen = ranked[: max(CANDIDATES, len(first))]
    return [(c, register.by_code[c].name, round(scores[c], 1)) for c in chosen]


def _match_name(key: str, register: Register) -> Match:
    """Match a normalised, non-empty, non-code text: exact first, then careful fuzzy."""
    if key in register.exact:
        code, method = register.exact[key]
        return Match(code, method, 100.0, [(code, register.by_code[code].name, 100.0)])
    scores = _scores(key, register)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    best_code, best = ranked[0]
    if key in register.regions:
        return Match(None, None, best, _candidates(register, scores), "unknown")
    if best >= FUZZY_THRESHOLD:
        close = {c for c, s in scores.items() if s > best - FUZZY_MARGIN}
        if len(close) == 1:
            return Match(best_code, "fuzzy", best, _candidates(register, scores))
        return Match(None, None, best, _candidates(register, scores, close), "ambiguous")
    hits = _partial_hits(key, register)
    reason = "ambiguous" if len(hits) > 1 else "unknown"
    return Match(None, None, best, _candidates(register, scores, hits), reason)


def _match_code_and_name(code: str, name: str, register: Register) -> Match:
    """'101 København' / 'København (101)': accept only when both halves agree."""
    key = normalise_name(name)
    if not key:  # "Kommune 101"
        return match_municipality(code, register)
    by_name = _match_name(key, register)
    if code in register.by_code and by_name.code == code:
        return Match(code, "code", 100.0, [(code, register.by_code[code].name, 100.0)])
    candidates = list(by_name.candidates)
    if code in register.by_code:
        candidates = [(code, register.by_code[code].name, 100.0)] + [
            c for c in candidates if c[0] != code
        ]
    return Match(None, None, by_name.score, candidates[:CANDIDATES], "ambiguous")


def match_municipality(value: str | int | float | None, register: Register) -> Match:
    """Find which municipality a survey value means, or say why it cannot be told.

    Order: an existing code wins ("101", 101, "101.0", "0101"); then an exact normalised
    name, official name or alias; then a fuzzy match, accepted only when it scores at least
    `FUZZY_THRESHOLD` and leads the runner-up by `FUZZY_MARGIN`. Anything else is rejected with
    `reason` "empty", "unknown" or "ambiguous" and the closest `candidates`, so an analyst can
    decide instead of the pipeline guessing.
    """
    if _is_empty(value):
        return Match(None, None, 0.0, [], "empty")
    code = _as_code(value)
    if code is False:
        return Match(None, None, 0.0, [], "unknown")
    if code is not None:
        if len(code) == 3 and code in register.by_code:
            return Match(code, "code", 100.0, [(code, register.by_code[code].name, 100.0)])
        return Match(None, None, 0.0, [], "unknown")

    text = str(value).strip()
    cached = register.cache.get(text)
    if cached is not None:  # a copy, so a caller editing `candidates` cannot spoil the cache
        return replace(cached, candidates=list(cached.candidates))
    key = normalise_name(text)
    if not key or key in _EMPTY_WORDS:
        result = Match(None, None, 0.0, [], "empty")
    elif key in register.exact:
        result = _match_name(key, register)
    elif m := (_CODE_FIRST_RE.fullmatch(text) or _CODE_LAST_RE.fullmatch(text)):
        digits, name = (m.group(1), m.group(2)) if m.re is _CODE_FIRST_RE else m.group(2, 1)
        result = _match_code_and_name(digits, name, register)
    else:
        result = _match_name(key, register)
    if len(register.cache) < 100_000:
        register.cache[text] = result
    return replace(result, candidates=list(result.candidates))


def _describe(candidates: list[tuple[str, str, float]]) -> str:
    return ", ".join(f"{name} ({code})" for code, name, _ in candidates)


def find_municipality(query: str, register: Register) -> Municipality:
    """Look up one municipality for the CLI by code or name; fail with the closest names."""
    result = match_municipality(query, register)
    if result.code is not None:
        return register.by_code[result.code]
    if result.reason == "empty":
        raise MunicipalityNotFound("no municipality given; pass a code (e.g. 101) or a name")
    if result.reason == "ambiguous":
        raise MunicipalityNotFound(
            f"{query!r} could mean more than one municipality: {_describe(result.candidates)}; "
            "use the code or the full name"
        )
    if not result.candidates:
        codes = sorted(register.by_code)
        raise MunicipalityNotFound(
            f"no municipality has the code {str(query).strip()!r}; "
            f"codes run from {codes[0]} to {codes[-1]}"
        )
    raise MunicipalityNotFound(
        f"no municipality matches {query!r}; closest: {_describe(result.candidates)}"
    )
