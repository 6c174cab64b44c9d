"""The instructor's class report: per trainee and criterion, slowest and most-failed, timelines."""

from __future__ import annotations

import csv
from pathlib import Path

from exam_factory import exam_result

from labs.exam.report import CSV_NAME, build_class_report


def test_the_report_has_every_trainee_their_criteria_and_a_timeline(tmp_path: Path) -> None:
    ana = exam_result("Ana Zambrano")
    beto = exam_result("Beto Mendoza", percents=(40, 30, 20, 100))
    ana.exercise_seconds = {"operaciones-ejercicio": 600.0}
    beto.exercise_seconds = {"operaciones-ejercicio": 1500.0}
    page = build_class_report([beto, ana], tmp_path)
    text = page.read_text()
    assert text.index("Ana Zambrano") < text.index("Beto Mendoza")
    assert "2 aprendices, 1 aprobados" in text
    assert "<svg" in text
    assert "backend caído" in text
    assert "caído 420 s, 2 reinicio(s)" in text
    assert "<script" not in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "1 de 2" in text  # Beto's check failed, Ana's passed on one criterion at least


def test_the_csv_has_one_row_per_trainee_with_pass_per_criterion(tmp_path: Path) -> None:
    build_class_report(
        [exam_result("Ana"), exam_result("Beto", percents=(40, 30, 20, 100))], tmp_path
    )
    rows = list(csv.DictReader((tmp_path / CSV_NAME).open()))
    assert [r["aprendiz"] for r in rows] == ["Ana", "Beto"]
    assert rows[0]["aprobado"] == "si"
    assert rows[1]["operaciones_aprobado"] == "no"
    assert rows[1]["documentacion_aprobado"] == "si"
