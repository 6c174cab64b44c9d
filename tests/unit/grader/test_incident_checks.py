"""users-can-login and cause-timeline: the final incident's checks, on FakeHost."""

from __future__ import annotations

import pytest
from grader_recordings import ContextFactory
from pydantic import ValidationError

from grader.checks.cause_timeline import CauseTimeline, CauseTimelineSpec
from grader.checks.users_can_login import UsersCanLogin, UsersCanLoginSpec
from labs.core import constants as c
from labs.host.fake import FakeHost

USERS = ["ana@fortaleza.lab", "luis@fortaleza.lab", "rosa@fortaleza.lab"]


def _login_spec(**extra: object) -> UsersCanLoginSpec:
    return UsersCanLoginSpec.model_validate(
        {"id": "x-login", "kind": "users-can-login", "criterion": "troubleshooting", "weight": 2}
        | extra
    )


def test_every_user_logs_in_on_a_healthy_stack(make_ctx: ContextFactory) -> None:
    host = FakeHost.healthy_stack()
    outcome = UsersCanLogin().evaluate(_login_spec(users=",".join(USERS)), make_ctx(source=host))
    assert outcome.fraction == 1.0
    logins = [call for call in host.calls if call[:3] == ("http", "POST", "/api/user/login")]
    assert len(logins) == len(USERS) + 1  # the administrator too
    assert ("http", "GET", "/api/user/profile") in host.calls


def test_users_come_from_the_database_when_the_scenario_names_none(
    make_ctx: ContextFactory,
) -> None:
    host = FakeHost.healthy_stack()
    host.sql_answers[
        "SELECT email FROM `User` WHERE status = 'ACTIVE' AND role = 'USER' ORDER BY id"
    ] = [[u] for u in USERS]
    outcome = UsersCanLogin().evaluate(_login_spec(max_users=2), make_ctx(source=host))
    assert outcome.fraction == 1.0
    assert set(outcome.evidence) == {USERS[0], USERS[1], c.ADMIN_EMAIL}


def test_deactivated_users_fail_and_the_message_counts_without_the_cause(
    make_ctx: ContextFactory,
) -> None:
    host = FakeHost.healthy_stack()
    for user in USERS[:2]:
        host.account_status[user] = "DEACTIVATED"
    outcome = UsersCanLogin().evaluate(_login_spec(users=USERS), make_ctx(source=host))
    assert outcome.fraction == 0.0
    assert "2 de 4" in outcome.message
    assert "403" not in outcome.message
    assert "DEACTIVATED" not in outcome.message
    assert "desactiv" not in outcome.message.lower()


def test_a_bad_release_fails_every_login(make_ctx: ContextFactory) -> None:
    host = FakeHost.healthy_stack()
    host.release_bad = True
    outcome = UsersCanLogin().evaluate(_login_spec(users=USERS), make_ctx(source=host))
    assert outcome.fraction == 0.0
    assert "4 de 4" in outcome.message
    assert "NullPointer" not in outcome.message
    assert "500" not in outcome.message


def test_a_backend_that_does_not_answer_is_asked_only_once(make_ctx: ContextFactory) -> None:
    host = FakeHost.healthy_stack()
    host.stop(c.BACKEND_CONTAINER)
    outcome = UsersCanLogin().evaluate(_login_spec(users=USERS), make_ctx(source=host))
    assert outcome.fraction == 0.0
    assert len([call for call in host.calls if call[0] == "http"]) == 1
    assert "4 de 4" in outcome.message


def _cause_spec(cause: str) -> CauseTimelineSpec:
    return CauseTimelineSpec.model_validate(
        {
            "id": "x-proceso",
            "kind": "cause-timeline",
            "criterion": "troubleshooting",
            "weight": 1,
            "cause": cause,
            "rules": {
                "mysql-down": [{"expect": "untouched", "service": "backend"}],
                "release-defectuoso": [{"expect": "untouched", "service": "mysql"}],
            },
        }
    )


def test_a_backend_fix_passes_when_mysql_had_to_be_left_alone(make_ctx: ContextFactory) -> None:
    ctx = make_ctx(timeline="restart-backend")
    assert CauseTimeline().evaluate(_cause_spec("release-defectuoso"), ctx).fraction == 1.0
    assert CauseTimeline().evaluate(_cause_spec("mysql-down"), ctx).fraction == 0.0


def test_restarting_everything_fails_whatever_the_cause(make_ctx: ContextFactory) -> None:
    ctx = make_ctx(timeline="restart-all")
    for cause in ("release-defectuoso", "mysql-down"):
        outcome = CauseTimeline().evaluate(_cause_spec(cause), ctx)
        assert outcome.fraction == 0.0
        assert cause not in outcome.message


def test_no_observer_record_is_an_error(make_ctx: ContextFactory) -> None:
    outcome = CauseTimeline().evaluate(_cause_spec("mysql-down"), make_ctx())
    assert outcome.error


def test_a_cause_without_rules_is_a_scenario_error() -> None:
    with pytest.raises(ValidationError):
        _cause_spec("bloqueo-mysql")
