"""The technology taxonomy, `survey/taxonomy.yaml` (TEMPORARY bridge to normalise.terms)."""

from __future__ import annotations

from pipeline.normalise.terms import Category, Taxonomy, load_taxonomy
from pipeline.survey.yamlfile import YamlDoc


def taxonomy_from(doc: YamlDoc) -> Taxonomy:
    return load_taxonomy(doc.path.parent)


__all__ = ["Category", "Taxonomy", "taxonomy_from"]
