"""`deploy-note`: what the trainee wrote of the deploy they watched matches the real build.

Práctica 24: monitor the deploy in the CI page, then verify it on the server with the
course's commands (`docker images`, `docker inspect … | grep Image`, `docker logs … |
grep "Started INATraceBackendApplication"`). The note holds four facts, one per line:

    build: #42
    tag: test-…
    resultado: SUCCESS
    inicio: <the timestamp of the "Started INATraceBackendApplication" line>

They are compared with the build the lab ran during the exercise (its record under
$LAB_HOME/.lab/ci, written by the runner as the deploy happened: the tag, the result,
the image of the container it left and the Started line it saw). A note written while
the build still runs, or copied from an older build, fails.
"""

from __future__ import annotations

import re
from typing import Literal

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from labs.core import ci
from labs.core.ci import BuildRecord
from labs.core.i18n import tr

RESULT_WORDS = {
    "success": "SUCCESS",
    "exitoso": "SUCCESS",
    "éxito": "SUCCESS",
    "exito": "SUCCESS",
    "failure": "FAILURE",
    "fallido": "FAILURE",
    "falló": "FAILURE",
    "fallo": "FAILURE",
}
TIME = re.compile(r"(\d{2}:\d{2}:\d{2})")


class DeployNoteSpec(CheckSpec):
    kind: Literal["deploy-note"]
    path: RelPath = "notas/despliegue.md"


def exercise_build(ctx: CheckContext) -> BuildRecord | None:
    """The build the exercise's fault started: the newest one the lab ran (not history it
    wrote) before the exercise began (an exercise begins once its faults are live)."""
    start = ctx.window("exercise")[0]
    ran = [b for b in ci.builds(ctx.records.root) if not b.seeded and b.timestamp <= start]
    return max(ran, key=lambda b: b.number) if ran else None


def field(text: str, name: str) -> str | None:
    """The last `name: value` line (a trainee may correct an earlier one)."""
    found = re.findall(rf"(?im)^\W*{name}\W*\s*[:=]\s*(.+?)\s*$", text)
    return found[-1].strip("*`_ ") if found else None


def _image_tag(image: str | None) -> str | None:
    return image.rpartition(":")[2] if image else None


def _facts(text: str, build: BuildRecord) -> list[Assertion]:
    number = field(text, "build") or ""
    tag = field(text, "tag") or ""
    result = (field(text, "resultado") or "").lower()
    started = field(text, "inicio") or ""
    seen_time = TIME.search(started)
    real_time = TIME.search(build.started_line or "")
    deployed = _image_tag(build.container_image) or build.tag
    check_how = tr(
        "Compárelo con la Console Output del build y con el servidor (`docker inspect`, "
        "`docker logs`).",
        "Compare it with the build's Console Output and the server (`docker inspect`, "
        "`docker logs`).",
    )
    return [
        Assertion(
            tr("número de build", "build number"),
            re.sub(r"\D", "", number) == str(build.number),
            number or "-",
            f"#{build.number}",
            check_how,
            partial=True,
        ),
        Assertion(
            tr("TAG desplegado", "deployed TAG"),
            tag == deployed,
            tag or "-",
            deployed,
            check_how,
            partial=True,
        ),
        Assertion(
            tr("resultado del build", "build result"),
            RESULT_WORDS.get(result.split()[0] if result else "") == build.result,
            result or "-",
            str(build.result),
            tr(
                "Espere a que el build termine y lea su estado final ('Finished: …').",
                "Wait for the build to finish and read its final state ('Finished: …').",
            ),
            partial=True,
        ),
        Assertion(
            tr("hora de 'Started INATraceBackendApplication'", "'Started …' time"),
            bool(seen_time and real_time and seen_time.group(1) == real_time.group(1)),
            started or "-",
            build.started_line or "-",
            check_how,
            partial=True,
        ),
    ]


class DeployNote(Check[DeployNoteSpec]):
    kind = "deploy-note"
    Spec = DeployNoteSpec

    def evaluate(self, spec: DeployNoteSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        form = tr(
            "Anote `build:`, `tag:`, `resultado:` e `inicio:`, una por línea.",
            "Write `build:`, `tag:`, `resultado:` and `inicio:`, one per line.",
        )
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} is missing."),
                form,
            )
        build = exercise_build(ctx)
        if build is None:
            return Outcome.unavailable(
                tr("No hay un despliegue de este ejercicio.", "No deploy ran in this exercise."),
                tr("Revise `lab status`.", "Check `lab status`."),
            )
        evidence = {"build": str(build.number), "file": spec.path}
        return Outcome.from_assertions(_facts(path.read_text(errors="replace"), build), evidence)


CHECK = DeployNote
