"""flyway-failed on FakeHost: a success=0 history row, a backend that refuses to start."""

from __future__ import annotations

import json

import pytest
from fault_support import DEPLOY_ENV, assert_stack_healthy, build, new_process, record_file

from labs.core import constants as c
from labs.core.errors import LabError
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.fake import FakeHost

VERSION = "2025.12.22.12.30"  # the version FakeHost's Flyway simulation reports
ROW = [
    "7",
    VERSION,
    "Simplify language enum to EN ES",
    "SQL",
    "V2025_12_22_12_30__Simplify_language_enum_to_EN_ES.sql",
    "-123",
    "inatrace",
    "2025-12-22 12:30:00",
    "12",
    "1",
]
SELECT_ROW = (
    "SELECT installed_rank, version, description, type, script, checksum, installed_by,"
    f" installed_on, execution_time, success FROM schema_version WHERE version = '{VERSION}'"
    " ORDER BY installed_rank LIMIT 1"
)


@pytest.fixture
def host() -> FakeHost:
    fake = FakeHost.healthy_stack()
    fake.sql_answers[SELECT_ROW] = [ROW]
    return fake


def test_inject_marks_the_row_failed_and_the_backend_loops(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("flyway-failed", version=VERSION)
    fault.inject(ctx)
    assert (
        "sql",
        f"UPDATE schema_version SET success = 0 WHERE version = '{VERSION}'",
    ) in host.calls
    assert ("restart", c.BACKEND_CONTAINER) in host.calls
    assert host.containers[c.BACKEND_CONTAINER].state.restarting
    assert f"Detected failed migration to version {VERSION}" in fault.verify_injected(ctx)
    assert json.loads(json.loads(record_file(ctx, fault).read_text())["row"]) == ROW


def test_a_migration_that_is_not_applied_is_refused(host: FakeHost, ctx: FaultContext) -> None:
    host.sql_answers[SELECT_ROW] = []
    with pytest.raises(LabError, match="schema_version"):
        build("flyway-failed", version=VERSION).inject(ctx)
    assert not host.containers[c.BACKEND_CONTAINER].state.restarting


def test_verify_says_not_live_on_a_healthy_backend(ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="Detected failed migration"):
        build("flyway-failed", version=VERSION).verify_injected(ctx)


def test_revert_puts_the_exact_row_back_and_drops_the_repair_flag(
    host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("flyway-failed", version=VERSION)
    fault.inject(ctx)
    # The trainee repairs the course's way and leaves the flag on.
    env = ctx.workspace.env_file
    env.write_text(env.read_text() + "INATRACE_FLYWAY_REPAIR_ON_STARTUP=true\n")
    host.failed_migration = None  # the repair deleted the row and re-applied the migration
    fault.revert(new_process(ctx))
    assert ("sql", f"DELETE FROM schema_version WHERE version = '{VERSION}'") in host.calls
    insert = next(call[1] for call in host.calls if call[1].startswith("INSERT INTO"))
    assert "'Simplify language enum to EN ES'" in insert
    assert "'2025-12-22 12:30:00'" in insert
    assert env.read_text() == DEPLOY_ENV
    assert_stack_healthy(host)
    assert not record_file(ctx, fault).exists()


def test_revert_without_a_record_only_makes_sure_the_backend_is_up(
    host: FakeHost, ctx: FaultContext
) -> None:
    build("flyway-failed", version=VERSION).revert(ctx)
    assert not any(call[0] == "sql" for call in host.calls)
    assert_stack_healthy(host)


def test_a_version_must_be_dotted() -> None:
    with pytest.raises(ValueError, match="version"):
        build("flyway-failed", version="V2025_12_22")
