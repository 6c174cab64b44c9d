"""The one error base of the lab. Only the CLI edge catches it."""

from __future__ import annotations

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3
EXIT_TIMEOUT = 4


class LabError(Exception):
    """An error a person can act on: what happened and how to fix it."""

    exit_code = EXIT_ERROR

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
    exit_code = EXIT_TIMEOUT


class DockerCommandError(LabError):
    """A docker command failed; keeps the command, code and stderr."""

    def __init__(self, command: list[str], returncode: int, stderr: str, fix: str | None = None):
        shown = " ".join(command)
        super().__init__(
            f"La orden `{shown}` falló (código {returncode}): {stderr.strip()[-800:]}", fix
        )
        self.command = command
        self.returncode = returncode
        self.stderr = stderr


class ScenarioInvalid(LabError):
    exit_code = EXIT_USAGE


class WorkspaceError(LabError):
    pass
