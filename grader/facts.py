"""Live facts a trainee's captured output must agree with (file-facts, trainee-script).

Each fact is read from the system at check time, so a file typed from the course
text (with its example IDs and numbers) does not pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Literal

from pydantic import ValidationError

from grader.checks.base import Assertion
from grader.context import CheckContext
from grader.evidence import has_token
from labs.core import constants
from labs.core.i18n import tr
from labs.host.models import HealthBody

Fact = Literal[
    "hostname",
    "username",
    "docker-version",
    "container-names",
    "container-ids",
    "backend-image",
    "deploy-listing",
    "health-json",
    "backend-health-status",
    "stats-lines",
    "df-line",
    "backend-pid",
    "user-count",
    "company-count",
    "table-names",
    "slow-query",
]
Resolver = Callable[[CheckContext, str], Assertion]


def _present(label: str, text: str, wanted: list[str], fix: str) -> Assertion:
    missing = [w for w in wanted if not has_token(text, w)]
    return Assertion(
        label,
        bool(wanted) and not missing,
        tr("falta: ", "missing: ") + ", ".join(missing) if missing else "ok",
        ", ".join(wanted) or "-",
        fix,
    )


def hostname(ctx: CheckContext, text: str) -> Assertion:
    return _present(
        tr("nombre del equipo", "host name"),
        text,
        [ctx.host_facts().hostname],
        tr("Incluya la salida de `hostname`.", "Include the output of `hostname`."),
    )


def username(ctx: CheckContext, text: str) -> Assertion:
    return _present(
        tr("usuario", "user"),
        text,
        [ctx.host_facts().username],
        tr("Incluya la salida de `whoami`.", "Include the output of `whoami`."),
    )


def docker_version(ctx: CheckContext, text: str) -> Assertion:
    version = ctx.host_facts().docker_server_version
    return _present(
        tr("versión de Docker", "Docker version"),
        text,
        [version] if version else [],
        tr("Incluya la salida de `docker version`.", "Include `docker version`."),
    )


def container_names(ctx: CheckContext, text: str) -> Assertion:
    return _present(
        tr("nombres de los contenedores", "container names"),
        text,
        list(constants.CONTAINERS.values()),
        tr("Incluya la salida de `docker ps -a`.", "Include `docker ps -a`."),
    )


def container_ids(ctx: CheckContext, text: str) -> Assertion:
    # `docker ps` shows 12 characters, `docker inspect` the full ID: either is real evidence.
    ids = [info.id if info.id in text else info.short_id for info in ctx.containers().values()]
    return _present(
        tr("IDs reales de los contenedores", "real container IDs"),
        text,
        ids,
        tr(
            "Copie la salida real de `docker ps -a`, no la del manual.",
            "Copy the real `docker ps -a` output, not the manual's.",
        ),
    )


def backend_image(ctx: CheckContext, text: str) -> Assertion:
    info = ctx.container("backend")
    image = info.config.image if info and info.config.image else ""
    return _present(
        tr("imagen del backend", "backend image"),
        text,
        [image] if image else [],
        tr("Incluya la columna IMAGE de `docker ps`.", "Include docker ps's IMAGE."),
    )


def deploy_listing(ctx: CheckContext, text: str) -> Assertion:
    """`ls -la` of the deploy dir: each file's name and byte size on one line."""
    wanted = [p for p in (ctx.workspace.compose_file, ctx.workspace.env_file) if p.is_file()]
    lines = text.splitlines()
    missing = [
        p.name
        for p in wanted
        if not any(
            has_token(line, p.name) and has_token(line, str(p.stat().st_size)) for line in lines
        )
    ]
    return Assertion(
        tr("listado del directorio de despliegue", "deploy directory listing"),
        bool(wanted) and not missing,
        ", ".join(missing) or "ok",
        "docker-compose.yml, .env",
        tr(
            "Incluya `ls -la $LAB_HOME/backend/test/fortaleza`.",
            "Include `ls -la $LAB_HOME/backend/test/fortaleza`.",
        ),
    )


def health_json(ctx: CheckContext, text: str) -> Assertion:
    live = ctx.health().body
    try:
        body = HealthBody.model_validate(json.loads(text))
    except (ValueError, ValidationError):
        body = None
    expected = live.status if live else "UP"
    ok = (
        body is not None
        and body.status == expected
        and {"db", "diskSpace", "ping"} <= set(body.components)
    )
    return Assertion(
        tr("respuesta JSON de /actuator/health", "JSON from /actuator/health"),
        ok,
        body.status if body else tr("no es JSON de salud", "not health JSON"),
        f'{{"status": "{expected}", "components": {{db, diskSpace, ping}}}}',
        tr(
            "Guarde la salida de `curl -s http://localhost:8082/actuator/health`.",
            "Save `curl -s http://localhost:8082/actuator/health`.",
        ),
    )


def backend_health_status(ctx: CheckContext, text: str) -> Assertion:
    info = ctx.container("backend")
    status = info.health_status if info else None
    return _present(
        tr("estado de salud de Docker", "Docker health status"),
        text,
        [status] if status else [],
        tr(
            "Incluya `docker inspect ... --format='{{.State.Health.Status}}'`.",
            "Include `docker inspect ... --format='{{.State.Health.Status}}'`.",
        ),
    )


def stats_lines(ctx: CheckContext, text: str) -> Assertion:
    names = list(constants.CONTAINERS.values())
    shown = [
        n
        for n in names
        if any(n in line and "%" in line and "iB" in line for line in text.splitlines())
    ]
    return Assertion(
        tr("líneas de `docker stats`", "`docker stats` lines"),
        len(shown) == len(names),
        ", ".join(shown) or "-",
        ", ".join(names),
        tr(
            "Incluya `docker stats --no-stream` de ambos contenedores.",
            "Include `docker stats --no-stream` for both containers.",
        ),
    )


def df_line(ctx: CheckContext, text: str) -> Assertion:
    mount = ctx.host_facts().lab_home_mount
    ok = any(line.split()[-1:] == [mount] and "%" in line for line in text.splitlines())
    return Assertion(
        tr("línea de `df` del disco del laboratorio", "`df` line of the lab disk"),
        ok,
        tr("no aparece", "absent"),
        tr(f"montado en {mount}", f"mounted on {mount}"),
        tr('Use `df -h "$LAB_HOME"`.', 'Use `df -h "$LAB_HOME"`.'),
    )


def backend_pid(ctx: CheckContext, text: str) -> Assertion:
    info = ctx.container("backend")
    pid = str(info.state.pid) if info and info.state.pid else ""
    return _present(
        tr("PID real del proceso del backend", "real PID of the backend"),
        text,
        [pid] if pid else [],
        tr(
            "Incluya `docker top inatrace-be-test-fortaleza`.",
            "Include `docker top inatrace-be-test-fortaleza`.",
        ),
    )


def resolvers() -> dict[str, Resolver]:
    from grader import facts_db

    return {
        "hostname": hostname,
        "username": username,
        "docker-version": docker_version,
        "container-names": container_names,
        "container-ids": container_ids,
        "backend-image": backend_image,
        "deploy-listing": deploy_listing,
        "health-json": health_json,
        "backend-health-status": backend_health_status,
        "stats-lines": stats_lines,
        "df-line": df_line,
        "backend-pid": backend_pid,
        "user-count": facts_db.user_count,
        "company-count": facts_db.company_count,
        "table-names": facts_db.table_names,
        "slow-query": facts_db.slow_query,
    }
