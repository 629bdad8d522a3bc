"""Per-municipality extracts: each municipality's own answers next to its region and the country."""

from pipeline.extracts.render import extract_path, render_extracts

__all__ = ["extract_path", "render_extracts"]
