"""Día 3 checks on recorded evidence (FakeHost, files on disk; no Docker): each passes on
the work the course asks for, fails on its known-bad answer, and its message never
hands over the expected value."""

from __future__ import annotations

import gzip
import json
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from grader_recordings import EXERCISE_START, ContextFactory

from grader import backups
from grader.checks.backup_audit import BackupAudit, BackupAuditSpec
from grader.checks.backup_cron import BackupCron, BackupCronSpec
from grader.checks.backup_file import BackupFile, BackupFileSpec
from grader.checks.backup_listing import BackupListing, BackupListingSpec
from grader.checks.backup_plan import BackupPlan, BackupPlanSpec
from grader.checks.backup_space import BackupSpace, BackupSpaceSpec
from grader.checks.base import Outcome
from grader.checks.restore_done import RestoreDone, RestoreDoneSpec
from grader.context import CheckContext
from labs.core import seal
from labs.core.backups import (
    FullFolderFile,
    FullFolderRecord,
    HistoryFile,
    HistoryManifest,
    TableStats,
)
from labs.host.data import RestoreProbe
from labs.host.fake import FakeHost

LIVE = {
    "User": TableStats(rows=12, checksum=1111),
    "Company": TableStats(rows=5, checksum=2222),
    "Empty": TableStats(rows=0, checksum=0),
}
OLD = {**LIVE, "User": TableStats(rows=9, checksum=999)}


def dump(tables: dict[str, TableStats], *, complete: bool = True) -> bytes:
    lines = ["-- MySQL dump 10.13"]
    for name, stats in tables.items():
        lines += [f"DROP TABLE IF EXISTS `{name}`;", f"CREATE TABLE `{name}` (id int);"]
        if stats.rows:
            lines.append(f"INSERT INTO `{name}` VALUES (1);")
    if complete:
        lines.append("-- Dump completed on 2026-11-27 18:06:00")
    return gzip.compress(("\n".join(lines) + "\n").encode())


def put(folder: Path, name: str, content: bytes, *, age_days: float = 0.0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content)
    stamp = time.time() - age_days * 86400
    os.utime(path, (stamp, stamp))
    return path


def grade(check: object, spec: object, ctx: CheckContext) -> Outcome:
    return check.evaluate(spec, ctx)  # type: ignore[attr-defined, no-any-return]


def gives_nothing_away(outcome: Outcome) -> None:
    for key, value in outcome.expected.items():
        if len(value) > 1:
            assert value not in outcome.message, f"{key}={value!r} in {outcome.message}"


@pytest.fixture
def host(evidence: FakeHost) -> FakeHost:
    evidence.data[None] = dict(LIVE)
    return evidence


@pytest.fixture
def ctx(make_ctx: ContextFactory, host: FakeHost) -> CheckContext:
    return make_ctx()


# --- backup-file ---------------------------------------------------------------------
def test_a_fresh_full_backup_that_restores_to_the_live_data_passes(
    ctx: CheckContext, host: FakeHost
) -> None:
    path = put(ctx.workspace.backups, "backup-manual-20261127-180600.sql.gz", dump(LIVE))
    host.restores[path.name] = RestoreProbe(ok=True, tables=dict(LIVE), seconds=1.0)
    spec = BackupFileSpec(
        criterion="respaldos",
        weight=1,
        id="b",
        kind="backup-file",
        glob="backups/backup-manual-*.sql.gz",
    )
    assert grade(BackupFile(), spec, ctx).fraction == 1.0


def test_a_restore_proof_written_by_hand_is_not_believed(ctx: CheckContext, host: FakeHost) -> None:
    """A forged `.lab/restores/<sha256>.json` saying the old dump restores to the live data."""
    path = put(ctx.workspace.backups, "backup-manual-20261127-180600.sql.gz", dump(OLD))
    host.restores[path.name] = RestoreProbe(ok=True, tables=dict(OLD))
    forged = RestoreProbe(ok=True, tables=dict(LIVE), seconds=1.0)
    cache = ctx.records.restores_dir / f"{backups.sha256(path)}.json"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"sha256": backups.sha256(path), "probe": forged.model_dump()}))
    spec = BackupFileSpec(
        criterion="respaldos",
        weight=1,
        id="b",
        kind="backup-file",
        glob="backups/backup-manual-*.sql.gz",
    )
    assert grade(BackupFile(), spec, ctx).fraction == 0.0


def test_an_empty_file_with_the_right_name_scores_nothing(ctx: CheckContext) -> None:
    put(ctx.workspace.backups, "backup-manual-20261127-180600.sql.gz", b"")
    spec = BackupFileSpec(
        criterion="respaldos",
        weight=1,
        id="b",
        kind="backup-file",
        glob="backups/backup-manual-*.sql.gz",
    )
    outcome = grade(BackupFile(), spec, ctx)
    assert outcome.fraction == 0.0
    assert "gzip" in outcome.message
    gives_nothing_away(outcome)


def test_an_old_backup_renamed_as_new_fails_on_its_restored_data(
    ctx: CheckContext, host: FakeHost
) -> None:
    path = put(ctx.workspace.backups, "backup-manual-20261127-180600.sql.gz", dump(OLD))
    host.restores[path.name] = RestoreProbe(ok=True, tables=dict(OLD))
    spec = BackupFileSpec(
        criterion="respaldos",
        weight=1,
        id="b",
        kind="backup-file",
        glob="backups/backup-manual-*.sql.gz",
    )
    outcome = grade(BackupFile(), spec, ctx)
    assert outcome.fraction == 0.0
    assert "12" not in outcome.message


def test_a_subset_backup_must_hold_exactly_the_tables_asked(
    ctx: CheckContext, host: FakeHost
) -> None:
    whole = put(ctx.workspace.backups, "backup-users-20261127-180600.sql.gz", dump(LIVE))
    host.restores[whole.name] = RestoreProbe(ok=True, tables=dict(LIVE))
    spec = BackupFileSpec(
        criterion="respaldos",
        weight=1,
        id="b",
        kind="backup-file",
        glob="backups/backup-users-*.sql.gz",
        tables=["User"],
    )
    outcome = grade(BackupFile(), spec, ctx)
    assert outcome.fraction == 0.0
    gives_nothing_away(outcome)
    whole.unlink()
    subset = {"User": LIVE["User"]}
    only = put(ctx.workspace.backups, "backup-users-20261127-180700.sql.gz", dump(subset))
    host.restores[only.name] = RestoreProbe(ok=True, tables=subset)
    assert grade(BackupFile(), spec, ctx).fraction == 1.0


# --- backup-audit --------------------------------------------------------------------
def _audit_folder(ctx: CheckContext) -> list[Path]:
    folder = ctx.workspace.backups
    return [
        put(folder, "backup-auto-20261126-020000.sql.gz", dump(LIVE)),
        put(folder, "backup-auto-20261127-020000.sql.gz", dump(LIVE)[:40]),
        put(folder, "backup-manual-20261120-101010.sql.gz", dump(LIVE, complete=False)),
    ]


def _audit(rows: list[tuple[str, str, str, str, str]]) -> str:
    head = "| Archivo | gzip -t | CREATE TABLE | INSERT INTO | Estado |\n|---|---|---|---|---|\n"
    return head + "".join(f"| {' | '.join(r)} |\n" for r in rows)


def test_an_audit_that_finds_both_damaged_backups_with_real_counts_passes(
    ctx: CheckContext,
) -> None:
    sound, truncated, cut = _audit_folder(ctx)
    note = ctx.path("home/usuario/practica17-integridad.md")
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(
        _audit(
            [
                (sound.name, "OK", "3", "2", "válido"),
                (truncated.name, "ERROR", "0", "0", "dañado"),
                (cut.name, "OK", "3", "2", "dañado"),
            ]
        )
    )
    spec = BackupAuditSpec(
        criterion="respaldos",
        weight=1,
        id="a",
        kind="backup-audit",
        path="home/usuario/practica17-integridad.md",
    )
    assert grade(BackupAudit(), spec, ctx).fraction == 1.0


def test_trusting_gzip_alone_misses_the_cut_dump_and_scores_nothing(ctx: CheckContext) -> None:
    sound, truncated, cut = _audit_folder(ctx)
    note = ctx.path("home/usuario/practica17-integridad.md")
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(
        _audit(
            [
                (sound.name, "OK", "3", "2", "válido"),
                (truncated.name, "ERROR", "0", "0", "dañado"),
                (cut.name, "OK", "3", "2", "válido"),
            ]
        )
    )
    spec = BackupAuditSpec(
        criterion="respaldos",
        weight=1,
        id="a",
        kind="backup-audit",
        path="home/usuario/practica17-integridad.md",
    )
    outcome = grade(BackupAudit(), spec, ctx)
    assert outcome.fraction == 0.0
    assert cut.name not in outcome.message  # which file is damaged is the answer


# --- backup-listing ------------------------------------------------------------------
def _listing_folder(ctx: CheckContext) -> tuple[Path, Path]:
    folder = ctx.workspace.backups
    recent = put(folder, "backup-20261125-182848-pre-deploy.sql.gz", dump(LIVE), age_days=2)
    old = put(folder, "backup-20261016-182848-pre-deploy.sql.gz", dump(OLD), age_days=40)
    return recent, old


def test_a_listing_of_exactly_the_recent_pre_deploy_backups_passes(ctx: CheckContext) -> None:
    recent, _ = _listing_folder(ctx)
    saved = ctx.path("home/usuario/practica18-predeploy.txt")
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(f"1234 232 -rw-r--r-- 1 root root 237352 nov 25 18:28 {recent}\n")
    spec = BackupListingSpec(
        criterion="respaldos",
        weight=1,
        id="l",
        kind="backup-listing",
        path="home/usuario/practica18-predeploy.txt",
        glob="backups/backup-*-pre-deploy.sql.gz",
        max_age_days=7,
    )
    assert grade(BackupListing(), spec, ctx).fraction == 1.0


def test_a_listing_of_every_backup_scores_nothing(ctx: CheckContext) -> None:
    recent, old = _listing_folder(ctx)
    saved = ctx.path("home/usuario/practica18-predeploy.txt")
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(f"{recent}\n{old}\n")
    spec = BackupListingSpec(
        criterion="respaldos",
        weight=1,
        id="l",
        kind="backup-listing",
        path="home/usuario/practica18-predeploy.txt",
        glob="backups/backup-*-pre-deploy.sql.gz",
        max_age_days=7,
    )
    outcome = grade(BackupListing(), spec, ctx)
    assert outcome.fraction == 0.0
    assert old.name not in outcome.message


# --- backup-cron ---------------------------------------------------------------------
SCRIPT = """#!/bin/bash
BACKUP_DIR="{backups}"
RETENTION_DAYS=30
cp "{source}" "${{BACKUP_DIR}}/backup-auto-$(date +%Y%m%d-%H%M%S).sql.gz"
find "${{BACKUP_DIR}}" -name "backup-auto-*.sql.gz" -mtime +${{RETENTION_DAYS}} -delete
echo "$(date): Respaldo completado" >> {log}
"""


class AnyRestore(FakeHost):
    """Every file restores to the live data (the script under test copies a sound dump)."""

    def restore_probe(self, dump: Path) -> RestoreProbe:
        return RestoreProbe(ok=True, tables=dict(LIVE))


def _cron_setup(ctx: CheckContext, host: FakeHost, script_text: str, hour: int) -> None:
    source = put(ctx.workspace.state_dir, "sound.sql.gz", dump(LIVE))
    script = ctx.path("home/usuario/backup-inatrace.sh")
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        script_text.format(
            backups=ctx.workspace.backups, source=source, log=ctx.path("logs/inatrace-backup.log")
        )
    )
    script.chmod(0o755)
    ctx.workspace.backups.mkdir(parents=True, exist_ok=True)
    ctx.path("logs").mkdir(exist_ok=True)
    host.crontab = f"0 {hour} * * * {script}\n"


def _cron_ctx(make_ctx: ContextFactory) -> tuple[CheckContext, AnyRestore]:
    host = AnyRestore(health_probe=None)
    host.data[None] = dict(LIVE)
    return make_ctx(source=host), host


def test_a_cron_job_at_two_that_backs_up_and_keeps_recent_files_passes(
    make_ctx: ContextFactory,
) -> None:
    ctx, host = _cron_ctx(make_ctx)
    _cron_setup(ctx, host, SCRIPT, hour=2)
    outcome = grade(
        BackupCron(),
        BackupCronSpec(criterion="respaldos", weight=1, id="c", kind="backup-cron"),
        ctx,
    )
    assert outcome.fraction == 1.0, outcome.message


def test_a_cron_line_for_the_wrong_hour_scores_nothing(make_ctx: ContextFactory) -> None:
    ctx, host = _cron_ctx(make_ctx)
    _cron_setup(ctx, host, SCRIPT, hour=3)
    outcome = grade(
        BackupCron(),
        BackupCronSpec(criterion="respaldos", weight=1, id="c", kind="backup-cron"),
        ctx,
    )
    assert outcome.fraction == 0.0
    assert "0 2 * * *" not in outcome.message


@pytest.mark.parametrize(
    "change",
    [('-name "backup-auto-*.sql.gz"', '-name "*.sql.gz"'), ("-mtime +", "-mtime -")],
    ids=["deletes-other-kinds", "deletes-recent-ones"],
)
def test_a_retention_that_deletes_the_wrong_files_scores_nothing(
    make_ctx: ContextFactory, change: tuple[str, str]
) -> None:
    ctx, host = _cron_ctx(make_ctx)
    _cron_setup(ctx, host, SCRIPT.replace(*change), hour=2)
    outcome = grade(
        BackupCron(),
        BackupCronSpec(criterion="respaldos", weight=1, id="c", kind="backup-cron"),
        ctx,
    )
    assert outcome.fraction == 0.0
    assert "backup-auto-20000101" not in outcome.message


# --- restore-done (single table) -----------------------------------------------------
def _history(ctx: CheckContext, good: dict[str, TableStats]) -> None:
    HistoryManifest(
        files={"backup-x.sql.gz": HistoryFile(sha256="0", state="now")}, states={"now": good}
    ).save(ctx.workspace.state_dir)


def _observed(ctx: CheckContext, tables: dict[str, TableStats]) -> None:
    when = (EXERCISE_START - timedelta(minutes=1)).isoformat()
    rows = {n: [s.rows, s.checksum] for n, s in tables.items()}
    seal.append_chained(ctx.records.timeline_dir / "data.jsonl", [{"t": when, "tables": rows}])


def test_a_single_table_restore_with_a_safety_backup_first_passes(
    ctx: CheckContext, host: FakeHost
) -> None:
    damaged = {**LIVE, "User": TableStats(rows=8, checksum=888)}
    _history(ctx, LIVE)
    _observed(ctx, damaged)
    safety = put(ctx.workspace.backups, "backup-pre-restore-20261127-180600.sql.gz", dump(damaged))
    host.restores[safety.name] = RestoreProbe(ok=True, tables=damaged)
    spec = RestoreDoneSpec(
        criterion="respaldos",
        weight=1,
        id="r",
        kind="restore-done",
        table="User",
        pre_restore_glob="backups/backup-*.sql.gz",
    )
    assert grade(RestoreDone(), spec, ctx).fraction == 1.0


def test_a_table_restore_without_a_safety_backup_scores_nothing(
    ctx: CheckContext, host: FakeHost
) -> None:
    damaged = {**LIVE, "User": TableStats(rows=8, checksum=888)}
    _history(ctx, LIVE)
    _observed(ctx, damaged)
    spec = RestoreDoneSpec(
        criterion="respaldos", weight=1, id="r", kind="restore-done", table="User"
    )
    outcome = grade(RestoreDone(), spec, ctx)
    assert outcome.fraction == 0.0
    gives_nothing_away(outcome)


def test_restoring_the_whole_database_from_an_old_backup_fails_the_table_restore(
    ctx: CheckContext, host: FakeHost
) -> None:
    damaged = {**LIVE, "User": TableStats(rows=8, checksum=888)}
    _history(ctx, LIVE)
    _observed(ctx, damaged)
    host.data[None] = {**LIVE, "Company": TableStats(rows=3, checksum=333)}
    spec = RestoreDoneSpec(
        criterion="respaldos", weight=1, id="r", kind="restore-done", table="User"
    )
    outcome = grade(RestoreDone(), spec, ctx)
    assert outcome.fraction == 0.0
    assert "Company" not in outcome.message


def test_a_full_restore_of_the_truncated_backup_leaves_the_data_wrong(
    ctx: CheckContext, host: FakeHost
) -> None:
    damaged = {**LIVE, "User": TableStats(rows=8, checksum=888)}
    _history(ctx, LIVE)
    _observed(ctx, damaged)
    host.data[None] = damaged
    outcome = grade(
        RestoreDone(),
        RestoreDoneSpec(criterion="respaldos", weight=1, id="r", kind="restore-done"),
        ctx,
    )
    assert outcome.fraction == 0.0
    assert "User" not in outcome.message


# --- backup-plan ---------------------------------------------------------------------
PLAN = """# Plan de Respaldo y Recuperación INATrace
## Estrategia de Respaldos
### Respaldos Automáticos
- **Frecuencia**: Diario a las {hour}:00 AM
- **Retención**: 30 días
## Procedimiento de Restauración
### Nivel 1: Restauración Parcial
Detener backend, restaurar la tabla, reiniciar y verificar.
### Nivel 2: Restauración Completa
Notificar, detener, respaldar, restaurar la base completa y validar.
## Pruebas de Restauración
Mensual, en staging, documentando tiempos y problemas encontrados.
"""


def _plan(ctx: CheckContext, host: FakeHost, *, plan_hour: int, cron: str) -> None:
    script = ctx.path("home/usuario/backup-inatrace.sh")
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text("RETENTION_DAYS=30\n")
    ctx.path("home/usuario/plan-respaldo-inatrace.md").write_text(PLAN.format(hour=plan_hour))
    host.crontab = cron.format(script=script)


def test_a_plan_with_the_course_sections_and_the_real_schedule_passes(
    ctx: CheckContext, host: FakeHost
) -> None:
    _plan(ctx, host, plan_hour=2, cron="0 2 * * * {script}\n")
    outcome = grade(
        BackupPlan(),
        BackupPlanSpec(criterion="respaldos", weight=1, id="p", kind="backup-plan"),
        ctx,
    )
    assert outcome.fraction == 1.0, outcome.message


def test_the_template_copied_without_a_cron_job_scores_nothing(
    ctx: CheckContext, host: FakeHost
) -> None:
    _plan(ctx, host, plan_hour=2, cron="")
    outcome = grade(
        BackupPlan(),
        BackupPlanSpec(criterion="respaldos", weight=1, id="p", kind="backup-plan"),
        ctx,
    )
    assert outcome.fraction == 0.0
    gives_nothing_away(outcome)


# --- backup-space --------------------------------------------------------------------
def _full_folder(ctx: CheckContext, host: FakeHost) -> dict[str, Path]:
    folder = ctx.workspace.backups
    files = {
        "old-auto": put(folder, "backup-auto-20260901-020000.sql.gz", b"x" * 20000, age_days=80),
        "recent-auto": put(folder, "backup-auto-20261126-020000.sql.gz", dump(LIVE), age_days=1),
        "old-pre": put(folder, "backup-20260920-182848-pre-deploy.sql.gz", dump(OLD), age_days=70),
        "cut": put(folder, "backup-auto-20261127-090000.sql.gz", dump(LIVE)[:30], age_days=10),
    }
    host.mounts[folder] = 21000
    FullFolderRecord(
        files={
            p.name: FullFolderFile(may_delete=key in ("old-auto", "cut"))
            for key, p in files.items()
        },
        cut=files["cut"].name,
        full_size=3000,
    ).save(ctx.workspace.state_dir)
    return files


def test_cleaning_old_automatic_backups_and_backing_up_again_passes(
    ctx: CheckContext, host: FakeHost
) -> None:
    files = _full_folder(ctx, host)
    files["old-auto"].unlink()
    files["cut"].unlink()
    new = put(ctx.workspace.backups, "backup-auto-20261127-180700.sql.gz", dump(LIVE))
    host.restores[new.name] = RestoreProbe(ok=True, tables=dict(LIVE))
    outcome = grade(
        BackupSpace(),
        BackupSpaceSpec(criterion="respaldos", weight=1, id="s", kind="backup-space"),
        ctx,
    )
    assert outcome.fraction == 1.0, outcome.message


def test_a_new_backup_taken_in_the_cut_one_s_second_replaces_it(
    ctx: CheckContext, host: FakeHost
) -> None:
    files = _full_folder(ctx, host)
    files["old-auto"].unlink()
    files["cut"].unlink()
    # The nightly job re-run within the same second writes the very same name, complete.
    again = put(ctx.workspace.backups, files["cut"].name, dump(LIVE))
    host.restores[again.name] = RestoreProbe(ok=True, tables=dict(LIVE))
    outcome = grade(
        BackupSpace(),
        BackupSpaceSpec(criterion="respaldos", weight=1, id="s", kind="backup-space"),
        ctx,
    )
    assert outcome.fraction == 1.0, outcome.message


def test_a_full_folder_left_as_it_is_scores_nothing(ctx: CheckContext, host: FakeHost) -> None:
    _full_folder(ctx, host)
    outcome = grade(
        BackupSpace(),
        BackupSpaceSpec(criterion="respaldos", weight=1, id="s", kind="backup-space"),
        ctx,
    )
    assert outcome.fraction == 0.0
    assert "en uso" in outcome.message


def test_deleting_old_pre_deploy_backups_too_scores_nothing(
    ctx: CheckContext, host: FakeHost
) -> None:
    files = _full_folder(ctx, host)
    for key in ("old-auto", "old-pre", "cut"):
        files[key].unlink()
    new = put(ctx.workspace.backups, "backup-auto-20261127-180700.sql.gz", dump(LIVE))
    host.restores[new.name] = RestoreProbe(ok=True, tables=dict(LIVE))
    outcome = grade(
        BackupSpace(),
        BackupSpaceSpec(criterion="respaldos", weight=1, id="s", kind="backup-space"),
        ctx,
    )
    assert outcome.fraction == 0.0
    assert files["old-pre"].name not in outcome.message


def test_leaving_the_cut_backup_in_the_folder_scores_nothing(
    ctx: CheckContext, host: FakeHost
) -> None:
    files = _full_folder(ctx, host)
    files["old-auto"].unlink()
    new = put(ctx.workspace.backups, "backup-auto-20261127-180700.sql.gz", dump(LIVE))
    host.restores[new.name] = RestoreProbe(ok=True, tables=dict(LIVE))
    outcome = grade(
        BackupSpace(),
        BackupSpaceSpec(criterion="respaldos", weight=1, id="s", kind="backup-space"),
        ctx,
    )
    assert outcome.fraction == 0.0
    assert files["cut"].name not in outcome.message
