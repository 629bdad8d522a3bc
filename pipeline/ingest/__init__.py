"""Stage 1: read a year's raw export, identify municipalities, write tidy responses."""

from pipeline.ingest.stage import IngestResult, ingest_year

__all__ = ["IngestResult", "ingest_year"]
