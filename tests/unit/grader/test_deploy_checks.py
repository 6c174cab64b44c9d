"""`deploy-note`: the trainee's four facts against the build the lab ran in the exercise."""

from __future__ import annotations

import gzip
import os
from datetime import timedelta

import pytest
from grader_recordings import EXERCISE_START, ContextFactory

from grader.checks.deploy_note import DeployNote, DeployNoteSpec
from grader.checks.rollback_backup import RollbackBackup, RollbackBackupSpec
from grader.checks.rollback_release import RollbackRelease, RollbackReleaseSpec
from grader.context import CheckContext
from labs.core import ci
from labs.core.ci import BuildRecord

STARTED = (
    "2026-11-27T18:04:41.114Z  INFO 1 --- [           main] "
    "c.a.inatrace.INATraceBackendApplication  : Started INATraceBackendApplication in 0.055 seconds"
)
SPEC = DeployNoteSpec(id="n", kind="deploy-note", criterion="operaciones", weight=3)
RIGHT = "build: #42\ntag: test-8b41d7e\nresultado: SUCCESS\ninicio: 2026-11-27T18:04:41.114Z\n"


def _builds(ctx: CheckContext, *, building: bool = False) -> None:
    state_dir = ctx.workspace.state_dir
    old = BuildRecord(
        number=39,
        tag="test-3f9c2a1",
        building=False,
        result="SUCCESS",
        timestamp=EXERCISE_START - timedelta(days=9),
        seeded=True,
    )
    ran = BuildRecord(
        number=42,
        tag="test-8b41d7e",
        building=building,
        result=None if building else "SUCCESS",
        timestamp=EXERCISE_START - timedelta(seconds=20),
        container_image="inatrace-lab/backend-inatrace:test-8b41d7e",
        started_line=None if building else STARTED,
    )
    for record in (old, ran):
        ci.write_build(ci.build_dir(state_dir, record.number), record)


def _grade(ctx: CheckContext, note: str | None) -> float:
    if note is not None:
        (ctx.workspace.notes / "despliegue.md").write_text(note)
    return DeployNote().evaluate(SPEC, ctx).fraction


def test_no_note_scores_nothing(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _builds(ctx)
    assert _grade(ctx, None) == 0.0


def test_the_four_facts_of_the_build_pass(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _builds(ctx)
    assert _grade(ctx, RIGHT) == 1.0
    assert _grade(ctx, RIGHT.replace("SUCCESS", "exitoso").replace("2026-11-27T", "")) == 1.0


@pytest.mark.parametrize(
    "wrong",
    [
        RIGHT.replace("#42", "#39"),
        RIGHT.replace("test-8b41d7e", "test-3f9c2a1"),
        RIGHT.replace("SUCCESS", "FAILURE"),
        RIGHT.replace("18:04:41", "18:00:00"),
    ],
)
def test_one_wrong_fact_fails_the_check(make_ctx: ContextFactory, wrong: str) -> None:
    ctx = make_ctx()
    _builds(ctx)
    outcome = DeployNote().evaluate(SPEC, ctx)
    assert outcome.fraction == 0.0
    assert 0 < _grade(ctx, wrong) < 1.0


def test_a_note_written_while_the_build_runs_fails(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _builds(ctx, building=True)
    assert _grade(ctx, RIGHT) < 1.0


def test_the_expected_facts_stay_in_the_evidence(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _builds(ctx)
    (ctx.workspace.notes / "despliegue.md").write_text(RIGHT.replace("#42", "#39"))
    outcome = DeployNote().evaluate(SPEC, ctx)
    assert "#42" not in outcome.message
    assert outcome.expected["número de build"] == "#42"


# --- Práctica 25: rollback-release and rollback-backup -------------------------------------
BAD, GOOD = "test-c05e9f4", "test-8b41d7e"
RELEASE = RollbackReleaseSpec(id="r", kind="rollback-release", criterion="operaciones", weight=3)
BACKUP = RollbackBackupSpec(id="b", kind="rollback-backup", criterion="respaldos", weight=2)
DUMP = (
    b"-- MySQL dump\nCREATE TABLE `User` (id int);\nINSERT INTO `User` VALUES (1);\n"
    b"-- Dump completed on 2026-11-27\n"
)


def _bad_deploy(ctx: CheckContext, running: str, env_tag: str) -> None:
    deployed = EXERCISE_START - timedelta(minutes=2)
    record = BuildRecord(
        number=43,
        tag=BAD,
        previous_tag=GOOD,
        building=False,
        result="SUCCESS",
        timestamp=deployed,
        finished_at=deployed + timedelta(seconds=30),
        backup_file="backup-20261127-180300-pre-deploy.sql.gz",
    )
    ci.write_build(ci.build_dir(ctx.workspace.state_dir, 43), record)
    assert record.backup_file is not None
    (ctx.workspace.backups / record.backup_file).write_bytes(gzip.compress(DUMP))
    info = ctx.container("backend")
    assert info is not None
    info.config.image = f"inatrace-lab/backend-inatrace:{running}"
    ctx.workspace.env_file.write_text(f"IMAGE_NAME=inatrace-lab/backend-inatrace\nTAG={env_tag}\n")


def test_the_rollback_holds_only_with_the_previous_release_running_and_in_env(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    _bad_deploy(ctx, BAD, BAD)
    assert RollbackRelease().evaluate(RELEASE, ctx).fraction == 0.0
    restarted = make_ctx()  # `.env` edited, `docker compose restart`: the old image runs on
    _bad_deploy(restarted, BAD, GOOD)
    outcome = RollbackRelease().evaluate(RELEASE, restarted)
    assert outcome.fraction == 0.0
    assert GOOD not in outcome.message
    done = make_ctx()
    _bad_deploy(done, GOOD, GOOD)
    assert RollbackRelease().evaluate(RELEASE, done).fraction == 1.0


def test_a_backup_counts_when_taken_before_the_rollback_or_the_pre_deploy_one_is_named(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    _bad_deploy(ctx, GOOD, GOOD)
    assert RollbackBackup().evaluate(BACKUP, ctx).fraction == 0.0
    manual = ctx.workspace.backups / "backup-manual-20261127-180500.sql.gz"
    manual.write_bytes(gzip.compress(DUMP))
    between = (EXERCISE_START + timedelta(minutes=1)).timestamp()
    os.utime(manual, (between, between))
    info = ctx.container("backend")
    assert info is not None
    info.state.started_at = EXERCISE_START + timedelta(minutes=2)  # the rollback came after
    assert RollbackBackup().evaluate(BACKUP, ctx).fraction == 1.0
    info.state.started_at = EXERCISE_START  # a backup taken after the rollback does not count
    assert RollbackBackup().evaluate(BACKUP, make_ctx()).fraction == 0.0
    ctx.workspace.logbook.write_text(
        "| Fecha | Actividad | Responsable | Resultado | Observaciones |\n|---|---|---|---|---|\n"
        "| 2026-11-27 | Rollback | Ana | Exitoso | backup-20261127-180300-pre-deploy.sql.gz |\n"
    )
    assert RollbackBackup().evaluate(BACKUP, make_ctx()).fraction == 1.0
