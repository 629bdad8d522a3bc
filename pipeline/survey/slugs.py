"""The category slugs an analyst's decision may name, read from a survey/ folder alone.

`survey/coding/decisions.csv` is read by the survey model's cross-check and by the coding
stages; both need the same answer to "is this a category?" without loading every survey file:
the taxonomy's slugs, the earlier ones `crosswalk.yaml` maps to them, and the code lists'
(`code_lists/*.yaml`, e.g. the benefits).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.survey.code_lists import FOLDER as CODE_LISTS
from pipeline.survey.code_lists import code_list_from
from pipeline.survey.crosswalk import crosswalk_from
from pipeline.survey.taxonomy import load_taxonomy
from pipeline.survey.yamlfile import read_yaml


def decision_slugs(survey: Path) -> frozenset[str] | None:
    """Every slug a decision may use in `survey`; None when the folder has no taxonomy."""
    if not (survey / "taxonomy.yaml").is_file():
        return None
    slugs = load_taxonomy(survey).slugs
    crosswalk = crosswalk_from(
        read_yaml(survey / "crosswalk.yaml", what="crosswalk", required=False), slugs
    )
    listed = [
        slug
        for file in sorted((survey / CODE_LISTS).glob("*.yaml"))
        for slug in code_list_from(read_yaml(file, what="code list"), file.stem).slugs
    ]
    return frozenset(slugs) | frozenset(crosswalk.mapping) | frozenset(listed)
