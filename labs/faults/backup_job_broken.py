"""`backup-job-broken`: the nightly backup of Práctica 19 does not protect anything.

The script `$LAB_HOME/home/usuario/backup-inatrace.sh` is the course's own, and it
"works": it exits, logs "Respaldo completado" and leaves a `backup-auto-*.sql.gz`, but
the file is empty (`script: empty`: it still names the production container, as the
course's copy does, so `docker exec` fails and the redirection leaves 0 bytes) or cut
short (`script: truncated`: a size limit someone added). The cron job that should run it
is missing (`cron: missing`) or set for the wrong hour (`cron: wrong-hour`).

Reverting restores what it replaced: the script only while it is still the broken one
(a trainee's fix stays), the crontab lines it removed, and removes the line it added.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from labs.core import constants as c
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register

SCRIPT = "home/usuario/backup-inatrace.sh"
LOG = "logs/inatrace-backup.log"
WRONG_HOUR_LINE = "0 3 * * * {script}"

_SCRIPT = """#!/bin/bash
# Script de respaldo automático INATrace

BACKUP_DIR="{backups}"
CONTAINER_NAME="{container}"
RETENTION_DAYS=30

# Crear respaldo
docker exec "${{CONTAINER_NAME}}" sh -c '
  mysqldump -u root -p"${{MYSQL_ROOT_PASSWORD}}" \\
    --single-transaction \\
    --quick \\
    --lock-tables=false \\
    "${{MYSQL_DATABASE}}" | gzip -9
'{limit} > "${{BACKUP_DIR}}/backup-auto-$(date +%Y%m%d-%H%M%S).sql.gz"

# Limpiar respaldos antiguos
find "${{BACKUP_DIR}}" -name "backup-auto-*.sql.gz" -mtime +${{RETENTION_DAYS}} -delete

# Log
echo "$(date): Respaldo completado" >> {log}
"""


class BackupJobBrokenParams(FaultParams):
    script: Literal["empty", "truncated"]
    cron: Literal["missing", "wrong-hour"]


def course_script(root: Path, *, container: str = c.MYSQL_CONTAINER, limit: str = "") -> str:
    """The course's Práctica 19 script with the lab's paths (and an optional defect)."""
    return _SCRIPT.format(
        backups=root / "backups", container=container, limit=limit, log=root / LOG
    )


def broken_script(root: Path, defect: str) -> str:
    if defect == "empty":
        return course_script(root, container="inatrace-mysql-prod-fortaleza")
    # "No llenar el disco": a size cap that cuts every dump in the middle.
    return course_script(root, limit=" | head -c 32768")


@register
class BackupJobBroken(Fault[BackupJobBrokenParams]):
    kind = "backup-job-broken"
    Params = BackupJobBrokenParams

    def inject(self, ctx: FaultContext) -> None:
        root = ctx.workspace.root
        script = root / SCRIPT
        crontab = ctx.host.read_crontab()
        mentioning = [line for line in crontab.splitlines() if str(script) in line]
        added = WRONG_HOUR_LINE.format(script=script) if self.params.cron == "wrong-hour" else ""
        ctx.save_record(
            self.key,
            {
                "had_script": str(script.is_file()),
                "script": script.read_text() if script.is_file() else "",
                "removed": "\n".join(mentioning),
                "added": added,
            },
        )
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(broken_script(root, self.params.script))
        script.chmod(0o755)
        kept = [line for line in crontab.splitlines() if str(script) not in line]
        ctx.host.write_crontab("\n".join(kept + ([added] if added else [])) + "\n")

    def verify_injected(self, ctx: FaultContext) -> str:
        script = ctx.workspace.root / SCRIPT
        if script.read_text() != broken_script(ctx.workspace.root, self.params.script):
            raise live.not_live("el script no es el dañado.", "the script is not the broken one.")
        scheduled = [
            line
            for line in ctx.host.read_crontab().splitlines()
            if str(script) in line and not line.lstrip().startswith("#")
        ]
        if self.params.cron == "missing" and scheduled:
            raise live.not_live("cron aún ejecuta el script.", "cron still runs the script.")
        if self.params.cron == "wrong-hour" and not scheduled:
            raise live.not_live("falta la línea de cron.", "the cron line is missing.")
        return f"script {self.params.script}; cron {self.params.cron}"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key)
        if record is None:
            return
        root = ctx.workspace.root
        script = root / SCRIPT
        if script.is_file() and script.read_text() == broken_script(root, self.params.script):
            if record["had_script"] == "True":
                script.write_text(record["script"])
            else:
                script.unlink()
        lines = [line for line in ctx.host.read_crontab().splitlines() if line != record["added"]]
        lines += [line for line in record["removed"].splitlines() if line not in lines]
        ctx.host.write_crontab("\n".join(lines) + ("\n" if lines else ""))
        ctx.drop_record(self.key)
