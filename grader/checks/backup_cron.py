"""`backup-cron`: the nightly backup of Práctica 19 really runs and really protects.

The crontab (`crontab -l`) runs the script daily at the hour asked; the script is
executable. Then the grader runs it itself, as cron would at 02:00, against a copy
of the backups folder planted with files of known ages: it must write a
`backup-auto-*.sql.gz` that restores to the live data, append its log line, and
delete only `backup-auto-*` files older than its RETENTION_DAYS (never a recent one,
never another kind of file). The real folder is not touched by the test run.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import Literal

from pydantic import Field

from grader.checks.backup_file import judge
from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from labs.core.i18n import tr
from labs.core.tree import TraineePath, executable

_RETENTION = re.compile(r"^\s*RETENTION_DAYS=\"?(\d+)", re.MULTILINE)
DAY = 86400


class BackupCronSpec(CheckSpec):
    kind: Literal["backup-cron"]
    script: RelPath = "home/usuario/backup-inatrace.sh"
    log: RelPath = "logs/inatrace-backup.log"
    hour: int = Field(default=2, ge=0, le=23)
    minute: int = Field(default=0, ge=0, le=59)


def retention_days(script_text: str) -> int | None:
    found = _RETENTION.search(script_text)
    return int(found.group(1)) if found else None


def cron_line(crontab: str, script: TraineePath) -> list[str] | None:
    """The five schedule fields of the active line that runs `script`."""
    for line in crontab.splitlines():
        fields = line.split()
        if line.lstrip().startswith("#") or len(fields) < 6:
            continue
        if str(script) in " ".join(fields[5:]):
            return fields[:5]
    return None


class BackupCron(Check[BackupCronSpec]):
    kind = "backup-cron"
    Spec = BackupCronSpec

    def evaluate(self, spec: BackupCronSpec, ctx: CheckContext) -> Outcome:
        script = ctx.path(spec.script)
        schedule = cron_line(ctx.host.read_crontab(), script)
        wanted = [str(spec.minute), str(spec.hour), "*", "*", "*"]
        assertions = [
            Assertion(
                tr(
                    "cron ejecuta el script a diario a la hora pedida",
                    "cron runs it daily at the hour asked",
                ),
                schedule == wanted,
                " ".join(schedule) if schedule else tr("sin línea", "no line"),
                fix=tr(
                    "Revise `crontab -l`: los cinco campos de horario y la ruta absoluta.",
                    "Check `crontab -l`: the five schedule fields and the script's absolute path.",
                ),
            ),
            Assertion(
                tr("el script es ejecutable", "the script is executable"),
                executable(script),
                tr("no ejecutable o ausente", "not executable or missing"),
                fix=tr("`chmod +x` al script.", "`chmod +x` the script."),
            ),
        ]
        if not all(a.ok for a in assertions):
            return Outcome.from_assertions(assertions, {"script": spec.script})
        return trial_run(spec, ctx, script, assertions)


def trial_run(
    spec: BackupCronSpec, ctx: CheckContext, script: TraineePath, assertions: list[Assertion]
) -> Outcome:
    text = script.read_text(errors="replace")
    real = str(ctx.tree.backups)
    days = retention_days(text) or 30
    sandbox = ctx.records.root / "cron-trial"
    shutil.rmtree(sandbox, ignore_errors=True)
    folder = sandbox / "backups"
    folder.mkdir(parents=True)
    planted = _plant(folder, days)
    copy = sandbox / "backup-inatrace.sh"
    copy.write_text(text.replace(real + "/", str(folder) + "/").replace(real, str(folder)))
    log = ctx.path(spec.log)
    lines_before = _lines(log)
    result = ctx.run(["bash", str(copy)], sandbox, timeout=180)
    made = [p for p in folder.glob("backup-auto-*.sql.gz") if p.name not in planted]
    writes_here = real in text
    assertions.append(
        Assertion(
            tr("escribe en $LAB_HOME/backups", "writes into $LAB_HOME/backups"),
            writes_here,
            tr("otra carpeta", "another folder"),
            fix=tr(
                "BACKUP_DIR debe ser la ruta absoluta de $LAB_HOME/backups.",
                "BACKUP_DIR must be $LAB_HOME/backups, absolute.",
            ),
        )
    )
    assertions.append(
        Assertion(
            tr(
                "al ejecutarlo crea un backup-auto-*.sql.gz", "a run creates a backup-auto-*.sql.gz"
            ),
            writes_here and len(made) == 1,
            tr(f"{len(made)} archivos nuevos; salida: ", f"{len(made)} new files; output: ")
            + (result.stdout + result.stderr).strip()[-200:],
            fix=tr(
                "Ejecútelo usted mismo y mire el archivo con `ls -l` y `gunzip -t`.",
                "Run it yourself and look at the file with `ls -l` and `gunzip -t`.",
            ),
        )
    )
    assertions.append(
        Assertion(
            tr("agrega su línea al log", "appends its log line"),
            _lines(log) > lines_before,
            spec.log,
            fix=tr(
                "El script debe terminar con `echo ... >> LOG`.",
                "The script must end with `echo ... >> LOG`.",
            ),
        )
    )
    assertions.append(_retention(folder, planted, days))
    evidence = {"script": spec.script, "retention_days": str(days)}
    if len(made) == 1 and all(a.ok for a in assertions):
        sub = judge(ctx, made[0], None)
        assertions.append(
            Assertion(
                tr(
                    "el respaldo que escribe es válido y restaurable",
                    "the backup it writes is valid and restores",
                ),
                sub.fraction == 1.0,
                sub.message.splitlines()[-1] if sub.message else "",
                fix=tr(
                    'Pruebe el archivo con `gunzip -t` y `zcat | grep -c "CREATE TABLE"`.',
                    'Test the file with `gunzip -t` and `zcat | grep -c "CREATE TABLE"`.',
                ),
            )
        )
    outcome = Outcome.from_assertions(assertions, evidence)
    shutil.rmtree(sandbox, ignore_errors=True)
    return outcome


def _plant(folder: Path, days: int) -> dict[str, bool]:
    """Files of known ages; value: must the retention delete it?"""
    now = time.time()
    planted = {
        ("backup-auto-20000101-020000.sql.gz", days + 15): True,
        ("backup-auto-20000102-020000.sql.gz", max(days - 10, 1)): False,
        ("backup-auto-20000103-020000.sql.gz", 0): False,
        ("backup-20000104-183000-pre-deploy.sql.gz", days + 15): False,
        ("backup-manual-20000105-101500.sql.gz", days + 20): False,
        ("notas-restauracion.txt", days + 30): False,
    }
    for (name, age), _ in planted.items():
        path = folder / name
        path.write_bytes(b"planted by lab check\n")
        stamp = now - age * DAY - 3600
        os.utime(path, (stamp, stamp))
    return {name: delete for (name, _), delete in planted.items()}


def _retention(folder: Path, planted: dict[str, bool], days: int) -> Assertion:
    wrong = [n for n, delete in planted.items() if (folder / n).exists() == delete]
    return Assertion(
        tr(
            f"borra solo backup-auto-* de más de {days} días",
            f"deletes only backup-auto-* older than {days} days",
        ),
        not wrong,
        tr(f"{len(wrong)} archivos mal tratados", f"{len(wrong)} files handled wrong"),
        fix=tr(
            "Revise el `find` de limpieza: el patrón (-name) y el signo de -mtime.",
            "Check the cleanup `find`: its -name pattern and the sign of -mtime.",
        ),
    )


def _lines(path: TraineePath) -> int:
    return len(path.read_text(errors="replace").splitlines()) if path.is_file() else 0


CHECK = BackupCron
