"""Snapshot the coder's output on every gold file, to prove a refactoring changes no coding.

Usage: python scripts/classify_snapshot.py OUT_DIR [--compare OTHER_DIR]

Classifies each held-out file under `tests/data/` and the development part of the real texts
(`docs/evaluation/real_texts_dev.csv`; never the held-out part) with `classify_file`, the
coder's public contract, into OUT_DIR. With `--compare`, lists the files whose output differs
byte for byte from OTHER_DIR's and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

from pipeline.normalise.classify import classify_file

ROOT = Path(__file__).resolve().parent.parent
GOLD = [
    *sorted((ROOT / "tests" / "data").glob("heldout_answers*.csv")),
    ROOT / "docs" / "evaluation" / "real_texts_dev.csv",
]


def _input(gold: Path, folder: Path) -> Path:
    """The gold file without its answer columns: id, question, text."""
    with gold.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    path = folder / gold.name
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "question", "text"])
        writer.writerows([r["id"], r.get("question", ""), r["text"]] for r in rows)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for gold in GOLD:
            classify_file(_input(gold, Path(tmp)), args.out / gold.name, ROOT / "survey")
    print(f"classified {len(GOLD)} files into {args.out}")
    if args.compare is None:
        return 0
    changed = [
        g.name
        for g in GOLD
        if (args.out / g.name).read_bytes() != (args.compare / g.name).read_bytes()
    ]
    for name in changed:
        print(f"differs: {name}")
    print("identical" if not changed else f"{len(changed)} of {len(GOLD)} files differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
