"""LabSession on FakeHost: exercises come alive, always revert, move on, and are graded.

`start` and `reset` are not here: they build images and seed MySQL outside the host
layer (see LabSession.bring_up and seed.seed_database), so they need a real engine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import grader
from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.scenario import Exercise
from labs.core.state import LabState, load_state, save_state, utc_now
from labs.core.workspace import Workspace
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.stop_service import StopService
from labs.host.fake import FakeHost
from labs.reporting import QuietReporter
from labs.scenario.load import validate_file
from labs.session import LabSession

SCENARIO = """\
id: secuencial
title: Escenario secuencial
version: 1.0.0
description: Dos ejercicios, uno tras otro.
progression: sequential
exercises:
- id: mysql-caido
  title: MySQL caído
  brief: El backend responde DOWN.
  faults:
  - kind: stop-service
    service: mysql
  checks:
  - id: backend-sano
    kind: backend-healthy
    criterion: operaciones
    weight: 2
  solution:
  - run: docker compose start mysql
    cwd: deploy_dir
- id: backend-caido
  title: Backend caído
  brief: El backend no responde.
  faults:
  - kind: stop-service
    service: backend
  checks:
  - id: backend-corriendo
    kind: container-state
    criterion: operaciones
    weight: 1
    service: backend
  solution:
  - run: docker compose start backend
    cwd: deploy_dir
"""
FIRST, SECOND = "mysql-caido", "backend-caido"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A started lab: the workspace, its scenario file and a state file with no exercise yet."""
    scenario_file = tmp_path / "secuencial.yaml"
    scenario_file.write_text(SCENARIO)
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    state = LabState(
        lab="secuencial", scenario_file=str(scenario_file), started_at=utc_now(), seed=7
    )
    save_state(ws, state)
    return ws


@pytest.fixture
def host() -> FakeHost:
    return FakeHost.healthy_stack()


@pytest.fixture
def session(workspace: Workspace, host: FakeHost) -> LabSession:
    return LabSession(workspace, host, QuietReporter())


def exercise(session: LabSession, exercise_id: str) -> Exercise:
    found = session.scenario.exercise(exercise_id)
    assert found is not None
    return found


def records(ws: Workspace) -> list[str]:
    return sorted(p.stem for p in (ws.state_dir / "faults").glob("*.json"))


def mysql_running(host: FakeHost) -> bool:
    return bool(host.containers[c.MYSQL_CONTAINER].state.running)


def test_the_test_scenario_is_valid(workspace: Workspace) -> None:
    _, problems = validate_file(Path(load_state(workspace).scenario_file))
    assert problems == []


def test_activating_an_exercise_injects_its_faults_proves_them_and_records_them(
    session: LabSession, host: FakeHost, workspace: Workspace
) -> None:
    before = utc_now()
    session.activate(exercise(session, FIRST))
    assert not mysql_running(host)
    assert host.health(2).http_status == 503
    state = load_state(workspace)
    assert state.active_exercise == FIRST
    assert state.exercises[FIRST].faults == [f"{FIRST}.0.stop-service"]
    assert state.exercises[FIRST].started_at >= before
    assert records(workspace) == [f"{FIRST}.0.stop-service"]
    assert isinstance(session.report, QuietReporter)
    assert session.report.proofs  # the proof is kept for the instructor's tools …
    shown = " ".join(session.report.notes)
    assert "stop-service" not in shown  # … and the trainee's notes never name the fault


@pytest.mark.parametrize(
    "interruption",
    [FaultNotLiveError("sigue corriendo"), KeyboardInterrupt()],
    ids=["not-live", "ctrl-c"],
)
def test_a_failure_while_activating_reverts_what_was_injected_and_raises_it(
    interruption: BaseException,
    session: LabSession,
    host: FakeHost,
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def verify_fails(self: StopService, ctx: FaultContext) -> str:
        raise interruption

    monkeypatch.setattr(StopService, "verify_injected", verify_fails)
    with pytest.raises(type(interruption)):
        session.activate(exercise(session, FIRST))
    assert ("stop", c.MYSQL_CONTAINER) in host.calls
    assert mysql_running(host)
    assert host.health(2).http_status == 200
    assert records(workspace) == []


def test_a_new_session_reverts_what_a_crashed_one_injected(
    workspace: Workspace, host: FakeHost
) -> None:
    crashed = LabSession(workspace, host)
    crashed.activate(exercise(crashed, FIRST))
    del crashed  # the process died: only the state file and the fault records are left
    LabSession(workspace, host).revert_all()
    assert mysql_running(host)
    assert host.health(2).http_status == 200
    assert records(workspace) == []


def test_next_grades_the_active_exercise_reverts_it_and_activates_the_following_one(
    session: LabSession, host: FakeHost, workspace: Workspace
) -> None:
    session.activate(exercise(session, FIRST))
    host.start(c.MYSQL_CONTAINER)  # the trainee's fix
    state = session.next()
    assert state.active_exercise == SECOND
    assert list(load_state(workspace).exercises) == [FIRST, SECOND]
    assert mysql_running(host)
    assert not host.containers[c.BACKEND_CONTAINER].state.running
    assert records(workspace) == [f"{SECOND}.0.stop-service"]
    document = grader.load_latest(workspace)
    assert document is not None
    graded = document.exercise(FIRST)
    assert graded is not None
    assert graded.passed
    assert graded.graded_while_active


def test_next_on_the_last_exercise_says_so_and_changes_nothing(
    session: LabSession, host: FakeHost
) -> None:
    session.activate(exercise(session, SECOND))
    mark = len(host.calls)
    with pytest.raises(LabError, match="último ejercicio"):
        session.next()
    assert host.calls[mark:] == []


def test_check_grades_the_live_system_through_the_host(session: LabSession, host: FakeHost) -> None:
    session.activate(exercise(session, FIRST))
    failing = session.check()
    assert not failing.passed
    [result] = [r for r in failing.checks if r.id == "backend-sano"]
    assert not result.passed
    assert "503" in result.message
    host.start(c.MYSQL_CONTAINER)  # the trainee's fix
    passing = session.check(only=FIRST)
    [result] = [r for r in passing.checks if r.id == "backend-sano"]
    assert result.passed
    assert result.evidence["http"] == "200"
