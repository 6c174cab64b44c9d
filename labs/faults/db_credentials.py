"""`db-credentials`: a wrong database user or password in .env, and a recreated backend.

MySQL answers `Access denied for user '…'@'…' (using password: YES)`; the backend stops
at start and `restart: always` loops it. Only the backend is recreated (compose passes the
same .env keys to MySQL's MYSQL_USER/MYSQL_PASSWORD, but those only matter on an empty
data directory): a fix that restores the line and recreates the backend leaves MySQL alone.
The .env mechanics (edit, record, revert) are env-bad-value's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import Field

from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.faults.env_bad_value import EnvBadValue, EnvBadValueParams

KEYS = {"password": "DATASOURCE_PASSWORD", "username": "DATASOURCE_USERNAME"}
SIGNATURE = "Access denied for user"


class DbCredentialsParams(FaultParams):
    field: Literal["password", "username"]
    value: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")


@register
class DbCredentials(Fault[DbCredentialsParams]):
    kind = "db-credentials"
    Params = DbCredentialsParams

    def _env(self) -> EnvBadValue:
        params = EnvBadValueParams(key=KEYS[self.params.field], value=self.params.value)
        # Its record is keyed by its own kind at this position: no clash with ours.
        return EnvBadValue(params, exercise_id=self.exercise_id, index=self.index)

    def inject(self, ctx: FaultContext) -> None:
        ctx.save_record(self.key, {"since": datetime.now(UTC).isoformat()})
        self._env().inject(ctx)

    def verify_injected(self, ctx: FaultContext) -> str:
        record = ctx.load_record(self.key) or {}
        since = datetime.fromisoformat(record.get("since") or datetime.now(UTC).isoformat())
        evidence = live.wait_for_crash_loop(ctx.host, since, SIGNATURE, "backend refused by MySQL")
        return f"{evidence} ({KEYS[self.params.field]})"

    def revert(self, ctx: FaultContext) -> None:
        self._env().revert(ctx)
        ctx.drop_record(self.key)
