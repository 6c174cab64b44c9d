"""`backup-audit`: the integrity table of Práctica 17 matches the files themselves.

`| Archivo | gzip -t | CREATE TABLE | INSERT INTO | Estado |`, one row per backup. The
diagnosis is the point: every damaged file (gzip fails, or the dump was cut before its
end) must be marked damaged and no sound one; the counts must be those `zcat | grep -c`
gives for that file (they cannot be copied from the manual).
"""

from __future__ import annotations

import re
from typing import Literal

import grader.backups as backups
from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from grader.markdown import table_rows
from labs.core.i18n import tr
from labs.core.tree import TraineePath

_BAD = re.compile(r"(?i)da[ñn]ad|corrupt|inv[aá]lid|roto|error|fall|truncad|incomplet")
_INT = re.compile(r"-?\d+")
COLUMNS = ["Archivo", "gzip -t", "CREATE TABLE", "INSERT INTO", "Estado"]


class BackupAuditSpec(CheckSpec):
    kind: Literal["backup-audit"]
    path: RelPath
    glob: str = "backups/*.sql.gz"


class BackupAudit(Check[BackupAuditSpec]):
    kind = "backup-audit"
    Spec = BackupAuditSpec

    def evaluate(self, spec: BackupAuditSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        rows = table_rows(path.read_text(errors="replace"), COLUMNS) if path.is_file() else []
        if not rows:
            return Outcome.unavailable(
                tr(
                    f"No hay tabla en $LAB_HOME/{spec.path}.", f"No table in $LAB_HOME/{spec.path}."
                ),
                tr(
                    "Escriba `| Archivo | gzip -t | CREATE TABLE | INSERT INTO | Estado |`",
                    "Write the table `| Archivo | gzip -t | CREATE TABLE | INSERT INTO | Estado |`",
                ),
            )
        by_name = {_name(row): row for row in rows if _name(row)}
        files = backups.files(ctx, spec.glob)
        damaged = [p for p in files if backups.read_dump(p).damaged]
        assertions: list[Assertion] = []
        unmarked = [p.name for p in damaged if not _marked_bad(by_name.get(p.name))]
        sound_marked = [
            p.name for p in files if p not in damaged and _marked_bad(by_name.get(p.name))
        ]
        assertions.append(
            Assertion(
                tr("los respaldos dañados están identificados", "the damaged backups are found"),
                bool(damaged) and not unmarked,
                tr(f"{len(unmarked)} dañados sin marcar", f"{len(unmarked)} damaged not marked"),
                fix=tr(
                    "Pruebe cada archivo con `gunzip -t` y compare sus `CREATE TABLE` con los "
                    "de los demás: un respaldo cortado tiene menos.",
                    "Test each file with `gunzip -t` and compare its `CREATE TABLE` count "
                    "with the others': a cut dump has fewer.",
                ),
            )
        )
        assertions.append(
            Assertion(
                tr("ningún respaldo sano marcado como dañado", "no sound backup marked damaged"),
                not sound_marked,
                tr(f"{len(sound_marked)} sanos marcados", f"{len(sound_marked)} sound ones marked"),
                fix=tr("Revise la columna Estado.", "Check the Estado column."),
            )
        )
        for p in files:
            assertions.append(_counts(p, by_name.get(p.name)))
        evidence = {"file": spec.path, "damaged": ", ".join(p.name for p in damaged)}
        return Outcome.from_assertions(assertions, evidence)


def _name(row: dict[str, str]) -> str:
    cell = row["Archivo"]
    found = re.search(r"[\w.-]+\.sql\.gz", cell)
    return found.group(0) if found else ""


def _marked_bad(row: dict[str, str] | None) -> bool:
    return row is not None and bool(_BAD.search(row["Estado"]))


def _counts(path: TraineePath, row: dict[str, str] | None) -> Assertion:
    facts = backups.read_dump(path)
    label = tr(f"conteos de {path.name}", f"counts of {path.name}")
    if row is None:
        return Assertion(
            label,
            False,
            tr("sin fila", "no row"),
            partial=True,
            fix=tr("Agregue una fila por archivo.", "Add one row per file."),
        )
    create = _INT.search(row["CREATE TABLE"])
    insert = _INT.search(row["INSERT INTO"])
    ok = (
        create is not None
        and insert is not None
        and int(create.group(0)) == facts.create_lines
        and int(insert.group(0)) == facts.insert_lines
    )
    return Assertion(
        label,
        ok,
        tr("no coinciden con el archivo", "do not match the file"),
        f"{facts.create_lines}/{facts.insert_lines}",
        tr(
            'Cuente con `zcat ARCHIVO | grep -c "CREATE TABLE"` (e `INSERT INTO`).',
            'Count with `zcat FILE | grep -c "CREATE TABLE"` (and `INSERT INTO`).',
        ),
        partial=True,
    )


CHECK = BackupAudit
