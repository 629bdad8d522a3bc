"""Benchmark the free-text coder: 10,000 varied synthetic answers, answers per second.

Usage: .venv/bin/python scripts/bench_classify.py [--n 10000] [--seed 1]
Target: 10,000 answers in under 10 s on one core (coder build included).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from pipeline.normalise.classify import CONTEXTS, classify_texts, get_coder
from pipeline.survey.taxonomy import load_taxonomy

SURVEY = Path(__file__).resolve().parent.parent / "survey"
OPENERS = ["", "Vi har ", "Kommunen anvender ", "I drift: ", "Vi afprøver ", "Planlagt: ", "- "]
FILLERS = [
    "i hjemmeplejen",
    "på plejecentrene",
    "til borgere med demens",
    "i eget hjem",
    "som pilotprojekt",
    "efter visitation",
    "i samarbejde med leverandøren",
]
NEGATIONS = ["Vi har ikke {}", "{} er fravalgt", "ingen {}", "Vi er stoppet med {}"]
NON_ANSWERS = ["-", "ved ikke", "Nej", "N/A", "se ovenfor", "Ikke relevant", "?", ""]
PURPOSES = [
    "apps til træning",
    "tablets til skærmbesøg",
    "sensorer i madrassen",
    "skærme med dagsprogram",
    "video til kontakt med familien",
    "apps",
]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 8:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]


def _ascii(word: str) -> str:
    return word.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def synthetic_answers(n: int, seed: int) -> tuple[list[str], list[str]]:
    """`n` answers mixing terms, typos, ae/oe/aa, negations, purposes and non-answers."""
    rng = random.Random(seed)
    taxonomy = load_taxonomy(SURVEY)
    terms = [t.lstrip("=") for c in taxonomy.categories for t in c.terms]
    texts, contexts = [], []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.08:
            text = rng.choice(NON_ANSWERS)
        else:
            items = []
            for term in rng.sample(terms, rng.randint(1, 5)):
                r = rng.random()
                term = _typo(term, rng) if r < 0.1 else _ascii(term) if r < 0.2 else term
                items.append(term + ("er" if rng.random() < 0.3 else ""))
            if rng.random() < 0.3:
                items.append(rng.choice(PURPOSES))
            text = rng.choice(OPENERS) + ", ".join(items[:-1]) + " og " + items[-1]
            if rng.random() < 0.5:
                text += " " + rng.choice(FILLERS)
            if rng.random() < 0.2:
                text += ". " + rng.choice(NEGATIONS).format(rng.choice(terms))
            if rng.random() < 0.1:
                text += ". " + " ".join(rng.choice(FILLERS) for _ in range(8))
        texts.append(text)
        contexts.append(rng.choice(CONTEXTS))
    return texts, contexts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    texts, contexts = synthetic_answers(args.n, args.seed)
    start = time.perf_counter()
    get_coder(SURVEY)
    built = time.perf_counter()
    codings = classify_texts(texts, contexts, SURVEY)
    done = time.perf_counter()
    review = sum(c.needs_review for c in codings)
    print(f"coder built in {built - start:.2f} s")
    print(
        f"{len(texts)} answers coded in {done - built:.2f} s: "
        f"{len(texts) / (done - built):,.0f} answers/second "
        f"(total {done - start:.2f} s; {review} flagged for review)"
    )
    # a pasted page: 4,000 characters in one clause, many devices (guards against work that
    # grows faster than the answer)
    page = ("app til træning og " * 220)[:4000]
    start = time.perf_counter()
    classify_texts([page], [None], SURVEY)
    print(f"one 4,000-character answer in one clause: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
