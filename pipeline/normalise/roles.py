"""The categories the rules treat specially, found by their role in the taxonomy.

No Python file names a category slug: `survey/taxonomy.yaml` gives categories `roles:` (what
each role makes the rules do is documented in the file's header), and the rule passes read
them from one `RuleCategories`, built once per coder. Renaming a slug in the YAML therefore
changes no coding.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from pipeline.survey.taxonomy import ONE_CATEGORY_ROLES, Taxonomy


@dataclass(frozen=True, slots=True)
class RuleCategories:
    """Slug of the one category with each single role; slugs of those with a shared role."""

    screen_visit: str
    self_monitoring: str
    structure: str
    medicine: str
    social: str
    patient_education: str
    target_group_terms: frozenset[str]
    own_alarm: frozenset[str]
    topic_is_purpose: frozenset[str]
    often_for_staff: frozenset[str]
    online_purpose: frozenset[str]

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> RuleCategories:
        """Look every role up in `taxonomy` (checked on load: single roles are held once)."""
        values: dict[str, str | frozenset[str]] = {}
        for f in fields(cls):
            if f.name in ONE_CATEGORY_ROLES:
                values[f.name] = taxonomy.slug_with_role(f.name)
            else:
                values[f.name] = taxonomy.slugs_with_role(f.name)
        return cls(**values)  # type: ignore[arg-type]
