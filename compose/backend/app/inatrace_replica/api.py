"""Shared API plumbing: request/response objects, the INATrace envelope, JSON, routes."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import frames as fr
from .config import Settings
from .db import Pool
from .errors import ApiError, JavaException
from .faults import Faults

JSON_TYPE = "application/json"


@dataclass
class App:
    """What every handler can reach (Spring's beans, in short)."""

    settings: Settings
    pool: Pool
    faults: Faults


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    client_ip: str
    cookies: dict[str, str]
    user: dict[str, Any] | None = None  # JWT claims once authenticated
    log_user: str | None = None  # e-mail shown in the request log line

    def json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.body or b"null")
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError("REQUEST_BODY_ERROR", 400, f"JSON parse error: {exc}") from exc
        if not isinstance(value, dict):
            raise ApiError("REQUEST_BODY_ERROR", 400, "Required request body is missing")
        return value


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = JSON_TYPE
    headers: list[tuple[str, str]] = field(default_factory=list)


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):  # MySQL bit(1)
        return any(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def drop_nulls(value: Any) -> Any:
    """spring.jackson.default-property-inclusion=non_null."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def to_json(value: Any) -> bytes:
    return json.dumps(
        drop_nulls(value), default=_default, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def envelope(data: Any = None, status: str = "OK", error: str | None = None) -> dict[str, Any]:
    return {"status": status, "data": data, "errorMessage": error}


def ok(data: Any = None, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(200, to_json(envelope(data)), headers=headers or [])


def api_error(exc: ApiError) -> Response:
    return Response(exc.http_code, to_json(envelope(status=exc.status, error=exc.message)))


def spring_error(status: int, reason: str, path: str) -> Response:
    """Boot's BasicErrorController body, as sent for 401 from the security entry point."""
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}+00:00"
    body = {"timestamp": stamp, "status": status, "error": reason, "path": path}
    return Response(status, to_json(body))


def long_path(name: str, raw: str, method: str = "GET") -> int:
    """@PathVariable Long: a non-number fails in Spring's conversion, before the controller,
    and AT's catch-all handler turns that into a 500 with a stack trace."""
    try:
        return int(raw)
    except ValueError as err:
        number = JavaException(
            "java.lang.NumberFormatException",
            f'For input string: "{raw}"',
            fr.NUMBER_PARSE,
            omitted=60,
        )
        raise JavaException(
            "org.springframework.web.method.annotation.MethodArgumentTypeMismatchException",
            f"Method parameter '{name}': Failed to convert value of type 'java.lang.String' to"
            f" required type 'java.lang.Long'; For input string: \"{raw}\"",
            fr.argument_conversion(method),
            JavaException(
                "org.springframework.beans.TypeMismatchException",
                f"Failed to convert value of type 'java.lang.String' to required type"
                f" 'java.lang.Long'; For input string: \"{raw}\"",
                (),
                number,
                omitted=57,
            ),
        ) from err


def int_param(req: Request, name: str, default: int, low: int = 0, high: int = 10_000) -> int:
    raw = req.query.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ApiError(
            "INVALID_REQUEST", 400, f"Invalid value '{raw}' for parameter {name}"
        ) from exc
    return max(low, min(high, value))


def page(req: Request) -> tuple[int, int, str]:
    """ApiPaginatedRequest: limit (default 100), offset, sort ASC|DESC."""
    sort = (req.query.get("sort") or "ASC").upper()
    return (
        int_param(req, "limit", 100, 1, 1000),
        int_param(req, "offset", 0),
        ("DESC" if sort == "DESC" else "ASC"),
    )


def paginated(items: list[Any], count: int, limit: int, offset: int) -> dict[str, Any]:
    return {"items": items, "count": count, "offset": offset, "limit": limit}


def bit(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return any(value)
    return bool(value)


Handler = Callable[..., Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str  # e.g. /api/company/profile/{id}
    handler: Handler
    controller: str  # for the endpoint registration log: UserController.login
    auth: bool = True

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.pattern) + "/?$")
