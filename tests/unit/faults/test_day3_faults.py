"""Día 3 faults on FakeHost: the backups history, data loss and the full backups folder."""

from __future__ import annotations

import gzip
import json
import random
import zlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fault_support import build

from labs.core import constants as c
from labs.core.backups import (
    FullFolderRecord,
    HistoryManifest,
    TableStats,
    name_kind,
)
from labs.faults import backups_history
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.data_loss import damage_sql
from labs.host.fake import FakeHost
from labs.host.models import ExecResult

NOW = datetime(2026, 12, 1, 9, 30).astimezone()
STATE = {"User": TableStats(rows=10, checksum=1), "Company": TableStats(rows=4, checksum=2)}


def _dump(rows: int) -> bytes:
    """About 2 KB a row that gzip cannot shrink much: the fill counts real bytes."""
    noise = random.Random(rows)
    body = "".join(
        f"CREATE TABLE `T{i}` (id int);\n"
        f"INSERT INTO `T{i}` VALUES ('{noise.randbytes(1000).hex()}');\n"
        for i in range(rows)
    )
    return gzip.compress(f"-- MySQL dump\n{body}-- Dump completed\n".encode(), mtime=0)


def _disk_full_copy_out(host: FakeHost) -> None:
    """The dump streams until the small filesystem has no byte left (ENOSPC)."""

    def copy_out(name: str, argv: object, target: Path) -> ExecResult:
        _, _, available = host.disk_use(target.parent)
        target.write_bytes(_dump(60)[: max(available, 0)])
        return ExecResult(exit_code=0, output="")

    host.copy_out = copy_out  # type: ignore[method-assign]


@pytest.fixture
def history(ctx: FaultContext, monkeypatch: pytest.MonkeyPatch) -> HistoryManifest:
    points = {p.name: (dict(STATE), _dump(40 + i)) for i, p in enumerate(backups_history.POINTS)}
    monkeypatch.setattr(backups_history, "_dump_points", lambda _ctx: points)
    return backups_history.write_history(ctx, NOW)


# --- backups-history -----------------------------------------------------------------
def test_the_history_names_files_as_production_and_spreads_them_over_weeks(
    ctx: FaultContext, history: HistoryManifest
) -> None:
    folder = ctx.workspace.backups
    kinds = {name_kind(name) for name in history.files}
    assert {"auto", "pre-deploy", "manual"} <= kinds
    ages = [(NOW.timestamp() - (folder / n).stat().st_mtime) / 86400 for n in history.files]
    assert max(ages) > 60
    assert any(30 < a < 60 for a in ages)
    assert min(ages) < 1


def test_the_newest_automatic_backup_is_a_truncated_gzip_and_one_manual_dump_is_cut(
    ctx: FaultContext, history: HistoryManifest
) -> None:
    folder = ctx.workspace.backups
    broken = {n: f.broken for n, f in history.files.items() if f.broken}
    assert sorted(broken.values()) == ["cut-dump", "truncated-gzip"]
    newest_auto = max((n for n in history.files if name_kind(n) == "auto"), key=lambda n: n)
    assert broken.get(newest_auto) == "truncated-gzip"
    with pytest.raises((OSError, EOFError, zlib.error)):
        gzip.decompress((folder / newest_auto).read_bytes())
    cut = next(n for n, kind in broken.items() if kind == "cut-dump")
    assert b"Dump completed" not in gzip.decompress((folder / cut).read_bytes())


def test_the_history_is_not_rewritten_once_complete_and_proves_itself_live(
    ctx: FaultContext, history: HistoryManifest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups_history, "write_history", lambda *_: pytest.fail("rewritten"))
    fault = build("backups-history")
    fault.inject(ctx)
    assert (ctx.workspace.state_dir / backups_history.WATCH_DATA_FLAG).exists()
    assert "dañados" in fault.verify_injected(ctx)
    next(iter(ctx.workspace.backups.iterdir())).unlink()
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


# --- data-loss -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mode", "statement"),
    [
        ("delete-rows", "DELETE FROM `User` WHERE"),
        ("drop-table", "DROP TABLE `User`"),
        ("update-no-where", "UPDATE `User` SET status"),
    ],
)
def test_each_damage_mode_is_one_careless_statement(mode: str, statement: str) -> None:
    sql = damage_sql("User", mode)  # type: ignore[arg-type]
    assert sql.startswith(statement)
    assert "WHERE" not in sql or mode == "delete-rows"


def test_data_loss_runs_as_root_and_is_live_only_once_the_table_changed(
    ctx: FaultContext, host: FakeHost
) -> None:
    host.data[None] = dict(STATE)
    fault = build("data-loss", table="User", mode="delete-rows")
    fault.inject(ctx)
    executed = [call for call in host.calls if call[:2] == ("exec", c.MYSQL_CONTAINER)]
    assert "FOREIGN_KEY_CHECKS=0" in " ".join(executed[-1])
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)
    host.data[None] = {**STATE, "User": TableStats(rows=7, checksum=9)}
    assert "7 filas (antes 10)" in fault.verify_injected(ctx)


def test_reverting_data_loss_reloads_only_a_table_still_damaged(
    ctx: FaultContext, host: FakeHost
) -> None:
    host.data[None] = dict(STATE)
    fault = build("data-loss", table="User", mode="drop-table")
    fault.inject(ctx)
    host.data[None] = dict(STATE)  # the trainee restored it
    fault.revert(ctx)
    assert not [call for call in host.calls if call[0] == "copy_in_and_run"]
    fault.inject(ctx)
    host.data[None] = {"Company": STATE["Company"]}
    fault.revert(ctx)
    assert [call for call in host.calls if call[0] == "copy_in_and_run"]


def test_data_loss_of_a_missing_table_refuses_to_start(ctx: FaultContext, host: FakeHost) -> None:
    host.data[None] = dict(STATE)
    with pytest.raises(Exception, match="no existe"):
        build("data-loss", table="Nope", mode="delete-rows").inject(ctx)


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone()


# --- backups-folder-full -------------------------------------------------------------
def test_the_full_folder_is_a_small_filesystem_filled_with_forgotten_nightly_backups(
    ctx: FaultContext, host: FakeHost, history: HistoryManifest
) -> None:
    mine = ctx.workspace.backups / "backup-manual-20261130-101010.sql.gz"
    mine.write_bytes(_dump(45))
    _disk_full_copy_out(host)
    fault = build("backups-folder-full", size_mb=1)
    fault.inject(ctx)
    folder = ctx.workspace.backups
    assert host.mounted(folder)
    assert "llena" in fault.verify_injected(ctx)
    assert mine.read_bytes() == _dump(45)  # what the folder held is still there
    record = FullFolderRecord.load(ctx.workspace.state_dir)
    assert record is not None
    _, _, available = host.disk_use(folder)
    assert available < record.full_size
    deletable = {n for n, f in record.files.items() if f.may_delete}
    assert record.cut in deletable
    assert mine.name not in deletable
    assert not any(name_kind(n) == "pre-deploy" for n in deletable)
    old_autos = [n for n in deletable if name_kind(n) == "auto" and n != record.cut]
    limit = datetime.now().astimezone() - timedelta(days=30)
    assert all(
        datetime.fromtimestamp((folder / n).stat().st_mtime).astimezone() < limit
        or history.files.get(n)
        for n in old_autos
    )
    assert len(old_autos) > 3


def test_reverting_the_full_folder_copies_the_files_out_and_unmounts(
    ctx: FaultContext, host: FakeHost, history: HistoryManifest
) -> None:
    fault = build("backups-folder-full", size_mb=1)
    fault.inject(ctx)
    folder = ctx.workspace.backups
    kept = sorted(p.name for p in folder.iterdir())
    (folder / kept[0]).unlink()  # the trainee's cleanup stays
    fault.revert(ctx)
    assert not host.mounted(folder)
    assert sorted(p.name for p in folder.iterdir()) == kept[1:]
    assert ("unmount_image", "backups") in host.calls
    fault.revert(ctx)  # twice is harmless


def test_stopping_the_lab_releases_the_mount(
    ctx: FaultContext, host: FakeHost, history: HistoryManifest
) -> None:
    fault = build("backups-folder-full", size_mb=1)
    fault.inject(ctx)
    fault.release(ctx)
    assert not host.mounted(ctx.workspace.backups)


def test_a_folder_with_room_is_not_live(
    ctx: FaultContext, host: FakeHost, history: HistoryManifest
) -> None:
    fault = build("backups-folder-full", size_mb=1)
    fault.inject(ctx)
    host.mounts[ctx.workspace.backups] = 64 << 20  # room again: not the fault
    with pytest.raises(FaultNotLiveError):
        fault.verify_injected(ctx)


def test_the_record_says_nothing_a_trainee_reads(
    ctx: FaultContext, history: HistoryManifest
) -> None:
    build("backups-folder-full", size_mb=1).inject(ctx)
    record = json.loads((ctx.workspace.state_dir / "backups-full.json").read_text())
    assert set(record) == {"files", "cut", "full_size"}
    assert not (ctx.workspace.backups / "backups-full.json").exists()
    assert isinstance(Path(ctx.workspace.state_dir).name, str)
