"""The real host: the Docker engine (SDK), Compose (CLI), httpx and PyMySQL behind one face."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labs.core import constants as c
from labs.core.backups import DataState
from labs.host import compose as compose_cli
from labs.host import data, homedisk, http, loopfs, processes, shell, system, tmpfiles
from labs.host.api import HttpSession, JsonBody
from labs.host.data import RestoreProbe
from labs.host.engine import DockerEngine
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
from labs.host.trial import LocalTrial, Trial

if TYPE_CHECKING:
    from labs.host.mysql import ConnectionSettings


def _mysql() -> Any:
    # PyMySQL (and the crypto it loads) is imported by the first SQL question only:
    # most `lab check` runs never ask one.
    from labs.host import mysql

    return mysql


class LiveHost:
    """Reads and acts on the real system. Every call has a deadline."""

    def __init__(self, engine: DockerEngine | None = None) -> None:
        self.engine = engine or DockerEngine()
        self._mysql: ConnectionSettings | None = None

    # --- Docker engine -------------------------------------------------------------
    def engine_version(self) -> str | None:
        return self.engine.version()

    def inspect(self, names: Sequence[str]) -> dict[str, ContainerInfo]:
        return self.engine.inspect(names)

    def container(self, name: str) -> ContainerInfo | None:
        return self.engine.container(name)

    def logs(self, name: str, *, since: datetime | None = None, tail: int | None = None) -> str:
        return self.engine.logs(name, since=since, tail=tail)

    def exec(
        self, name: str, argv: Sequence[str], *, detach: bool = False, timeout: float = 60
    ) -> ExecResult:
        return self.engine.exec(name, argv, detach=detach, timeout=timeout)

    def signal(self, name: str, signal: str) -> None:
        self.engine.signal(name, signal)

    def stop(self, name: str, *, timeout: int = 5) -> None:
        self.engine.stop(name, timeout=timeout)

    def start(self, name: str) -> None:
        self.engine.start(name)

    def restart(self, name: str, *, timeout: int = 3) -> None:
        self.engine.restart(name, timeout=timeout)

    def remove_labelled(self, label: str) -> int:
        return self.engine.remove_labelled(label)

    def port_holders(self, ports: Sequence[int]) -> list[PortHolder]:
        return self.engine.port_holders(ports)

    def port_processes(self, port: int) -> list[PortHolder]:
        return system.port_processes(port)

    def image_exists(self, ref: str) -> bool:
        return self.engine.image_exists(ref)

    def memory(self, name: str) -> MemoryUse | None:
        return self.engine.memory(name)

    def events(
        self, containers: Sequence[str], since: datetime, until: datetime
    ) -> Iterator[dict[str, Any]]:
        return self.engine.events(containers, since, until)

    def copy_out(self, name: str, argv: Sequence[str], target: Path) -> ExecResult:
        return self.engine.copy_out(name, argv, target)

    def copy_in_and_run(
        self, name: str, source: Path, argv: Sequence[str], *, timeout: float = 300
    ) -> ExecResult:
        return self.engine.copy_in_and_run(name, source, argv, timeout=timeout)

    # --- Compose -----------------------------------------------------------------------
    def compose(
        self, project_dir: Path, *args: str, timeout: float = 300, check: bool = True
    ) -> CommandResult:
        return compose_cli.compose(project_dir, *args, timeout=timeout, check=check)

    # --- HTTP --------------------------------------------------------------------------
    def health(self, timeout: float) -> HealthProbe:
        return http.health(timeout)

    def http(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        return http.request(method, path, json=json, timeout=timeout)

    def http_session(self) -> AbstractContextManager[HttpSession]:
        return http.session()

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
        return http.upload(
            path, filename, content, login=login, content_type=content_type, timeout=timeout
        )

    # --- MySQL -------------------------------------------------------------------------
    def mysql_settings(self) -> ConnectionSettings:
        """Root on the published port, with the MySQL container's own password: right even
        when the trainee has edited the .env."""
        if self._mysql is None:
            info = self.engine.container(c.MYSQL_CONTAINER)
            env = info.env() if info else {}
            self._mysql = _mysql().ConnectionSettings(
                password=env.get("MYSQL_ROOT_PASSWORD", c.MYSQL_ROOT_PASSWORD),
                database=env.get("MYSQL_DATABASE", c.DATABASE_NAME),
            )
        return self._mysql

    def sql(self, query: str, *, timeout: float = 20) -> SqlRows:
        settings = self.mysql_settings().model_copy(update={"read_timeout": int(timeout)})
        return _mysql().query(settings, query)  # type: ignore[no-any-return]

    def mysql_connection(self) -> Any:
        return self.mysql_settings().open()

    # --- Backups -----------------------------------------------------------------------
    def table_stats(self, database: str | None = None) -> DataState:
        conn = self.mysql_connection()
        try:
            return data.table_stats(conn, database)
        finally:
            conn.close()

    def restore_probe(self, dump: Path) -> RestoreProbe:
        return data.restore_probe(dump)

    def read_crontab(self) -> str:
        return data.read_crontab()

    def tmp_exports(self, pattern: str, since: float) -> list[Path]:
        return tmpfiles.recent_files(tmpfiles.TMP, pattern, since)

    def write_crontab(self, text: str) -> None:
        data.write_crontab(text)

    def mount_image(self, image: Path, size_mb: int, target: Path) -> None:
        loopfs.mount_image(image, size_mb, target)

    def unmount_image(self, target: Path, image: Path) -> None:
        loopfs.unmount_image(target, image)

    def mounted(self, target: Path) -> bool:
        return loopfs.mounted(target)

    def disk_use(self, path: Path) -> tuple[int, int, int]:
        return system.disk_use(path)

    def mount_over(self, image: Path, size_mb: int, root: Path, passthrough: Sequence[str]) -> None:
        loopfs.mount_over(image, size_mb, root, list(passthrough))

    def unmount_over(self, root: Path, image: Path, passthrough: Sequence[str]) -> None:
        loopfs.unmount_over(root, image, list(passthrough))

    def over_mounted(self, root: Path, passthrough: Sequence[str]) -> bool:
        return loopfs.over_mounted(root, list(passthrough))

    def mount_home_disk(self, image: Path, size_mb: int, root: Path) -> bool:
        return homedisk.mount(image, size_mb, root)

    def unmount_home_disk(self, root: Path) -> None:
        homedisk.unmount(root)

    # --- Processes and the host itself -------------------------------------------------
    def run(
        self, argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> CommandResult:
        return shell.run_command(argv, cwd, env, timeout)

    @contextmanager
    def trial(self, staging: Path) -> Iterator[Trial]:
        yield LocalTrial(staging)

    def spawn(self, module: str, args: Sequence[str], log: Path) -> int:
        return processes.spawn_module(module, list(args), log)

    def process_alive(self, pid: int, module: str) -> bool:
        return processes.alive(pid, module.encode())

    def terminate(self, pid: int, module: str) -> None:
        processes.terminate(pid, module.encode())

    def get_url(self, url: str, *, timeout: float = 5.0) -> HttpAnswer:
        return http.get_url(url, timeout)

    def facts(self, lab_home: Path) -> HostFacts:
        mount = system.mount_point(lab_home)
        total, used, available = system.disk_use(mount)
        return HostFacts(
            hostname=system.hostname(),
            username=system.username(),
            docker_server_version=self.engine_version(),
            lab_home_mount=str(mount),
            lab_disk_total_bytes=total,
            lab_disk_used_bytes=used,
            lab_disk_available_bytes=available,
        )


@cache
def live_host() -> LiveHost:
    """One LiveHost per process: its engine connection is reused by every caller."""
    return LiveHost()
