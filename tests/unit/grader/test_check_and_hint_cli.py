"""`lab check` and `lab hint` through the CLI, with recorded evidence instead of Docker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from grader_recordings import LAB_START
from typer.testing import CliRunner

from labs.cli.main import app
from labs.core.errors import NoLabRunning, UsageError
from labs.core.state import LabState, save_state
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost
from labs.scenario.load import shipped_scenarios

runner = CliRunner()


@pytest.fixture
def day1_home(
    workspace: Workspace, evidence: FakeHost, monkeypatch: pytest.MonkeyPatch
) -> Workspace:
    day1 = next(p for p in shipped_scenarios() if p.stem == "day1")
    save_state(
        workspace, LabState(lab="day1", scenario_file=str(day1), started_at=LAB_START, seed=7)
    )
    monkeypatch.setattr("labs.cli.session.live_host", lambda: evidence)
    return workspace


def test_check_prints_a_table_per_exercise_and_exits_1_while_work_is_missing(
    day1_home: Workspace,
) -> None:
    result = runner.invoke(app, ["check", "--home", str(day1_home.root)])
    assert result.exit_code == 1, result.output
    assert "p01-acceso" in result.output
    assert "Criterios del curso" in result.output
    assert (day1_home.results_dir / "latest.json").is_file()


def test_check_json_prints_the_results_document(day1_home: Workspace) -> None:
    result = runner.invoke(app, ["check", "--json", "--home", str(day1_home.root)])
    document = json.loads(result.output)
    assert document["lab"] == "day1"
    assert document["criteria"][0]["criterion"] == "operaciones"


def test_check_of_one_exercise_exits_0_when_that_exercise_passes(day1_home: Workspace) -> None:
    body = (
        '{"status":"UP","components":{"db":{"status":"UP"},'
        '"diskSpace":{"status":"UP"},"ping":{"status":"UP"}}}'
    )
    (day1_home.trainee_home / "practica04-health.json").write_text(body)
    result = runner.invoke(app, ["check", "p04-healthcheck", "--home", str(day1_home.root)])
    assert result.exit_code == 0, result.output
    assert "p01-acceso" not in result.output


def test_check_of_an_unknown_exercise_lists_the_real_ones(day1_home: Workspace) -> None:
    result = runner.invoke(app, ["check", "p99", "--home", str(day1_home.root)])
    assert isinstance(result.exception, UsageError)
    assert "p01-acceso" in (result.exception.fix or "")


def test_check_without_a_started_lab_says_how_to_start_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--home", str(tmp_path / "nada")])
    assert isinstance(result.exception, NoLabRunning)
    assert result.exception.exit_code == 2
    assert "lab start day1" in (result.exception.fix or "")


def test_hints_are_revealed_one_tier_at_a_time_and_cost_points(day1_home: Workspace) -> None:
    home = ["--home", str(day1_home.root)]
    first = runner.invoke(app, ["hint", "p02-contenedores", "--yes", *home])
    assert first.exit_code == 0
    assert "Pistas 1/3" in first.output
    assert "−0,25" in first.output
    second = runner.invoke(app, ["hint", "p02-contenedores", "--yes", *home])
    assert "Pistas 2/3" in second.output
    assert "−0,5." in second.output
    runner.invoke(app, ["hint", "p02-contenedores", "--yes", *home])
    fourth = runner.invoke(app, ["hint", "p02-contenedores", *home])
    assert "sin costo" in fourth.output
    ledger = json.loads(day1_home.hints_file.read_text())
    assert [r["tier"] for r in ledger["reveals"]] == [1, 2, 3]


def test_the_hint_cost_shows_up_in_the_next_check(day1_home: Workspace) -> None:
    runner.invoke(app, ["hint", "p01-acceso", "--yes", "--home", str(day1_home.root)])
    result = runner.invoke(app, ["check", "--json", "--home", str(day1_home.root)])
    p01 = next(e for e in json.loads(result.output)["exercises"] if e["id"] == "p01-acceso")
    assert p01["hints_used"] == 1
    assert p01["hint_cost"] == 0.25
