"""Solution steps run with LAB_HOME set; the state file round-trips."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from labs.core.errors import WorkspaceError
from labs.core.scenario import RunStep, Step, WriteFileStep
from labs.core.state import ExerciseState, LabState, load_state, save_state
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost
from labs.scenario.steps import StepFailedError, run_steps


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    return ws


def test_a_run_step_sees_lab_home_and_runs_in_the_chosen_directory(workspace: Workspace) -> None:
    steps = [
        RunStep(
            run='echo "$LAB_HOME" > "$LAB_HOME/home/usuario/where.txt"; pwd >> '
            '"$LAB_HOME/home/usuario/where.txt"',
            cwd="deploy_dir",
        )
    ]
    run_steps(steps, workspace, FakeHost())  # type: ignore[arg-type]
    lines = (workspace.trainee_home / "where.txt").read_text().split()
    assert lines == [str(workspace.root), str(workspace.deploy_dir)]


def test_a_failing_run_step_stops_with_its_output(workspace: Workspace) -> None:
    with pytest.raises(StepFailedError, match="código 3"):
        run_steps([RunStep(run="echo roto; exit 3")], workspace, FakeHost())  # type: ignore[list-item]


def test_a_step_may_accept_any_exit_code(workspace: Workspace) -> None:
    reports = run_steps([RunStep(run="exit 1", expect_exit=None)], workspace, FakeHost())  # type: ignore[list-item]
    assert reports[0].ok


def test_a_write_file_step_can_make_a_script_executable(workspace: Workspace) -> None:
    step = WriteFileStep(write_file="home/usuario/x.sh", content="#!/bin/sh\n", executable=True)
    run_steps([step], workspace, FakeHost())  # type: ignore[list-item]
    assert (workspace.trainee_home / "x.sh").stat().st_mode & 0o111


def test_steps_are_told_apart_by_their_action_key() -> None:
    adapter: TypeAdapter[Step] = TypeAdapter(Step)
    assert isinstance(adapter.validate_python({"run": "true"}), RunStep)
    assert isinstance(adapter.validate_python({"write_file": "a", "content": ""}), WriteFileStep)


def test_the_state_file_round_trips_and_ignores_fields_of_other_verbs(workspace: Workspace) -> None:
    started = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    state = LabState(
        lab="day2",
        scenario_file="/x/day2.yaml",
        started_at=started,
        seed=42,
        variables={"p10_user": "a@x.ec", "k": ["flyway"]},
        exercises={"p07": ExerciseState(started_at=started)},
        active_exercise="p07",
    )
    save_state(workspace, state)
    raw = workspace.state_file.read_text().replace('"seed": 42', '"seed": 42, "observer_pid": 1')
    workspace.state_file.write_text(raw)
    assert load_state(workspace) == state


def test_a_missing_state_file_says_how_to_start_a_lab(workspace: Workspace) -> None:
    with pytest.raises(WorkspaceError) as caught:
        load_state(workspace)
    assert "lab start day1" in (caught.value.fix or "")
