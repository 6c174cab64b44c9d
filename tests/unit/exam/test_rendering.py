"""Rendered for real: the certificate PDF through poppler, the class report in headless
chromium (Debian's), both offline. Skipped where the tools are not installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from exam_factory import exam_result

from labs.certs import certificate
from labs.certs.keys import init_keys, keydir, load_private
from labs.certs.signing import sign
from labs.exam.report import build_class_report

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")), reason="poppler-utils missing"
)
needs_chromium = pytest.mark.skipif(not shutil.which("chromium"), reason="chromium missing")


def _ink(pgm: Path) -> float:
    """Share of pixels that are not white in a binary PGM (P5) image."""
    data = pgm.read_bytes()
    fields = data.split(maxsplit=4)  # P5, width, height, maxval, pixels
    pixels = fields[4]
    return sum(1 for b in pixels if b < 200) / max(1, len(pixels))


@needs_poppler
def test_the_certificate_pdf_renders_with_the_trainees_name_and_code(tmp_path: Path) -> None:
    keys = keydir(tmp_path / "keys")
    init_keys(keys, "Carla Instructora")
    signed = sign(exam_result("José Cedeño"), load_private(keys))
    _, pdf_path = certificate.issue(signed, tmp_path)
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "José Cedeño" in text
    assert "Carla Instructora" in text
    assert certificate.code_of(signed) in text
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", str(pdf_path), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page*.pgm"))
    assert len(pages) == 1
    assert 0.005 < _ink(pages[0]) < 0.5  # not blank, not a black page


@needs_chromium
@needs_poppler
def test_the_class_report_renders_offline_in_headless_chromium(tmp_path: Path) -> None:
    page = build_class_report(
        [exam_result("Ana Zambrano"), exam_result("Beto Mendoza", percents=(40, 30, 20, 100))],
        tmp_path,
    )
    shot, printed = tmp_path / "report.png", tmp_path / "report.pdf"
    base = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    offline = ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
    for target in (f"--screenshot={shot}", f"--print-to-pdf={printed}"):
        subprocess.run(
            [*base, *offline, "--window-size=1100,1300", target, page.as_uri()],
            capture_output=True,
            timeout=60,
            check=True,
        )
    assert shot.stat().st_size > 20_000  # a page with tables and charts, not an empty one
    text = subprocess.run(
        ["pdftotext", str(printed), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Ana Zambrano",
        "Beto Mendoza",
        "Verificaciones más falladas",
        "p1-mysql-caido",
    ):
        assert expected in text
