"""The coder's term sets: the words its rules read, by role (`survey/coding/termsets/*.yaml`).

Like negspacy's termsets, each file is one rule module's vocabulary (`negation.yaml`: the
words that negate forward, the verbs of stopping, the words of a plan...), and each key of a
file is a role the rule gives its words. The rules themselves (how far a negation reaches,
which clause a purpose word belongs to) stay in Python; which words play each part is data,
so a word real writers use ("kasseret", "skrottet") is added to a file, never to code.

Analysts may edit these files, so every problem is one `DefinitionError` naming the file and
line: an unknown or missing role, an entry of the wrong shape (a phrase where one word is
expected, a bare `no` that YAML reads as false), an entry listed twice in a role.

Kinds of role (`ROLES` says which role is which kind):
- `words`: single words, compared with the answer's words (lower case);
- `parts`: parts of words, compared with the start, end or inside of a word;
- `phrases`: one or more words; a `*` ending a word lets it continue ("overvej*");
- `kinds`: device kinds of the taxonomy's `devices` (checked against the taxonomy);
- `map`: a word -> the words that complete it ("valgte ... fra": fra -> valgte, valgt).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import DefinitionError
from pipeline.reads import record
from pipeline.survey.yamlfile import read_yaml

TERMSETS_DIR = Path("coding") / "termsets"
WORDS, PARTS, PHRASES, KINDS, MAP = "words", "parts", "phrases", "kinds", "map"
_W, _P, _PH, _K, _M = WORDS, PARTS, PHRASES, KINDS, MAP

#: term set (file stem) -> role -> kind. The rule modules of `pipeline.normalise` read these
#: roles and no others; a role here is a promise that some rule reads it.
ROLES: dict[str, dict[str, str]] = {
    "negation": {
        "forward": _W,
        "stopped": _W,
        "no": _W,
        "no_to": _W,
        "negation_only": _W,
        "not_negating_after": _W,
        "came_to_nothing": _PH,
        "not_yet": _W,
        "in_use_now": _PH,
        "interruptions": _W,
        "interruptible": _W,
        "before": _W,
        "now": _W,
        "no_longer": _W,
        "no_longer_negation": _W,
        "anaphors": _W,
        "referring_nouns": _W,
        "continuing": _PH,
        "replacing": _PH,
        "back_fillers": _W,
        "back_reasons": _W,
        "plans": _W,
        "separable": _M,
        "stop_with": _M,
        "ends_with": _W,
        "ends_with_next": _W,
        "completes": _W,
        "resume": _P,
        "resume_pairs": _PH,
        "copulas": _W,
        "subordinators": _W,
        "list_words": _W,
        "but": _W,
        "had": _W,
        "only": _W,
        "where": _W,
        "reason": _W,
        "negation_fillers": _W,
        "limits": _W,
        "not_offered": _W,
        "stop_fillers": _W,
        "negation_words": _PH,
        "harmless_subordinators": _W,
        "harmless_negations": _W,
        "harmless_phrases": _PH,
    },
    "audience": {
        "clinicians": _W,
        "clinician_heads": _P,
        "citizens": _W,
        "reader_fillers": _W,
        "follow_words": _W,
        "self": _W,
        "self_words": _W,
        "see_words": _W,
        "staff": _W,
        "meeting_words": _PH,
        "staff_tools": _W,
        "given_to": _W,
        "given_to_fillers": _W,
        "telemedicine_parts": _P,
    },
    "places": {
        "sensor_like": _P,
        "sensor_parts": _P,
        "watching_sensors": _P,
        "place_prepositions": _W,
    },
    "topics": {
        "about": _W,
        "reminds": _W,
        "topic_media": _K,
        "times": _W,
        "question_words": _W,
        "talk_nouns": _W,
    },
    "purposes": {
        "relative": _W,
        "single_purpose": _K,
        "not_purpose_before": _W,
        "in_person": _PH,
        "in_person_by": _PH,
        "articles": _W,
        "talk": _PH,
        "comes": _W,
        "scheduled": _W,
        "visit": _P,
        "no_staff_visit": _K,
        "alerts": _W,
        "next_item": _W,
        "visit_devices": _K,
        "conversation": _P,
        "reminder": _K,
        "reminder_words": _P,
        "medium_prepositions": _W,
        "channel_prepositions": _W,
        "contact": _W,
        "anaphora": _W,
        "various": _W,
        "no_screen_visit": _K,
        "sensing_kinds": _K,
        "sensing_verbs": _W,
        "outputs": _W,
    },
    "coder": {
        "users": _P,
        "people": _W,
        "people_in": _W,
        "never_last": _W,
        "supplier_nouns": _W,
        "supplier_words": _W,
        "supplier_phrases": _PH,
        "institutions": _P,
        "alarm_parts": _P,
        "with_words": _W,
        "alarm_adjectives": _W,
        "hedges": _PH,
        "past_hedges": _PH,
        "pointers": _W,
    },
    "lexicon": {
        "function_words": _W,
        "general_words": _PH,
        "place_names": _PH,
        "person_names": _W,
        "place_name_endings": _P,
        "device_heads": _P,
        "generic_heads": _P,
        "vague_heads": _P,
        "field_modifiers": _P,
        "head_endings": _P,
        "linking_letters": _P,
        "name_prepositions": _W,
    },
    "unknown": {
        "tech_parts": _P,
        "name_leads": _W,
        "name_lead_abbreviations": _M,
        "verb_leads": _W,
        "subject_leads": _W,
        "present_endings": _P,
        "verb_prefixes": _P,
        "known_abbreviations": _W,
        "plain_heads": _P,
        "speech_verbs": _W,
        "alternatives": _PH,
        "organisation_endings": _P,
        "institution_links": _W,
    },
}
#: Parts that must be this long at least: a head of one or two letters ("e") would read
#: every compound ending in it as a device.
MIN_PART: dict[tuple[str, str], int] = {
    ("lexicon", "device_heads"): 3,
    ("lexicon", "generic_heads"): 3,
    ("lexicon", "vague_heads"): 3,
}
#: A `*` ending a word of a phrase lets it continue ("overvej*": overvejer, overvejelse).
CONTINUES = "*"
_ONE_WORD = re.compile(r"^[^\W_]+(?:'[^\W_]+)?$")
_PART = re.compile(r"^[^\W_]+$")
_PHRASE_WORD = re.compile(r"^[^\W_]+(?:'[^\W_]+)?\*?$")


class TermSet:
    """One file's roles as attributes: `termsets.negation.forward` is a frozenset of words,
    `parts` and `phrases` are tuples (file order), `map` a dict of frozensets."""

    def __init__(self, name: str, path: Path, roles: dict[str, Any]) -> None:
        self.name = name
        self.path = path
        self.__dict__.update(roles)

    def __getattr__(self, role: str) -> Any:
        raise AttributeError(f"term set {self.name!r} has no role {role!r}")


@dataclass(frozen=True)
class TermSets:
    """Every term set of a survey folder, checked (see module docstring)."""

    folder: Path
    negation: TermSet
    audience: TermSet
    places: TermSet
    topics: TermSet
    purposes: TermSet
    coder: TermSet
    lexicon: TermSet
    unknown: TermSet

    def check_kinds(self, kinds: set[str], taxonomy_path: Path) -> None:
        """Every `kinds` role names device kinds of the taxonomy's `devices`."""
        for name, roles in ROLES.items():
            termset = getattr(self, name)
            for role, kind in roles.items():
                unknown = sorted(set(getattr(termset, role)) - kinds) if kind == KINDS else []
                if unknown:
                    raise DefinitionError(
                        f"`{role}`: {unknown[0]!r} is no device kind of {taxonomy_path.name} "
                        f"(known: {', '.join(sorted(kinds))})",
                        file=termset.path,
                        column=role,
                    )


def _entry_error(path: Path, node: yaml.Node, role: str, message: str) -> DefinitionError:
    return DefinitionError(
        f"`{role}`: {message}", file=path, row=node.start_mark.line + 1, column=role
    )


def _check_entry(path: Path, node: yaml.Node, role: str, kind: str, what: str = "") -> str:
    """One entry of a list: a text of the shape the kind asks for, folded to lower case."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        value = node.value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
        raise _entry_error(
            path,
            node,
            role,
            f"each entry must be a text{what} (found {value!r}; write yes, no, on, off, "
            "null or numbers in quotes)",
        )
    text = " ".join(str(node.value).casefold().split())
    if kind in (WORDS, KINDS, MAP):
        ok, expected = bool(_ONE_WORD.match(text)), "one word (letters and digits)"
    elif kind == PARTS:
        ok, expected = bool(_PART.match(text)), "one part of a word (letters and digits)"
    else:
        ok = bool(text) and all(_PHRASE_WORD.match(w) for w in text.split())
        expected = "words of letters and digits; `*` may only end a word"
    if not ok:
        raise _entry_error(path, node, role, f"{node.value!r} is not {expected}")
    return text


def _entries(path: Path, node: yaml.Node, role: str, kind: str) -> list[str]:
    """A list of entries, none twice."""
    if not isinstance(node, yaml.SequenceNode):
        raise _entry_error(path, node, role, f"must be a list of {kind}")
    out: list[str] = []
    seen: dict[str, int] = {}
    for item in node.value:
        text = _check_entry(path, item, role, kind)
        if text in seen:
            raise _entry_error(
                path, item, role, f"{text!r} is listed twice (also line {seen[text]})"
            )
        seen[text] = item.start_mark.line + 1
        out.append(text)
    return out


def _role(path: Path, node: yaml.Node, role: str, kind: str) -> Any:
    if kind != MAP:
        entries = _entries(path, node, role, kind)
        return frozenset(entries) if kind in (WORDS, KINDS) else tuple(entries)
    if not isinstance(node, yaml.MappingNode):
        raise _entry_error(path, node, role, "must map a word to a list of words")
    out: dict[str, frozenset[str]] = {}
    for key, value in node.value:
        word = _check_entry(path, key, role, MAP, " (a word as the key)")
        if word in out:
            raise _entry_error(path, key, role, f"{word!r} is listed twice")
        out[word] = frozenset(_entries(path, value, f"{role}.{word}", WORDS))
    return out


def _check_length(path: Path, node: yaml.Node, name: str, role: str) -> None:
    """Refuse an entry shorter than `MIN_PART` asks for its role, naming its line."""
    least = MIN_PART.get((name, role))
    if least is None:
        return
    for item in node.value:
        text = str(item.value).casefold().strip()
        if len(text) < least:
            raise _entry_error(
                path, item, role, f"{text!r} is too short (at least {least} letters)"
            )


def termset_from(name: str, path: Path) -> TermSet:
    """Read and check one term set file (`ROLES[name]` says its roles)."""
    doc = read_yaml(path, what=f"term set {name!r}")
    expected = ROLES[name]
    root = doc.root
    if not isinstance(root, yaml.MappingNode):
        raise DefinitionError(
            f"expected a mapping of roles to word lists ({', '.join(expected)})",
            file=path,
            row=root.start_mark.line + 1 if root is not None else None,
        )
    roles: dict[str, Any] = {}
    for key, value in root.value:
        role = str(key.value)
        if role not in expected:
            raise DefinitionError(
                f"unknown role `{role}` (the roles of {name!r}: {', '.join(expected)})",
                file=path,
                row=key.start_mark.line + 1,
                column=role,
            )
        if role in roles:
            raise _entry_error(path, key, role, "the role is given twice")
        roles[role] = _role(path, value, role, expected[role])
        _check_length(path, value, name, role)
    missing = [r for r in expected if r not in roles]
    if missing:
        raise DefinitionError(
            f"missing role `{missing[0]}` (every role of {name!r} must be listed, "
            "if need be as an empty list [])",
            file=path,
            column=missing[0],
        )
    return TermSet(name, path, roles)


@lru_cache(maxsize=8)
def _cached(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> TermSets:
    for path in sorted(folder.glob("*")):
        if path.suffix not in (".yaml", ".yml") or path.stem not in ROLES:
            raise DefinitionError(
                f"unknown term set (expected one of: {', '.join(f'{n}.yaml' for n in ROLES)})",
                file=path,
            )
    sets = {name: termset_from(name, folder / f"{name}.yaml") for name in ROLES}
    return TermSets(folder=folder, **sets)


def termsets_path(survey_dir: str | Path) -> Path:
    return Path(survey_dir) / TERMSETS_DIR


def load_termsets(survey_dir: str | Path, *, record_reads: bool = True) -> TermSets:
    """Read and check `<survey_dir>/coding/termsets/*.yaml` (cached until a file changes).

    The files are recorded as inputs of the running stage (`pipeline.reads`), except with
    `record_reads=False`: `load_survey` checks them for every command, used or not."""
    folder = termsets_path(survey_dir)
    if not folder.is_dir():
        raise DefinitionError(
            "no term sets folder (expected survey/coding/termsets/ with "
            + ", ".join(f"{n}.yaml" for n in ROLES)
            + ")",
            file=folder,
        )
    stamp = []
    for path in sorted(folder.iterdir()):
        st = path.stat()
        stamp.append((path.name, st.st_mtime_ns, st.st_size))
        if record_reads:
            record(path)
    return _cached(folder.resolve(), tuple(stamp))


def phrase_length_at(phrase: str, words: Sequence[str], i: int) -> int:
    """How many words `phrase` covers when it starts at word `i` of `words` (0: it does not
    start there). A word of the phrase ending in `*` matches any word it begins
    ("ibrugtag*": ibrugtaget, ibrugtages), as in `phrase_pattern`."""
    parts = phrase.split()
    if i < 0 or i + len(parts) > len(words):
        return 0
    for part, word in zip(parts, words[i : i + len(parts)], strict=True):
        if part.endswith(CONTINUES) and not word.startswith(part[:-1]):
            return 0
        if not part.endswith(CONTINUES) and word != part:
            return 0
    return len(parts)


def phrase_pattern(phrases: tuple[str, ...]) -> str:
    """A regex alternation of `phrases` (words joined by one space; `*` continues a word)."""
    alternatives = [
        " ".join(
            re.escape(w[:-1]) + r"\w*" if w.endswith(CONTINUES) else re.escape(w) for w in p.split()
        )
        for p in phrases
    ]
    return "|".join(alternatives) or r"(?!)"
