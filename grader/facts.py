"""Live facts a trainee's captured output must agree with (file-facts, trainee-script).

Each fact is read from the system at check time, so a file typed from the course
text (with its example IDs and numbers) does not pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Literal

from pydantic import ValidationError

from grader.checks.base import Assertion
from grader.context import CheckContext
from grader.evidence import has_token
from labs.core import constants
from labs.core.i18n import tr
from labs.host.models import HealthBody, HostFacts

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
        # How many, not which: the missing values are what the trainee must go and read.
        tr(f"faltan {len(missing)} de {len(wanted)}", f"{len(missing)} of {len(wanted)} missing")
        if missing
        else "ok",
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
    wanted = [p for p in (ctx.tree.compose_file, ctx.tree.env_file) if p.is_file()]
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
    """`docker stats` lines of both containers, with their real IDs, memory limit and a
    usage close to what the engine reports now: a typical value copied from a manual
    does not pass."""
    names = list(constants.CONTAINERS.values())
    measured = [
        n for n in names if any(_stats_line_is_real(ctx, n, ln) for ln in text.splitlines())
    ]
    return Assertion(
        tr("líneas reales de `docker stats`", "real `docker stats` lines"),
        len(measured) == len(names),
        ", ".join(measured) or tr("ninguna coincide", "none matches"),
        ", ".join(names),
        tr(
            "Pegue la salida real de `docker stats --no-stream` de ambos contenedores "
            "(con su CONTAINER ID), tomada ahora.",
            "Paste the real `docker stats --no-stream` output of both containers "
            "(with their CONTAINER ID), taken now.",
        ),
    )


# Memory moves while the trainee works: a real reading stays within these bounds.
_USAGE_TOLERANCE = 0.5
_USAGE_SLACK_B = 32 << 20
_MEM = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]?i?B)\s*/\s*(\d+(?:\.\d+)?)\s*([KMGT]?i?B)")


def _stats_line_is_real(ctx: CheckContext, name: str, line: str) -> bool:
    info = ctx.containers().get(name)
    match = _MEM.search(line)
    if info is None or name not in line or match is None:
        return False
    # `docker stats` prints a CONTAINER ID unless --format leaves it out: when there, real.
    ids = [w for w in line.split() if re.fullmatch(r"[0-9a-f]{12,64}", w)]
    if ids and not any(info.id.startswith(w) for w in ids):
        return False
    live = ctx.memory(name)
    if live is None:
        return False
    usage, limit = _bytes(match.group(1), match.group(2)), _bytes(match.group(3), match.group(4))
    close_usage = abs(usage - live.usage_bytes) <= max(
        _USAGE_SLACK_B, _USAGE_TOLERANCE * live.usage_bytes
    )
    return close_usage and abs(limit - live.limit_bytes) <= 0.02 * live.limit_bytes


def _bytes(number: str, unit: str) -> float:
    powers = {"": 0, "K": 1, "M": 2, "G": 3, "T": 4}
    base = 1024 if "i" in unit else 1000
    return float(number) * float(base ** powers[unit.rstrip("B").rstrip("i").upper()])


def df_line(ctx: CheckContext, text: str) -> Assertion:
    """The `df -h` line of the lab's filesystem, with its real size and use."""
    facts = ctx.host_facts()
    mount = facts.lab_home_mount
    lines = [ln for ln in text.splitlines() if ln.split()[-1:] == [mount] and "%" in ln]
    return Assertion(
        tr("línea real de `df` del disco del laboratorio", "real `df` line of the lab disk"),
        any(_df_is_real(ln, facts) for ln in lines),
        tr("no coincide", "does not match") if lines else tr("no aparece", "absent"),
        tr(f"montado en {mount}", f"mounted on {mount}"),
        tr(
            'Pegue la salida real de `df -h "$LAB_HOME"`.',
            'Paste the real output of `df -h "$LAB_HOME"`.',
        ),
    )


_DF_SIZE = re.compile(r"^(\d+(?:[.,]\d+)?)([KMGTP]?)i?B?$")


def _df_is_real(line: str, facts: HostFacts) -> bool:
    """Size within 3 % and Use% within 5 points of what the filesystem reports."""
    total, used = facts.lab_disk_total_bytes, facts.lab_disk_used_bytes
    available = facts.lab_disk_available_bytes
    if not total or used is None or available is None:
        return False
    words = line.split()
    sizes = [_DF_SIZE.match(w) for w in words]
    percent = next((w for w in words if re.fullmatch(r"\d{1,3}%", w)), None)
    if percent is None:
        return False
    size_ok = any(
        m and abs(_bytes(m.group(1).replace(",", "."), m.group(2) + "iB") - total) <= 0.03 * total
        for m in sizes
    )
    # df's Use% leaves the root-reserved blocks out: used / (used + available).
    use = 100 * used / max(1, used + available)
    return size_ok and abs(int(percent[:-1]) - use) <= 5


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
    import grader.facts_db as facts_db

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
