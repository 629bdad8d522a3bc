"""Categories' roles in the rules (`roles:` in survey/taxonomy.yaml) instead of slugs in Python.

The promise: renaming every slug in the YAML gives the same codings under the new names, and
a role the rules need is held by exactly one category, checked on load with the line.
"""

from __future__ import annotations

import csv
import io
import re
import tokenize
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from pipeline.errors import DefinitionError
from pipeline.normalise.classify import get_coder
from pipeline.normalise.coder import Coder
from pipeline.normalise.roles import RuleCategories
from pipeline.survey.taxonomy import ONE_CATEGORY_ROLES, ROLES, SHARED_ROLES, load_taxonomy
from tests.termsets import copy_termsets

ROOT = Path(__file__).resolve().parent.parent
SURVEY = ROOT / "survey"
NORMALISE = ROOT / "pipeline" / "normalise"


def _answers() -> list[tuple[str, str | None]]:
    """Every blind answer of tests/data (text, question context): realistic voices."""
    out = []
    for path in sorted((ROOT / "tests" / "data").glob("heldout_answers*.csv")):
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            out.append((row["text"], row.get("question") or None))
    return out


def _renamed(tmp_path: Path, name) -> tuple[Path, dict[str, str]]:
    """A copy of the taxonomy with every slug renamed by `name(index, slug)`, everywhere the
    YAML names it (the category and the question contexts)."""
    data = yaml.safe_load((SURVEY / "taxonomy.yaml").read_text(encoding="utf-8"))
    slugs = sorted(c["slug"] for c in data["categories"])
    new = {s: name(i, len(slugs)) for i, s in enumerate(slugs)}
    for c in data["categories"]:
        c["slug"] = new[c["slug"]]
    for kinds in data["contexts"].values():
        for kind, slug in (kinds or {}).items():
            kinds[kind] = new[slug]
    (tmp_path / "taxonomy.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    copy_termsets(tmp_path)
    return tmp_path, new


def _back(text: str, new: dict[str, str]) -> str:
    old = {v: k for k, v in new.items()}
    return re.sub(r"\bzz_[a-z]+\b", lambda m: old.get(m.group(), m.group()), text)


@pytest.fixture(scope="module")
def original():
    coder = get_coder(SURVEY)
    return [coder.code(t, c) for t, c in _answers()]


def test_renaming_every_slug_keeps_every_coding(tmp_path, original):
    # same alphabetical order, so categories and evidence must match word for word
    folder, new = _renamed(tmp_path, lambda i, n: "zz_" + chr(ord("a") + i))
    coder = Coder(load_taxonomy(folder))
    answers = _answers()
    assert len(answers) > 2000
    renamed = [coder.code(t, c) for t, c in answers]
    for (text, _), a, b in zip(answers, original, renamed, strict=True):
        assert (
            a.categories,
            a.confidence,
            a.needs_review,
            a.evidence,
        ) == (
            tuple(_back(s, new) for s in b.categories),
            b.confidence,
            b.needs_review,
            _back(b.evidence, new),
        ), text


def test_renaming_in_reverse_order_keeps_categories_and_doubts(tmp_path, original):
    # the new names sort the other way round: nothing may depend on the order of slugs
    folder, new = _renamed(tmp_path, lambda i, n: "zz_" + chr(ord("a") + n - 1 - i))
    coder = Coder(load_taxonomy(folder))
    answers = _answers()[::4]  # a quarter is enough here: the test above reads them all
    renamed = [coder.code(t, c) for t, c in answers]
    for (text, _), a, b in zip(answers, original[::4], renamed, strict=True):
        assert (set(a.categories), a.confidence, a.needs_review) == (
            {_back(s, new) for s in b.categories},
            b.confidence,
            b.needs_review,
        ), text


def test_no_python_file_of_the_coder_spells_a_slug():
    """Not as a string, nor inside an f-string or regular expression. Triple-quoted strings
    are prose and word lists ("film om medicin og kost"), not names of categories."""
    slugs = load_taxonomy(SURVEY).slugs
    as_word = re.compile(r"(?<![a-zæøå_])(?:" + "|".join(slugs) + r")(?![a-zæøå_])")
    found = []
    for path in sorted(NORMALISE.glob("*.py")):
        with path.open("rb") as f:
            for tok in tokenize.tokenize(f.readline):
                quoted = tok.string.lstrip("rbfuRBFU")
                if tok.type != tokenize.STRING or quoted[:3] in ('"""', "'''"):
                    continue
                if as_word.search(re.sub(r"\\[A-Za-z]", " ", quoted)):  # r"\bmedicin\b" too
                    found.append(f"{path.name}:{tok.start[0]} {tok.string}")
    assert found == []


def test_every_role_is_looked_up_and_documented():
    assert {f.name for f in fields(RuleCategories)} == set(ROLES)
    header = (SURVEY / "taxonomy.yaml").read_text(encoding="utf-8").split("\ncategories:")[0]
    for role in ROLES:
        assert re.search(rf"^#\s+{role}\s", header, re.M), role
    for role in ONE_CATEGORY_ROLES:
        assert re.search(rf"^#\s+{role}\s+\(one\)", header, re.M), role
    for role in SHARED_ROLES:
        assert not re.search(rf"^#\s+{role}\s+\(one\)", header, re.M), role


def test_the_shipped_taxonomy_gives_each_single_role_to_one_category():
    taxonomy = load_taxonomy(SURVEY)
    roles = RuleCategories.of(taxonomy)
    assert {getattr(roles, r) for r in ONE_CATEGORY_ROLES} <= set(taxonomy.slugs)
    assert len({getattr(roles, r) for r in ONE_CATEGORY_ROLES}) == len(ONE_CATEGORY_ROLES)


def _category(slug: str, roles: list[str], term: str) -> dict:
    return {
        "slug": slug,
        "label": slug.title(),
        "description": "Noget",
        "examples": ["Noget"],
        "terms": [term],
        "roles": roles,
    }


def _write(tmp_path: Path, categories: list[dict]) -> Path:
    text = yaml.safe_dump({"categories": categories}, allow_unicode=True, sort_keys=False)
    (tmp_path / "taxonomy.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _roles_lines(tmp_path: Path, occurrence: int) -> range:
    """The lines of the n-th category's `roles:` key and its first entry."""
    lines = (tmp_path / "taxonomy.yaml").read_text(encoding="utf-8").splitlines()
    at = [n for n, line in enumerate(lines, start=1) if "roles:" in line][occurrence]
    return range(at, at + 2)


def test_unknown_role_names_the_category_and_line(tmp_path):
    _write(tmp_path, [_category("seng", [*ONE_CATEGORY_ROLES, "skaermbesog"], "plejeseng")])
    with pytest.raises(DefinitionError) as info:
        load_taxonomy(tmp_path)
    err = info.value
    assert "unknown role 'skaermbesog'" in err.message and "'seng'" in err.message
    assert err.column == "roles"
    assert err.row in _roles_lines(tmp_path, 0)


def test_a_single_role_held_twice_names_both_and_the_second_line(tmp_path):
    _write(
        tmp_path,
        [
            _category("seng", list(ONE_CATEGORY_ROLES), "plejeseng"),
            _category("medicin", ["medicine"], "dosisrobot"),
        ],
    )
    with pytest.raises(DefinitionError) as info:
        load_taxonomy(tmp_path)
    err = info.value
    assert "'medicine'" in err.message and "'seng' and 'medicin'" in err.message
    assert err.file.endswith("taxonomy.yaml")
    assert err.column == "roles"
    assert err.row in _roles_lines(tmp_path, 1)


def test_a_single_role_held_by_none_is_an_error(tmp_path):
    roles = [r for r in ONE_CATEGORY_ROLES if r != "social"]
    _write(tmp_path, [_category("seng", roles, "plejeseng")])
    with pytest.raises(DefinitionError, match="no category has the role 'social'") as info:
        load_taxonomy(tmp_path)
    assert info.value.file.endswith("taxonomy.yaml") and info.value.row == 1


def test_shared_roles_may_be_held_by_none_or_many(tmp_path):
    _write(
        tmp_path,
        [
            _category("seng", [*ONE_CATEGORY_ROLES, "online_purpose"], "plejeseng"),
            _category("medicin", ["online_purpose"], "dosisrobot"),
        ],
    )
    taxonomy = load_taxonomy(tmp_path)
    assert taxonomy.slugs_with_role("online_purpose") == {"seng", "medicin"}
    assert taxonomy.slugs_with_role("own_alarm") == frozenset()
    assert taxonomy.slug_with_role("medicine") == "seng"
    with pytest.raises(KeyError):
        taxonomy.slug_with_role("online_purpose")
