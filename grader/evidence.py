"""Typed evidence the checks read: docker inspect, logs, HTTP health, SQL, commands.

Models follow python-on-whales: snake_case fields parsed from Docker's PascalCase
JSON, only the fields the grader needs, all optional. Checks never call Docker
themselves; they ask an EvidenceSource, so unit tests can replay recorded evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_pascal

_NEVER = datetime(1, 1, 1).year  # Docker's "0001-01-01T00:00:00Z" means "never"


class DockerModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_pascal, populate_by_name=True, extra="ignore")


class HealthLogEntry(DockerModel):
    start: datetime | None = None
    end: datetime | None = None
    exit_code: int | None = None
    output: str | None = None


class ContainerHealth(DockerModel):
    status: str | None = None
    failing_streak: int | None = None
    log: list[HealthLogEntry] = []


class ContainerStateModel(DockerModel):
    status: str | None = None
    running: bool | None = None
    restarting: bool | None = None
    exit_code: int | None = None
    pid: int | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    health: ContainerHealth | None = None


class ContainerConfig(DockerModel):
    image: str | None = None
    env: list[str] | None = None
    labels: dict[str, str] | None = None


class ContainerInfo(DockerModel):
    """One element of `docker inspect` for a container."""

    id: str
    name: str
    restart_count: int = 0
    state: ContainerStateModel = ContainerStateModel()
    config: ContainerConfig = ContainerConfig()

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def clean_name(self) -> str:
        return self.name.lstrip("/")

    @property
    def health_status(self) -> str | None:
        return self.state.health.status if self.state.health else None

    @property
    def started_at(self) -> datetime | None:
        started = self.state.started_at
        return started if started and started.year > _NEVER else None

    def env(self) -> dict[str, str]:
        pairs = (item.partition("=") for item in self.config.env or [])
        return {key: value for key, _, value in pairs}


class HealthComponent(BaseModel):
    status: str


class HealthBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: str
    components: dict[str, HealthComponent] = {}


class HealthProbe(BaseModel):
    """One GET of /actuator/health as the grader saw it."""

    url: str
    http_status: int | None = None
    body: HealthBody | None = None
    error: str | None = None
    elapsed_ms: float = 0.0


class CommandResult(BaseModel):
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str = ""
    timed_out: bool = False
    elapsed_ms: float = 0.0


class HostFacts(BaseModel):
    """Facts about the lab host a trainee's captured output must agree with."""

    hostname: str
    username: str
    docker_server_version: str | None = None
    lab_home_mount: str  # mount point of the filesystem holding $LAB_HOME


SqlRows = list[list[str]]


class EvidenceSource(Protocol):
    """Where evidence comes from: the live host, or a recording in tests."""

    def inspect(self, names: Sequence[str]) -> dict[str, ContainerInfo]: ...

    def logs(self, name: str) -> str: ...

    def health(self, url: str, timeout: float) -> HealthProbe: ...

    def sql(self, query: str) -> SqlRows: ...

    def run(
        self, argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> CommandResult: ...

    def host(self, lab_home: Path) -> HostFacts: ...


# `docker logs --timestamps` prints RFC3339NanoFixed (always 9 digits); Spring's own
# timestamp has 3, so only Docker's prefix is removed.
_DOCKER_TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(?:Z|[+-]\d\d:\d\d) ")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def normalize_log_line(line: str) -> str:
    """A log line without Docker's --timestamps prefix, colour codes or trailing blanks."""
    return _DOCKER_TS.sub("", _ANSI.sub("", line)).rstrip()


def has_token(text: str, token: str) -> bool:
    """The token appears on its own (so "42" is not found inside "142")."""
    return re.search(rf"(?<![\w.-]){re.escape(token)}(?![\w-])", text) is not None


def log_line_set(text: str) -> set[str]:
    return {norm for line in text.splitlines() if (norm := normalize_log_line(line))}


class EvidenceError(Exception):
    """The system could not answer (container gone, MySQL down): the check cannot pass."""
