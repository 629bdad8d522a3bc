"""The public contract: `classify_file` CSV in -> CSV out, and its errors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from pipeline.errors import InputFileError
from pipeline.normalise.classify import OUTPUT_COLUMNS, classify_file, classify_texts
from pipeline.normalise.decisions import Decision, append_decisions, decisions_path
from pipeline.normalise.model import MIN_DECISIONS
from pipeline.normalise.text import text_hash
from tests.termsets import copy_termsets

SURVEY = Path(__file__).resolve().parent.parent / "survey"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _read(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "contract output has no BOM"
    return list(csv.DictReader(raw.decode("utf-8").splitlines()))


def test_output_format(tmp_path):
    src = _write(
        tmp_path / "in.csv",
        "id,question,text\n"
        'a1,mobilitet_fritekst,"Personløftere, vasketoiletter"\n'
        "a2,mobilitet_fritekst,-\n"
        'a3,prioritet_naeste_aar,"Skærmbesøg.\nIkke flere sensorgulve"\n'
        "a4,forebyggelse_kol,Apps\n"
        "a5,mobilitet_fritekst,Ikke alle plejecentre har loftlifte endnu\n",
    )
    out = tmp_path / "out" / "coded.csv"
    assert classify_file(src, out, SURVEY) == 5
    rows = _read(out)
    assert list(rows[0]) == OUTPUT_COLUMNS
    by_id = {r["id"]: r for r in rows}
    assert by_id["a1"]["categories"] == "hygiejne;mobilitet"
    assert by_id["a1"]["needs_review"] == "false"
    assert by_id["a1"]["evidence"] == "hygiejne: vasketoiletter; mobilitet: personløftere"
    assert by_id["a2"]["categories"] == ""
    assert by_id["a3"]["categories"] == "skaermbesoeg"
    # a plain negation is evidence, not doubt; one read less plainly is reviewed
    assert by_id["a3"]["needs_review"] == "false"
    assert "negeret: sensorgulve" in by_id["a3"]["evidence"]
    assert by_id["a5"]["needs_review"] == "true"
    assert by_id["a4"]["categories"] == "selvmonitorering"  # context tie-break
    assert by_id["a4"]["needs_review"] == "true"
    for r in rows:
        assert r["needs_review"] in ("true", "false")
        assert 0.0 <= float(r["confidence"]) <= 1.0
        assert r["categories"] == ";".join(sorted(filter(None, r["categories"].split(";"))))


def test_question_column_is_optional_and_bom_is_accepted(tmp_path):
    src = _write(tmp_path / "in.csv", "\ufefftext,id\nLoftlifte,x\n")
    out = tmp_path / "out.csv"
    classify_file(src, out, SURVEY)
    assert _read(out) == [
        {
            "id": "x",
            "categories": "mobilitet",
            "confidence": "0.95",
            "needs_review": "false",
            "evidence": "mobilitet: loftlifte",
        }
    ]


def _error(tmp_path, content: bytes) -> InputFileError:
    src = tmp_path / "in.csv"
    src.write_bytes(content)
    out = tmp_path / "out.csv"
    with pytest.raises(InputFileError) as info:
        classify_file(src, out, SURVEY)
    assert not out.exists(), "nothing is written on bad input"
    assert str(src) in str(info.value)
    return info.value


def test_non_utf8_input_names_the_row(tmp_path):
    err = _error(
        tmp_path, "id,text\n1,Loftlifte\n2,Vasketoiletter på plejecentret\n".encode("cp1252")
    )
    assert "not UTF-8" in err.message
    assert err.row == 3


def test_missing_text_column(tmp_path):
    err = _error(tmp_path, b"id,answer\n1,Loftlifte\n")
    assert err.message.startswith("missing column 'text'")
    assert err.column == "text"
    assert err.row == 1


def test_empty_file(tmp_path):
    assert _error(tmp_path, b"").message == "the file is empty"
    assert _error(tmp_path, b"  \n\n").message == "the file is empty"


def test_duplicate_and_empty_ids(tmp_path):
    err = _error(tmp_path, b"id,text\n1,Loftlifte\n1,Vasketoiletter\n")
    assert (err.row, err.column) == (3, "id")
    assert "appears twice" in err.message
    err = _error(tmp_path, b"id,text\n1,Loftlifte\n,Vasketoiletter\n")
    assert (err.row, err.column, err.message) == (3, "id", "empty id")


def test_row_with_too_many_fields(tmp_path):
    err = _error(tmp_path, b"id,text\n1,Loftlifte,extra\n")
    assert err.row == 2
    assert "3 fields" in err.message


def test_missing_input_file(tmp_path):
    with pytest.raises(InputFileError, match="file not found"):
        classify_file(tmp_path / "nope.csv", tmp_path / "out.csv", SURVEY)


def test_header_only_gives_header_only(tmp_path):
    src = _write(tmp_path / "in.csv", "id,text\n")
    out = tmp_path / "out.csv"
    assert classify_file(src, out, SURVEY) == 0
    assert out.read_text(encoding="utf-8").strip() == ",".join(OUTPUT_COLUMNS)


@pytest.fixture
def trained_survey(tmp_path):
    """A survey folder whose analysts coded "Kinect-spil" as sanse and "Zorbex" as medicin."""
    survey = tmp_path / "survey"
    survey.mkdir()
    shutil.copy(SURVEY / "taxonomy.yaml", survey / "taxonomy.yaml")
    copy_termsets(survey)
    texts = [(f"Kinect-spil til beboerne på afdeling {i}", ("sanse",)) for i in range(80)]
    texts += [(f"Zorbex hos borger nummer {i}", ("medicin",)) for i in range(80)]
    texts += [(f"Loftlifte i bolig {i}", ("mobilitet",)) for i in range(MIN_DECISIONS - 160)]
    append_decisions(
        decisions_path(survey),
        [
            Decision(2019, f"2019-101-q{i}", text_hash(t), t, cats, "AB", "2024-01-01")
            for i, (t, cats) in enumerate(texts)
        ],
    )
    return survey


def test_learned_model_flags_disagreement_and_suggests(trained_survey):
    kinect, zorbex, lift = classify_texts(
        ["Kinect-spil til beboerne", "Zorbex hos borgerne", "Loftlifte i eget hjem"],
        None,
        trained_survey,
    )
    assert kinect.categories == ("traening",)  # the rules stay primary
    assert kinect.needs_review and "model: +sanse" in kinect.evidence
    assert (zorbex.categories, zorbex.source, zorbex.needs_review) == (("medicin",), "model", True)
    assert lift.categories == ("mobilitet",) and not lift.needs_review


def test_learned_model_is_off_with_few_decisions(tmp_path):
    survey = tmp_path / "survey"
    survey.mkdir()
    shutil.copy(SURVEY / "taxonomy.yaml", survey / "taxonomy.yaml")
    copy_termsets(survey)
    append_decisions(
        decisions_path(survey),
        [Decision(2019, "2019-101-q", text_hash("Kinect"), "Kinect", ("sanse",), "AB", "2024")],
    )
    (coding,) = classify_texts(["Kinect-spil"], None, survey)
    assert "model" not in coding.evidence
