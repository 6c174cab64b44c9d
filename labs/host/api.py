"""The contract between the lab and the live system.

Faults get a Host through FaultContext, checks through CheckContext, the session and
the observer through their constructors. `LiveHost` (labs/host/live.py) is the real
one; `FakeHost` (labs/host/fake.py) is a small simulation for unit tests. Nothing
outside labs/host may reach Docker, HTTP, MySQL or a subprocess any other way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from labs.core.backups import DataState
from labs.host.data import RestoreProbe
from labs.host.models import (
    CommandResult,
    ContainerInfo,
    ExecResult,
    HealthProbe,
    HostFacts,
    HttpAnswer,
    MemoryUse,
    PortHolder,
    SqlRows,
)
from labs.host.trial import Trial

JsonBody = dict[str, Any] | None


class HttpSession(Protocol):
    """Requests that share a cookie jar (the backend's JWT cookie after a login)."""

    def request(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer: ...


class Host(Protocol):
    # --- Docker engine -------------------------------------------------------------
    def engine_version(self) -> str | None: ...

    def inspect(self, names: Sequence[str]) -> dict[str, ContainerInfo]: ...

    def container(self, name: str) -> ContainerInfo | None: ...

    def logs(self, name: str, *, since: datetime | None = None, tail: int | None = None) -> str: ...

    def exec(
        self, name: str, argv: Sequence[str], *, detach: bool = False, timeout: float = 60
    ) -> ExecResult: ...

    def signal(self, name: str, signal: str) -> None: ...

    def stop(self, name: str, *, timeout: int = 5) -> None: ...

    def start(self, name: str) -> None: ...

    def restart(self, name: str, *, timeout: int = 3) -> None: ...

    def remove_labelled(self, label: str) -> int: ...

    def port_holders(self, ports: Sequence[int]) -> list[PortHolder]: ...

    def port_processes(self, port: int) -> list[PortHolder]: ...

    def image_exists(self, ref: str) -> bool: ...

    def memory(self, name: str) -> MemoryUse | None: ...

    def events(
        self, containers: Sequence[str], since: datetime, until: datetime
    ) -> Iterator[dict[str, Any]]: ...

    def copy_out(self, name: str, argv: Sequence[str], target: Path) -> ExecResult: ...

    def copy_in_and_run(
        self, name: str, source: Path, argv: Sequence[str], *, timeout: float = 300
    ) -> ExecResult: ...

    # --- Compose (CLI only: it has no API) ---------------------------------------------
    def compose(
        self, project_dir: Path, *args: str, timeout: float = 300, check: bool = True
    ) -> CommandResult: ...

    # --- HTTP ------------------------------------------------------------------------
    def health(self, timeout: float) -> HealthProbe: ...

    def http(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer: ...

    def http_session(self) -> AbstractContextManager[HttpSession]: ...

    def upload(
        self,
        path: str,
        filename: str,
        content: bytes,
        *,
        login: JsonBody = None,
        content_type: str = "application/pdf",
        timeout: float = 10.0,
    ) -> HttpAnswer:
        """A multipart/form-data POST with one part named `file`, as the frontend sends it,
        after logging in with `login` (the login's answer when that fails)."""
        ...

    # --- MySQL -------------------------------------------------------------------------
    def sql(self, query: str, *, timeout: float = 20) -> SqlRows: ...

    def mysql_connection(self) -> Any: ...

    # --- Backups (Día 3) ------------------------------------------------------------------
    def table_stats(self, database: str | None = None) -> DataState: ...

    def restore_probe(self, dump: Path) -> RestoreProbe: ...

    def read_crontab(self) -> str: ...

    def tmp_exports(self, pattern: str, since: float) -> list[Path]:
        """The trainee's files in /tmp matching `pattern`, written since `since` (epoch s),
        newest first, at most 10: as paths the grader can read on this machine."""
        ...

    def write_crontab(self, text: str) -> None: ...

    def mount_image(self, image: Path, size_mb: int, target: Path) -> None: ...

    def unmount_image(self, target: Path, image: Path) -> None: ...

    def mounted(self, target: Path) -> bool: ...

    def disk_use(self, path: Path) -> tuple[int, int, int]: ...

    def mount_over(
        self, image: Path, size_mb: int, root: Path, passthrough: Sequence[str]
    ) -> None: ...

    def unmount_over(self, root: Path, image: Path, passthrough: Sequence[str]) -> None: ...

    def over_mounted(self, root: Path, passthrough: Sequence[str]) -> bool: ...

    def mount_home_disk(self, image: Path, size_mb: int, root: Path) -> bool: ...

    def unmount_home_disk(self, root: Path) -> None: ...

    # --- Processes and the host itself -------------------------------------------------
    def run(
        self, argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> CommandResult: ...

    def facts(self, lab_home: Path) -> HostFacts: ...

    def trial(self, staging: Path) -> AbstractContextManager[Trial]:
        """Where a script prepared in `staging` runs: see labs/host/trial.py."""
        ...

    # --- Background processes the lab owns (Día 5's CI page and deploy runs) -----------
    def spawn(self, module: str, args: Sequence[str], log: Path) -> int: ...

    def process_alive(self, pid: int, module: str) -> bool: ...

    def terminate(self, pid: int, module: str) -> None: ...

    def get_url(self, url: str, *, timeout: float = 5.0) -> HttpAnswer: ...
