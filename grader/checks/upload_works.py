"""`upload-works`: a real document upload through the API is stored (HTTP 200).

The grader logs in as the lab's administrator and sends one small PDF as the frontend
does (POST /api/common/document, multipart part `file`), so the backend's own user writes
into its own uploads folder: whatever was wrong with the folder, this is the proof it is
right now. Each check adds one `lab-check-*.pdf` document (harmless, and recognizable).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core import constants as c
from labs.core.i18n import tr

CONTENT = b"%PDF-1.4\n% INATrace Ops Lab: documento de prueba del evaluador\n%%EOF\n"


class UploadWorksSpec(CheckSpec):
    kind: Literal["upload-works"]
    doc_type: str = Field(default="GENERAL", pattern=r"^[A-Z_]+$")


class UploadWorks(Check[UploadWorksSpec]):
    kind = "upload-works"
    Spec = UploadWorksSpec

    def evaluate(self, spec: UploadWorksSpec, ctx: CheckContext) -> Outcome:
        name = f"lab-check-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}.pdf"
        answer = ctx.host.upload(
            f"/api/common/document?type={spec.doc_type}",
            name,
            CONTENT,
            login={"username": c.ADMIN_EMAIL, "password": c.ADMIN_PASSWORD},
        )
        said = _error_message(answer.body) if answer.status else answer.error
        assertion = Assertion(
            tr("subir un documento por la API funciona", "a document upload through the API works"),
            answer.status == 200,
            f"{answer.status or '-'} {said or ''}".strip(),
            "200",
            tr(
                "Intente subir un documento usted mismo y lea el error en "
                "`docker logs inatrace-be-test-fortaleza --since 10m`.",
                "Try an upload yourself and read the error in "
                "`docker logs inatrace-be-test-fortaleza --since 10m`.",
            ),
        )
        return Outcome.from_assertions([assertion], {"http": str(answer.status), "file": name})


def _error_message(body: str) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    return str(data.get("errorMessage") or "") if isinstance(data, dict) else ""


CHECK = UploadWorks
