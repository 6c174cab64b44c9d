"""disk-free and disk-cleanup on FakeHost and files on disk: the right cleanup of a full data
disk passes; deleting recent backups, the uploads or the log fails; nothing is given away."""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_recordings import ContextFactory

from grader.checks.base import Outcome
from grader.checks.disk_cleanup import DiskCleanup, DiskCleanupSpec
from grader.checks.disk_free import DiskFree, DiskFreeSpec
from grader.context import CheckContext
from labs.core.datadisk import DataDiskRecord
from labs.host.fake import FakeHost

LOG = "logs/backend/inatrace-backend.log"


@pytest.fixture
def ctx(make_ctx: ContextFactory) -> CheckContext:
    return make_ctx()


def _full_disk(ctx: CheckContext, host: FakeHost) -> None:
    """A 4 MB disk: a 3 MB log, two recent backups, one stale, two uploads."""
    ws = ctx.workspace
    host.mount_over(ws.state_dir / "img", 4, ws.root, [".lab"])
    files = {
        LOG: 3 << 20,
        "backups/backup-auto-20261130-020000.sql.gz": 100 << 10,
        "backups/backup-auto-20261129-020000.sql.gz": 100 << 10,
        "backups/backup-auto-20261001-020000.sql.gz": 600 << 10,
        "uploads/GENERAL/a1": 50 << 10,
        "uploads/GENERAL/b2": 50 << 10,
    }
    for rel, size in files.items():
        path = ws.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    DataDiskRecord(
        cause="log-sin-rotar",
        log=LOG,
        log_size=3 << 20,
        backups={
            "backup-auto-20261130-020000.sql.gz": 100 << 10,
            "backup-auto-20261129-020000.sql.gz": 100 << 10,
        },
        uploads={"GENERAL/a1": 50 << 10, "GENERAL/b2": 50 << 10},
        fillers=["backup-auto-20261001-020000.sql.gz"],
    ).save(ws.state_dir)


def _free(ctx: CheckContext) -> Outcome:
    spec = DiskFreeSpec(
        id="f", kind="disk-free", criterion="troubleshooting", weight=1, min_free_pct=20
    )
    return DiskFree().evaluate(spec, ctx)


def _kept(ctx: CheckContext, keep: str) -> Outcome:
    spec = DiskCleanupSpec.model_validate(
        {
            "id": "k",
            "kind": "disk-cleanup",
            "criterion": "troubleshooting",
            "weight": 1,
            "keep": keep,
        }
    )
    return DiskCleanup().evaluate(spec, ctx)


def _truncate_log_and_stale(ws_root: Path) -> None:
    (ws_root / LOG).write_bytes(b"")
    (ws_root / "backups/backup-auto-20261001-020000.sql.gz").unlink()


def test_a_full_disk_left_as_it_is_scores_nothing(ctx: CheckContext, evidence: FakeHost) -> None:
    _full_disk(ctx, evidence)
    assert _free(ctx).fraction == 0.0
    assert _kept(ctx, "log").fraction == 0.0


def test_emptying_the_log_and_the_stale_backups_passes_every_part(
    ctx: CheckContext, evidence: FakeHost
) -> None:
    _full_disk(ctx, evidence)
    _truncate_log_and_stale(ctx.workspace.root)
    for outcome in (_free(ctx), *(_kept(ctx, k) for k in ("log", "backups", "uploads"))):
        assert outcome.fraction == 1.0, outcome.message


def test_deleting_every_backup_fails_the_recent_backups_part(
    ctx: CheckContext, evidence: FakeHost
) -> None:
    _full_disk(ctx, evidence)
    for path in ctx.workspace.backups.iterdir():
        path.unlink()
    outcome = _kept(ctx, "backups")
    assert outcome.fraction == 0.0
    assert "2 de 2" in outcome.message


def test_emptying_the_uploads_fails_the_uploads_part(ctx: CheckContext, evidence: FakeHost) -> None:
    _full_disk(ctx, evidence)
    _truncate_log_and_stale(ctx.workspace.root)
    (ctx.workspace.uploads / "GENERAL" / "a1").unlink()
    assert _kept(ctx, "uploads").fraction == 0.0


def test_deleting_the_log_instead_of_emptying_it_fails(
    ctx: CheckContext, evidence: FakeHost
) -> None:
    _full_disk(ctx, evidence)
    (ctx.workspace.root / LOG).unlink()
    outcome = _kept(ctx, "log")
    assert outcome.fraction == 0.0
    assert "borrado" in outcome.message


def test_without_the_fault_s_record_the_cleanup_cannot_be_judged(ctx: CheckContext) -> None:
    outcome = _kept(ctx, "backups")
    assert outcome.error
    assert outcome.fraction == 0.0


def test_messages_give_no_expected_value_away(ctx: CheckContext, evidence: FakeHost) -> None:
    _full_disk(ctx, evidence)
    outcome = _free(ctx)
    assert outcome.expected["el disco de $LAB_HOME tiene espacio libre suficiente"]
    assert "20" not in outcome.message
    for value in outcome.expected.values():
        assert value not in outcome.message
