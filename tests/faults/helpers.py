"""What every fault case asserts: a one-line error of our own type, or a clean rejection."""

from __future__ import annotations

from pipeline.errors import StatusmaalingError


def assert_one_line(err: BaseException, *, secret: str | None = None) -> str:
    """Our exception, printed on one short line that does not leak `secret` (an answer)."""
    assert isinstance(err, StatusmaalingError), f"{type(err).__name__}: {err}"
    text = str(err)
    assert "\n" not in text and "\r" not in text, text
    assert len(text) < 400, text
    assert "Traceback" not in text
    if secret:
        assert secret not in text, text
    return text
