"""Benchmark the analysts' Markdown sections at the size cap: the worst a section can cost.

Usage: .venv/bin/python scripts/bench_markdown.py
Target: every input of MAX_BYTES renders (check + HTML) in under 5 s on one core, so a hostile
or careless section can slow the report by seconds at most, never hang it. Pathological
inputs (30,000 unmatched brackets or emphasis markers) are where markdown-it is slowest.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pipeline.report.markdown import render_section
from pipeline.survey.sections import MAX_BYTES, read_section

TARGET_SECONDS = 5.0


def inputs(size: int) -> dict[str, str]:
    prose = "Almindelig tekst med *kursiv* og [et link](https://www.kl.dk). "
    return {
        "prose": (prose * (size // len(prose)))[:size],
        "brackets": "[" * (size - 1) + "\n",
        "emphasis": ("*a" * size)[: size - 1] + "\n",
        "nested quotes": ">" * (size - 4) + " x\n",
        "links": ("[x](https://a.dk) " * size)[:size],
    }


def main() -> int:
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for name, text in inputs(MAX_BYTES - 100).items():
            path = Path(folder) / "afsnit.md"
            path.write_text(text, encoding="utf-8")
            started = time.perf_counter()
            html = render_section(read_section(path, "quotes"))
            seconds = time.perf_counter() - started
            worst = max(worst, seconds)
            print(f"{name:14s} {len(text):6,d} chars -> {len(html):7,d} HTML  {seconds:6.2f} s")
    print(f"worst {worst:.2f} s (target {TARGET_SECONDS:.0f} s)")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
