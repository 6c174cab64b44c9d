"""A trainee's machine seen from the instructor's: the Host Protocol over one ssh connection.

Docker goes through the docker SDK on the trainee's engine socket, forwarded over ssh;
the backend and MySQL through forwarded sockets too; commands, crontab and files through
ssh. Paths under the instructor's copy of the trainee's workspace (`local_home`) are
translated to the trainee's own (`remote_home`) before a command runs there, so the grader
can keep reading its local copy while scripts run where the trainee wrote them.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel, ValidationError

from labs.core import constants as c
from labs.core.errors import EnvironmentProblem
from labs.core.i18n import tr
from labs.host import tmpfiles
from labs.host.api import HttpSession, JsonBody
from labs.host.engine import DockerEngine
from labs.host.live import LiveHost
from labs.host.models import (
    CommandResult,
    HealthBody,
    HealthProbe,
    HostFacts,
    HttpAnswer,
    PortHolder,
)
from labs.host.shell import ms_since
from labs.host.ssh import SshConnection, SshTarget

if TYPE_CHECKING:
    from labs.host.mysql import ConnectionSettings

DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock"
_SS_USER = re.compile(r'\("([^"]+)",pid=(\d+)')


class RemoteFile(BaseModel):
    """What `stat` says of a file on the trainee's machine."""

    path: str
    size: int
    mtime: float
    mode: str


class _Backend:
    """HTTP to the trainee's backend through the forwarded unix socket, one cookie jar."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def request(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        started = time.monotonic()
        try:
            response = self._client.request(method, path, json=json, timeout=timeout)
        except httpx.HTTPError as exc:
            error = str(exc) or type(exc).__name__
            return HttpAnswer(status=None, error=error, elapsed_ms=ms_since(started))
        return HttpAnswer(
            status=response.status_code, body=response.text, elapsed_ms=ms_since(started)
        )


class RemoteHost(LiveHost):
    """Everything LiveHost does, on the trainee's machine. Use as a context manager."""

    def __init__(
        self,
        target: SshTarget,
        *,
        remote_home: str,
        local_home: Path | None = None,
        docker_socket: str = DEFAULT_DOCKER_SOCKET,
        connection: SshConnection | None = None,
    ) -> None:
        self.target = target
        self.remote_home = remote_home.rstrip("/")
        self.local_home = local_home
        self.docker_socket = docker_socket
        self.conn = connection or SshConnection(target)
        super().__init__(DockerEngine(base_url="unix:///nonexistent"))

    # --- connection --------------------------------------------------------------------
    def connect(self) -> RemoteHost:
        self.conn.open(
            {
                "docker": self.docker_socket,
                "http": f"127.0.0.1:{c.BACKEND_HOST_PORT}",
                "mysql": f"127.0.0.1:{c.MYSQL_HOST_PORT}",
            }
        )
        self.engine = DockerEngine(base_url=f"unix://{self.conn.socket('docker')}")
        return self

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> RemoteHost:
        return self.connect()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- paths -------------------------------------------------------------------------
    def far(self, value: str) -> str:
        """A local workspace path (or an argument holding one) as the trainee's machine names it."""
        if self.local_home is None:
            return value
        return value.replace(str(self.local_home), self.remote_home)

    # --- HTTP --------------------------------------------------------------------------
    @contextmanager
    def _session(self) -> Iterator[_Backend]:
        transport = httpx.HTTPTransport(uds=str(self.conn.socket("http")))
        base = f"http://127.0.0.1:{c.BACKEND_HOST_PORT}"
        with httpx.Client(base_url=base, transport=transport, trust_env=False) as client:
            yield _Backend(client)

    def http_session(self) -> AbstractContextManager[HttpSession]:
        return self._session()

    def http(
        self, method: str, path: str, *, json: JsonBody = None, timeout: float = 10.0
    ) -> HttpAnswer:
        with self._session() as backend:
            return backend.request(method, path, json=json, timeout=timeout)

    def health(self, timeout: float) -> HealthProbe:
        answer = self.http("GET", "/actuator/health", timeout=timeout)
        if answer.status is None:
            return HealthProbe(url=c.HEALTH_URL, error=answer.error, elapsed_ms=answer.elapsed_ms)
        try:
            body: HealthBody | None = HealthBody.model_validate_json(answer.body)
        except ValidationError:
            body = None
        return HealthProbe(
            url=c.HEALTH_URL, http_status=answer.status, body=body, elapsed_ms=answer.elapsed_ms
        )

    # --- MySQL -------------------------------------------------------------------------
    def mysql_settings(self) -> ConnectionSettings:
        settings = super().mysql_settings()
        return settings.model_copy(update={"unix_socket": str(self.conn.socket("mysql"))})

    # --- commands ----------------------------------------------------------------------
    def run(
        self, argv: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> CommandResult:
        far_env = {k: self.far(v) for k, v in env.items()}
        far_argv = [self.far(a) for a in argv]
        return self.conn.run(far_argv, cwd=self.far(str(cwd)), env=far_env, timeout=timeout)

    def compose(
        self, project_dir: Path, *args: str, timeout: float = 300, check: bool = True
    ) -> CommandResult:
        result = self.conn.run(
            ["docker", "compose", *args], cwd=self.far(str(project_dir)), timeout=timeout
        )
        if check and result.returncode != 0:
            raise EnvironmentProblem(
                tr(
                    f"`docker compose {' '.join(args)}` falló en {self.target.url}: "
                    f"{result.stderr.strip()[-400:]}",
                    f"`docker compose {' '.join(args)}` failed on {self.target.url}: "
                    f"{result.stderr.strip()[-400:]}",
                ),
                tr(
                    "Revise la máquina del aprendiz con `lab class doctor`.",
                    "Check the trainee's machine with `lab class doctor`.",
                ),
            )
        return result

    def lab(
        self, *args: str, timeout: float = 900, input_bytes: bytes | None = None
    ) -> CommandResult:
        """The trainee machine's own `lab` (it must be installed there), on its workspace."""
        return self.conn.run(
            ["lab", *args, "--home", self.remote_home],
            timeout=timeout,
            env={"NO_COLOR": "1", "COLUMNS": "200"},
            input_bytes=input_bytes,
        )

    def port_processes(self, port: int) -> list[PortHolder]:
        out = self.conn.run(["ss", "-ltnpH", f"sport = :{port}"], timeout=10).stdout
        seen: dict[int, str] = {}
        for name, pid in _SS_USER.findall(out):
            seen.setdefault(int(pid), name)
        return [PortHolder(port=port, process=name, pid=pid) for pid, name in seen.items()]

    def read_crontab(self) -> str:
        result = self.conn.run(["crontab", "-l"], timeout=10)
        return result.stdout if result.returncode == 0 else ""

    def write_crontab(self, text: str) -> None:
        self.conn.run(["crontab", "-"], input_bytes=text.encode(), timeout=10)

    def tmp_exports(self, pattern: str, since: float) -> list[Path]:
        """Found in the trainee machine's /tmp, copied next to the instructor's copy."""
        listing = self.conn.shell(
            f'find /tmp -maxdepth 1 -type f -name {shlex.quote(pattern)} -user "$(id -u)" '
            f"-newermt @{since:.0f} -printf '%T@ %f\\n'",
            timeout=30,
        ).stdout
        found = sorted(
            (float(stamp), name)
            for stamp, _, name in (line.partition(" ") for line in listing.splitlines())
            if name
        )[::-1][: tmpfiles.MAX_FILES]
        folder = self._tmp_copies()
        copies = []
        for stamp, name in found:
            data = self.read_file(f"/tmp/{name}")
            if data is not None:
                copy = folder / name
                copy.write_bytes(data)
                os.utime(copy, (stamp, stamp))
                copies.append(copy)
        return copies

    def _tmp_copies(self) -> Path:
        base = self.local_home.parent if self.local_home else Path(tempfile.mkdtemp())
        folder = base / "tmp-aprendiz"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def mounted(self, target: Path) -> bool:
        return (
            self.conn.run(["mountpoint", "-q", self.far(str(target))], timeout=10).returncode == 0
        )

    def disk_use(self, path: Path) -> tuple[int, int, int]:
        out = self.conn.run(["df", "-P", "-B1", self.far(str(path))], timeout=10).stdout
        fields = out.strip().splitlines()[-1].split()
        return int(fields[1]), int(fields[2]), int(fields[3])

    def facts(self, lab_home: Path) -> HostFacts:
        line = f"hostname; id -un; df -P -B1 {shlex.quote(self.far(str(lab_home)))} | tail -1"
        lines = self.conn.shell(line, timeout=15).stdout.splitlines()
        df = lines[2].split() if len(lines) > 2 else []
        return HostFacts(
            hostname=lines[0] if lines else "",
            username=lines[1] if len(lines) > 1 else "",
            docker_server_version=self.engine_version(),
            lab_home_mount=df[5] if len(df) > 5 else "",
            lab_disk_total_bytes=int(df[1]) if df else None,
            lab_disk_used_bytes=int(df[2]) if df else None,
            lab_disk_available_bytes=int(df[3]) if df else None,
        )

    # --- files -------------------------------------------------------------------------
    def read_file(self, path: str) -> bytes | None:
        code, data, _ = self.conn.read_bytes(f"cat -- {shlex.quote(path)}", timeout=60)
        return data if code == 0 else None

    def exists(self, path: str) -> bool:
        return self.conn.run(["test", "-e", path], timeout=10).returncode == 0

    def stat(self, path: str) -> RemoteFile | None:
        result = self.conn.run(["stat", "-c", "%s %Y %a", "--", path], timeout=10)
        if result.returncode != 0:
            return None
        size, mtime, mode = result.stdout.split()
        return RemoteFile(path=path, size=int(size), mtime=float(mtime), mode=mode)

    def clock(self) -> float:
        """The trainee machine's clock (seconds since the epoch), for a skew check."""
        return float(self.conn.run(["date", "+%s.%N"], timeout=10).stdout.strip() or 0)

    def fetch_tree(self, remote_dir: str, local_dir: Path, *, exclude: Sequence[str] = ()) -> int:
        """Copy a directory of the trainee's machine here (tar over ssh); returns the files."""
        excludes = " ".join(f"--exclude={shlex.quote(e)}" for e in exclude)
        line = f"tar -C {shlex.quote(remote_dir)} {excludes} -cf - ."
        code, data, err = self.conn.read_bytes(line, timeout=600)
        if code != 0 and not data:
            raise EnvironmentProblem(
                tr(
                    f"No se pudo copiar {remote_dir} de {self.target.url}: {err.strip()}",
                    f"Could not copy {remote_dir} from {self.target.url}: {err.strip()}",
                ),
                tr(
                    "Compruebe que el espacio de trabajo existe allí (`lab class doctor`).",
                    "Check that the workspace exists there (`lab class doctor`).",
                ),
            )
        return extract_tar(data, local_dir)


def extract_tar(data: bytes, local_dir: Path) -> int:
    """Unpack a tar stream under local_dir only (no absolute paths, links or devices out)."""
    local_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        members = archive.getmembers()
        archive.extractall(local_dir, filter="data")
    return sum(1 for m in members if m.isfile())


def remote_host(url: str, remote_home: str, **kw: Any) -> RemoteHost:
    return RemoteHost(SshTarget.parse(url), remote_home=remote_home, **kw)
