"""`server-error`: one user's action answers 500 with a real trace; the rest works.

Problema 3 of the course ("Errores 500"): nothing is down, health is UP, but one
user keeps getting an error on one action. The lab makes it happen for real and
then has that user hit the action a few times (real HTTP, their own login), so the
backend logs the failures at a time the grader reads back from `docker logs`:

  descargar-documento  a stored upload of the user's company is gone from the uploads
                       folder: GET /api/common/document/{key} → StorageService "Error
                       reading file" + java.nio.file.NoSuchFileException, 500
  listar-empresas      the user's company list is asked for with a negative offset (a
                       front-end paging bug), which INATrace hands to Hibernate
                       unchecked: GET /api/company/list → "IP: …, exception:
                       java.lang.IllegalArgumentException" + trace, 500

The trainee escalates (logs of the window, user, action, time, health, `docker ps -a`);
nothing needs a restart. Revert puts the file back; the log lines stay (history).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import Field

from labs.core import constants as c
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register

Action = Literal["descargar-documento", "listar-empresas"]
LOGIN_PATH = "/api/user/login"
PROFILE_PATH = "/api/user/profile"
DOCUMENT_PATH = "/api/common/document/{key}"
# The front end's page 0 bug: offset = (page - 1) * limit.
COMPANY_LIST_PATH = "/api/company/list?limit=10&offset=-10"
# What the backend logs for each action's failure (one line per failed request).
SIGNATURE: dict[str, str] = {
    "descargar-documento": "Error reading file",
    "listar-empresas": "exception: java.lang.IllegalArgumentException",
}


class ServerErrorParams(FaultParams):
    action: Action
    user: str = Field(pattern=r"^[^@\s']+@[^@\s']+$")
    count: int = Field(default=3, ge=2, le=20)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@register
class ServerError(Fault[ServerErrorParams]):
    kind = "server-error"
    Params = ServerErrorParams

    def _stash(self, ctx: FaultContext) -> Path:
        """Where the missing upload waits for the revert: the lab's own folder."""
        return ctx.records_dir / f"{self.key}.file"

    def _document(self, ctx: FaultContext) -> tuple[str, str]:
        """(storageKey, type) of a stored upload of the user's company, else any upload."""
        own = (
            "SELECT d.storageKey, COALESCE(d.type, 'GENERAL') FROM Document d"
            " JOIN Company co ON co.logo_id = d.id JOIN CompanyUser cu ON cu.company_id = co.id"
            f" JOIN `User` u ON u.id = cu.user_id WHERE u.email = {_quote(self.params.user)}"
            " ORDER BY d.id LIMIT 1"
        )
        anyone = "SELECT storageKey, COALESCE(type, 'GENERAL') FROM Document ORDER BY id LIMIT 1"
        for query in (own, anyone):
            rows = [row for row in ctx.host.sql(query) if row and row[0]]
            if rows:
                return str(rows[0][0]), str(rows[0][1])
        raise live.not_live("no hay documentos subidos.", "there are no stored uploads.")

    def _remove_upload(self, ctx: FaultContext, record: dict[str, str]) -> str:
        key, doc_type = self._document(ctx)
        source = ctx.workspace.uploads / doc_type / key
        stash = self._stash(ctx)
        record.update({"file": str(source)})
        ctx.save_record(self.key, record)  # before the move: a crash still gets reverted
        if source.is_file():
            stash.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, stash)
        return DOCUMENT_PATH.format(key=key)

    def inject(self, ctx: FaultContext) -> None:
        record = {"since": datetime.now(UTC).isoformat(), "user": self.params.user}
        ctx.save_record(self.key, record)
        if self.params.action == "descargar-documento":
            path = self._remove_upload(ctx, record)
        else:
            path = COMPANY_LIST_PATH
        with ctx.host.http_session() as session:
            login = session.request(
                "POST", LOGIN_PATH, json={"username": self.params.user, "password": c.SEED_PASSWORD}
            )
            record["login"] = str(login.status)
            session.request("GET", PROFILE_PATH)
            record["answers"] = ",".join(
                str(session.request("GET", path).status) for _ in range(self.params.count)
            )
        ctx.save_record(self.key, record)

    def verify_injected(self, ctx: FaultContext) -> str:
        record = ctx.load_record(self.key) or {}
        if record.get("login") != "200":
            raise live.not_live(
                f"{self.params.user} no pudo iniciar sesión ({record.get('login', '-')}).",
                f"{self.params.user} could not log in ({record.get('login', '-')}).",
            )
        answers = record.get("answers", "").split(",")
        since = datetime.fromisoformat(record["since"])
        signature = SIGNATURE[self.params.action]
        logged = live.backend_logs_since(ctx.host, since).count(signature)
        if any(a != "500" for a in answers) or logged < len(answers):
            raise live.not_live(
                f"la acción respondió {'/'.join(answers)} y el log tiene {logged} errores.",
                f"the action answered {'/'.join(answers)} and the log has {logged} errors.",
            )
        if ctx.host.health(2.0).http_status != 200:
            raise live.not_live("el backend no está UP.", "the backend is not UP.")
        return f"{self.params.user}: {len(answers)} × 500 ({self.params.action}); health UP"

    def revert(self, ctx: FaultContext) -> None:
        record = ctx.load_record(self.key) or {}
        stash = self._stash(ctx)
        target = Path(record["file"]) if record.get("file") else None
        if target is not None and stash.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(stash, target)
        stash.unlink(missing_ok=True)
        ctx.drop_record(self.key)
