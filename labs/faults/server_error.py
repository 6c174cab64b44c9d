"""`server-error`: one user's action answers 500 with a real trace; the rest works.

Problema 3 of the course ("Errores 500"): nothing is down, health is UP, but one
user keeps getting an error on one action. The lab makes it happen for real and
then has that user hit the action a few times (real HTTP, their own login), so the
backend logs the failures at a time the grader reads back from `docker logs`:

  descargar-documento  the logo file of the user's company is gone from the uploads folder:
                       the company page (GET /api/company/profile/{id}) still lists it,
                       and its download (GET /api/common/document/{temporary key}) →
                       StorageService "Error reading file" + NoSuchFileException, 500
  listar-empresas      the user's company list is asked for with a negative offset (a
                       front-end paging bug), which INATrace hands to Hibernate
                       unchecked: GET /api/company/list → "IP: …, exception:
                       java.lang.IllegalArgumentException" + trace, 500

The trainee escalates (logs of the window, user, action, time, health, `docker ps -a`);
nothing needs a restart. Revert puts the file back; the log lines stay (history).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import Field

from labs.core import constants as c
from labs.faults import live
from labs.faults.base import Fault, FaultContext, FaultParams, register
from labs.host.models import HttpAnswer

Action = Literal["descargar-documento", "listar-empresas"]
LOGIN_PATH = "/api/user/login"
PROFILE_PATH = "/api/user/profile"
LOGO = "descargar-documento"
COMPANY_PROFILE_PATH = "/api/company/profile/{id}"
DOCUMENT_PATH = "/api/common/document/{key}"
# The front end's page 0 bug: offset = (page - 1) * limit.
LIST_PATH = "/api/company/list?limit=10&offset=-10"
# What the backend logs for each action's failure (one line per failed request).
SIGNATURE: dict[str, str] = {
    "descargar-documento": "Error reading file",
    "listar-empresas": "exception: java.lang.IllegalArgumentException",
}


class ServerErrorParams(FaultParams):
    action: Action
    user: str = Field(pattern=r"^[^@\s']+@[^@\s']+$")
    count: int = Field(default=3, ge=2, le=20)


def _logo_path(page: HttpAnswer) -> str | None:
    """The download path of the logo a company page shows, if it shows one."""
    try:
        logo = json.loads(page.body or "")["data"]["logo"]
        return DOCUMENT_PATH.format(key=logo["storageKey"])
    except (ValueError, KeyError, TypeError):
        return None


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@register
class ServerError(Fault[ServerErrorParams]):
    kind = "server-error"
    Params = ServerErrorParams

    def _stash(self, ctx: FaultContext) -> Path:
        """Where the missing upload waits for the revert: the lab's own folder."""
        return ctx.records_dir / f"{self.key}.file"

    def _logo(self, ctx: FaultContext) -> tuple[str, str, str]:
        """(company id, storageKey, type) of the logo of a company the user belongs to."""
        query = (
            "SELECT co.id, d.storageKey, COALESCE(d.type, 'GENERAL') FROM Company co"
            " JOIN Document d ON d.id = co.logo_id JOIN CompanyUser cu ON cu.company_id = co.id"
            f" JOIN `User` u ON u.id = cu.user_id WHERE u.email = {_quote(self.params.user)}"
            " ORDER BY co.id LIMIT 1"
        )
        rows = [row for row in ctx.host.sql(query) if row and row[1]]
        if not rows:
            raise live.not_live(
                f"{self.params.user} no es miembro de una empresa con logo.",
                f"{self.params.user} is not a member of a company with a logo.",
            )
        return str(rows[0][0]), str(rows[0][1]), str(rows[0][2])

    def _remove_logo(self, ctx: FaultContext, record: dict[str, str]) -> str:
        """Move the logo's file out of uploads; the company's profile path to read it."""
        company, key, doc_type = self._logo(ctx)
        source = ctx.workspace.uploads / doc_type / key
        stash = self._stash(ctx)
        record.update({"file": str(source)})
        ctx.save_record(self.key, record)  # before the move: a crash still gets reverted
        if source.is_file():
            stash.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, stash)
        return COMPANY_PROFILE_PATH.format(id=company)

    def inject(self, ctx: FaultContext) -> None:
        record = {"since": datetime.now(UTC).isoformat(), "user": self.params.user}
        ctx.save_record(self.key, record)
        profile = self._remove_logo(ctx, record) if self.params.action == LOGO else ""
        with ctx.host.http_session() as session:
            login = session.request(
                "POST", LOGIN_PATH, json={"username": self.params.user, "password": c.SEED_PASSWORD}
            )
            record["login"] = str(login.status)
            session.request("GET", PROFILE_PATH)
            answers = []
            for _ in range(self.params.count):
                # As the front end does: the company page, then its logo by the temporary
                # key the page carries (StorageKeyCache); or the broken company list.
                path = _logo_path(session.request("GET", profile)) if profile else LIST_PATH
                answers.append(str(session.request("GET", path).status) if path else "-")
            record["answers"] = ",".join(answers)
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
