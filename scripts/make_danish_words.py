"""Regenerate the plain-word lists in pipeline/normalise/ from wordfreq.

The coder uses them only to tell plain words from possible product or technology names when it
decides what to send to review; specialist welfare-technology words are rare in wordfreq's
sources (news, subtitles, web), so they stay unknown. Danish: the whole list; English (answers
are sometimes written in English): the most frequent words. wordfreq is needed only to run this
script, not at run time:

    pip install wordfreq && python scripts/make_danish_words.py
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import top_n_list

HERE = Path(__file__).resolve().parent.parent / "pipeline" / "normalise"
LISTS = {"da": ("danish_words.txt", 100_000), "en": ("english_words.txt", 8_000)}
#: Common English words that may name welfare technology in an English answer ("shower chairs",
#: "pill box", "robot vacuum"): left out, so that they stay unknown and send it to review.
KEEP_UNKNOWN = set(
    "shower showers toilet toilets chair chairs phone phones watch watches light lights lighting "
    "music game games bath baths bathroom fork forks plate plates cup cups scale scales pump "
    "pen pens pill pills lock locks vacuum laundry bike bikes bicycle calendar clock clocks pet "
    "pets cat cats dog dogs seal seals toy toys doll dolls ball balls blanket blankets bed beds "
    "screen screens camera cameras door doors floor floors robot robots sensor sensors alarm "
    "alarms computer computers tablet tablets video videos app apps tv television radio "
    "speaker speakers glasses headset wheelchair wheelchairs walker walkers lift lifts".split()
)
HEADER = """\
# Plain {language} words, most frequent first: wordfreq's list (alphabetic words only).
# Source: wordfreq by Robyn Speer et al., https://github.com/rspeer/wordfreq
# Data licence: Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0); this derived list
# is shared under the same licence. Regenerate with scripts/make_danish_words.py.
"""


def main() -> None:
    for lang, (name, size) in LISTS.items():
        words = [w for w in top_n_list(lang, size) if w.isalpha() and len(w) > 1]
        if lang == "en":
            words = [w for w in words if w not in KEEP_UNKNOWN]
        language = {"da": "Danish", "en": "English"}[lang]
        (HERE / name).write_text(
            HEADER.format(language=language) + "\n".join(words) + "\n", encoding="utf-8"
        )
        print(f"{len(words)} words -> {HERE / name}")


if __name__ == "__main__":
    main()
