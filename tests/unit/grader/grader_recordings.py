"""Recorded evidence for grader tests (captured inspect, logs, timelines); no Docker."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from grader.context import CheckContext
from labs.core import constants, seal
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


def sealed_copy(source: Path, target: Path) -> None:
    """Recorded observer files as the observer writes them: each line sealed and chained
    (a line that does not parse stays, as a crash leaves it)."""
    target.mkdir(parents=True, exist_ok=True)
    for item in sorted(source.iterdir()):
        previous = seal.CHAIN_START
        out = []
        for line in item.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                out.append(line)
                continue
            sealed_line, previous = seal.chain_line(record, previous)
            out.append(sealed_line)
        (target / item.name).write_text("\n".join(out) + "\n")
