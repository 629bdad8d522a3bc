"""Regenerate pipeline/normalise/danish_words.txt from wordfreq's Danish list.

The coder uses the list only to tell plain Danish words from possible product or technology
names when it decides what to send to review; specialist welfare-technology words are rare in
wordfreq's sources (news, subtitles, web), so they stay unknown. wordfreq is needed only to run
this script, not at run time:

    pip install wordfreq && python scripts/make_danish_words.py
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import top_n_list

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "normalise" / "danish_words.txt"
HEADER = """\
# Plain Danish words: the most frequent words of wordfreq's Danish list (alphabetic only).
# Source: wordfreq by Robyn Speer et al., https://github.com/rspeer/wordfreq
# Data licence: Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0); this derived list
# is shared under the same licence. Regenerate with scripts/make_danish_words.py.
"""


def main() -> None:
    words = [w for w in top_n_list("da", 100_000) if w.isalpha() and len(w) > 1]
    OUT.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
