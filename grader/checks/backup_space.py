"""`backup-space`: the full backups folder was cleaned as a retention would, and the
automatic backup works again.

Graded against what the fault left (.lab/backups-full.json): the folder now has room
for another full backup (its filesystem, as `df` sees it); of the files it held, only
automatic backups past the retention or damaged ones are gone (never a recent one,
never a pre-deploy or manual one); the backup the full disk cut is no longer there to
be restored by mistake; and a new `backup-auto-*` made in the exercise is valid and
restores to the live data (backup-file's judge).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

import grader.backups as backups
from grader.checks.backup_file import judge
from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core.backups import FullFolderRecord
from labs.core.i18n import tr
from labs.core.tree import TraineePath


class BackupSpaceSpec(CheckSpec):
    kind: Literal["backup-space"]
    glob: str = Field(default="backups/backup-auto-*.sql.gz", min_length=1)


class BackupSpace(Check[BackupSpaceSpec]):
    kind = "backup-space"
    Spec = BackupSpaceSpec

    def evaluate(self, spec: BackupSpaceSpec, ctx: CheckContext) -> Outcome:
        record = FullFolderRecord.load(ctx.records.root)
        if record is None:
            return Outcome.unavailable(
                tr(
                    "Falta el registro de la carpeta de respaldos.",
                    "The backups folder's record is missing.",
                ),
                tr(
                    "Reinicie el ejercicio con `lab reset`.",
                    "Restart the exercise with `lab reset`.",
                ),
            )
        folder = ctx.tree.backups
        total, used, available = ctx.disk_use(folder)
        gone = [name for name in record.files if not (folder / name).exists()]
        wrongly = [name for name in gone if not record.files[name].may_delete]
        percent = round(100 * used / (used + available)) if used + available else 0
        assertions = [
            Assertion(
                tr(
                    "la carpeta tiene espacio para otro respaldo completo",
                    "the folder has room for another full backup",
                ),
                available >= 2 * record.full_size,
                tr(f"{percent}% en uso", f"{percent}% in use"),
                fix=tr(
                    "Mire `df -h $LAB_HOME/backups` y `du -sh`: aplique la retención que el "
                    "script de la Práctica 19 no llegó a aplicar.",
                    "Look at `df -h $LAB_HOME/backups` and `du -sh`: apply the retention "
                    "the Práctica 19 script never applied.",
                ),
            ),
            Assertion(
                tr(
                    "solo se borraron respaldos que la política permite borrar",
                    "only backups the policy allows were deleted",
                ),
                not wrongly,
                tr(
                    f"{len(wrongly)} respaldos que debían quedar",
                    f"{len(wrongly)} backups that had to stay",
                ),
                fix=tr(
                    "La retención de 30 días es para `backup-auto-*`: los pre-deploy, los "
                    "manuales y los recientes se conservan. Revise el `-name` y el `-mtime`.",
                    "The 30-day retention is for `backup-auto-*`: pre-deploy, manual and "
                    "recent backups stay. Check the `-name` and the `-mtime`.",
                ),
            ),
            Assertion(
                tr(
                    "no queda el respaldo que el disco lleno cortó",
                    "the backup the full disk cut is gone",
                ),
                _cut_is_gone(folder, record.cut, gone),
                tr("sigue en la carpeta", "still in the folder"),
                fix=tr(
                    "Un respaldo cortado engaña a quien restaure: pruebe los recientes con "
                    "`gunzip -t` y `ls -l`.",
                    "A cut backup fools whoever restores it: test the recent ones with "
                    "`gunzip -t` and `ls -l`.",
                ),
            ),
        ]
        start, _ = ctx.window()
        made = [p for p in backups.files(ctx, spec.glob) if backups.mtime(p) >= start]
        evidence = {"disk_total_bytes": str(total), "disk_available_bytes": str(available)}
        if not made:
            assertions.append(
                Assertion(
                    tr(
                        "un respaldo automático nuevo, hecho con espacio",
                        "a new automatic backup, made with room",
                    ),
                    False,
                    tr("no hay ninguno nuevo", "there is no new one"),
                    fix=tr(
                        "Con espacio libre, vuelva a ejecutar el respaldo nocturno.",
                        "With room again, run the nightly backup again.",
                    ),
                )
            )
            return Outcome.from_assertions(assertions, evidence)
        sub = judge(ctx, made[0], None)
        evidence.update(sub.evidence)
        assertions.append(
            Assertion(
                tr(
                    "el respaldo automático nuevo es válido y restaurable",
                    "the new automatic backup is valid and restores",
                ),
                sub.fraction == 1.0,
                sub.message.splitlines()[-1] if sub.message else "",
                fix=tr(
                    'Pruébelo con `gunzip -t` y `zcat | grep -c "CREATE TABLE"`.',
                    'Test it with `gunzip -t` and `zcat | grep -c "CREATE TABLE"`.',
                ),
            )
        )
        return Outcome.from_assertions(assertions, evidence)


def _cut_is_gone(folder: TraineePath, cut: str, gone: list[str]) -> bool:
    """Deleted — or replaced: a backup taken in the same second has the cut one's name, and
    then the file there is a complete dump, not the cut one."""
    path = folder / cut
    return cut in gone or (path.is_file() and not backups.read_dump(path).damaged)


CHECK = BackupSpace
