"""The extracts' fixed-width tables: columns line up, long labels wrap, nothing is cut."""

from __future__ import annotations

from pipeline.extracts.layout import LABEL, WIDTH, section_blocks


def section(label: str = "Genoptræning (SUL §140)") -> dict:
    return {
        "indicators": [
            {
                "title": "Andel kommuner med digitalt understøttet træning i drift",
                "n_national": 91,
                "n_region": 17,
                "rows": [
                    {
                        "label": label,
                        "marks": " –    –    ✓  ",
                        "region_pct": 65,
                        "national_pct": 62,
                        "note": False,
                    },
                    {
                        "label": "Rehabilitering (SEL §83a)",
                        "marks": " ✓    ✓    ✓  ",
                        "region_pct": None,
                        "national_pct": 36,
                        "note": False,
                    },
                ],
            },
            {
                "title": "Status for skærmbesøg: Hjemmeplejen",
                "n_national": 71,
                "n_region": None,
                "rows": [
                    {
                        "label": "Ikke besvaret",
                        "marks": "",
                        "region_pct": None,
                        "national_pct": None,
                        "note": True,
                    }
                ],
            },
        ]
    }


def test_columns_line_up_and_suppressed_cells_show_a_dash():
    head, first, second = section_blocks(section(), answered=True, years=[2017, 2018, 2019])
    assert head[0].text.startswith("Svar") and head[0].text.endswith("Regionen  Hele landet")
    title, row1, row2 = first
    assert title.kind == "title" and title.text.endswith("(n=91, i regionen n=17)")
    assert len(row1.text) == len(row2.text) == len(head[0].text) == WIDTH
    assert row1.text.endswith("65 pct.      62 pct.")
    assert row2.text.endswith("–      36 pct.")
    assert row1.text.index("65 pct.") == row2.text.index("–") - len("65 pct.") + 1
    assert [line.kind for line in second] == ["title", "note"]
    assert second[0].text.endswith("(n=71)")  # no regional n when it is hidden


def test_long_labels_wrap_instead_of_pushing_the_numbers():
    long = "Genoptræning og vedligeholdende træning efter serviceloven (SEL §86) " * 2
    _, first, _ = section_blocks(section(long), answered=True, years=[2018, 2019])
    rows = [line for line in first if line.kind == "row"]
    assert len(rows) >= 3
    assert all(len(line.text) <= LABEL for line in rows[:-2])
    assert rows[-2].text.endswith("62 pct.") and len(rows[-2].text) == WIDTH
    words = " ".join(" ".join(line.text[:LABEL].split()) for line in rows[:-1])
    assert " ".join(long.split()) in words


def test_non_respondent_table_has_only_the_national_column():
    head, first, _ = section_blocks(section(), answered=False, years=[2019])
    assert "Regionen" not in head[0].text and head[0].text.endswith("Hele landet")
    assert first[1].text.endswith("62 pct.") and "65 pct." not in first[1].text
