"""The one error base of the lab. Only the CLI edge catches it.

Every verb exits one way (docs/cli.md, «Códigos de salida», is tested against this table):
"""

from __future__ import annotations

EXIT_OK = 0  # done; `lab check`: everything graded passed
EXIT_FAILING = 1  # `lab check` / `lab doctor` / `lab selftest`: something still fails
EXIT_USAGE = 2  # wrong use or a broken scenario (unknown lab or exercise, no lab running)
EXIT_HOST = 3  # a host problem: engine down, port held, disk, a wait that timed out
EXIT_REFUSED = 4  # refused to protect data (no confirmation, foreign files or containers)
EXIT_INTERRUPTED = 130  # Ctrl+C

EXIT_CODES: dict[int, tuple[str, str]] = {
    EXIT_OK: ("hecho; en `lab check`, todo aprobado", "done; `lab check`: all passed"),
    EXIT_FAILING: ("verificaciones aún fallan", "checks still failing"),
    EXIT_USAGE: ("uso incorrecto o error de escenario", "usage or scenario error"),
    EXIT_HOST: ("problema del host", "host problem"),
    EXIT_REFUSED: ("rechazado para proteger datos", "refused to protect data"),
}

# Older names, kept for callers outside this package.
EXIT_ERROR = EXIT_FAILING
EXIT_ENVIRONMENT = EXIT_HOST
EXIT_TIMEOUT = EXIT_HOST


class LabError(Exception):
    """An error a person can act on: what happened and how to fix it.

    Without a more precise subclass an operation failed on the host (Docker, MySQL, a
    revert): exit 3.
    """

    exit_code = EXIT_HOST

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        if self.fix:
            return f"{self.message}\n→ {self.fix}"
        return self.message


class UsageError(LabError):
    exit_code = EXIT_USAGE


class EnvironmentProblem(LabError):
    """The host (Docker, ports, disk) is not ready for the lab."""

    exit_code = EXIT_ENVIRONMENT


class WaitTimeout(LabError):
    """Something the host should have done within a deadline did not happen."""

    exit_code = EXIT_HOST


class Refused(LabError):
    """The lab refuses to go on because it could lose or touch data that is not its own."""

    exit_code = EXIT_REFUSED


class DockerCommandError(LabError):
    """A docker command failed; keeps the command, code and stderr."""

    def __init__(self, command: list[str], returncode: int, stderr: str, fix: str | None = None):
        from labs.core.i18n import tr

        shown, said = " ".join(command), stderr.strip()[-800:]
        super().__init__(
            tr(
                f"La orden `{shown}` falló (código {returncode}): {said}",
                f"`{shown}` failed (exit code {returncode}): {said}",
            ),
            fix,
        )
        self.command = command
        self.returncode = returncode
        self.stderr = stderr


class ScenarioInvalid(LabError):
    exit_code = EXIT_USAGE


class WorkspaceError(LabError):
    """The workspace cannot be used as it is (not writable, damaged state): exit 3."""


class ForeignWorkspace(WorkspaceError, Refused):
    """A directory with content the lab did not create: refused (exit 4)."""

    exit_code = EXIT_REFUSED


class NoLabRunning(UsageError, WorkspaceError):
    """A verb that needs a running lab was given a workspace without one: exit 2."""

    exit_code = EXIT_USAGE
