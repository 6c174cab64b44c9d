"""Fixtures for grader tests; the recordings themselves live in grader_recordings.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from grader_recordings import (
    BACKEND_LOG,
    EXERCISE_START,
    FIXTURES,
    LAB_START,
    NOW,
    ContextFactory,
    container,
    health_probe,
    sealed_copy,
)

from grader.context import CheckContext
from labs.core import constants
from labs.core.state import ExerciseState, LabState
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    return ws


@pytest.fixture
def state() -> LabState:
    return LabState(
        lab="day2",
        scenario_file="scenarios/day2.yaml",
        started_at=LAB_START,
        seed=7,
        exercises={"ex": ExerciseState(started_at=EXERCISE_START)},
        active_exercise="ex",
    )


@pytest.fixture
def evidence() -> FakeHost:
    """A healthy lab where the backend was restarted during the exercise and MySQL was not."""
    return FakeHost(
        containers={
            constants.BACKEND_CONTAINER: container(
                "healthy", "backend", datetime(2026, 11, 27, 18, 6, tzinfo=UTC)
            ),
            constants.MYSQL_CONTAINER: container(
                "healthy", "mysql", datetime(2026, 11, 27, 17, 59, tzinfo=UTC)
            ),
        },
        container_logs={constants.BACKEND_CONTAINER: BACKEND_LOG},
        health_probe=health_probe(),
    )


@pytest.fixture
def make_ctx(workspace: Workspace, state: LabState, evidence: FakeHost) -> ContextFactory:
    def build(
        timeline: str | None = None,
        source: FakeHost | None = None,
        lab_state: LabState | None = None,
    ) -> CheckContext:
        if timeline is not None:
            sealed_copy(FIXTURES / "timeline" / timeline, workspace.timeline_dir)
        return CheckContext.local(
            workspace, lab_state or state, source or evidence, now=NOW, exercise_id="ex"
        )

    return build
