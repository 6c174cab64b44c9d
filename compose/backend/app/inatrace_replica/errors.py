"""The replica's one error hierarchy.

Everything the replica raises on purpose derives from ReplicaError, so callers can
tell "expected, already described" failures from real bugs.
"""

from __future__ import annotations


class ReplicaError(Exception):
    """Base of every error the replica raises on purpose."""


class ConfigError(ReplicaError):
    """An environment variable holds a value the replica cannot use."""


class ApiError(ReplicaError):
    """A handled API failure: rendered as the INATrace envelope, not as a stack trace.

    Mirrors com.abelium.inatrace.api.errors.ApiException (status + HTTP code + message);
    DefaultControllerExceptionHandler logs it as "ApiException: <status> <message>".
    """

    def __init__(self, status: str, http_code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.http_code = http_code
        self.message = message


class RequestRejected(ReplicaError):
    """A Spring MVC exception one of DefaultControllerExceptionHandler's own handlers maps:
    it logs `log_message` at ERROR (no trace) and answers the envelope with `message`."""

    def __init__(
        self,
        http_code: int,
        status: str,
        message: str,
        log_message: str,
        details: str | None = None,
    ) -> None:
        super().__init__(log_message)
        self.http_code = http_code
        self.status = status
        self.message = message
        self.log_message = log_message
        self.details = details


class NotFoundError(ReplicaError):
    """No handler for the path: Spring answers 404 with its default error JSON."""


class MethodNotAllowedError(ReplicaError):
    """The path exists for another HTTP method: Spring answers 405."""


class MultipartError(ReplicaError):
    """The multipart body could not be parsed."""


class TokenError(ReplicaError):
    """A JWT is malformed, badly signed or expired; `java_class` is java-jwt's exception."""

    def __init__(
        self, message: str, java_class: str = "com.auth0.jwt.exceptions.JWTDecodeException"
    ) -> None:
        super().__init__(message)
        self.java_class = java_class


class JavaException(ReplicaError):
    """An error that the replica reports the way the JVM would: class, message, cause chain.

    `frames` are the `at ...` entries printed below the header (see frames.py);
    `omitted` is Java's "... N common frames omitted" count for a cause.
    """

    def __init__(
        self,
        java_class: str,
        message: str | None,
        frames: tuple[str, ...] = (),
        cause: JavaException | None = None,
        omitted: int = 0,
        sql_code: int | None = None,
    ) -> None:
        super().__init__(f"{java_class}: {message}" if message else java_class)
        self.java_class = java_class
        self.message = message
        self.frames = frames
        self.cause = cause
        self.omitted = omitted
        self.sql_code = sql_code  # vendor error code for SQLExceptions (Flyway prints it)

    def root(self) -> JavaException:
        exc = self
        while exc.cause is not None:
            exc = exc.cause
        return exc

    def chain(self) -> list[JavaException]:
        out: list[JavaException] = []
        exc: JavaException | None = self
        while exc is not None:
            out.append(exc)
            exc = exc.cause
        return out

    def header(self) -> str:
        return f"{self.java_class}: {self.message}" if self.message else self.java_class


class StartupFailure(ReplicaError):
    """Startup failed and the failure has already been logged: exit with `exit_code`."""

    def __init__(self, reason: str, exit_code: int = 1) -> None:
        super().__init__(reason)
        self.exit_code = exit_code


class RequestAbandoned(ReplicaError):
    """A request stuck behind the hang fault for too long: drop the connection unanswered."""


class ShutdownRequested(ReplicaError):
    """Raised in the main thread by the SIGTERM/SIGINT handler."""
