"""Analysts' quotes for a year's report, `survey/<year>/quotes.yaml`.

A list of `{text, attribution, section}`: the quote as the municipality wrote it, who said it
by role, and the report section it belongs to. The checks that a quote does not identify a
municipality or a person are in `pipeline.report.quotes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import DefinitionError
from pipeline.survey.yamlfile import YamlDoc

FIELDS = ("text", "attribution", "section")


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str
    section: str


def quotes_from(doc: YamlDoc) -> list[Quote]:
    """Validate a parsed quotes file; an empty or missing file means no quotes."""
    data, path = doc.data, doc.path
    if data is None:
        return []
    key: tuple[str, ...] = ()
    if isinstance(data, dict) and "quotes" in data:
        data, key = data["quotes"], ("quotes",)
    if not isinstance(data, list):
        raise DefinitionError("expected a list of quotes ({text, attribution, section})", file=path)
    quotes = []
    for number, entry in enumerate(data, start=1):
        row = doc.line(*key, number - 1)
        if not isinstance(entry, dict):
            raise DefinitionError(f"quote {number} is not a mapping", file=path, row=row)
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            raise DefinitionError(
                f"quote {number}: unknown field(s) {', '.join(map(str, unknown))}; "
                f"allowed: {', '.join(FIELDS)}",
                file=path,
                row=row,
            )
        values = {}
        for field in FIELDS:
            value = entry.get(field)
            if not isinstance(value, str) or not value.strip():
                raise DefinitionError(
                    f"quote {number}: {field} must be non-empty text", file=path, row=row
                )
            values[field] = " ".join(value.split())
        quotes.append(Quote(**values))
    return quotes
