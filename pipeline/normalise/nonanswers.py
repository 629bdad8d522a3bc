"""Answers that name nothing: non-answers and answers that say they have no technology.

Rule 7: non-answers ("Ved ikke", "-", "se ovenfor") get no category and no review. The phrases
are data, edited by analysts: `non_answers:` in survey/taxonomy.yaml (one list for the whole
pipeline: the normalize stage writes the coder's verdict into `coded_text.parquet`, column
`non_answer`, and other stages read that or call `coder.is_non_answer`). Here they become one
pattern, matched at the start of a short answer's words; whether the answer is then a
non-answer is the coder's verdict (`Coder._verdict`: no category, no doubt but unknown words).

An answer with no category that says it has no technology ("Holdtræning, ingen teknologi";
`no_technology:` in the taxonomy) is confidently empty, and its purpose words raise no doubt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pipeline.normalise.text import tokenize
from pipeline.survey.wordlists import CONTINUES, NoTechnology

#: The evidence of a non-answer (rule 7).
NON_ANSWER = "ikke-svar"
#: A non-answer ("Ved ikke", "Vi har ingen") is short; a longer answer starting the same way
#: ("Ingen GPS, men vi har senge der kan hæves ...") is read like any other.
NON_ANSWER_WORDS = 8
#: Matches nothing: a taxonomy without non-answer phrases.
_NOTHING = re.compile(r"(?!)")


def non_answer_pattern(phrases: Sequence[str], restore: Callable[[str], str]) -> re.Pattern[str]:
    """One pattern for the phrases, matched against an answer's words joined by spaces (as the
    coder reads them: casefolded, punctuation dropped, ae/oe/aa restored by `restore`).

    A phrase matches at the start, as whole words: "nej" finds "Nej tak" but not "Nejede".
    """
    alternatives = []
    for phrase in phrases:
        continues = phrase.rstrip().endswith(CONTINUES)
        words = [restore(w) for w in tokenize(phrase).words]
        if not words:
            continue
        alternatives.append(re.escape(" ".join(words)) + (r"\w*" if continues else ""))
    if not alternatives:
        return _NOTHING
    return re.compile(r"^(?:" + "|".join(alternatives) + r")\b")


def _word(word: str, restore: Callable[[str], str]) -> str:
    """One word of a `no_technology` entry as a regular expression (see `wordlists`)."""
    if word == CONTINUES:
        return r"\w+"
    if word.endswith(CONTINUES):
        return re.escape(restore(word[:-1])) + r"\w*"
    return re.escape(restore(word))


def no_technology_pattern(spec: NoTechnology, restore: Callable[[str], str]) -> re.Pattern[str]:
    """One pattern, searched anywhere in an answer's words joined by spaces: a negation, at
    most one other word and a technology word ("ingen teknologi", "uden brug af digitale"
    needs one word less), or one of the phrases ("fysisk fremmøde")."""
    parts = []
    words = [" ".join(_word(w, restore) for w in e.casefold().split()) for e in spec.words]
    if spec.negations and words:
        negations = "|".join(re.escape(restore(w.casefold().strip())) for w in spec.negations)
        parts.append(r"\b(?:" + negations + r")(?: \w+)? (?:" + "|".join(words) + r")\b")
    if spec.phrases:
        phrases = [" ".join(_word(w, restore) for w in p.casefold().split()) for p in spec.phrases]
        parts.append(r"\b(?:" + "|".join(phrases) + r")\b")
    return re.compile("|".join(parts)) if parts else _NOTHING
