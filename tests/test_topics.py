"""Topics to learn about after "om" (`pipeline/normalise/topics.py`, term set
`topics.yaml`).

Every case is written for these tests (none is taken from the analysts' examples or the
evaluation sets).
"""

from __future__ import annotations

import pytest

from tests.coding import code


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Diabetesskole på nettet for nydiagnosticerede", "patientuddannelse"),
        ("Lungeskole via nettet", "patientuddannelse"),
        ("Rygeafvænning og hjerteskole med fysisk fremmøde", ""),
    ],
)
def test_school_on_the_net_is_patient_education(coder, text, expected):
    assert code(coder, text).joined == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # what follows "om" after a medium is a topic to learn about
        ("Hjemmeside med film om medicin og kost ved hjertesvigt", "patientuddannelse"),
        ("Online forløb med videoer om, hvordan man bruger sin inhalator", "patientuddannelse"),
        # ... unless the medium reminds, or "om" tells the time
        ("En app der minder borgeren om at tage sin medicin", "medicin"),
        ("Videotræning tre gange om ugen", "traening"),
    ],
)
def test_topics_after_om_are_learning_not_purposes(coder, text, expected):
    assert code(coder, text).joined == expected
