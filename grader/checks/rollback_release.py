"""`rollback-release`: the backend runs the release that was live before the last deploy.

Práctica 25: the last deploy shipped a defective release; the course's rollback edits
`TAG` in `.env` back to the previous tag and recreates the backend
(`docker compose up -d --force-recreate backend`). The previous tag is the deploy
job's own fact (its Deploy stage read `TAG=` from `.env` before changing it). Both must
hold: the container runs that image (so `restart` after editing `.env`, which keeps the
old container's configuration, fails) and `.env` says so (so the next `up -d` does not
bring the defective release back).
"""

from __future__ import annotations

from typing import Literal

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.checks.deploy_note import exercise_build
from grader.context import CheckContext
from labs.core.i18n import tr


class RollbackReleaseSpec(CheckSpec):
    kind: Literal["rollback-release"]


def env_tag(ctx: CheckContext) -> str | None:
    try:
        lines = ctx.tree.env_file.read_text().splitlines()
    except OSError:
        return None
    found = [line.partition("=")[2].strip() for line in lines if line.startswith("TAG=")]
    return found[-1] if found else None


class RollbackRelease(Check[RollbackReleaseSpec]):
    kind = "rollback-release"
    Spec = RollbackReleaseSpec

    def evaluate(self, spec: RollbackReleaseSpec, ctx: CheckContext) -> Outcome:
        build = exercise_build(ctx)
        if build is None or not build.previous_tag:
            return Outcome.unavailable(
                tr("No hay un despliegue de este ejercicio.", "No deploy ran in this exercise."),
                tr("Revise `lab status`.", "Check `lab status`."),
            )
        info = ctx.container("backend")
        image = info.config.image if info and info.config.image else "-"
        running = image.rpartition(":")[2]
        in_env = env_tag(ctx) or "-"
        wanted = build.previous_tag
        how = tr(
            "Busque en el historial del job (o en `docker images`) la versión que corría antes "
            "del último despliegue.",
            "Find in the job's history (or `docker images`) the release that ran before the "
            "last deploy.",
        )
        assertions = [
            Assertion(
                tr("imagen del contenedor del backend", "backend container image"),
                running == wanted,
                image,
                wanted,
                how
                + tr(
                    " `docker compose restart` no relee el `.env`: recree el contenedor.",
                    " `docker compose restart` does not re-read `.env`: recreate the container.",
                ),
                weight=2.0,
            ),
            Assertion(
                tr("TAG en el .env", "TAG in .env"),
                in_env == wanted,
                in_env,
                wanted,
                how,
            ),
        ]
        evidence = {"build": str(build.number), "deployed": build.tag, "running": image}
        return Outcome.from_assertions(assertions, evidence)


CHECK = RollbackRelease
