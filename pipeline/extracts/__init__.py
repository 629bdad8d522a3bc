"""Per-municipality extracts: each municipality's own answers next to its region and the country."""

from __future__ import annotations

from typing import Any

__all__ = ["extract_path", "render_extracts"]


def __getattr__(name: str) -> Any:
    """Imported on first use: a worker that typesets (`pipeline.extracts.typeset`) must not
    load pandas and the survey model with the package."""
    if name in __all__:
        from pipeline.extracts import render

        return getattr(render, name)
    raise AttributeError(name)
