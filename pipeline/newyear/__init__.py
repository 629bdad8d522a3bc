"""Carry the survey into a new year: draft the year's codebook from its export (`new-year`)."""

from pipeline.newyear.draft import NewYearResult, draft_codebook

__all__ = ["NewYearResult", "draft_codebook"]
