"""Evidence replayed from recordings: unit tests and dispute reviews use it, no Docker needed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from grader.evidence import CommandResult, ContainerInfo, HealthProbe, HostFacts, SqlRows
from grader.evidence_live import run_command


class RecordedEvidence(BaseModel):
    containers: dict[str, ContainerInfo] = {}
    container_logs: dict[str, str] = {}
    health_probe: HealthProbe | None = None
    sql_answers: dict[str, SqlRows] = {}
    host_facts: HostFacts = HostFacts(
        hostname="lab-host",
        username="usuario",
        docker_server_version="20.10.24",
        lab_home_mount="/",
    )

    def inspect(self, names: Sequence[str]) -> dict[str, ContainerInfo]:
        return {name: self.containers[name] for name in names if name in self.containers}

    def logs(self, name: str) -> str:
        return self.container_logs.get(name, "")

    def health(self, url: str, timeout: float) -> HealthProbe:
        return self.health_probe or HealthProbe(url=url, error="connection refused")

    def sql(self, query: str) -> SqlRows:
        if query not in self.sql_answers:
            raise RuntimeError(f"no recorded answer for {query!r}")
        return self.sql_answers[query]

    def run(
        self, argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> CommandResult:
        # The trainee's script is a file on disk: it still runs for real.
        return run_command(argv, cwd, env, timeout)

    def host(self, lab_home: Path) -> HostFacts:
        return self.host_facts


def load_inspect(path: Path, name: str | None = None) -> ContainerInfo:
    """Load a captured `docker inspect` file, optionally renaming the container."""
    info = ContainerInfo.model_validate(json.loads(path.read_text())[0])
    return info.model_copy(update={"name": "/" + name}) if name else info
