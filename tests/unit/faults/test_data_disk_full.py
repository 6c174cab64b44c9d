"""`data-disk-full` on FakeHost: $LAB_HOME's small disk filled by a log and stale backups."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from fault_support import build

from labs.core.datadisk import DataDiskRecord
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.data_disk_full import passthrough
from labs.host.fake import FakeHost


def _record(ctx: FaultContext) -> DataDiskRecord:
    record = DataDiskRecord.load(ctx.workspace.state_dir)
    assert record is not None
    return record


@pytest.mark.parametrize("cause", ["log-sin-rotar", "respaldos-acumulados"])
def test_the_disk_ends_full_and_the_cause_takes_most_of_it(
    ctx: FaultContext, host: FakeHost, cause: str
) -> None:
    build("data-disk-full", cause=cause, size_mb=16).inject(ctx)
    ws = ctx.workspace
    assert host.disk_use(ws.root)[2] == 0
    record = _record(ctx)
    stale = sum((ws.backups / name).stat().st_size for name in record.fillers)
    biggest = "log-sin-rotar" if record.log_size > stale else "respaldos-acumulados"
    assert biggest == cause
    assert ("mount_over", ws.root.name, "16") in host.calls


def test_recent_backups_and_uploads_are_recorded_and_stale_ones_are_past_the_retention(
    ctx: FaultContext,
) -> None:
    build("data-disk-full", size_mb=16, retention_days=14, recent_days=7).inject(ctx)
    ws, record = ctx.workspace, _record(ctx)
    assert len(record.backups) == 7
    assert len(record.uploads) >= 4
    assert all((ws.uploads / name).is_file() for name in record.uploads)
    limit = (datetime.now() - timedelta(days=14)).timestamp()
    assert record.fillers
    assert all((ws.backups / name).stat().st_mtime < limit for name in record.fillers)
    assert not set(record.fillers) & set(record.backups)


def test_the_full_disk_is_live_health_down_and_uploads_fail(
    ctx: FaultContext, host: FakeHost
) -> None:
    fault = build("data-disk-full", size_mb=16)
    fault.inject(ctx)
    evidence = fault.verify_injected(ctx)
    assert "diskSpace DOWN" in evidence
    assert "subida de documento 500" in evidence
    probe = host.health(2)
    assert probe.http_status == 503
    assert probe.body is not None
    assert probe.body.components["diskSpace"].status == "DOWN"


def test_a_disk_with_room_is_not_live(ctx: FaultContext) -> None:
    fault = build("data-disk-full", size_mb=16)
    fault.inject(ctx)
    (ctx.workspace.root / _record(ctx).log).write_bytes(b"")
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_reverting_keeps_the_trainees_work_drops_the_fillers_and_restarts_the_backend(
    ctx: FaultContext, host: FakeHost
) -> None:
    fault = build("data-disk-full", size_mb=16)
    fault.inject(ctx)
    ws, record = ctx.workspace, _record(ctx)
    (ws.notes / "bitacora.md").write_text("| fila |\n")
    host.calls.clear()
    fault.revert(ctx)
    assert ("unmount_over", ws.root.name) in host.calls
    assert ("compose", "restart", "backend") in host.calls
    assert not host.over_mounted(ws.root, passthrough(ws))
    assert (ws.notes / "bitacora.md").read_text() == "| fila |\n"
    assert all((ws.backups / name).is_file() for name in record.backups)
    assert not any((ws.backups / name).exists() for name in record.fillers)
    assert (ws.root / record.log).stat().st_size == 0
    assert DataDiskRecord.load(ws.state_dir) is None
    fault.revert(ctx)  # idempotent


def test_stopping_the_lab_releases_the_mount(ctx: FaultContext, host: FakeHost) -> None:
    fault = build("data-disk-full", size_mb=16)
    fault.inject(ctx)
    fault.release(ctx)
    assert not host.over_mounted(ctx.workspace.root, passthrough(ctx.workspace))


def test_the_lab_state_mysql_data_and_deploy_folder_stay_on_the_real_disk(
    ctx: FaultContext,
) -> None:
    assert passthrough(ctx.workspace) == [".lab", "mysql", "backend", "logs/mysql"]


def test_the_record_says_nothing_a_trainee_reads(ctx: FaultContext) -> None:
    build("data-disk-full", size_mb=16).inject(ctx)
    record = json.loads((ctx.workspace.state_dir / "data-disk-full.json").read_text())
    assert set(record) == {"cause", "log", "log_size", "backups", "uploads", "fillers"}
    assert not list(ctx.workspace.notes.glob("*.json"))
