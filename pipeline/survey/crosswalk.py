"""Taxonomy over time: earlier category slugs mapped to the current ones (`survey/crosswalk.yaml`).

Codings are stored by slug (analysts' decisions, earlier years' coded answers), so a renamed,
merged or split category would otherwise silently drop out of every year-over-year figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.errors import DefinitionError
from pipeline.survey.yamlfile import YamlDoc

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = {"from", "to", "since", "note"}


@dataclass(frozen=True)
class Crosswalk:
    #: old slug -> current slugs
    mapping: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def map(self, slugs: Iterable[str]) -> tuple[str, ...]:
        """Current slugs for a set of (possibly earlier) slugs, sorted and without repeats."""
        out: set[str] = set()
        for slug in slugs:
            out.update(self.mapping.get(slug, (slug,)))
        return tuple(sorted(out))

    def split_targets(self) -> frozenset[str]:
        """Current slugs that an earlier slug was split into (not comparable over years)."""
        return frozenset(s for to in self.mapping.values() if len(to) > 1 for s in to)

    def unknown(self, slugs: Iterable[str], current: Iterable[str]) -> list[str]:
        """Slugs that are neither current nor mapped by the crosswalk."""
        known = set(current) | set(self.mapping)
        return sorted({s for s in slugs if s not in known})


def crosswalk_from(doc: YamlDoc, current: Iterable[str]) -> Crosswalk:
    """Validate the crosswalk: old slugs gone from the taxonomy, targets in it."""
    if doc.data is None:
        return Crosswalk()
    path = doc.path
    raw = doc.data.get("crosswalk") if isinstance(doc.data, dict) else None
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise DefinitionError("expected `crosswalk:` with a list of entries", file=path)
    slugs = set(current)
    mapping: dict[str, tuple[str, ...]] = {}
    for index, entry in enumerate(raw):
        row = doc.line("crosswalk", index)
        if not isinstance(entry, dict) or "from" not in entry or "to" not in entry:
            raise DefinitionError(
                f"entry {index + 1}: expected {{from: old_slug, to: [new_slug, ...]}}",
                file=path,
                row=row,
            )
        extra = sorted(set(map(str, entry)) - _FIELDS)
        if extra:
            raise DefinitionError(
                f"entry {index + 1}: unknown key {extra[0]!r}", file=path, row=row
            )
        old = str(entry["from"])
        to = entry["to"] if isinstance(entry["to"], list) else [entry["to"]]
        if not _SLUG.match(old):
            raise DefinitionError(f"entry {index + 1}: {old!r} is not a slug", file=path, row=row)
        if old in slugs:
            raise DefinitionError(
                f"entry {index + 1}: {old!r} is still a category of the taxonomy; only slugs "
                "that are gone belong here",
                file=path,
                row=row,
            )
        if old in mapping:
            raise DefinitionError(f"entry {index + 1}: {old!r} is mapped twice", file=path, row=row)
        missing = [str(s) for s in to if str(s) not in slugs]
        if not to or missing:
            raise DefinitionError(
                f"entry {index + 1}: {old!r} maps to {', '.join(missing) or 'nothing'}, not a "
                "category of survey/taxonomy.yaml",
                file=path,
                row=row,
            )
        mapping[old] = tuple(str(s) for s in to)
    return Crosswalk(mapping)
