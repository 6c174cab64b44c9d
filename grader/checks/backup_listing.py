"""`backup-listing`: a saved listing names exactly the recent backups of a kind.

Práctica 18: `find … -name "backup-*-pre-deploy.sql.gz" -mtime -7 -ls` saved to a file.
Every matching file younger than `max_age_days` must be named, and none older: the
real folder decides, so a listing of everything (or the manual's example) fails.
"""

from __future__ import annotations

import re
import time
from typing import Literal

from pydantic import Field

import grader.backups as backups
from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from labs.core.i18n import tr


class BackupListingSpec(CheckSpec):
    kind: Literal["backup-listing"]
    path: RelPath
    glob: str = Field(min_length=1)
    max_age_days: int = Field(gt=0)


class BackupListing(Check[BackupListingSpec]):
    kind = "backup-listing"
    Spec = BackupListingSpec

    def evaluate(self, spec: BackupListingSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        text = path.read_text(errors="replace") if path.is_file() else ""
        if not text.strip():
            return Outcome.unavailable(
                tr(
                    f"$LAB_HOME/{spec.path} no existe o está vacío.",
                    f"$LAB_HOME/{spec.path} is missing or empty.",
                ),
                tr("Guarde ahí la salida de la orden.", "Save the command's output there."),
            )
        named = set(re.findall(r"[\w.-]+\.sql\.gz", text))
        limit = time.time() - spec.max_age_days * 86400
        found = backups.files(ctx, spec.glob)
        recent = {p.name for p in found if p.stat().st_mtime > limit}
        older = {p.name for p in found} - recent
        missing, wrong = recent - named, older & named
        return Outcome.from_assertions(
            [
                Assertion(
                    tr("nombra cada respaldo reciente", "names every recent backup"),
                    bool(recent) and not missing,
                    tr(f"faltan {len(missing)}", f"{len(missing)} missing"),
                    fix=tr(
                        "Use `find` con `-mtime` sobre la carpeta real.",
                        "Use `find` with `-mtime` on the real folder.",
                    ),
                ),
                Assertion(
                    tr("no incluye respaldos más antiguos", "includes no older backup"),
                    not wrong,
                    tr(f"{len(wrong)} demasiado antiguos", f"{len(wrong)} too old"),
                    fix=tr(
                        "`ls` los muestra todos; filtre por antigüedad.",
                        "`ls` shows them all; filter by age.",
                    ),
                ),
            ],
            {"file": spec.path, "recent": ", ".join(sorted(recent))},
        )


CHECK = BackupListing
