"""A small simulation of the lab host for unit tests: no Docker, no network, no MySQL.

Two uses. Grader tests hand it recordings (captured `docker inspect`, logs, a health
answer, SQL answers) and read them back. Fault and session tests start from
`FakeHost.healthy_stack()` and act on it: stopping MySQL turns health into 503, SIGUSR1
hangs the backend until a restart, a recreate with a changed .env sends the backend
into a restart loop, a failed schema_version row crash-loops it until the row is
restored, a LOCK TABLES session shows in PROCESSLIST until KILLed. Every
action is appended to `calls`, so a test can also assert what was (not) done.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from labs.core import constants as c
from labs.core.backups import DataState
from labs.host import tmpfiles
from labs.host.api import JsonBody
from labs.host.data import RestoreProbe
from labs.host.errors import SqlError
from labs.host.models import (
    CommandResult,
    ContainerHealth,
    ContainerInfo,
    ContainerStateModel,
    ExecResult,
    HealthBody,
    HealthComponent,
    HealthProbe,
    HostFacts,
    HttpAnswer,
    MemoryUse,
    PortHolder,
    SqlRows,
)
from labs.host.shell import run_command
from labs.host.trial import LocalTrial, Trial

DEFAULT_FACTS = HostFacts(
    hostname="lab-host", username="usuario", docker_server_version="20.10.24", lab_home_mount="/"
)
LOGIN_PATH = "/api/user/login"


def running_container(name: str, service: str) -> ContainerInfo:
    return ContainerInfo(
        id=f"{abs(hash(name)):064x}"[:64],
        name="/" + name,
        state=ContainerStateModel(
            status="running",
            running=True,
            restarting=False,
            started_at=datetime.now(UTC),
            health=ContainerHealth(status="healthy"),
        ),
    )


class FakeHost:
    def __init__(
        self,
        *,
        containers: dict[str, ContainerInfo] | None = None,
        container_logs: dict[str, str] | None = None,
        health_probe: HealthProbe | None = None,
        sql_answers: dict[str, SqlRows] | None = None,
        host_facts: HostFacts = DEFAULT_FACTS,
    ) -> None:
        self.containers = dict(containers or {})
        self.container_logs = dict(container_logs or {})
        self.health_probe = health_probe
        self.sql_answers = dict(sql_answers or {})
        self.host_facts = host_facts
        self.memory_use: dict[str, MemoryUse] = {}
        self.calls: list[tuple[str, ...]] = []
        self.simulate = False
        # Host ports: containers that publish them, and processes that listen on them.
        self.published: list[PortHolder] = []
        self.listening: list[PortHolder] = []
        self.backend_mode = "up"  # up | hung | slow
        self.good_env: dict[str, str] | None = None
        self.lock_sessions: list[str] = []
        self.account_status: dict[str, str] = {}  # e-mail → User.status (ACTIVE if absent)
        self.failed_migration: str | None = None
        self.crash_cause: str | None = None  # why the backend loops: "flyway" | "env" | "access"
        self.release_bad = False  # TAG is the defective release: health UP, login 500
        self.app_password_changed = False  # ALTER USER gave the app's account another password
        self._log_lines: dict[str, list[tuple[datetime, str]]] = {}
        # Backups: table stats per database (None: the lab's), restores by file name, crontab.
        self.data: dict[str | None, DataState] = {}
        self.restores: dict[str, RestoreProbe] = {}
        self.crontab = ""
        self.tmp_dir = tmpfiles.TMP
        self.mounts: dict[Path, int] = {}  # loop filesystems: mount point → size in bytes
        self.home_images: set[Path] = set()  # the course home's disk images that exist
        self.upload_dir: Path | None = None  # where an upload lands (None: uploads fail)
        # Workspaces on a full-disk image → their folders that stay on the real disk.
        self.over_mounts: dict[Path, list[Path]] = {}
        self.upload_writable = True
        # Background processes (pid → module, args) and plain URLs that answer.
        self.spawned: dict[int, tuple[str, ...]] = {}
        self.urls: dict[str, HttpAnswer] = {}

    @classmethod
    def healthy_stack(cls) -> FakeHost:
        """Both containers running and healthy, and the simulation switched on."""
        host = cls(
            containers={
                name: running_container(name, service) for service, name in c.CONTAINERS.items()
            }
        )
        host.simulate = True
        return host

    # --- Docker engine -------------------------------------------------------------
    def engine_version(self) -> str | None:
        return self.host_facts.docker_server_version

    def inspect(self, names: Sequence[str]) -> dict[str, ContainerInfo]:
        return {name: self.containers[name] for name in names if name in self.containers}

    def container(self, name: str) -> ContainerInfo | None:
        return self.containers.get(name)

    def logs(self, name: str, *, since: datetime | None = None, tail: int | None = None) -> str:
        recorded = self.container_logs.get(name, "")
        lines = [text for when, text in self._log_lines.get(name, []) if not since or when >= since]
        return recorded + "".join(line + "\n" for line in lines)

    def exec(
        self, name: str, argv: Sequence[str], *, detach: bool = False, timeout: float = 60
    ) -> ExecResult:
        self.calls.append(("exec", name, *argv))
        if name not in self.containers or not self._running(name):
            return ExecResult(exit_code=-1, output=f"container {name} is not running")
        if self.simulate and any("LOCK TABLES" in part for part in argv):
            self.lock_sessions.append(str(100 + len(self.lock_sessions)))
        if self.simulate and any("inatrace_replica" in part for part in argv):
            # A second backend in the container: the first one holds the port.
            self._log("ERROR  Web server failed to start. Port 8080 was already in use.")
            return ExecResult(exit_code=1, output="")
        return ExecResult(exit_code=0, output="")

    def signal(self, name: str, signal: str) -> None:
        self.calls.append(("signal", name, signal))
        if name == c.BACKEND_CONTAINER:
            self.backend_mode = {"SIGUSR1": "hung", "SIGUSR2": "slow"}.get(
                signal, self.backend_mode
            )
            if self.backend_mode == "hung":
                # Docker's healthcheck times out a few times, then says so.
                self.containers[name].state.health = ContainerHealth(status="unhealthy")

    def stop(self, name: str, *, timeout: int = 5) -> None:
        self.calls.append(("stop", name))
        state = self.containers[name].state
        state.running, state.status, state.health = False, "exited", None

    def start(self, name: str) -> None:
        self.calls.append(("start", name))
        self._boot(name)

    def restart(self, name: str, *, timeout: int = 3) -> None:
        self.calls.append(("restart", name))
        self._boot(name)

    def remove_labelled(self, label: str) -> int:
        self.calls.append(("remove_labelled", label))
        removed = len(self.containers)
        self.containers.clear()
        return removed

    def port_holders(self, ports: Sequence[int]) -> list[PortHolder]:
        return [h for h in self.published if h.port in ports]

    def port_processes(self, port: int) -> list[PortHolder]:
        return [h for h in self.listening if h.port == port]

    def image_exists(self, ref: str) -> bool:
        return True

    def memory(self, name: str) -> MemoryUse | None:
        if not self._running(name):
            return None
        return self.memory_use.get(name, MemoryUse(usage_bytes=15 << 20, limit_bytes=24 << 30))

    def events(
        self, containers: Sequence[str], since: datetime, until: datetime
    ) -> Iterator[dict[str, Any]]:
        return iter(())

    def copy_out(self, name: str, argv: Sequence[str], target: Path) -> ExecResult:
        self.calls.append(("copy_out", name, *argv))
        target.write_bytes(b"")
        return ExecResult(exit_code=0, output="")

    def copy_in_and_run(
        self, name: str, source: Path, argv: Sequence[str], *, timeout: float = 300
    ) -> ExecResult:
        self.calls.append(("copy_in_and_run", name, source.name, *argv))
        return ExecResult(exit_code=0, output="")

    # --- Compose -----------------------------------------------------------------------
    def compose(
        self, project_dir: Path, *args: str, timeout: float = 300, check: bool = True
    ) -> CommandResult:
        self.calls.append(("compose", *args))
        services = [a for a in args if a in c.CONTAINERS]
        if self.simulate and args[:1] in (("restart",), ("up",)):
            for service in services or list(c.CONTAINERS):
                self._recreate(project_dir, service, fresh=args[0] == "up")
        return CommandResult(argv=["docker", "compose", *args], returncode=0, stdout="")

    # --- HTTP --------------------------------------------------------------------------
    def health(self, timeout: float) -> HealthProbe:
        if not self.simulate:
            return self.health_probe or HealthProbe(url=c.HEALTH_URL, error="connection refused")
        if not self._running(c.BACKEND_CONTAINER):
            return HealthProbe(url=c.HEALTH_URL, error="connection refused")
        if self.backend_mode == "hung":
            return HealthProbe(url=c.HEALTH_URL, error="timed out", elapsed_ms=timeout * 1000)
        db = "UP" if self._running(c.MYSQL_CONTAINER) else "DOWN"
        parts = _parts(db)
        if any(self.disk_use(root)[2] < DISK_THRESHOLD for root in self.over_mounts):
            parts["diskSpace"] = "DOWN"  # the backend's disk is the full data disk
        up = all(v == "UP" for v in parts.values())
        body = HealthBody(
            status="UP" if up else "DOWN",
            components={k: HealthComponent(status=v) for k, v in parts.items()},
        )
        slow = 2000.0 if self.backend_mode == "slow" else 8.0
        return HealthProbe(
            url=c.HEALTH_URL, http_status=200 if up else 503, body=body, elapsed_ms=slow
        )

    def http(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        self.calls.append(("http", method, path))
        if not self.simulate or not self._running(c.BACKEND_CONTAINER):
            return HttpAnswer(status=None, error="connection refused")
        if not self._running(c.MYSQL_CONTAINER):
            self._log(
                "ERROR  com.mysql.cj.jdbc.exceptions.CommunicationsException: "
                "Communications link failure"
            )
            return HttpAnswer(status=500)
        if path == LOGIN_PATH and self.release_bad:
            self._log("ERROR  IP: 127.0.0.1, exception: java.lang.NullPointerException")
            return HttpAnswer(status=500)
        if path == LOGIN_PATH:
            return self._login(str((json or {}).get("username", "")), (json or {}).get("password"))
        if "offset=-" in path:  # as the real handler logs an uncaught exception
            self._log(
                "ERROR  IP: 127.0.0.1, exception: java.lang.IllegalArgumentException,"
                " message: first-result value cannot be negative : -1"
            )
            return HttpAnswer(status=500)
        return HttpAnswer(status=200)

    def http_session(self) -> AbstractContextManager[FakeHost]:
        @contextmanager
        def session() -> Iterator[FakeHost]:
            yield self

        return session()

    def request(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        """A FakeHost is its own HTTP session (cookies do not matter here)."""
        return self.http(method, path, json=json, timeout=timeout)

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
        """The document lands in `upload_dir` when it is set and writable (as the backend's
        StorageService would); otherwise the backend's 500 "Error saving file"."""
        self.calls.append(("upload", path, filename))
        if not self.simulate or not self._running(c.BACKEND_CONTAINER):
            return HttpAnswer(status=None, error="connection refused")
        folder = self.upload_dir / "GENERAL" if self.upload_dir else None
        if folder is None or not self.upload_writable or not _backend_may_write(folder):
            self._log("ERROR  c.a.i.c.common.StorageService : Error writing file")
            self._log(
                "ERROR  DefaultControllerExceptionHandler : ApiException: ERROR Error saving file"
            )
            return HttpAnswer(
                status=500, body='{"status":"ERROR","errorMessage":"Error saving file"}'
            )
        target = folder / f"fake-{len(self.calls)}"
        target.write_bytes(content)
        return HttpAnswer(status=200, body='{"status":"OK","data":{"id":1}}')

    # --- MySQL -------------------------------------------------------------------------
    def sql(self, query: str, *, timeout: float = 20) -> SqlRows:
        self.calls.append(("sql", query))
        if query in self.sql_answers:
            return self.sql_answers[query]
        if not self.simulate:
            raise SqlError(f"no recorded answer for {query!r}")
        if not self._running(c.MYSQL_CONTAINER):
            raise SqlError("Can't connect to MySQL server on '127.0.0.1' (111)")
        if alter := re.fullmatch(r"ALTER USER '(.+)'@'%' IDENTIFIED BY '(.*)'", query):
            self._set_app_password(alter.group(2))
            return []
        return self._simulated_sql(query)

    def _set_app_password(self, password: str) -> None:
        self.app_password_changed = password != c.DATASOURCE_PASSWORD
        if not self.app_password_changed and self.crash_cause == "access":
            self._boot(c.BACKEND_CONTAINER)  # `restart: always`'s next try connects

    def mysql_connection(self) -> Any:
        raise SqlError("FakeHost has no MySQL server: use labs.host.scratch for a real one.")

    # --- Backups -----------------------------------------------------------------------
    def table_stats(self, database: str | None = None) -> DataState:
        self.calls.append(("table_stats", database or ""))
        if not self._running(c.MYSQL_CONTAINER) and self.simulate:
            raise SqlError("Can't connect to MySQL server on '127.0.0.1' (111)")
        return dict(self.data.get(database, {}))

    def restore_probe(self, dump: Path) -> RestoreProbe:
        """The recorded restore of a file name; an unrecorded file loads nothing."""
        self.calls.append(("restore_probe", dump.name))
        return self.restores.get(
            dump.name, RestoreProbe(ok=False, stage="load", error="no recorded restore")
        )

    def read_crontab(self) -> str:
        return self.crontab

    def tmp_exports(self, pattern: str, since: float) -> list[Path]:
        """The real helper, on a folder the test chooses (`tmp_dir`) instead of /tmp."""
        return tmpfiles.recent_files(self.tmp_dir, pattern, since)

    def write_crontab(self, text: str) -> None:
        self.calls.append(("write_crontab",))
        self.crontab = text

    def mount_image(self, image: Path, size_mb: int, target: Path) -> None:
        """No real mount: the folder's files are counted against the image's size."""
        self.calls.append(("mount_image", target.name, str(size_mb)))
        target.mkdir(parents=True, exist_ok=True)
        self.mounts[target] = size_mb << 20

    def unmount_image(self, target: Path, image: Path) -> None:
        self.calls.append(("unmount_image", target.name))
        self.mounts.pop(target, None)

    def mounted(self, target: Path) -> bool:
        return target in self.mounts

    def mount_over(self, image: Path, size_mb: int, root: Path, passthrough: Sequence[str]) -> None:
        """No real mount: everything under `root` counts against the image's size."""
        self.calls.append(("mount_over", root.name, str(size_mb)))
        self.mounts[root] = size_mb << 20
        self.over_mounts[root] = [root / rel for rel in passthrough]

    def unmount_over(self, root: Path, image: Path, passthrough: Sequence[str]) -> None:
        self.calls.append(("unmount_over", root.name))
        self.mounts.pop(root, None)
        self.over_mounts.pop(root, None)

    def over_mounted(self, root: Path, passthrough: Sequence[str]) -> bool:
        return root in self.over_mounts

    def mount_home_disk(self, image: Path, size_mb: int, root: Path) -> bool:
        """No real mount: the home counts as a filesystem of the image's size."""
        self.calls.append(("mount_home_disk", str(root), str(size_mb)))
        created = image not in self.home_images
        self.home_images.add(image)
        self.mounts[root] = size_mb << 20
        return created

    def unmount_home_disk(self, root: Path) -> None:
        self.calls.append(("unmount_home_disk", str(root)))
        self.mounts.pop(root, None)

    def disk_use(self, path: Path) -> tuple[int, int, int]:
        size = self.mounts.get(path)
        if size is None:
            return 100 << 30, 10 << 30, 90 << 30
        aside = self.over_mounts.get(path, [])
        used = sum(
            p.stat().st_size
            for p in path.rglob("*")
            if p.is_file() and not any(p.is_relative_to(a) for a in aside)
        )
        return size, used, max(size - used, 0)

    # --- Processes and the host itself -------------------------------------------------
    def run(
        self, argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> CommandResult:
        # The trainee's script is a file on disk: it still runs for real.
        return run_command(argv, cwd, env, timeout)

    def facts(self, lab_home: Path) -> HostFacts:
        return self.host_facts

    @contextmanager
    def trial(self, staging: Path) -> Iterator[Trial]:
        # Trainee scripts run for real, in the staging folder (as on the lab's own machine).
        yield LocalTrial(staging)

    def spawn(self, module: str, args: Sequence[str], log: Path) -> int:
        pid = 40000 + len(self.spawned)
        self.spawned[pid] = (module, *args)
        self.calls.append(("spawn", module, *args))
        return pid

    def process_alive(self, pid: int, module: str) -> bool:
        return pid in self.spawned and self.spawned[pid][0] == module

    def terminate(self, pid: int, module: str) -> None:
        if self.process_alive(pid, module):
            del self.spawned[pid]
            self.calls.append(("terminate", module, str(pid)))

    def get_url(self, url: str, *, timeout: float = 5.0) -> HttpAnswer:
        return self.urls.get(url, HttpAnswer(status=None, error="connection refused"))

    # --- the simulation ----------------------------------------------------------------
    def _running(self, name: str) -> bool:
        info = self.containers.get(name)
        return bool(info and info.state.running and not info.state.restarting)

    def _boot(self, name: str) -> None:
        info = self.containers[name]
        state = info.state
        state.started_at = datetime.now(UTC)
        if name == c.BACKEND_CONTAINER:
            self.backend_mode = "up"
            if self.app_password_changed:
                self._crash_loop(
                    info,
                    "SQLException: Access denied for user 'inatrace_test_fortaleza'@'172.18.0.3'"
                    " (using password: YES)",
                    cause="access",
                )
                return
            if self.failed_migration is not None:
                self._crash_loop(
                    info,
                    "FlywayException: Validate failed: Detected failed "
                    f"migration to version {self.failed_migration}",
                    cause="flyway",
                )
                return
            self.crash_cause = None
        state.running, state.restarting, state.status = True, False, "running"
        state.health = ContainerHealth(status="healthy")

    def _recreate(self, project_dir: Path, service: str, *, fresh: bool) -> None:
        name = c.CONTAINERS[service]
        env = _read_env(project_dir / ".env")
        if self.good_env is None:
            self.good_env = env
        if fresh:
            self.containers[name] = running_container(name, service)
        if service == "backend":
            bad_tags = {r.tag for r in c.RELEASES if r.bad}
            self.release_bad = env.get("TAG") in bad_tags
            # Every release starts fine (the defective one fails only at login): a deploy
            # or a rollback changes TAG alone.
            if env.get("TAG") in {r.tag for r in c.RELEASES}:
                env = {**env, "TAG": (self.good_env or {}).get("TAG", "")}
        if service == "backend" and env != self.good_env:
            self._crash_loop(self.containers[name], "Application run failed", cause="env")
            return
        self._boot(name)

    def _crash_loop(self, info: ContainerInfo, line: str, *, cause: str) -> None:
        self.crash_cause = cause
        info.restart_count += 1
        info.state.running, info.state.restarting, info.state.status = True, True, "restarting"
        info.state.health = ContainerHealth(status="starting")
        self._log(f"ERROR  {line}")

    def _login(self, user: str, password: object) -> HttpAnswer:
        """Like the real handler: an inactive account is refused before its password."""
        status = self.account_status.get(user, "ACTIVE")
        if status != "ACTIVE":
            self._log("WARN  ApiException: UNAUTHORIZED Not confirmed or disabled")
            return HttpAnswer(status=403)
        right = c.ADMIN_PASSWORD if user == c.ADMIN_EMAIL else c.SEED_PASSWORD
        if password == right:
            return HttpAnswer(status=200)
        self._log("WARN  ApiException: AUTH_ERROR Invalid credentials")  # no user, as for real
        return HttpAnswer(status=401)

    def _simulated_sql(self, query: str) -> SqlRows:
        if account := re.fullmatch(r"SELECT status FROM `User` WHERE email = '(.+)'", query):
            return [[self.account_status.get(account.group(1), "ACTIVE")]]
        if change := re.fullmatch(
            r"UPDATE `User` SET status = '(\w+)' WHERE email = '(.+)'", query
        ):
            self.account_status[change.group(2)] = change.group(1)
            return []
        if bulk := re.fullmatch(
            r"UPDATE `User` SET status = '(\w+)', updateTimestamp = NOW\(6\) "
            r"WHERE status = '(\w+)' AND email IN \((.+)\)",
            query,
        ):
            for email in re.findall(r"'([^']+)'", bulk.group(3)):
                if self.account_status.get(email, "ACTIVE") == bulk.group(2):
                    self.account_status[email] = bulk.group(1)
            return []
        if "PROCESSLIST" in query and "SLEEP" in query:
            return [[session] for session in self.lock_sessions]
        if kill := re.fullmatch(r"KILL (\d+)", query.strip()):
            if kill.group(1) not in self.lock_sessions:
                raise SqlError(f"Unknown thread id: {kill.group(1)}")
            self.lock_sessions.remove(kill.group(1))
            return []
        if query.startswith("SELECT MAX(installed_rank)"):
            return [["7"]]
        if update := re.match(r"UPDATE schema_version SET success = (\d)", query):
            self.failed_migration = None if update.group(1) == "1" else "2025.12.22.12.30"
            if self.failed_migration is None and self.crash_cause == "flyway":
                # `restart: always` keeps retrying: with the row restored the next try boots.
                # The engine does this, not the lab, so it is not recorded in `calls`.
                self._boot(c.BACKEND_CONTAINER)
            return []
        return []

    def _log(self, text: str) -> None:
        lines = self._log_lines.setdefault(c.BACKEND_CONTAINER, [])
        lines.append((datetime.now(UTC), text))


def _backend_may_write(folder: Path) -> bool:
    """Could the backend's user (uid/gid 1001, not root) create a file in `folder`?"""
    try:
        st = folder.stat()
    except OSError:
        return False
    if st.st_uid == BACKEND_UID:
        return st.st_mode & 0o300 == 0o300
    if st.st_gid == BACKEND_UID:
        return st.st_mode & 0o030 == 0o030
    return st.st_mode & 0o003 == 0o003


BACKEND_UID = 1001  # the replica's user
DISK_THRESHOLD = 10 << 20  # Spring's diskSpace threshold, as the lab's compose sets it


def _parts(db: str) -> dict[str, str]:
    return {"db": db, "diskSpace": "UP", "ping": "UP"}


def _read_env(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    pairs = (line.partition("=") for line in path.read_text().splitlines() if "=" in line)
    return {key.strip(): value for key, _, value in pairs if not key.startswith("#")}
