"""Rule 7: non-answers ("Ved ikke", "-", "se ovenfor") get no category and no review.

The phrases are data, edited by analysts: `non_answers:` in survey/taxonomy.yaml (one list for
the whole pipeline: the normalize stage writes the coder's verdict into `coded_text.parquet`,
column `non_answer`, and other stages read that or call `coder.is_non_answer`). Here they
become one pattern, matched at the start of a short answer's words; whether the answer is then
a non-answer is the coder's verdict (`Coder._verdict`: no category, no doubt but unknown words).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pipeline.normalise.text import tokenize

#: The evidence of a non-answer (rule 7).
NON_ANSWER = "ikke-svar"
#: A non-answer ("Ved ikke", "Vi har ingen") is short; a longer answer starting the same way
#: ("Ingen GPS, men vi har senge der kan hæves ...") is read like any other.
NON_ANSWER_WORDS = 8
#: A phrase ending in this lets its last word continue: "ikke aktuel*" is "ikke aktuelt" too.
CONTINUES = "*"
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
