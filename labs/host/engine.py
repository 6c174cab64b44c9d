"""The Docker engine through its API (docker SDK), not through `docker` processes.

The trainee types `docker ps`; the lab asks the same engine directly, which is what
the CLI does too, minus a process per question (a `lab check` spawns none).
"""

from __future__ import annotations

import contextlib
import io
import tarfile
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import docker
from docker.errors import APIError, DockerException, NotFound

from labs.core.errors import EnvironmentProblem, LabError
from labs.core.i18n import tr
from labs.host.models import ContainerInfo, ExecResult, MemoryUse, PortHolder

DOCKER_MISSING_FIX = tr(
    "Instale Docker Engine (`apt-get install -y docker.io`) y arránquelo "
    "(`systemctl start docker` o `dockerd &`); luego `lab doctor`.",
    "Install Docker Engine (`apt-get install -y docker.io`) and start it "
    "(`systemctl start docker` or `dockerd &`); then run `lab doctor`.",
)
API_TIMEOUT_S = 60


class EngineError(LabError):
    """The engine refused an operation; keeps what was asked and the engine's words."""


class DockerEngine:
    def __init__(self, base_url: str | None = None) -> None:
        # base_url: another engine than the environment's (a trainee's, through an ssh tunnel).
        self._base_url = base_url
        self._client: docker.DockerClient | None = None
        self._guard = threading.Lock()

    @property
    def api(self) -> Any:
        """The low-level API client, connected on first use (`version="auto"`)."""
        with self._guard:
            if self._client is None:
                try:
                    self._client = self._connect()
                except DockerException as exc:
                    raise EnvironmentProblem(
                        tr(
                            f"No se puede hablar con Docker Engine: {exc}",
                            f"Cannot reach Docker Engine: {exc}",
                        ),
                        DOCKER_MISSING_FIX,
                    ) from exc
            return self._client.api

    def _connect(self) -> docker.DockerClient:
        if self._base_url is None:
            return docker.from_env(version="auto", timeout=API_TIMEOUT_S)
        return docker.DockerClient(base_url=self._base_url, version="auto", timeout=API_TIMEOUT_S)

    def version(self) -> str | None:
        try:
            return str(self.api.version().get("Version") or "") or None
        except (DockerException, LabError):
            return None

    def inspect(self, names: Sequence[str]) -> dict[str, ContainerInfo]:
        found: dict[str, ContainerInfo] = {}
        for name in names:
            info = self.container(name)
            if info is not None:
                found[info.clean_name] = info
        return found

    def container(self, name: str) -> ContainerInfo | None:
        try:
            return ContainerInfo.model_validate(self.api.inspect_container(name))
        except NotFound:
            return None

    def raw_container(self, name: str) -> dict[str, Any] | None:
        try:
            return dict(self.api.inspect_container(name))
        except NotFound:
            return None

    def logs(self, name: str, *, since: datetime | None = None, tail: int | None = None) -> str:
        try:
            raw = self.api.logs(
                name, stdout=True, stderr=True, timestamps=True, since=since, tail=tail or "all"
            )
        except NotFound:
            return ""
        return bytes(raw).decode(errors="replace")

    def exec(
        self, name: str, argv: Sequence[str], *, detach: bool = False, timeout: float = 60
    ) -> ExecResult:
        try:
            created = self.api.exec_create(name, list(argv))
            output = self.api.exec_start(created["Id"], detach=detach)
        except (NotFound, APIError) as exc:
            return ExecResult(exit_code=-1, output=_explain(exc))
        if detach:
            return ExecResult(exit_code=0, output="")
        code = self.api.exec_inspect(created["Id"]).get("ExitCode")
        return ExecResult(exit_code=int(code or 0), output=bytes(output).decode(errors="replace"))

    def copy_out(self, name: str, argv: Sequence[str], target: Path) -> ExecResult:
        """Run argv in the container and stream its stdout (only) into a host file."""
        created = self.api.exec_create(name, list(argv), stdout=True, stderr=True)
        errors = bytearray()
        with target.open("wb") as out:
            for stdout, stderr in self.api.exec_start(created["Id"], stream=True, demux=True):
                if stdout:
                    out.write(stdout)
                if stderr:
                    errors += stderr
        code = int(self.api.exec_inspect(created["Id"]).get("ExitCode") or 0)
        return ExecResult(exit_code=code, output=errors.decode(errors="replace"))

    def copy_in_and_run(
        self, name: str, source: Path, argv: Sequence[str], *, timeout: float = 300
    ) -> ExecResult:
        """Put a host file at /tmp/<name> in the container, then run argv there."""
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            tar.add(str(source), arcname=source.name)
        self.api.put_archive(name, "/tmp", buffer.getvalue())
        return self.exec(name, argv, timeout=timeout)

    def signal(self, name: str, signal: str) -> None:
        self._do(lambda: self.api.kill(name, signal=signal), f"docker kill --signal {signal}")

    def stop(self, name: str, *, timeout: int = 5) -> None:
        self._do(lambda: self.api.stop(name, timeout=timeout), f"docker stop {name}")

    def start(self, name: str) -> None:
        self._do(lambda: self.api.start(name), f"docker start {name}")

    def restart(self, name: str, *, timeout: int = 3) -> None:
        self._do(lambda: self.api.restart(name, timeout=timeout), f"docker restart {name}")

    def remove_labelled(self, label: str) -> int:
        """Remove containers, then networks, carrying the label; return how many."""
        removed = 0
        for item in self.api.containers(all=True, filters={"label": label}):
            self._quiet(lambda cid=item["Id"]: self.api.remove_container(cid, force=True))
            removed += 1
        for net in self.api.networks(filters={"label": label}):
            self._quiet(lambda nid=net["Id"]: self.api.remove_network(nid))
            removed += 1
        return removed

    def port_holders(self, ports: Sequence[int]) -> list[PortHolder]:
        holders = []
        for item in self.api.containers():
            name = (item.get("Names") or ["?"])[0].lstrip("/")
            for port in item.get("Ports") or []:
                if port.get("PublicPort") in ports:
                    holders.append(
                        PortHolder(
                            container=name,
                            port=int(port["PublicPort"]),
                            labels=item.get("Labels") or {},
                        )
                    )
        return holders

    def image_exists(self, ref: str) -> bool:
        try:
            self.api.inspect_image(ref)
        except NotFound:
            return False
        return True

    def memory(self, name: str) -> MemoryUse | None:
        """MEM USAGE / LIMIT as `docker stats` computes them (page cache not counted)."""
        try:
            # one_shot: memory needs no second CPU sample (saves the ~2 s `docker stats` waits).
            stats = self.api.stats(name, stream=False, one_shot=True)
        except (NotFound, APIError):
            return None
        memory = stats.get("memory_stats") or {}
        if "usage" not in memory:
            return None  # not running
        detail = memory.get("stats") or {}
        cache = detail.get("inactive_file", detail.get("total_inactive_file", 0))
        return MemoryUse(
            usage_bytes=int(memory["usage"]) - int(cache), limit_bytes=int(memory["limit"])
        )

    def image_labels(self, ref: str) -> dict[str, str] | None:
        try:
            config = self.api.inspect_image(ref).get("Config") or {}
        except NotFound:
            return None
        return dict(config.get("Labels") or {})

    def events(
        self, containers: Sequence[str], since: datetime, until: datetime
    ) -> Iterator[dict[str, Any]]:
        """Events in [since, until] (blocks until `until`): those of these containers, and
        image and volume prunes (what a cleanup reclaimed)."""
        stream = self.api.events(
            since=since,
            until=until,
            filters={"type": ["container", "image", "volume"]},
            decode=True,
        )
        wanted = set(containers)
        try:
            for raw in stream:
                if _relevant(raw, wanted):
                    yield raw
        finally:
            stream.close()

    def _do(self, action: Any, what: str) -> None:
        try:
            action()
        except (NotFound, APIError) as exc:
            raise EngineError(
                tr(f"`{what}` falló: {_explain(exc)}", f"`{what}` failed: {_explain(exc)}"),
                tr("Revise `docker ps -a`.", "Check `docker ps -a`."),
            ) from exc

    @staticmethod
    def _quiet(action: Any) -> None:
        # Already gone, or removed by the trainee meanwhile: nothing left to do.
        with contextlib.suppress(NotFound, APIError):
            action()


def _explain(exc: DockerException) -> str:
    if isinstance(exc, APIError):
        return str(exc.explanation or exc)
    return str(exc)


def _relevant(raw: dict[str, Any], containers: set[str]) -> bool:
    kind = raw.get("Type", "container")
    if kind == "container":
        return ((raw.get("Actor") or {}).get("Attributes") or {}).get("name") in containers
    return raw.get("Action") == "prune"
