"""log-traffic on FakeHost: events that leave real lines in the backend's logs."""

from __future__ import annotations

from typing import Any

import pytest
from fault_support import assert_stack_healthy, build, new_process, record_file

from labs.core import constants as c
from labs.faults.base import FaultContext, FaultNotLiveError
from labs.host.errors import SqlError
from labs.host.fake import FakeHost
from labs.host.models import SqlRows

KINDS = ["auth-failures", "db-outage", "db-access-denied", "flyway", "port-in-use", "server-errors"]
USER = "maria.zambrano@fortaleza.lab"
RESTORE_ROW = "UPDATE schema_version SET success = 1"


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_leaves_its_lines_and_the_stack_healthy(
    kind: str, host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("log-traffic", kinds=[kind], user=USER, count=3)
    fault.inject(ctx)
    assert fault.verify_injected(ctx).startswith(f"{kind}: ")
    assert_stack_healthy(host)
    assert record_file(ctx, fault).is_file()


def test_auth_failures_leave_one_line_each_and_never_the_users_email(
    host: FakeHost, ctx: FaultContext
) -> None:
    """As the real DefaultControllerExceptionHandler: the line names no user."""
    fault = build("log-traffic", kinds=["auth-failures"], user=USER, count=4)
    fault.inject(ctx)
    assert fault.verify_injected(ctx) == "auth-failures: 4 líneas"
    assert USER not in host.logs(c.BACKEND_CONTAINER)


def test_server_errors_are_real_500s_of_a_negative_page_offset(
    host: FakeHost, ctx: FaultContext
) -> None:
    build("log-traffic", kinds=["server-errors"], count=2).inject(ctx)
    paths = [call[2] for call in host.calls if call[0] == "http"]
    assert "/api/company/list?offset=-2" in paths
    assert (
        host.logs(c.BACKEND_CONTAINER).count("exception: java.lang.IllegalArgumentException") == 2
    )


def test_db_outage_stops_mysql_and_brings_it_back(host: FakeHost, ctx: FaultContext) -> None:
    build("log-traffic", kinds=["db-outage"]).inject(ctx)
    assert ("stop", c.MYSQL_CONTAINER) in host.calls
    assert ("start", c.MYSQL_CONTAINER) in host.calls
    assert "Communications link failure" in host.logs(c.BACKEND_CONTAINER)


def test_flyway_restores_the_row_it_marked_failed(host: FakeHost, ctx: FaultContext) -> None:
    build("log-traffic", kinds=["flyway"]).inject(ctx)
    assert host.failed_migration is None
    assert host.containers[c.BACKEND_CONTAINER].restart_count == 1
    assert "FlywayException" in host.logs(c.BACKEND_CONTAINER)


def test_access_denied_comes_from_a_changed_password_that_is_put_back(
    host: FakeHost, ctx: FaultContext
) -> None:
    build("log-traffic", kinds=["db-access-denied"]).inject(ctx)
    alters = [call[1] for call in host.calls if call[0] == "sql" and "ALTER USER" in call[1]]
    assert alters == [
        "ALTER USER 'inatrace_test_fortaleza'@'%' IDENTIFIED BY 'p12-clave-cambiada'",
        f"ALTER USER 'inatrace_test_fortaleza'@'%' IDENTIFIED BY '{c.DATASOURCE_PASSWORD}'",
    ]
    assert ("restart", c.BACKEND_CONTAINER) in host.calls
    assert "Access denied for user" in host.logs(c.BACKEND_CONTAINER)
    assert not host.app_password_changed


def test_port_in_use_is_a_second_backend_in_the_container_failing_to_bind(
    host: FakeHost, ctx: FaultContext
) -> None:
    build("log-traffic", kinds=["port-in-use"]).inject(ctx)
    (call,) = [call for call in host.calls if call[0] == "exec"]
    assert call[1] == c.BACKEND_CONTAINER
    assert "python3 -m inatrace_replica >/proc/1/fd/1" in call[-1]
    assert "Port 8080 was already in use" in host.logs(c.BACKEND_CONTAINER)


def test_revert_puts_the_password_back_when_inject_was_interrupted(
    host: FakeHost, ctx: FaultContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(host, "restart", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    fault = build("log-traffic", kinds=["db-access-denied"])
    with pytest.raises(KeyboardInterrupt):
        fault.inject(ctx)
    host.app_password_changed = True  # as if the process died before its `finally`
    build("log-traffic", kinds=["db-access-denied"]).revert(new_process(ctx))
    assert not host.app_password_changed


@pytest.mark.parametrize("kind", KINDS)
def test_verify_says_not_live_before_any_traffic(kind: str, ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError, match="no hay líneas"):
        build("log-traffic", kinds=[kind]).verify_injected(ctx)


@pytest.mark.parametrize("kind", KINDS)
def test_revert_drops_the_records_and_a_second_revert_changes_nothing(
    kind: str, host: FakeHost, ctx: FaultContext
) -> None:
    fault = build("log-traffic", kinds=[kind])
    fault.inject(ctx)
    fault.revert(ctx)
    assert_stack_healthy(host)
    assert list(ctx.records_dir.iterdir()) == []
    mark = len(host.calls)
    fault.revert(ctx)
    assert host.calls[mark:] == []
    assert_stack_healthy(host)


def test_a_new_process_reverts_from_the_records(host: FakeHost, ctx: FaultContext) -> None:
    build("log-traffic", kinds=KINDS, user=USER).inject(ctx)
    later = new_process(ctx)
    fault = build("log-traffic", kinds=KINDS, user=USER)
    fault.revert(later)
    assert_stack_healthy(host)
    assert not record_file(later, fault).exists()
    assert not record_file(later, fault, ".flyway").exists()


def test_flyway_revert_restores_the_row_when_inject_was_interrupted(
    host: FakeHost, ctx: FaultContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_sql, lost = host.sql, list[str]()

    def connection_lost_on_first_restore(query: str, **kwargs: Any) -> SqlRows:
        # The inject's own `finally` cannot put the row back: as if it had been killed.
        if query.startswith(RESTORE_ROW) and not lost:
            lost.append(query)
            raise SqlError("Lost connection to MySQL server during query")
        return fake_sql(query, **kwargs)

    monkeypatch.setattr(host, "sql", connection_lost_on_first_restore)
    fault = build("log-traffic", kinds=["flyway"])
    with pytest.raises(SqlError, match="Lost connection"):
        fault.inject(ctx)
    assert host.failed_migration is not None
    assert host.containers[c.BACKEND_CONTAINER].state.restarting
    later = new_process(ctx)
    build("log-traffic", kinds=["flyway"]).revert(later)
    assert host.failed_migration is None
    assert_stack_healthy(host)
    assert not record_file(later, fault, ".flyway").exists()
    assert not record_file(later, fault).exists()
