"""Benchmark the list of a year's new words (`review new-words`) on many answers.

Usage: .venv/bin/python scripts/bench_new_words.py [--n 10000] [--seed 1]
Codes `n` synthetic answers (those of bench_classify, with invented product words mixed in,
so there is something to list), then times `find_new_words` and the sheet it feeds.
Target: the listing of 10,000 coded answers in well under the 10 s their coding takes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_classify import SURVEY, synthetic_answers  # noqa: E402

from pipeline.normalise.classify import classify_texts, get_coder  # noqa: E402
from pipeline.normalise.newwords import find_new_words  # noqa: E402

#: Invented words a municipality might write for a technology the lists do not know.
INVENTED = ["hoftebeskyttere", "kabelfri klokkestreng", "vendesystem", "lysdug", "Qwello-pude"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts, contexts = synthetic_answers(args.n, args.seed)
    texts = [t + (", " + rng.choice(INVENTED) if rng.random() < 0.1 else "") for t in texts]
    codings = classify_texts(texts, contexts, SURVEY)
    coded = pd.DataFrame(
        {
            "answer_id": [f"2019-{100 + i % 98}-q{i}" for i in range(len(texts))],
            "municipality_code": [str(100 + i % 98) for i in range(len(texts))],
            "text": texts,
            "categories": [c.joined for c in codings],
            "evidence": [c.evidence for c in codings],
            "source": [c.source for c in codings],
            "non_answer": [c.non_answer for c in codings],
        }
    )
    coder = get_coder(SURVEY)
    start = time.perf_counter()
    words = find_new_words(coded, coder)
    took = time.perf_counter() - start
    covered = len(set().union(*(w.answer_ids for w in words))) if words else 0
    print(
        f"{len(coded)} coded answers: {len(words)} new words and phrases in {covered} answers, "
        f"listed in {took:.2f} s"
    )
    for w in words[:8]:
        print(f"  {w.term}: {w.municipalities} municipalities, {w.answers} answers")


if __name__ == "__main__":
    main()
