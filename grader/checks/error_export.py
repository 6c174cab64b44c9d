"""`error-export`: the backend's log, exported the course's way, holds the error window.

Problema 3: `docker logs inatrace-be-test-fortaleza > /tmp/backend-error-$(date …).log`.
The file is looked for where the course writes it (/tmp) and under $LAB_HOME; only
files written since the exercise began count (an old export from another run does not).
The file's lines must come from `docker logs` (not typed or edited), and every line
the failing action left in the log must be in it: `--tail 10` or a `grep` of the wrong
thing misses them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, ServiceName
from grader.context import CheckContext
from grader.error_window import ActionFacts, ErrorWindow, error_window
from grader.evidence import normalize_log_line
from labs.core import constants
from labs.core.i18n import tr
from labs.core.tree import TraineePath

# After the course's /tmp, the places a trainee keeps work under $LAB_HOME.
LAB_FOLDERS = (".", "notas", "logs", "home/usuario", "notas/incidentes")
MAX_FILES = 10


class ErrorExportSpec(CheckSpec):
    kind: Literal["error-export"]
    pattern: str = Field(default="backend-error-*.log", pattern=r"^[\w.*?-]+$")
    service: ServiceName = "backend"
    truth: str
    actions: dict[str, ActionFacts] = Field(min_length=1)
    min_coverage: float = Field(default=0.95, gt=0, le=1)

    @model_validator(mode="after")
    def _known_truth(self) -> ErrorExportSpec:
        if self.truth not in self.actions:
            raise ValueError(f"truth `{self.truth}` is not one of the actions")
        return self


def candidates(ctx: CheckContext, pattern: str) -> list[TraineePath]:
    start, _end = ctx.window("exercise")
    found: list[TraineePath] = list(ctx.host.tmp_exports(pattern, start.timestamp()))
    for folder in (ctx.tree.root / f for f in LAB_FOLDERS):
        try:
            found += [p for p in folder.glob(pattern) if p.is_file()]
        except OSError:
            continue
    fresh = [p for p in found if p.stat().st_mtime >= start.timestamp()]
    return sorted(set(fresh), key=lambda p: p.stat().st_mtime, reverse=True)[:MAX_FILES]


class ErrorExport(Check[ErrorExportSpec]):
    kind = "error-export"
    Spec = ErrorExportSpec

    def evaluate(self, spec: ErrorExportSpec, ctx: CheckContext) -> Outcome:
        files = candidates(ctx, spec.pattern)
        if not files:
            return Outcome.unavailable(
                tr(
                    f"No hay un log exportado ({spec.pattern}) en /tmp ni en $LAB_HOME "
                    "desde que empezó el ejercicio.",
                    f"No exported log ({spec.pattern}) in /tmp or $LAB_HOME since the "
                    "exercise began.",
                ),
                tr(
                    "Exporte los logs como indica el curso: `docker logs "
                    f"{constants.CONTAINERS[spec.service]} > /tmp/backend-error-$(date "
                    "+%Y%m%d-%H%M%S).log`.",
                    "Export the logs as the course does: `docker logs "
                    f"{constants.CONTAINERS[spec.service]} > /tmp/backend-error-$(date "
                    "+%Y%m%d-%H%M%S).log`.",
                ),
            )
        window = error_window(ctx, spec.service, spec.actions[spec.truth])
        outcomes = [_grade(path, spec, ctx, window) for path in files]
        return max(outcomes, key=lambda o: o.fraction)


def _grade(
    path: TraineePath, spec: ErrorExportSpec, ctx: CheckContext, window: ErrorWindow
) -> Outcome:
    container = constants.CONTAINERS[spec.service]
    lines = [
        n for raw in path.read_text(errors="replace").splitlines() if (n := normalize_log_line(raw))
    ]
    known = ctx.log_lines(spec.service)
    found = sum(1 for line in lines if line in known)
    coverage = found / len(lines) if lines else 0.0
    present = set(lines)
    kept = sum(1 for line in window.lines if line in present)
    assertions = [
        Assertion(
            tr(
                f"líneas que existen en `docker logs {container}`",
                f"lines present in `docker logs {container}`",
            ),
            bool(lines) and coverage >= spec.min_coverage,
            f"{coverage:.0%}",
            f"≥ {spec.min_coverage:.0%}",
            tr(
                "Exporte con `docker logs` y redirección, sin editar el archivo.",
                "Export with `docker logs` and a redirection, without editing the file.",
            ),
        ),
        Assertion(
            tr("incluye los errores reportados", "includes the reported errors"),
            bool(window.lines) and kept == len(window.lines),
            tr("faltan líneas de error", "error lines missing"),
            tr(f"{len(window.lines)} líneas", f"{len(window.lines)} lines"),
            tr(
                "Exporte el log completo (sin `--tail`) o al menos desde antes de la hora "
                "del error (`--since`), para que desarrollo vea cada falla con su traza.",
                "Export the whole log (no `--tail`), or at least from before the error's "
                "time (`--since`), so development sees every failure with its trace.",
            ),
        ),
    ]
    evidence = {
        "file": str(path),
        "lines": str(len(lines)),
        "found_in_docker_logs": str(found),
        "error_lines_kept": str(kept),
    }
    return Outcome.from_assertions(assertions, evidence)


CHECK = ErrorExport
