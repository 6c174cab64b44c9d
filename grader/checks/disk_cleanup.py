"""`disk-cleanup`: the full data disk was cleaned without throwing away what had to stay.

Graded against what the fault recorded when the disk filled (.lab/data-disk-full.json):
`keep: backups` — every recent backup (younger than the retention) is still there, whole;
`keep: uploads` — every document the users had uploaded is still there, whole;
`keep: log` — the runaway log was emptied or rotated, not deleted: on a real server the
process writing it keeps it open, and deleting an open file frees nothing.
"""

from __future__ import annotations

from typing import Literal

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core.datadisk import DataDiskRecord
from labs.core.i18n import tr
from labs.core.tree import TraineePath


class DiskCleanupSpec(CheckSpec):
    kind: Literal["disk-cleanup"]
    keep: Literal["backups", "uploads", "log"]


class DiskCleanup(Check[DiskCleanupSpec]):
    kind = "disk-cleanup"
    Spec = DiskCleanupSpec

    def evaluate(self, spec: DiskCleanupSpec, ctx: CheckContext) -> Outcome:
        record = DataDiskRecord.load(ctx.records.root)
        if record is None:
            return Outcome.unavailable(
                tr("Falta el registro del disco lleno.", "The full disk's record is missing."),
                tr(
                    "Reinicie el ejercicio con `lab reset`.",
                    "Restart the exercise with `lab reset`.",
                ),
            )
        if spec.keep == "log":
            return _log(ctx.path(record.log), record)
        folder = ctx.tree.backups if spec.keep == "backups" else ctx.tree.uploads
        wanted = record.backups if spec.keep == "backups" else record.uploads
        return _kept(folder, wanted, spec.keep)


def _kept(folder: TraineePath, wanted: dict[str, int], what: str) -> Outcome:
    lost = [name for name, size in wanted.items() if _size(folder / name) != size]
    if what == "backups":
        label = tr(
            "los respaldos recientes siguen ahí, completos", "recent backups are still there"
        )
        fix = tr(
            "Los respaldos recientes son la única forma de volver atrás: libere espacio con "
            "lo que sobra, no con ellos.",
            "Recent backups are the only way back: free space with what is superfluous, "
            "not with them.",
        )
    else:
        label = tr(
            "los documentos subidos siguen ahí, completos", "uploaded documents are still there"
        )
        fix = tr(
            "Los documentos que subieron los usuarios no se pueden volver a generar.",
            "The documents users uploaded cannot be produced again.",
        )
    assertion = Assertion(
        label,
        not lost,
        tr(
            f"{len(lost)} de {len(wanted)} faltan o cambiaron", f"{len(lost)} of {len(wanted)} gone"
        ),
        tr("ninguno falta", "none gone"),
        fix,
    )
    return Outcome.from_assertions([assertion], {"lost": ", ".join(lost[:10])})


def _log(path: TraineePath, record: DataDiskRecord) -> Outcome:
    size = _size(path)
    assertion = Assertion(
        tr(
            "el log desbordado se vació o rotó, sin borrarlo",
            "the runaway log was emptied or rotated",
        ),
        size is not None and size < record.log_size // 2,
        tr("borrado", "deleted") if size is None else tr(f"{size >> 20} MB", f"{size >> 20} MB"),
        tr("existe y es pequeño", "exists and is small"),
        tr(
            "En un servidor, el proceso que escribe un log lo mantiene abierto: borrarlo no "
            "libera espacio y se pierde dónde escribe. Vacíelo o rótelo.",
            "On a server the process writing a log keeps it open: deleting it frees no "
            "space. Empty or rotate it.",
        ),
    )
    return Outcome.from_assertions([assertion], {"log": record.log})


def _size(path: TraineePath) -> int | None:
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


CHECK = DiskCleanup
