"""Recorded evidence for grader tests: captured `docker inspect`, logs, timelines. No Docker."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from grader.context import CheckContext
from grader.evidence import ContainerInfo, HealthBody, HealthComponent, HealthProbe
from grader.evidence_recorded import RecordedEvidence, load_inspect
from labs import constants
from labs.state import ExerciseState, LabState
from labs.workspace import Workspace

FIXTURES = Path(__file__).parents[2] / "fixtures"
LAB_START = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
EXERCISE_START = datetime(2026, 11, 27, 18, 5, tzinfo=UTC)
NOW = datetime(2026, 11, 27, 18, 10, tzinfo=UTC)
BACKEND_LOG = (FIXTURES / "logs" / "backend-docker-logs.txt").read_text()

ContextFactory = Callable[..., CheckContext]


def container(fixture: str, service: str, started_at: datetime | None = None) -> ContainerInfo:
    """A captured inspect, renamed to the lab's container and optionally restarted at a time."""
    info = load_inspect(FIXTURES / "inspect" / f"{fixture}.json", constants.CONTAINERS[service])
    if started_at is not None:
        info.state.started_at = started_at
    return info


def health_probe(status: str = "UP", http: int | None = 200, ms: float = 12.0,
                 components: dict[str, str] | None = None) -> HealthProbe:
    parts = components or {"db": "UP", "diskSpace": "UP", "ping": "UP"}
    body = HealthBody(status=status, components={k: HealthComponent(status=v)
                                                 for k, v in parts.items()})
    return HealthProbe(url=constants.HEALTH_URL, http_status=http, body=body, elapsed_ms=ms)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "lab")
    ws.ensure()
    return ws


@pytest.fixture
def state() -> LabState:
    return LabState(lab="day2", scenario_file="scenarios/day2.yaml", started_at=LAB_START, seed=7,
                    exercises={"ex": ExerciseState(started_at=EXERCISE_START)},
                    active_exercise="ex")


@pytest.fixture
def evidence() -> RecordedEvidence:
    """A healthy lab where the backend was restarted during the exercise and MySQL was not."""
    return RecordedEvidence(
        containers={
            constants.BACKEND_CONTAINER: container("healthy", "backend",
                                                   datetime(2026, 11, 27, 18, 6, tzinfo=UTC)),
            constants.MYSQL_CONTAINER: container("healthy", "mysql",
                                                 datetime(2026, 11, 27, 17, 59, tzinfo=UTC)),
        },
        container_logs={constants.BACKEND_CONTAINER: BACKEND_LOG},
        health_probe=health_probe(),
    )


@pytest.fixture
def make_ctx(workspace: Workspace, state: LabState, evidence: RecordedEvidence) -> ContextFactory:
    def build(timeline: str | None = None, source: RecordedEvidence | None = None,
              lab_state: LabState | None = None) -> CheckContext:
        if timeline is not None:
            for item in (FIXTURES / "timeline" / timeline).iterdir():
                shutil.copy(item, workspace.timeline_dir / item.name)
        return CheckContext(workspace, lab_state or state, source or evidence, now=NOW,
                            exercise_id="ex")
    return build
