"""A Día 1 or Día 2 lab 'running' on a FakeHost, for CLI tests through typer's CliRunner."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from labs.core import constants as c
from labs.core.scenario import Scenario
from labs.core.state import ExerciseState, LabState, save_state
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost
from labs.host.models import ContainerInfo
from labs.scenario.load import declared_variables, find_scenario, load_scenario
from labs.scenario.variables import sample_values

START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def start_fake_lab(ws: Workspace, lab: str) -> tuple[LabState, Scenario]:
    """The state `lab start LAB` leaves behind, without Docker."""
    ws.ensure()
    path = find_scenario(lab)
    values = sample_values(declared_variables(path))
    scenario = load_scenario(path, values)
    state = LabState(lab=lab, scenario_file=str(path), started_at=START, seed=7, variables=values)
    live = scenario.exercises if scenario.progression == "together" else scenario.exercises[:1]
    for exercise in live:
        state.exercises[exercise.id] = ExerciseState(started_at=START)
        state.active_exercise = exercise.id
    save_state(ws, state)
    return state, scenario


def labelled(info: ContainerInfo, workspace: str) -> ContainerInfo:
    info.config.labels = {c.LABEL_MANAGED: "true", c.LABEL_WORKSPACE: workspace}
    return info


@pytest.fixture
def host(monkeypatch: pytest.MonkeyPatch) -> FakeHost:
    fake = FakeHost.healthy_stack()
    for module in ("labs.cli.session", "labs.cli.status", "labs.cli.doctor"):
        monkeypatch.setattr(f"{module}.live_host", lambda: fake)
    return fake


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "inatrace-lab")
