"""`backup-file`: a backup taken during the exercise that really restores.

A name cannot fool it: the newest file matching `glob` made in the window must follow
production's naming, pass `gzip -t`, hold `CREATE TABLE` for every table asked (all of
the database's, or exactly `tables` for a subset) and `INSERT INTO` for every non-empty
one, and, loaded into a throwaway MySQL, give the row counts and checksums the
database had while the file was written (the observer's record).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

import grader.backups as backups
from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core.backups import DataState, name_kind, same_data
from labs.core.i18n import tr
from labs.core.tree import TraineePath


class BackupFileSpec(CheckSpec):
    kind: Literal["backup-file"]
    glob: str = Field(min_length=1)  # relative to $LAB_HOME, e.g. backups/backup-manual-*.sql.gz
    tables: list[str] | None = None  # a subset backup: exactly these tables
    window: Literal["exercise", "lab"] = "exercise"


class BackupFile(Check[BackupFileSpec]):
    kind = "backup-file"
    Spec = BackupFileSpec

    def evaluate(self, spec: BackupFileSpec, ctx: CheckContext) -> Outcome:
        start, _ = ctx.window(spec.window)
        made = [p for p in backups.files(ctx, spec.glob) if backups.mtime(p) >= start]
        if not made:
            return Outcome.unavailable(
                tr(
                    f"No hay un respaldo nuevo `{spec.glob}` hecho durante el ejercicio.",
                    f"No new backup `{spec.glob}` made during the exercise.",
                ),
                tr(
                    "Créelo con el comando de la práctica y compruebe con `ls -lh`.",
                    "Make it with the practice's command and check with `ls -lh`.",
                ),
            )
        outcomes = [judge(ctx, path, spec.tables) for path in made[:2]]
        return next((o for o in outcomes if o.fraction == 1.0), outcomes[0])


def judge(ctx: CheckContext, path: TraineePath, tables: list[str] | None) -> Outcome:
    """Every assertion about one backup file (also used by other backup checks)."""
    evidence = {"file": ctx.tree.relative(path)}
    facts = backups.read_dump(path)
    live = backups.live_data(ctx)
    wanted = sorted(tables if tables is not None else live)
    assertions = [
        Assertion(
            tr("nombre con el formato de producción", "name in production's format"),
            name_kind(path.name) is not None,
            path.name,
            fix=tr(
                "Use `backup-<tipo>-$(date +%Y%m%d-%H%M%S).sql.gz`, como en la práctica.",
                "Use `backup-<kind>-$(date +%Y%m%d-%H%M%S).sql.gz`, as in the practice.",
            ),
        ),
        Assertion(
            tr("`gzip -t` pasa", "`gzip -t` passes"),
            facts.gzip_ok,
            tr(f"{facts.size} bytes, gzip inválido", f"{facts.size} bytes, invalid gzip"),
            fix=tr(
                "Pruebe `gunzip -t ARCHIVO`: un archivo vacío o cortado no sirve.",
                "Try `gunzip -t FILE`: an empty or cut file is worthless.",
            ),
        ),
    ]
    missing = [t for t in wanted if t not in facts.created]
    extra = sorted(facts.created - set(wanted)) if tables is not None else []
    assertions.append(
        Assertion(
            tr("`CREATE TABLE` de cada tabla pedida", "`CREATE TABLE` for each table asked"),
            not missing and not extra,
            tr(
                f"faltan {len(missing)}, sobran {len(extra)}",
                f"{len(missing)} missing, {len(extra)} extra",
            ),
            fix=tr(
                'Cuente con `zcat ARCHIVO | grep -c "CREATE TABLE"` y revise qué tablas respaldó.',
                'Count with `zcat FILE | grep -c "CREATE TABLE"`; check which tables you dumped.',
            ),
        )
    )
    empty_inserts = [t for t in wanted if live.get(t) and live[t].rows and t not in facts.inserted]
    assertions.append(
        Assertion(
            tr("`INSERT INTO` de cada tabla con datos", "`INSERT INTO` for each table with data"),
            not empty_inserts,
            tr(
                f"{len(empty_inserts)} tablas sin datos",
                f"{len(empty_inserts)} tables without data",
            ),
            fix=tr(
                'Cuente con `zcat ARCHIVO | grep -c "INSERT INTO"`.',
                'Count with `zcat FILE | grep -c "INSERT INTO"`.',
            ),
        )
    )
    if all(a.ok for a in assertions):
        assertions += restored(ctx, path, tables, evidence)
    return Outcome.from_assertions(assertions, evidence)


def restored(
    ctx: CheckContext, path: TraineePath, tables: list[str] | None, evidence: dict[str, str]
) -> list[Assertion]:
    probe = backups.restore(ctx, path)
    evidence["restore_seconds"] = f"{probe.seconds:.1f}"
    loads = Assertion(
        tr("se restaura en un MySQL vacío", "restores into an empty MySQL"),
        probe.ok,
        probe.error[-200:],
        fix=tr(
            "El respaldo no carga: vuelva a generarlo y pruébelo antes de confiar en él.",
            "The backup does not load: make it again and test it before trusting it.",
        ),
    )
    if not probe.ok:
        return [loads]
    start, end = backups.taken_between(path)
    states = [backups.only(s, tables) for s in backups.states_between(ctx, start, end)]
    got = backups.only(probe.tables, tables)
    evidence["restored_rows"] = str(sum(s.rows for s in got.values()))
    return [
        loads,
        Assertion(
            tr(
                "tiene los datos que la base tenía al momento del respaldo",
                "holds the data the database had when it was taken",
            ),
            any(same_data(got, s) for s in states),
            tr(f"{len(got)} tablas restauradas", f"{len(got)} tables restored"),
            fix=tr(
                "Respalde la base viva con `mysqldump` en este momento; copiar o renombrar "
                "un respaldo viejo no sirve. Compare `SELECT COUNT(*)` de algunas tablas.",
                "Dump the live database with `mysqldump` now; copying or renaming an old "
                "backup does not count. Compare `SELECT COUNT(*)` of some tables.",
            ),
        ),
    ]


def data_of(ctx: CheckContext, path: TraineePath) -> DataState | None:
    """What a restore of this file gives, or None when it does not restore."""
    probe = backups.restore(ctx, path)
    return probe.tables if probe.ok else None


CHECK = BackupFile
