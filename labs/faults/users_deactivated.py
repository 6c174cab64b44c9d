"""`users-deactivated`: a bad data change deactivates every active user account.

An `UPDATE User SET status = 'DEACTIVATED'` run with a WHERE clause that was too wide:
every ACTIVE account with role USER is deactivated at once (the administrators still
get in). Logins answer 403 `Not confirmed or disabled`. The changed rows carry the
change's time in `updateTimestamp`, so a technician can tell them from the accounts
that were deactivated on purpose long before. Revert reactivates exactly those rows.
"""

from __future__ import annotations

from labs.core import constants as c
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register

LOGIN_PATH = "/api/user/login"
ACTIVE_USERS = "SELECT email FROM `User` WHERE status = 'ACTIVE' AND role = 'USER' ORDER BY id"


class UsersDeactivatedParams(FaultParams):
    pass


def _in_list(emails: list[str]) -> str:
    return ", ".join("'" + email.replace("'", "''") + "'" for email in emails)


def set_status(ctx: FaultContext, emails: list[str], status: str, *, only_if: str) -> None:
    ctx.host.sql(
        f"UPDATE `User` SET status = '{status}', updateTimestamp = NOW(6) "
        f"WHERE status = '{only_if}' AND email IN ({_in_list(emails)})"
    )


@register
class UsersDeactivated(Fault[UsersDeactivatedParams]):
    kind = "users-deactivated"
    Params = UsersDeactivatedParams

    def inject(self, ctx: FaultContext) -> None:
        emails = [row[0] for row in ctx.host.sql(ACTIVE_USERS) if row]
        if not emails:
            raise live.not_live("no hay usuarios activos.", "there are no active users.")
        ctx.save_record(self.key, {"emails": "\n".join(emails)})
        set_status(ctx, emails, "DEACTIVATED", only_if="ACTIVE")

    def _emails(self, ctx: FaultContext) -> list[str]:
        record = ctx.load_record(self.key) or {}
        return [e for e in record.get("emails", "").split("\n") if e]

    def verify_injected(self, ctx: FaultContext) -> str:
        emails = self._emails(ctx)
        if not emails:
            raise live.not_live("no hay registro de la falla.", "the fault has no record.")
        answer = ctx.host.http(
            "POST", LOGIN_PATH, json={"username": emails[0], "password": c.SEED_PASSWORD}
        )
        if answer.status != 403:
            raise live.not_live(
                f"el inicio de sesión de {emails[0]} respondió {answer.status}.",
                f"{emails[0]}'s login answered {answer.status}.",
            )
        return f"{len(emails)} cuentas desactivadas; {emails[0]}: login → 403"

    def revert(self, ctx: FaultContext) -> None:
        emails = self._emails(ctx)
        if emails:
            set_status(ctx, emails, "ACTIVE", only_if="DEACTIVATED")
        ctx.drop_record(self.key)
