"""Probes and actions shared by the fault modules (real Docker, real HTTP)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable

from labs import docker, stack
from labs.core import constants as c
from labs.core.i18n import tr
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.waits import wait_until


def container(service: str) -> str:
    return c.CONTAINERS[service]


def is_running(name: str) -> bool:
    state = stack.container_state(name)
    return bool(state and state.get("Running") and not state.get("Restarting"))


def timed_health(timeout: float) -> tuple[int | None, float]:
    """(HTTP status or None on timeout/refusal, seconds taken)."""
    t0 = time.monotonic()
    try:
        with urllib.request.urlopen(c.HEALTH_URL, timeout=timeout) as resp:
            return resp.status, time.monotonic() - t0
    except urllib.error.HTTPError as exc:
        return exc.code, time.monotonic() - t0
    except OSError:
        return None, time.monotonic() - t0


def wait_backend_up(deadline_s: float = 90) -> None:
    wait_until(
        lambda: stack.http_health()[0] == 200,
        deadline_s=deadline_s,
        what="GET /actuator/health = UP",
    )
    wait_until(
        lambda: stack.health_status(c.BACKEND_CONTAINER) == "healthy",
        deadline_s=deadline_s,
        what="backend healthy",
    )


def wait_mysql_healthy(deadline_s: float = 90) -> None:
    wait_until(
        lambda: stack.health_status(c.MYSQL_CONTAINER) == "healthy",
        deadline_s=deadline_s,
        what="MySQL healthy",
    )


def restart_backend(ctx: FaultContext) -> None:
    """A clean process for the backend, as the course's `docker compose restart backend`."""
    stack.compose(ctx.workspace, "restart", "backend", timeout=120)
    wait_backend_up()


def ensure_started(service: str) -> None:
    name = container(service)
    if not is_running(name):
        docker.run(["start", name], check=False)


def not_live(es: str, en: str) -> FaultNotLiveError:
    return FaultNotLiveError(
        tr(es, en),
        tr("Revise `lab doctor` y `docker ps -a`.", "Check `lab doctor` and `docker ps -a`."),
    )


def backend_restart_count() -> int:
    info = docker.container_inspect(c.BACKEND_CONTAINER)
    return int(info.get("RestartCount", 0)) if info else 0


def backend_logs_since(since: str) -> str:
    proc = docker.run(["logs", "--since", since, c.BACKEND_CONTAINER], check=False, timeout=60)
    return proc.stdout + proc.stderr


def wait_until_true(probe: Callable[[], bool], deadline_s: float, what: str) -> None:
    wait_until(probe, deadline_s=deadline_s, what=what)


def mysql_query(sql: str, timeout: float = 30) -> str:
    """Run SQL as root inside the MySQL container, as the course's commands do."""
    proc = docker.run(
        [
            "exec",
            c.MYSQL_CONTAINER,
            "sh",
            "-c",
            'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -N -e "$0" "$MYSQL_DATABASE"',
            sql,
        ],
        check=False,
        timeout=timeout,
    )
    return proc.stdout
