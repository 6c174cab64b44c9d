"""Recorded evidence for grader tests (captured inspect, logs, timelines); no Docker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from grader.context import CheckContext
from labs.core import constants
from labs.host.models import ContainerInfo, HealthBody, HealthComponent, HealthProbe
from labs.host.recordings import load_inspect

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


def health_probe(
    status: str = "UP",
    http: int | None = 200,
    ms: float = 12.0,
    components: dict[str, str] | None = None,
) -> HealthProbe:
    parts = components or {"db": "UP", "diskSpace": "UP", "ping": "UP"}
    body = HealthBody(
        status=status, components={k: HealthComponent(status=v) for k, v in parts.items()}
    )
    return HealthProbe(url=constants.HEALTH_URL, http_status=http, body=body, elapsed_ms=ms)
