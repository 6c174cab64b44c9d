"""The hash recorded for a lab says which scenario ran: included fault files count too."""

from __future__ import annotations

import hashlib
from pathlib import Path

from labs.core.scenario import scenario_sha256
from labs.scenario.load import find_scenario

DAY = "id: dia\ninclude: [falla-a]\nexercises: []\n"
FAULT = "id: falla-a\nexercises: []\n"


def _lab(tmp_path: Path) -> tuple[Path, Path]:
    day = tmp_path / "dia.yaml"
    day.write_text(DAY, encoding="utf-8")
    fault = tmp_path / "fallas" / "falla-a.yaml"
    fault.parent.mkdir()
    fault.write_text(FAULT, encoding="utf-8")
    return day, fault


def test_a_file_without_includes_keeps_its_plain_sha256(tmp_path: Path) -> None:
    _, fault = _lab(tmp_path)
    assert scenario_sha256(fault) == hashlib.sha256(fault.read_bytes()).hexdigest()


def test_a_change_in_an_included_file_changes_the_including_labs_hash(tmp_path: Path) -> None:
    day, fault = _lab(tmp_path)
    before = scenario_sha256(day)
    assert before != hashlib.sha256(day.read_bytes()).hexdigest()
    fault.write_text(FAULT + "description: otra\n", encoding="utf-8")
    assert scenario_sha256(day) != before


def test_an_include_cycle_or_a_missing_include_does_not_hang_or_crash(tmp_path: Path) -> None:
    day, fault = _lab(tmp_path)
    fault.write_text(FAULT + "include: [dia, no-existe]\n", encoding="utf-8")
    assert len(scenario_sha256(day)) == 64


def test_day4s_hash_covers_its_fault_files() -> None:
    day4 = find_scenario("day4")
    assert scenario_sha256(day4) != hashlib.sha256(day4.read_bytes()).hexdigest()
