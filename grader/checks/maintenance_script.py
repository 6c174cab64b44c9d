"""`maintenance-script`: Práctica 26's monthly maintenance, run by the grader on a prepared host.

The grader never lets the script loose on the real host. It runs a copy (the real
$LAB_HOME and the course's /opt/inatrace pointed at a sandbox) with LAB_HOME set to the
sandbox and a stand-in `docker` first on PATH. The sandbox holds what a month leaves:
- container logs (sparse files: no disk is used) of the two INATrace containers, one over
  and one under 100 MB, and of another team's container over 100 MB, which `docker ps
  --filter "name=inatrace"` does not list and must not be touched;
- backups older and newer than 60 days, and an old file that is not a backup;
- the stand-in answers `docker ps` and `docker inspect --format '{{.LogPath}}'` from the
  sandbox and records every other docker command (prunes) without running it.
Then: only the INATrace logs over 100 MB were truncated, only backups older than 60 days
were deleted, the prune was a safe one (dangling images, or `-a` only with an `until`
filter; never volumes, never `rmi` of everything), and the lab still runs.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from labs.core import constants as c
from labs.core.i18n import tr
from labs.core.tree import TraineePath
from labs.host.models import CommandResult
from labs.host.trial import staging_folder

DAY = 86400
# The trial's PATH on the machine that runs it: the stand-in docker first.
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
MB = 1 << 20
# id → (container name, log size): the stand-in lists the first two for name=inatrace.
CONTAINERS = {
    "a1b2c3d4e5f6": (c.BACKEND_CONTAINER, 150 * MB),
    "b2c3d4e5f6a1": (c.MYSQL_CONTAINER, 20 * MB),
    "c3d4e5f6a1b2": ("facturacion-api", 180 * MB),
}
# name → (age in days, must the cleanup delete it?)
BACKUPS = {
    "backup-auto-20000101-020000.sql.gz": (95, True),
    "backup-20000201-183000-pre-deploy.sql.gz": (75, True),
    "backup-manual-20000301-101500.sql.gz": (45, False),
    "backup-auto-20000401-020000.sql.gz": (10, False),
    "backup-auto-20000402-020000.sql.gz": (0, False),
    "notas-restauracion.txt": (120, False),
}
STAND_IN = r"""#!/bin/bash
# Stand-in docker for the lab's maintenance trial: answers from the sandbox, runs nothing.
here="$(cd "$(dirname "$0")/.." && pwd)"
echo "docker $*" >> "$here/docker-calls.log"
case "$1" in
  ps)
    for id in $(ls "$here/containers"); do
      name=$(cat "$here/containers/$id/name")
      case "$*" in *name=inatrace*) [[ $name == inatrace* ]] || continue ;; esac
      case " $* " in *" -q "*|*--quiet*) echo "$id" ;; *) echo "$id   $name   Up 3 days" ;; esac
    done ;;
  inspect)
    for arg in "${@:2}"; do
      [ -d "$here/containers/$arg" ] || continue
      if [[ "$*" == *LogPath* ]]; then echo "$here/containers/$arg/$arg-json.log"; fi
    done ;;
  image|system|container|builder|volume|network|rmi)
    echo "Total reclaimed space: 0B" ;;
esac
exit 0
"""


class MaintenanceScriptSpec(CheckSpec):
    kind: Literal["maintenance-script"]
    path: RelPath = "bin/maintenance-inatrace.sh"
    timeout: float = Field(default=60, gt=0, le=300)


def plant(sandbox: Path) -> None:
    shutil.rmtree(sandbox, ignore_errors=True)
    (sandbox / "bin").mkdir(parents=True)
    (sandbox / "backups").mkdir()
    docker = sandbox / "bin" / "docker"
    docker.write_text(STAND_IN)
    docker.chmod(0o755)
    for cid, (name, size) in CONTAINERS.items():
        folder = sandbox / "containers" / cid
        folder.mkdir(parents=True)
        (folder / "name").write_text(name)
        with (folder / f"{cid}-json.log").open("wb") as log:
            log.truncate(size)  # sparse: the size a `stat` reports, no disk used
    now = time.time()
    for name, (age, _) in BACKUPS.items():
        path = sandbox / "backups" / name
        path.write_bytes(b"planted by lab check\n")
        stamp = now - age * DAY - 3600
        os.utime(path, (stamp, stamp))


def _log_size(sandbox: Path, cid: str) -> int:
    return (sandbox / "containers" / cid / f"{cid}-json.log").stat().st_size


def _logs(sandbox: Path) -> Assertion:
    wrong = []
    for cid, (name, size) in CONTAINERS.items():
        should_truncate = name.startswith("inatrace") and size > 100 * MB
        if (_log_size(sandbox, cid) == 0) != should_truncate:
            wrong.append(name)
    return Assertion(
        tr(
            "trunca solo los logs de INATrace de más de 100 MB",
            "truncates only INATrace logs over 100 MB",
        ),
        not wrong,
        tr(f"{len(wrong)} logs mal tratados", f"{len(wrong)} logs handled wrong"),
        fix=tr(
            "Recorra solo `docker ps -q --filter name=inatrace`, lea el tamaño con `stat` y "
            "compare con 104857600 antes de `truncate -s 0`.",
            "Loop over `docker ps -q --filter name=inatrace` only, read the size with `stat` "
            "and compare with 104857600 before `truncate -s 0`.",
        ),
    )


def _backups(sandbox: Path) -> Assertion:
    folder = sandbox / "backups"
    wrong = [n for n, (_, delete) in BACKUPS.items() if (folder / n).exists() == delete]
    return Assertion(
        tr("borra solo respaldos de más de 60 días", "deletes only backups older than 60 days"),
        not wrong,
        tr(f"{len(wrong)} archivos mal tratados", f"{len(wrong)} files handled wrong"),
        fix=tr(
            'Revise el `find`: `-name "backup-*.sql.gz"` y `-mtime +60` antes de `-delete`.',
            'Check the `find`: `-name "backup-*.sql.gz"` and `-mtime +60` before `-delete`.',
        ),
    )


def unsafe_docker(call: str) -> bool:
    """Volumes, stopped containers (the lab's image keepers among them), `rmi`, or every
    unused image regardless of age: what a monthly cleanup must never do blindly."""
    if re.search(r"\b(volume\s+(prune|rm)|rmi|system\s+prune|(container|network)\s+prune)\b", call):
        return True
    every = re.search(r"\bimage\s+prune\b", call) and re.search(r"\s(-a|--all|-af|-fa)\b", call)
    return bool(every and "until=" not in call)


def _prune(sandbox: Path) -> Assertion:
    log = sandbox / "docker-calls.log"
    calls = log.read_text().splitlines() if log.is_file() else []
    prunes = [call for call in calls if re.search(r"\bimage\s+prune\b", call)]
    unsafe = [call for call in calls if unsafe_docker(call)]
    return Assertion(
        tr("limpia imágenes de forma segura", "cleans images safely"),
        bool(prunes) and not unsafe,
        "; ".join(unsafe)[:200] or tr("sin `docker image prune`", "no `docker image prune`"),
        fix=tr(
            "Use `docker image prune` (con `-a` solo junto a `--filter until=…`); nunca "
            "volúmenes ni `rmi` de todo.",
            "Use `docker image prune` (`-a` only with `--filter until=…`); never volumes or "
            "`rmi` of everything.",
        ),
    )


def _lab_runs(ctx: CheckContext) -> Assertion:
    probe = ctx.health()
    missing = [r.tag for r in c.RELEASES if not ctx.host.image_exists(r.image)]
    return Assertion(
        tr("el laboratorio sigue funcionando", "the lab still runs"),
        probe.http_status == 200 and not missing,
        f"health {probe.http_status}; {', '.join(missing)}",
        fix=tr(
            "El script no debe detener servicios ni borrar imágenes en uso.",
            "The script must not stop services or delete images in use.",
        ),
    )


def copy_for_trial(script: TraineePath, staging: Path, real_home: str, sandbox: str) -> str:
    """The script pointed at the sandbox, written into staging; its path where it runs."""
    text = script.read_text(errors="replace")
    for root in (real_home, "/opt/inatrace"):
        text = text.replace(root, sandbox)
    (staging / "maintenance-inatrace.sh").write_text(text)
    return f"{sandbox}/maintenance-inatrace.sh"


class MaintenanceScript(Check[MaintenanceScriptSpec]):
    kind = "maintenance-script"
    Spec = MaintenanceScriptSpec

    def evaluate(self, spec: MaintenanceScriptSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} does not exist."),
                tr("Cree el script en esa ruta.", "Create the script there."),
            )
        with staging_folder() as sandbox, ctx.host.trial(sandbox) as trial:
            plant(sandbox)
            copy = copy_for_trial(path, sandbox, ctx.home, trial.root)
            env = {"LAB_HOME": trial.root, "PATH": f"{trial.root}/bin:{SYSTEM_PATH}"}
            result = trial.run(["bash", copy], env, spec.timeout)
            return _judged(result, sandbox, spec, ctx)


def _judged(
    result: CommandResult, sandbox: Path, spec: MaintenanceScriptSpec, ctx: CheckContext
) -> Outcome:
    ran = Assertion(
        tr("termina a tiempo", "finishes in time"),
        not result.timed_out,
        tr("no terminó", "did not finish"),
        fix=tr("Evite órdenes que esperan.", "Avoid commands that wait."),
    )
    assertions = [ran, _logs(sandbox), _backups(sandbox), _prune(sandbox), _lab_runs(ctx)]
    evidence = {
        "script": spec.path,
        "returncode": str(result.returncode),
        "stdout": (result.stdout + result.stderr)[-1500:],
    }
    return Outcome.from_assertions(assertions, evidence)


CHECK = MaintenanceScript
