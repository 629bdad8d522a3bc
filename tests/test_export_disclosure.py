"""The workbook publishes no regional figure the disclosure rule would hide (issue #14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from pipeline.export import export_workbook
from pipeline.project import BUNDLED_SURVEY, Project
from tests.test_export import _indicators, _row


def _stale_table() -> pd.DataFrame:
    """A table computed under the old rule: a region of 5 published (3/5)."""
    region = {"kind": "option_share", "figure": False, "chart": "none", "breakdown": "region"}
    rows = [
        _row("x_by_region", 2019, "Region Nordjylland", "Region Nordjylland", 0, 3, 5, **region),
        _row("x_by_region", 2019, "Region Hovedstaden", "Region Hovedstaden", 1, 20, 29, **region),
    ]
    frame = pd.concat([_indicators(), pd.DataFrame(rows)], ignore_index=True)
    frame["breakdown"] = frame["breakdown"].fillna("")
    return frame


def test_a_stale_regional_row_on_five_is_not_published(tmp_path: Path):
    shutil.copytree(BUNDLED_SURVEY, tmp_path / "survey")  # the threshold is in its settings
    processed = tmp_path / "data" / "processed" / "2019"
    processed.mkdir(parents=True)
    _stale_table().to_parquet(processed / "indicators.parquet", index=False)
    ws = load_workbook(export_workbook(Project(tmp_path), 2019))["Alle indikatorer"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    regional = [r for r in rows if r["indicator_id"] == "x_by_region"]
    assert len(regional) == 2
    for r in regional:  # Hovedstaden alone would give Nordjylland from the national figure
        assert r["suppressed"] is True
        assert (r["numerator"], r["denominator"], r["share"], r["share_pct"]) == (None,) * 4
