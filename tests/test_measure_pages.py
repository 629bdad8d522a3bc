"""scripts/measure_pages.py: the empty share of each page of a PDF, measured from pixels."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def measure_pages():
    spec = importlib.util.spec_from_file_location(
        "measure_pages", ROOT / "scripts" / "measure_pages.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


PAGE = "@page { size: A4; margin: 24mm 25mm 22mm 25mm; }"
LINE = "<p style='margin:0; height:5mm'>Kommunerne har svaret om velfærdsteknologi.</p>"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    """Three A4 pages: full of text lines, a block filling the top 40 mm of 251, a blank one."""
    from weasyprint import HTML

    html = (
        f"<html><head><style>{PAGE} body {{ margin: 0; font-size: 10pt }}</style></head><body>"
        f"{LINE * 50}"
        "<div style='break-before: page; height: 40mm; background: #1f4e79'></div>"
        "<div style='break-before: page'></div></body></html>"
    )
    path = tmp_path_factory.mktemp("measure") / "three.pdf"
    HTML(string=html).write_pdf(path)
    return path


def test_each_page_gets_the_blank_share_of_its_text_area(measure_pages, pdf):
    pages = measure_pages.measure(pdf)
    assert [p.page for p in pages] == [1, 2, 3]
    full, top_block, blank = (p.empty for p in pages)
    assert full < 0.05  # the gaps between lines are not empty space
    assert top_block == pytest.approx(1 - 40 / 251, abs=0.03)
    assert blank == 1.0


def test_the_first_and_last_page_may_be_empty(measure_pages, pdf):
    pages = measure_pages.measure(pdf)
    assert [p.page for p in measure_pages.too_empty(pages, 0.40)] == [2]
    assert measure_pages.too_empty(pages, 0.90) == []


def test_the_command_prints_every_page_and_fails_on_an_empty_one(measure_pages, pdf, capsys):
    assert measure_pages.main([str(pdf)]) == 0
    assert measure_pages.main([str(pdf), "--max-empty", "40"]) == 1
    out = capsys.readouterr().out
    assert "page   2:  84" in out or "page   2:  83" in out or "page   2:  85" in out
    assert "page 2 is" in out and "page 3 is" not in out  # the last page may be empty
    assert measure_pages.main([str(pdf.with_name("missing.pdf"))]) == 2
