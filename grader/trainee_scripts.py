"""Running a script the trainee wrote, as the course has them run it: it must exist, be
executable and finish in time; what it prints is each check's own business."""

from __future__ import annotations

from dataclasses import dataclass

from grader.checks.base import Assertion, Outcome
from grader.context import CheckContext
from labs.core.i18n import tr
from labs.core.tree import TraineePath, executable
from labs.host.models import CommandResult


@dataclass(frozen=True)
class ScriptRun:
    path: TraineePath
    result: CommandResult
    opening: list[Assertion]  # executable, finished in time

    def evidence(self, rel_path: str, stdout_chars: int) -> dict[str, str]:
        return {
            "file": rel_path,
            "returncode": str(self.result.returncode),
            "elapsed_ms": f"{self.result.elapsed_ms:.0f}",
            "stdout": self.result.stdout[-stdout_chars:],
        }


def run_script(ctx: CheckContext, rel_path: str, timeout: float) -> ScriptRun | Outcome:
    """The script run with a deadline, or the Outcome that says why it could not run."""
    path = ctx.path(rel_path)
    if not path.is_file():
        return Outcome.unavailable(
            tr(f"No existe $LAB_HOME/{rel_path}.", f"$LAB_HOME/{rel_path} does not exist."),
            tr("Cree el script en esa ruta.", "Create the script there."),
        )
    runs = executable(path)
    runnable = Assertion(
        tr("es ejecutable", "is executable"),
        runs,
        oct(path.stat().st_mode & 0o777),
        "chmod +x",
        tr(f"Ejecute `chmod +x $LAB_HOME/{rel_path}`.", f"Run `chmod +x $LAB_HOME/{rel_path}`."),
    )
    if not runs:
        return Outcome.from_assertions([runnable], {"file": rel_path})
    result = ctx.run([str(path)], cwd=path.parent, timeout=timeout)
    return ScriptRun(path, result, [runnable, finished(result, timeout)])


def finished(result: CommandResult, timeout: float) -> Assertion:
    seconds = result.elapsed_ms / 1000
    observed = (
        tr("no terminó", "did not finish")
        if result.timed_out
        else tr(f"terminó en {seconds:.1f} s", f"ended in {seconds:.1f} s")
    )
    return Assertion(
        tr("termina a tiempo", "finishes in time"),
        not result.timed_out,
        observed,
        f"≤ {timeout:.0f} s",
        tr(
            "Evite órdenes que no terminan (`docker stats` sin `--no-stream`, `docker logs -f`).",
            "Avoid never-ending commands (`docker stats` without `--no-stream`, `docker logs -f`).",
        ),
    )
