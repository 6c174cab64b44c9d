"""`log-export`: an exported log file whose lines really come from `docker logs`.

Invented or edited files are rejected: most of the file's lines must appear, word
for word, in the container's own log (timestamps and colours aside).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, Regex, RelPath, ServiceName
from grader.context import CheckContext
from grader.evidence import normalize_log_line
from labs.core import constants
from labs.core.i18n import tr
from labs.core.tree import TraineePath


class LogExportSpec(CheckSpec):
    kind: Literal["log-export"]
    glob: RelPath
    service: ServiceName = "backend"
    min_lines: int = Field(default=1, ge=1)
    min_coverage: float = Field(default=0.95, gt=0, le=1)
    only_matching: Regex | None = None  # every line of the file must match (a filtered export)
    complete_for: Regex | None = None  # every log line matching this must be in the file
    # A file-name pattern also looked for in /tmp, where the course exports
    # (`> /tmp/backend-logs-$(date …).log`): only the trainee's own files of this exercise.
    tmp_glob: str | None = Field(default=None, pattern=r"^[\w.*?\[\]-]+$")


class LogExport(Check[LogExportSpec]):
    kind = "log-export"
    Spec = LogExportSpec

    def evaluate(self, spec: LogExportSpec, ctx: CheckContext) -> Outcome:
        files = [f for f in ctx.tree.root.glob(spec.glob) if f.is_file()]
        files += _tmp_exports(spec, ctx)
        files.sort(key=_mtime, reverse=True)
        if not files:
            return Outcome.unavailable(
                tr(
                    f"No hay ningún archivo que coincida con $LAB_HOME/{spec.glob}"
                    + (f" ni con /tmp/{spec.tmp_glob}." if spec.tmp_glob else "."),
                    f"No file matches $LAB_HOME/{spec.glob}"
                    + (f" or /tmp/{spec.tmp_glob}." if spec.tmp_glob else "."),
                ),
                tr(
                    "Exporte los logs con `docker logs ... > archivo` en esa ruta.",
                    "Export the logs with `docker logs ... > file` to that path.",
                ),
            )
        # Grade the best candidate, so an old failed attempt does not hide a good one.
        outcomes = [_grade_file(path, spec, ctx) for path in files[:10]]
        return max(outcomes, key=lambda o: o.fraction)


def _grade_file(path: TraineePath, spec: LogExportSpec, ctx: CheckContext) -> Outcome:
    container = constants.CONTAINERS[spec.service]
    lines = [
        n for raw in path.read_text(errors="replace").splitlines() if (n := normalize_log_line(raw))
    ]
    known = ctx.log_lines(spec.service)
    found = sum(1 for line in lines if line in known)
    coverage = found / len(lines) if lines else 0.0
    relative = ctx.tree.relative(path)
    assertions = [
        Assertion(
            tr("líneas exportadas", "exported lines"),
            len(lines) >= spec.min_lines,
            str(len(lines)),
            f"≥ {spec.min_lines}",
            tr("El archivo está vacío o incompleto.", "The file is empty or incomplete."),
        ),
        Assertion(
            tr(
                f"líneas que existen en `docker logs {container}`",
                f"lines present in `docker logs {container}`",
            ),
            bool(lines) and coverage >= spec.min_coverage,
            f"{coverage:.0%}",
            f"≥ {spec.min_coverage:.0%}",
            tr(
                "Exporte con `docker logs` sin editar el archivo a mano.",
                "Export with `docker logs`, without editing the file by hand.",
            ),
            weight=2.0,
        ),
    ]
    if spec.only_matching:
        stray = [line for line in lines if not re.search(spec.only_matching, line)]
        assertions.append(
            Assertion(
                tr("solo líneas pertinentes", "only relevant lines"),
                bool(lines) and not stray,
                tr(f"{len(stray)} líneas ajenas", f"{len(stray)} unrelated lines"),
                spec.only_matching,
                tr("Filtre con `grep`.", "Filter with `grep`."),
            )
        )
    if spec.complete_for:
        wanted = {line for line in known if re.search(spec.complete_for, line)}
        missing = wanted - set(lines)
        assertions.append(
            Assertion(
                tr("incluye todas las líneas buscadas", "includes every wanted line"),
                bool(wanted) and not missing,
                f"{len(wanted) - len(missing)}/{len(wanted)}",
                f"{len(wanted)}/{len(wanted)}",
                tr(
                    "Busque en todo el log (sin `--tail`) y exporte todas las coincidencias.",
                    "Search the whole log (no `--tail`) and export every match.",
                ),
            )
        )
    evidence = {"file": relative, "lines": str(len(lines)), "found_in_docker_logs": str(found)}
    return Outcome.from_assertions(assertions, evidence)


def _tmp_exports(spec: LogExportSpec, ctx: CheckContext) -> list[TraineePath]:
    """The course's own export path: the trainee's files written since the exercise began."""
    if not spec.tmp_glob:
        return []
    found: list[TraineePath] = list(
        ctx.host.tmp_exports(spec.tmp_glob, ctx.window("exercise")[0].timestamp())
    )
    return found


def _mtime(path: TraineePath) -> float:
    return path.stat().st_mtime


CHECK = LogExport
