"""A throwaway MySQL server from the lab's own image, ready in seconds.

Checks and tests that need a database of their own (restore a trainee's backup,
seed a schema) get one here, never the lab's stack. The server is labelled as the
lab's, listens on 127.0.0.1 only and is removed on exit, also after an error.
"""

from __future__ import annotations

import io
import os
import secrets
import shlex
import tarfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import docker
import pymysql
from docker.errors import DockerException, ImageNotFound, NotFound

from labs.core import constants
from labs.core.errors import DockerCommandError, EnvironmentProblem, LabError, WaitTimeout
from labs.core.i18n import tr
from labs.host import waits

# The Ryuk reaper image cannot be pulled on a host without a registry, and
# testcontainers would try on the first start. Some 4.x releases read this at
# import time, so it is set before the import; scratch_mysql removes its own
# containers instead of relying on the reaper.
os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")

from testcontainers.core.container import DockerContainer

HOST = "127.0.0.1"
MYSQL_PORT = 3306
ROOT_PASSWORD = "lab-only-scratch-root"
NAME_PREFIX = "ilab-scratch-"
ROLE = "scratch"
LOG_TAIL_LINES = 30
DUMP_DIR = "/tmp"


@dataclass(frozen=True)
class ExecOutput:
    """What a command run inside the scratch container said."""

    exit_code: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class ScratchMySQL:
    """A running throwaway server; valid only inside `scratch_mysql`."""

    host: str
    port: int
    root_password: str
    database: str
    name: str
    container_id: str
    image: str
    ready_s: float
    _container: Any = field(repr=False)

    def connect(self, database: str | None = None) -> pymysql.Connection[Any]:
        """A root connection over TCP to `database` (default: the scratch database)."""
        return pymysql.connect(
            host=self.host,
            port=self.port,
            user="root",
            password=self.root_password,
            database=database or self.database,
            connect_timeout=3,
            charset="utf8mb4",
            autocommit=False,
        )

    def exec(
        self, argv: Sequence[str], *, env: Mapping[str, str] | None = None, check: bool = True
    ) -> ExecOutput:
        """Run `argv` inside the container; with `check`, a non-zero exit raises."""
        # The password travels in MYSQL_PWD so the client neither warns nor shows it in `ps`.
        environment = {"MYSQL_PWD": self.root_password, **(env or {})}
        code, (out, err) = self._container.exec_run(list(argv), environment=environment, demux=True)
        result = ExecOutput(int(code), _text(out), _text(err))
        if check and result.exit_code != 0:
            raise DockerCommandError(["docker", "exec", self.name, *argv], code, result.stderr)
        return result

    def load_dump(self, dump: Path, *, database: str | None = None) -> None:
        """Pipe a `.sql.gz` backup into `mysql` inside the container, as a restore would."""
        target = f"{DUMP_DIR}/{dump.name}"
        if not self._container.put_archive(DUMP_DIR, _tar_with(dump)):
            raise LabError(f"docker put_archive {dump} → {self.name}:{DUMP_DIR} failed")
        self._check_gzip(dump, target)
        into = shlex.quote(database or self.database)
        load = f"gunzip -c {shlex.quote(target)} | mysql -uroot {into}"
        result = self.exec(["bash", "-o", "pipefail", "-c", load], check=False)
        if result.exit_code == 0:
            return
        said = result.stderr.strip()[-500:]
        raise LabError(
            tr(
                f"La copia {dump} no se pudo cargar en MySQL: {said}",
                f"Backup {dump} could not be loaded into MySQL: {said}",
            ),
            tr(
                "Genere la copia con `mysqldump` de la base completa y mírela con "
                f"`gunzip -c {dump.name} | head`.",
                "Make the backup with `mysqldump` of the whole database and look at it "
                f"with `gunzip -c {dump.name} | head`.",
            ),
        )

    def logs_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        return _text(self._container.logs(tail=lines))

    def _answers(self, last_error: list[str]) -> bool:
        """One readiness probe: does root get `SELECT 1` over TCP right now?"""
        self._fail_if_stopped()
        try:
            conn = self.connect()
        except pymysql.err.MySQLError as exc:
            # Until the entrypoint's final start the port refuses or drops: not ready yet.
            last_error[0] = str(exc.args[-1]) if exc.args else str(exc)
            return False
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1")
                return bool(cur.fetchone() == (1,))
        finally:
            conn.close()

    def _fail_if_stopped(self) -> None:
        # A crashed server will never answer: say so now, not at the deadline.
        self._container.reload()
        if self._container.status not in ("exited", "dead"):
            return
        raise LabError(
            tr(
                f"El MySQL desechable {self.name} terminó antes de estar listo. "
                f"Últimas líneas:\n{self.logs_tail()}",
                f"Scratch MySQL {self.name} stopped before it was ready. "
                f"Last lines:\n{self.logs_tail()}",
            ),
            tr(
                f"Compruebe la imagen {self.image}: `lab doctor`, o `lab images build`.",
                f"Check image {self.image}: `lab doctor`, or `lab images build`.",
            ),
        )

    def _check_gzip(self, dump: Path, target: str) -> None:
        # Tested first so a truncated file is reported as such and loads nothing at all.
        result = self.exec(["gzip", "-t", target], check=False)
        if result.exit_code == 0:
            return
        raise LabError(
            tr(
                f"La copia {dump} no es un gzip completo (truncado o dañado): "
                f"{result.stderr.strip()}",
                f"Backup {dump} is not a complete gzip file (truncated or damaged): "
                f"{result.stderr.strip()}",
            ),
            tr(
                f"Vuelva a generarla (`mysqldump ... | gzip > {dump.name}`) y compruébela con "
                f"`gunzip -t {dump.name}` antes de darla por buena.",
                f"Make it again (`mysqldump ... | gzip > {dump.name}`) and test it with "
                f"`gunzip -t {dump.name}` before trusting it.",
            ),
        )


def _text(raw: bytes | None) -> str:
    return raw.decode("utf-8", errors="replace") if raw else ""


def _tar_with(path: Path) -> bytes:
    """A tar holding just `path` under its own name, the format put_archive expects."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(str(path), arcname=path.name)
    return buffer.getvalue()


def _engine() -> Any:
    try:
        return docker.from_env(version="auto")
    except DockerException as exc:
        raise EnvironmentProblem(
            tr(f"Docker no responde: {exc}", f"Docker does not answer: {exc}"),
            tr(
                "Arranque Docker (`systemctl start docker`) y luego `lab doctor`.",
                "Start Docker (`systemctl start docker`), then run `lab doctor`.",
            ),
        ) from exc


def choose_image() -> str:
    """The lab's offline image, or the official one when only that is on this host."""
    client = _engine()
    try:
        for image in (constants.MYSQL_OFFLINE_IMAGE, constants.MYSQL_OFFICIAL_IMAGE):
            with suppress(ImageNotFound):
                client.images.get(image)
                return image
    finally:
        client.close()
    # Never pulled: the lab runs without a registry, and a pull would hide that.
    raise EnvironmentProblem(
        tr(
            f"No hay imagen de MySQL local ({constants.MYSQL_OFFLINE_IMAGE} ni "
            f"{constants.MYSQL_OFFICIAL_IMAGE}).",
            f"No local MySQL image ({constants.MYSQL_OFFLINE_IMAGE} nor "
            f"{constants.MYSQL_OFFICIAL_IMAGE}).",
        ),
        tr(
            "Constrúyala sin registro: `lab images build`.", "Build it offline: `lab images build`."
        ),
    )


def _define(image: str, name: str, database: str, root_password: str) -> DockerContainer:
    container = (
        DockerContainer(image, docker_client_kw={"version": "auto"})
        .with_name(name)
        .with_env("MYSQL_ROOT_PASSWORD", root_password)
        .with_env("MYSQL_DATABASE", database)
        # A scratch server is gone in minutes: RAM is faster than a volume and leaves nothing.
        .with_tmpfs_mount("/var/lib/mysql")
        .with_kwargs(
            labels={constants.LABEL_MANAGED: "true", constants.LABEL_ROLE: ROLE},
            # Explicit, or testcontainers may join a user network whose subnet holds the
            # gateway (in Docker-in-Docker that can be the lab's own stack network).
            network="bridge",
        )
    )
    # testcontainers types host ports as int only; the docker SDK also takes (ip,),
    # which binds to 127.0.0.1 alone with a free port picked by Docker.
    bindings: dict[str, Any] = container.ports
    bindings[f"{MYSQL_PORT}/tcp"] = (HOST,)
    return container


def _host_port(container: Any) -> int:
    container.reload()
    return int(container.attrs["NetworkSettings"]["Ports"][f"{MYSQL_PORT}/tcp"][0]["HostPort"])


def _diagnosis(scratch: ScratchMySQL, last_error: str) -> str:
    return (
        tr(
            f"Último error: {last_error}. Últimas líneas de `docker logs {scratch.name}`:\n",
            f"Last error: {last_error}. Last lines of `docker logs {scratch.name}`:\n",
        )
        + scratch.logs_tail()
    )


def _wait_ready(scratch: ScratchMySQL, deadline_s: float) -> None:
    last_error = [tr("sin intentar", "not tried")]
    try:
        waits.wait_until(
            lambda: scratch._answers(last_error),
            deadline_s=deadline_s,
            what=tr(f"MySQL desechable {scratch.name}", f"Scratch MySQL {scratch.name}"),
            diagnose=lambda: _diagnosis(scratch, last_error[0]),
        )
    except WaitTimeout as exc:
        raise WaitTimeout(
            exc.message,
            tr(
                f"El contenedor se elimina al salir: las líneas de arriba son su registro. "
                f"Compruebe la imagen {scratch.image} con `lab doctor`.",
                f"The container is removed on exit: the lines above are its log. "
                f"Check image {scratch.image} with `lab doctor`.",
            ),
        ) from exc


@contextmanager
def scratch_mysql(
    *,
    database: str = constants.DATABASE_NAME,
    root_password: str = ROOT_PASSWORD,
    name: str | None = None,
    deadline_s: float = 60,
) -> Iterator[ScratchMySQL]:
    """Start a throwaway server, yield it once root answers over TCP, then remove it."""
    started = time.monotonic()
    image = choose_image()
    container = _define(image, name or NAME_PREFIX + secrets.token_hex(4), database, root_password)
    try:
        container.start()
        wrapped = container.get_wrapped_container()
        scratch = ScratchMySQL(
            host=HOST,
            port=_host_port(wrapped),
            root_password=root_password,
            database=database,
            name=wrapped.name,
            container_id=wrapped.id,
            image=image,
            ready_s=0.0,
            _container=wrapped,
        )
        _wait_ready(scratch, deadline_s)
        yield replace(scratch, ready_s=time.monotonic() - started)
    finally:
        _remove(container)


def _remove(container: DockerContainer) -> None:
    # Also when the body failed; a container someone already removed is no error.
    with suppress(NotFound):
        container.stop(force=True, delete_volume=True)
