"""Práctica 27's checks: `mysql-image` (the compose file or .env names the new image and the
container runs it) and `backup-before-stop` (a whole --all-databases dump before MySQL went
down, by the observer's clock)."""

from __future__ import annotations

import gzip
import os
from datetime import timedelta

from grader_recordings import EXERCISE_START, ContextFactory

from grader.checks.backup_before_stop import BackupBeforeStop, BackupBeforeStopSpec
from grader.checks.mysql_image import MysqlImage, MysqlImageSpec, compose_mysql_image
from grader.context import CheckContext
from labs.core import constants as c
from labs.core import seal

NEW = "inatrace-lab/mysql-compat:8.0.36-mariadb"
OLD = "inatrace-lab/mysql-compat:8.0.35-mariadb"
COMPOSE = (
    "services:\n  mysql:\n    image: ${MYSQL_IMAGE:-mysql:8.0.35}\n    restart: always\n"
    "  backend:\n    image: ${IMAGE_NAME}:${TAG}\n"
)
IMAGE = MysqlImageSpec(id="i", kind="mysql-image", criterion="operaciones", weight=3, image=NEW)
BACKUP = BackupBeforeStopSpec(id="b", kind="backup-before-stop", criterion="respaldos", weight=3)
ALL = (
    b"CREATE DATABASE /*!32312 IF NOT EXISTS*/ `inatrace_test_fortaleza`;\n"
    b"CREATE TABLE `User` (id int);\nCREATE DATABASE /*!32312 IF NOT EXISTS*/ `mysql`;\n"
    b"CREATE TABLE `user` (id int);\n-- Dump completed on 2026-11-27\n"
)


def _deploy(ctx: CheckContext, env_image: str, compose: str = COMPOSE) -> None:
    ctx.workspace.compose_file.write_text(compose)
    ctx.workspace.env_file.write_text(f"MYSQL_IMAGE={env_image}\nTAG=test-8b41d7e\n")


def _running(ctx: CheckContext, image: str) -> None:
    info = ctx.container("mysql")
    assert info is not None
    info.config.image = image


def test_the_image_resolves_from_the_compose_file_or_the_env(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _deploy(ctx, OLD)
    ws = ctx.workspace
    assert compose_mysql_image(ws.compose_file, ws.env_file) == OLD
    _deploy(ctx, OLD, COMPOSE.replace("${MYSQL_IMAGE:-mysql:8.0.35}", NEW))
    assert compose_mysql_image(ws.compose_file, ws.env_file) == NEW


def test_the_update_holds_only_when_the_container_runs_the_new_image(
    make_ctx: ContextFactory,
) -> None:
    ctx = make_ctx()
    _deploy(ctx, OLD)
    _running(ctx, OLD)
    assert MysqlImage().evaluate(IMAGE, ctx).fraction == 0.0
    edited = make_ctx()
    _deploy(edited, NEW)  # edited, then `restart`: the old image still runs
    assert MysqlImage().evaluate(IMAGE, edited).fraction == 0.0
    _running(edited, NEW)
    outcome = MysqlImage().evaluate(IMAGE, make_ctx())
    assert outcome.fraction == 1.0, outcome.message


def _dump(ctx: CheckContext, content: bytes, minutes: int) -> None:
    path = ctx.workspace.backups / f"backup-pre-mysql-update-{minutes}.sql.gz"
    path.write_bytes(gzip.compress(content))
    when = (EXERCISE_START + timedelta(minutes=minutes)).timestamp()
    os.utime(path, (when, when))


def _mysql_went_down(ctx: CheckContext, minutes: int) -> None:
    event = {
        "t": (EXERCISE_START + timedelta(minutes=minutes)).isoformat(),
        "container": c.MYSQL_CONTAINER,
        "action": "stop",
    }
    seal.append_chained(ctx.records.timeline_dir / "events.jsonl", [event])


def test_a_full_backup_counts_only_before_mysql_went_down(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _mysql_went_down(ctx, 2)
    assert BackupBeforeStop().evaluate(BACKUP, ctx).fraction == 0.0
    _dump(ctx, ALL, 3)  # after the down
    assert BackupBeforeStop().evaluate(BACKUP, make_ctx()).fraction == 0.0
    _dump(ctx, ALL.replace(b"`mysql`", b"`otra`"), 1)  # one database only
    assert BackupBeforeStop().evaluate(BACKUP, make_ctx()).fraction == 0.0
    _dump(ctx, ALL, 1)
    assert BackupBeforeStop().evaluate(BACKUP, make_ctx()).fraction == 1.0
