"""Our own exceptions: what must stop a run.

Each carries where the problem is (file, sheet, row, column) so the CLI can name it in one
line. Data problems that do not stop a run (a rejected row, an unknown code in one cell) are
not exceptions: they are `Issue` rows in a report (see `pipeline.issues`).
"""

from __future__ import annotations

from pathlib import Path


class StatusmaalingError(Exception):
    """Base of every error the CLI turns into a one-line message and exit code 1."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.sheet = sheet
        self.row = row
        self.column = column

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        return f"{loc}: {self.message}" if loc else self.message


class InputFileError(StatusmaalingError):
    """A raw export cannot be read: wrong type, corrupt, empty, wrong encoding, missing sheet."""


class CodebookError(StatusmaalingError):
    """A year's codebook is invalid or does not fit the export."""


class DefinitionError(StatusmaalingError):
    """A survey definition in survey/ (taxonomy, register, indicators, quotes) is invalid."""


class MunicipalityNotFound(StatusmaalingError):
    """A municipality name or code matches none, or more than one, of the 98."""


class ReviewImportError(StatusmaalingError):
    """An analyst's review workbook cannot be imported; nothing was written."""


class MissingStageOutput(StatusmaalingError):
    """A stage needs the output of an earlier stage that has not been run for this year."""


class EmptyReport(StatusmaalingError):
    """A stage would publish nothing (no indicators, no figures): never reported as success."""


class LockedError(StatusmaalingError):
    """Another command is writing the same files; this one waited and gave up."""


class OutputNotWritable(StatusmaalingError):
    """An output cannot be written: the folder is read-only, missing or full."""


class InputTooLarge(InputFileError):
    """An input exceeds a size limit (bytes, rows, columns, cells, characters)."""


class TemplateError(StatusmaalingError):
    """A template in report_templates/ cannot be typeset (a syntax error, a missing font)."""


class RenderError(StatusmaalingError):
    """A document could not be made for a reason outside the data (a worker process died)."""
