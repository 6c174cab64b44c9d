"""port-held on FakeHost: who holds 8082 varies per seed, the backend cannot publish it,
revert (and `lab stop`) always frees it, and the pre-flight knows the holder is the lab's."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_support import build, new_process, record_file

from labs import stack
from labs.core import constants as c
from labs.core.workspace import Workspace
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.port_held import HOLDER_NAME, LISTENER_MODULE
from labs.host.fake import FakeHost
from labs.host.models import CommandResult, PortHolder

PORT = c.BACKEND_HOST_PORT
ALLOCATED = (
    "Error response from daemon: driver failed programming external connectivity on "
    f"endpoint {c.BACKEND_CONTAINER}: Bind for 0.0.0.0:{PORT} failed: port is already allocated"
)


class PortHost(FakeHost):
    """FakeHost plus host ports: the holder's compose project and spawned listeners bind
    8082, and the backend only starts when nothing else holds it."""

    def compose(
        self, project_dir: Path, *args: str, timeout: float = 300, check: bool = True
    ) -> CommandResult:
        if project_dir.name == "prueba-nginx":
            self.calls.append(("holder", *args))
            self.published = [h for h in self.published if h.container != HOLDER_NAME]
            if args[:1] == ("up",):
                self.published.append(PortHolder(port=PORT, container=HOLDER_NAME, labels={}))
            return CommandResult(argv=["docker", "compose", *args], returncode=0, stdout="")
        if args[:1] == ("stop",) and "backend" in args:
            self.calls.append(("compose", *args))
            self.stop(c.BACKEND_CONTAINER)
            return CommandResult(argv=["docker", "compose", *args], returncode=0, stdout="")
        if args[:1] == ("up",) and self._held():
            self.calls.append(("compose", *args))
            state = self.containers[c.BACKEND_CONTAINER].state
            state.running, state.status, state.health = False, "created", None
            return CommandResult(argv=["docker", *args], returncode=1, stdout="", stderr=ALLOCATED)
        return super().compose(project_dir, *args, timeout=timeout, check=check)

    def port_processes(self, port: int) -> list[PortHolder]:
        listeners = [
            PortHolder(port=PORT, process="python3", pid=pid)
            for pid, argv in self.spawned.items()
            if argv[:2] == (LISTENER_MODULE, str(PORT))
        ]
        return [*super().port_processes(port), *(h for h in listeners if h.port == port)]

    def _held(self) -> bool:
        return bool(self.port_holders([PORT]) or self.port_processes(PORT))


@pytest.fixture
def host() -> PortHost:
    fake = PortHost.healthy_stack()
    assert isinstance(fake, PortHost)
    return fake


@pytest.fixture
def ctx(workspace: Workspace, host: PortHost) -> FaultContext:
    return FaultContext(workspace, host, seed=7)


def test_a_colleagues_container_holds_8082_and_the_backend_stays_down(
    host: PortHost, ctx: FaultContext
) -> None:
    fault = build("port-held", holder="contenedor")
    fault.inject(ctx)
    assert [h.container for h in host.port_holders([PORT])] == [HOLDER_NAME]
    assert not host.containers[c.BACKEND_CONTAINER].state.running
    evidence = fault.verify_injected(ctx)
    assert f"{PORT} ocupado por {HOLDER_NAME}" in evidence
    assert "port is already allocated" in evidence
    compose_file = ctx.workspace.trainee_home / "prueba-nginx" / "docker-compose.yml"
    assert f'"{PORT}:80"' in compose_file.read_text()
    assert f'{c.LABEL_MANAGED}: "true"' in compose_file.read_text()


def test_a_host_process_holds_8082_and_its_pid_is_recorded(
    host: PortHost, ctx: FaultContext
) -> None:
    fault = build("port-held", holder="proceso")
    fault.inject(ctx)
    (pid,) = host.spawned
    assert host.spawned[pid][:2] == (LISTENER_MODULE, str(PORT))
    assert f"pid {pid}" in fault.verify_injected(ctx)
    assert stack.lab_listener_pids(ctx.workspace) == frozenset({pid})


def test_the_preflight_takes_the_exercises_listener_for_the_labs_own(
    host: PortHost, ctx: FaultContext
) -> None:
    build("port-held", holder="proceso").inject(ctx)
    assert [h.port for h in stack.port_conflicts(host)] == [PORT]  # without the record
    assert stack.port_conflicts(host, stack.lab_listener_pids(ctx.workspace)) == []
    stack.require_ports_free(host, stack.lab_listener_pids(ctx.workspace))


def test_a_foreign_process_on_8082_is_still_a_conflict(host: PortHost, ctx: FaultContext) -> None:
    build("port-held", holder="proceso").inject(ctx)
    host.listening.append(PortHolder(port=PORT, process="nginx", pid=777))
    conflicts = stack.port_conflicts(host, stack.lab_listener_pids(ctx.workspace))
    assert [h.pid for h in conflicts] == [777]


@pytest.mark.parametrize("holder", ["contenedor", "proceso"])
def test_verify_says_not_live_when_nothing_holds_the_port(holder: str, ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="no está ocupado"):
        build("port-held", holder=holder).verify_injected(ctx)


@pytest.mark.parametrize("holder", ["contenedor", "proceso"])
def test_revert_frees_the_port_brings_the_backend_back_and_never_touches_mysql(
    holder: str, host: PortHost, ctx: FaultContext
) -> None:
    fault = build("port-held", holder=holder)
    fault.inject(ctx)
    later = new_process(ctx)
    build("port-held", holder=holder).revert(later)
    assert not host._held()
    assert host.spawned == {}
    assert host.containers[c.BACKEND_CONTAINER].state.running
    assert not record_file(ctx, fault).exists()
    assert not (ctx.workspace.trainee_home / "prueba-nginx").exists()
    assert not [call for call in host.calls if c.MYSQL_CONTAINER in call or "mysql" in call]
    build("port-held", holder=holder).revert(later)  # a second revert changes nothing
    assert host.containers[c.BACKEND_CONTAINER].state.running


def test_lab_stop_kills_the_listener_even_mid_exercise(host: PortHost, ctx: FaultContext) -> None:
    fault = build("port-held", holder="proceso")
    fault.inject(ctx)
    fault.release(new_process(ctx))
    assert host.spawned == {}
    assert host.calls[-1][:2] == ("terminate", LISTENER_MODULE)


def test_revert_after_the_trainee_freed_the_port_only_checks_the_backend(
    host: PortHost, ctx: FaultContext
) -> None:
    fault = build("port-held", holder="proceso")
    fault.inject(ctx)
    (pid,) = host.spawned
    host.terminate(pid, LISTENER_MODULE)  # the trainee's `kill`
    host.compose(ctx.workspace.deploy_dir, "up", "-d", "backend")
    mark = len(host.calls)
    fault.revert(ctx)
    assert [call for call in host.calls[mark:] if call[0] in ("compose", "terminate")] == []


def test_revert_puts_back_the_port_a_trainee_moved_and_recreates_the_backend(
    host: PortHost, ctx: FaultContext
) -> None:
    env = ctx.workspace.env_file
    env.write_text(env.read_text() + f"HOST_PORT_BE={PORT}\n")
    fault = build("port-held", holder="contenedor")
    fault.inject(ctx)
    env.write_text(env.read_text().replace(f"HOST_PORT_BE={PORT}", "HOST_PORT_BE=8083"))
    mark = len(host.calls)
    fault.revert(ctx)
    assert f"HOST_PORT_BE={PORT}\n" in env.read_text()
    assert ("compose", "up", "-d", "--no-deps", "--force-recreate", "backend") in host.calls[mark:]
