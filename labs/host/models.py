"""Typed views of the live system: docker inspect, HTTP health, SQL rows, commands.

Models follow python-on-whales: snake_case fields parsed from Docker's PascalCase
JSON, only the fields the lab needs, all optional.
"""

from __future__ import annotations

from datetime import datetime

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
    lab_disk_total_bytes: int | None = None  # that filesystem's size and use, as df sees it
    lab_disk_used_bytes: int | None = None
    lab_disk_available_bytes: int | None = None


class MemoryUse(BaseModel):
    """A container's memory as `docker stats` shows it (MEM USAGE / LIMIT)."""

    usage_bytes: int
    limit_bytes: int


SqlRows = list[list[str]]


class ExecResult(BaseModel):
    """A command run inside a container (`docker exec`)."""

    exit_code: int
    output: str


class HttpAnswer(BaseModel):
    """One HTTP exchange with the backend; status None when nothing answered."""

    status: int | None
    body: str = ""
    elapsed_ms: float = 0.0
    error: str | None = None


class PortHolder(BaseModel):
    """What holds a host port: a running container that publishes it, or a process."""

    port: int
    container: str = ""
    labels: dict[str, str] = {}
    process: str = ""  # a process listening on the port (as `ss -ltnp` names it)
    pid: int | None = None
