"""Fixed word lists the coder needs besides the taxonomy's terms: wordfreq's frequent words
(files beside this module).

The analysts' own list of ordinary words that name no technology ("known" words: never a typo
of a term, never an unknown product) is the role `general_words` of the term set
`survey/coding/termsets/lexicon.yaml`; the endings of place names are its role
`place_name_endings`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: Plain words from wordfreq (see the files' headers and scripts/make_danish_words.py).
PLAIN_WORDS_FILES = {
    "da": Path(__file__).with_name("danish_words.txt"),
    "en": Path(__file__).with_name("english_words.txt"),
}


@lru_cache(maxsize=2)
def plain_words(language: str = "da") -> tuple[str, ...]:
    """Frequent words of a language, most frequent first: not product names, and not worth a
    review by themselves."""
    lines = PLAIN_WORDS_FILES[language].read_text(encoding="utf-8").splitlines()
    return tuple(w for w in lines if w and not w.startswith("#"))
