"""`login-problem` on FakeHost: each cause is real (a wrong password, or an account that
is not active), proven by a login, and reverted to the account as it was."""

from __future__ import annotations

import pytest

from labs.faults.base import FaultContext, FaultNotLiveError
from labs.faults.login_problem import LoginProblem, LoginProblemParams
from labs.host.fake import FakeHost

USER = "ana.cedeno@fortaleza.lab"


def _fault(cause: str) -> LoginProblem:
    params = LoginProblemParams.model_validate({"user": USER, "cause": cause})
    return LoginProblem(params, exercise_id="p10")


@pytest.mark.parametrize(
    ("cause", "status", "answer"),
    [
        ("cuenta-desactivada", "DEACTIVATED", 403),
        ("cuenta-sin-confirmar", "UNCONFIRMED", 403),
    ],
)
def test_an_account_cause_changes_the_account_and_refuses_even_the_right_password(
    ctx: FaultContext, host: FakeHost, cause: str, status: str, answer: int
) -> None:
    fault = _fault(cause)
    fault.inject(ctx)
    assert host.account_status[USER] == status
    assert fault.verify_injected(ctx).endswith(f"{answer} ({cause})")


def test_a_wrong_password_leaves_the_account_active_and_logs_auth_errors(
    ctx: FaultContext, host: FakeHost
) -> None:
    fault = _fault("contraseña-incorrecta")
    fault.inject(ctx)
    assert host.account_status.get(USER, "ACTIVE") == "ACTIVE"
    assert "401" in fault.verify_injected(ctx)
    assert host.logs("inatrace-be-test-fortaleza").count("AUTH_ERROR") >= 4


def test_the_fault_is_not_live_before_it_is_injected(ctx: FaultContext) -> None:
    with pytest.raises(FaultNotLiveError):
        _fault("cuenta-desactivada").verify_injected(ctx)


def test_revert_restores_the_account_twice_and_from_a_new_process(
    ctx: FaultContext, host: FakeHost
) -> None:
    _fault("cuenta-desactivada").inject(ctx)
    fresh = FaultContext(ctx.workspace, host, seed=ctx.seed)
    _fault("cuenta-desactivada").revert(fresh)
    _fault("cuenta-desactivada").revert(fresh)
    assert host.account_status[USER] == "ACTIVE"
    assert not list(fresh.records_dir.glob("*.json"))


def test_revert_leaves_an_account_the_trainee_already_reactivated(
    ctx: FaultContext, host: FakeHost
) -> None:
    fault = _fault("cuenta-sin-confirmar")
    fault.inject(ctx)
    host.sql(f"UPDATE `User` SET status = 'ACTIVE' WHERE email = '{USER}'")
    updates = len([c for c in host.calls if c[0] == "sql" and c[1].startswith("UPDATE")])
    fault.revert(ctx)
    after = len([c for c in host.calls if c[0] == "sql" and c[1].startswith("UPDATE")])
    assert after == updates


def test_an_unknown_user_is_refused_before_anything_changes(
    ctx: FaultContext, host: FakeHost
) -> None:
    host.sql_answers["SELECT status FROM `User` WHERE email = 'nadie@x.ec'"] = []
    params = LoginProblemParams.model_validate(
        {"user": "nadie@x.ec", "cause": "cuenta-desactivada"}
    )
    with pytest.raises(FaultNotLiveError):
        LoginProblem(params, exercise_id="p10").inject(ctx)
    assert not [c for c in host.calls if c[0] == "sql" and c[1].startswith("UPDATE")]
