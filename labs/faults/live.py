"""Probes and actions shared by the fault modules, all through the context's host."""

from __future__ import annotations

from datetime import datetime

from labs import stack
from labs.core import constants as c
from labs.core.errors import WaitTimeout
from labs.core.i18n import tr
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.api import Host
from labs.host.waits import wait_until

CRASH_LOOP_DEADLINE_S = 60.0


def container(service: str) -> str:
    return c.CONTAINERS[service]


# What `docker ps` shows in its STATUS column, reduced to one word.
health_status = stack.health_status


def is_running(host: Host, name: str) -> bool:
    info = host.container(name)
    return bool(info and info.state.running and not info.state.restarting)


def timed_health(host: Host, timeout: float) -> tuple[int | None, float]:
    """(HTTP status or None on timeout/refusal, seconds taken)."""
    probe = host.health(timeout)
    return probe.http_status, probe.elapsed_ms / 1000


def wait_backend_up(host: Host, deadline_s: float = 90) -> None:
    wait_until(
        lambda: host.health(2.0).http_status == 200,
        deadline_s=deadline_s,
        what="GET /actuator/health = UP",
    )
    wait_until(
        lambda: health_status(host, c.BACKEND_CONTAINER) == "healthy",
        deadline_s=deadline_s,
        what="backend healthy",
    )


def wait_mysql_healthy(host: Host, deadline_s: float = 90) -> None:
    wait_until(
        lambda: health_status(host, c.MYSQL_CONTAINER) == "healthy",
        deadline_s=deadline_s,
        what="MySQL healthy",
    )


def restart_backend(ctx: FaultContext) -> None:
    """A clean process for the backend, as the course's `docker compose restart backend`."""
    ctx.host.compose(ctx.workspace.deploy_dir, "restart", "backend", timeout=120)
    wait_backend_up(ctx.host)


def ensure_started(host: Host, service: str) -> None:
    name = container(service)
    if not is_running(host, name):
        host.start(name)


def not_live(es: str, en: str) -> FaultNotLiveError:
    return FaultNotLiveError(
        tr(es, en),
        tr("Revise `lab doctor` y `docker ps -a`.", "Check `lab doctor` and `docker ps -a`."),
    )


def backend_restart_count(host: Host) -> int:
    info = host.container(c.BACKEND_CONTAINER)
    return info.restart_count if info else 0


def backend_started_at(host: Host) -> str:
    info = host.container(c.BACKEND_CONTAINER)
    started = info.started_at if info else None
    return started.isoformat() if started else ""


def backend_logs_since(host: Host, since: datetime) -> str:
    return host.logs(c.BACKEND_CONTAINER, since=since)


def wait_for_crash_loop(host: Host, since: datetime, signature: str, what: str) -> str:
    """Wait until the backend restarts with `signature` in its logs since `since`;
    FaultNotLiveError (with what was awaited) when it does not within a minute."""
    try:
        wait_until(
            lambda: (
                backend_restart_count(host) >= 1 and signature in backend_logs_since(host, since)
            ),
            deadline_s=CRASH_LOOP_DEADLINE_S,
            what=what,
        )
    except WaitTimeout as exc:
        raise not_live(
            f"el backend no se detuvo con «{signature}».",
            f"the backend did not stop with '{signature}'.",
        ) from exc
    return f"RestartCount={backend_restart_count(host)}; {signature}"
