"""`rollback-backup`: the rollback was done with a backup in hand.

Práctica 25 rolls back a release; if it must be undone too, the data as it was is
needed. Either of two counts:
- a complete backup taken by the trainee after the bad deploy and before the rollback
  (a `backups/backup-*.sql.gz` whose dump is whole and that is older than the backend
  container now running), or
- the pre-deploy backup the deploy job wrote, named in the logbook (by file name), and
  still there and whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from grader import backups
from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.checks.deploy_note import exercise_build
from grader.context import CheckContext
from labs.core.i18n import tr
from labs.core.tree import TraineePath


class RollbackBackupSpec(CheckSpec):
    kind: Literal["rollback-backup"]
    logbook: RelPath = "notas/bitacora.md"


def _whole(path: TraineePath) -> bool:
    facts = backups.read_dump(path)
    return not facts.damaged and facts.create_lines > 0


def _manual(ctx: CheckContext, after: datetime, before: datetime | None) -> TraineePath | None:
    for path in backups.files(ctx, "backups/backup-*.sql.gz"):
        taken = backups.mtime(path)
        if after < taken and (before is None or taken < before) and _whole(path):
            return path
    return None


def _named(ctx: CheckContext, spec: RollbackBackupSpec, name: str | None) -> TraineePath | None:
    if not name:
        return None
    logbook = ctx.path(spec.logbook)
    text = logbook.read_text(errors="replace") if logbook.is_file() else ""
    path = ctx.tree.backups / name
    return path if name in text and path.is_file() and _whole(path) else None


class RollbackBackup(Check[RollbackBackupSpec]):
    kind = "rollback-backup"
    Spec = RollbackBackupSpec

    def evaluate(self, spec: RollbackBackupSpec, ctx: CheckContext) -> Outcome:
        build = exercise_build(ctx)
        if build is None:
            return Outcome.unavailable(
                tr("No hay un despliegue de este ejercicio.", "No deploy ran in this exercise."),
                tr("Revise `lab status`.", "Check `lab status`."),
            )
        info = ctx.container("backend")
        rollback_at = info.started_at if info else None
        after = build.finished_at or build.timestamp
        found = _manual(ctx, after, rollback_at) or _named(ctx, spec, build.backup_file)
        assertion = Assertion(
            tr("respaldo a mano antes del rollback", "a backup in hand before the rollback"),
            found is not None,
            tr("ninguno", "none"),
            fix=tr(
                "Antes de volver atrás, tome un respaldo completo (Día 3) o anote en la "
                "bitácora el nombre del respaldo pre-deploy que dejó el job.",
                "Before rolling back, take a full backup (Día 3) or write in the logbook "
                "the name of the pre-deploy backup the job left.",
            ),
        )
        evidence = {
            "pre-deploy": str(build.backup_file),
            "rollback": rollback_at.isoformat() if rollback_at else "-",
            "found": found.name if found else "-",
        }
        return Outcome.from_assertions([assertion], evidence)


CHECK = RollbackBackup
