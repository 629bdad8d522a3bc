"""Hostile free text in the extracts (issue #14): a 10 MB answer stalled WeasyPrint for more
than 15 minutes; control characters must not reach the PDF. The full text stays in
data/processed."""

from __future__ import annotations

import time

import pandas as pd

from pipeline.extracts.render import render_extracts
from tests.test_extracts import pdf_text

Y = 2019


def test_a_huge_answer_is_shortened_in_the_extract_and_kept_whole(demo_copy):
    path = demo_copy.processed(Y) / "coded_text.parquet"
    coded = pd.read_parquet(path)
    mine = coded.index[(coded["municipality_code"] == "851") & (coded["year"] == Y)][0]
    huge = "Loftlifte\x0b og vasketoiletter " * 400_000  # 11 MB, with a vertical tab
    coded.loc[mine, "text"] = huge
    coded.to_parquet(path, index=False)
    started = time.perf_counter()
    [pdf] = render_extracts(demo_copy, Y, ["Aalborg"])
    assert time.perf_counter() - started < 20
    text = pdf_text(pdf)
    assert "forkortet" in text and "\x0b" not in text
    assert pd.read_parquet(path).loc[mine, "text"] == huge
