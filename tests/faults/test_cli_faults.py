"""The fault classes end-to-end through the command line: exit code 1, one line on stderr,
no traceback, no answer text in the message (issue #14)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.ingest import limits
from pipeline.normalise.stage import normalize_year
from pipeline.survey.codebook import load_codebook
from tests.faults.test_ingest_faults import DANISH, FILE_FAULTS, LIMITS, Y
from tests.test_review import ANSWERS_2019, _responses

runner = CliRunner()


@pytest.mark.parametrize("case", FILE_FAULTS)
def test_ingest_command_prints_one_line_for_every_broken_export(project, case, monkeypatch):
    for name, value in LIMITS.get(case, {}).items():
        monkeypatch.setattr(limits, name, value)
    make, _error, fragments = FILE_FAULTS[case]
    make(project, load_codebook(project.codebook_path(Y)))
    result = runner.invoke(app, ["ingest", "--year", str(Y), "--project", str(project.root)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert DANISH not in result.output
    assert fragments[0] in " ".join(result.output.split())


@pytest.mark.parametrize("secret", ["Loftlifte\x0bog\x00vasketoiletter"])
def test_review_export_with_control_characters_does_not_crash(project, secret):
    _responses(project, 2019, [("101", "mobility_technologies", "", secret), *ANSWERS_2019[1:]])
    normalize_year(project, 2019)
    args = ["review", "export", "--year", "2019", "--project", str(project.root)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and secret not in result.output
