"""What the trainee can write is not believed: an edited results file is noticed and ignored,
and no check's answer reaches the trainee's copy of the results."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from grader.results import CheckResult, ResultsDocument, read_latest, trainee_view, write_results
from labs.core import seal
from labs.core.records import Records

AT = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _own_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(seal.KEY_ENV, str(tmp_path / "state"))


def _document() -> ResultsDocument:
    check = CheckResult(
        id="c1",
        kind="diagnosis",
        criterion="troubleshooting",
        exercise="ex",
        score=0.0,
        max=3.0,
        passed=False,
        status="failed",
        message="✗ causa correcta",
        evidence={"stated": "puerto-incorrecto"},
        expected={"causa correcta": "servicio-detenido"},
    )
    return ResultsDocument(
        lab="day4",
        scenario_file="day4.yaml",
        scenario_sha256="0" * 64,
        scenario_version="1",
        seed=7,
        home="/tmp/lab",
        started_at=AT,
        checked_at=AT,
        checks=[check],
        exercises=[],
        criteria=[],
        total_percent=0.0,
        passed=False,
    )


def test_a_results_file_the_lab_wrote_is_read_back(tmp_path: Path) -> None:
    records = Records(tmp_path / "records")
    write_results(records, _document())
    document, notice = read_latest(records)
    assert document is not None
    assert notice is None
    assert document.checks[0].id == "c1"


def test_a_results_file_edited_by_hand_is_ignored_with_a_notice(tmp_path: Path) -> None:
    records = Records(tmp_path / "records")
    write_results(records, _document())
    latest = records.results_dir / "latest.json"
    data = json.loads(latest.read_text())
    data["checks"][0].update(score=3.0, passed=True, status="passed")
    latest.write_text(json.dumps(data))
    document, notice = read_latest(records)
    assert document is None
    assert notice is not None
    assert "modificado" in notice


def test_a_results_file_sealed_with_another_key_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = Records(tmp_path / "records")
    monkeypatch.setenv(seal.KEY_ENV, str(tmp_path / "impostor"))
    write_results(records, _document())
    monkeypatch.setenv(seal.KEY_ENV, str(tmp_path / "state"))
    assert read_latest(records)[0] is None


def test_the_trainee_view_carries_no_expected_value() -> None:
    shown = trainee_view(_document())
    assert shown.checks[0].expected == {}
    assert "servicio-detenido" not in shown.model_dump_json()


def test_the_seal_key_is_made_private_outside_the_workspace(tmp_path: Path) -> None:
    seal.seal({"a": 1})
    key = tmp_path / "state" / seal.KEY_NAME
    assert key.is_file()
    assert key.stat().st_mode & 0o077 == 0


def test_a_chained_record_stops_believing_at_the_first_edited_line() -> None:
    previous = seal.CHAIN_START
    lines = []
    for n in range(4):
        line, previous = seal.chain_line({"n": n}, previous)
        lines.append(line)
    edited = json.loads(lines[2])
    edited["n"] = 99
    lines[2] = json.dumps(edited)
    found, broken = seal.read_chain(lines)
    assert [r["n"] for r in found] == [0, 1]
    assert broken == 3


def test_a_chained_record_missing_a_line_breaks_there() -> None:
    previous = seal.CHAIN_START
    lines = []
    for n in range(3):
        line, previous = seal.chain_line({"n": n}, previous)
        lines.append(line)
    found, broken = seal.read_chain([lines[0], lines[2]])
    assert [r["n"] for r in found] == [0]
    assert broken == 2


def test_a_last_line_cut_by_a_crash_is_not_tampering() -> None:
    line, _ = seal.chain_line({"n": 0}, seal.CHAIN_START)
    found, broken = seal.read_chain([line, '{"n": 1, "se'])
    assert len(found) == 1
    assert broken is None
