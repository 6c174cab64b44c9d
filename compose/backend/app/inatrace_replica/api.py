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
from .errors import ApiError, JavaException, RequestRejected
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

    def json(self) -> dict[str, Any]:
        """@RequestBody: an unreadable body is HttpMessageNotReadableException, which the
        handler logs as ERROR "Bad http request: …" and answers 400 REQUEST_BODY_ERROR."""
        if not self.body.strip():
            raise bad_body("Required request body is missing")
        try:
            value = json.loads(self.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise bad_body(f"JSON parse error: {exc}") from exc
        if not isinstance(value, dict):
            raise bad_body(
                "JSON parse error: Cannot deserialize value of type `java.lang.Object` from"
                " a non-object token"
            )
        return value


def bad_body(message: str) -> RequestRejected:
    return RequestRejected(400, "REQUEST_BODY_ERROR", message, f"Bad http request: {message}")


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


def _media_types(accept: str | None) -> list[tuple[str, str]]:
    out = []
    for item in (accept or "").split(","):
        kind = item.split(";", 1)[0].strip().lower()
        if "/" in kind:
            main, _, sub = kind.partition("/")
            out.append((main, sub))
    return out


def _includes(outer: tuple[str, str], inner: tuple[str, str]) -> bool:
    """MediaType.includes: */* includes everything, text/* includes text/plain."""
    return (outer[0] == "*" or outer[0] == inner[0]) and (outer[1] == "*" or outer[1] == inner[1])


def error_response(
    http_code: int, status: str, message: str, accept: str | None, details: str | None = None
) -> Response:
    """SpringExceptionResponseBuilder.getAcceptableResponse: the ApiError JSON when the client
    accepts JSON (curl's */* does), the bare message when it accepts text, else no body."""
    accepted = _media_types(accept)
    if any(_includes(a, ("application", "json")) for a in accepted):
        body = {"status": status, "errorMessage": message, "errorDetails": details}
        return Response(http_code, to_json(body))
    if any(_includes(("text", "*"), a) for a in accepted):
        return Response(http_code, message.encode("utf-8"), "text/plain;charset=UTF-8")
    return Response(http_code, b"", "")


def api_error(exc: ApiError, accept: str | None = JSON_TYPE) -> Response:
    return error_response(exc.http_code, exc.status, exc.message, accept)


def unauthorized() -> Response:
    """RestAuthenticationEntryPoint.sendError(401): Spring Security 6 also guards the
    forward to /error, which INATrace does not permit, so the 401 goes out with no body."""
    return Response(401, b"", "")


def long_path(name: str, raw: str) -> int:
    """@PathVariable Long: a non-number fails in Spring's conversion, before the controller;
    DefaultControllerExceptionHandler logs the exception's message and answers 400."""
    try:
        return int(raw)
    except ValueError as err:
        raise type_mismatch(name, raw, "java.lang.Long", f'For input string: "{raw}"') from err


def type_mismatch(name: str, raw: str, java_type: str, reason: str) -> RequestRejected:
    """MethodArgumentTypeMismatchException, as handleMethodArgumentTypeMismatchException maps it."""
    return RequestRejected(
        400,
        "REQUEST_BODY_ERROR",
        f"Method parameter {name} is of wrong type, required type is class {java_type}",
        f"Method parameter '{name}': Failed to convert value of type 'java.lang.String' to"
        f" required type '{java_type}'; {reason}",
    )


def int_param(req: Request, name: str, default: int) -> int:
    raw = req.query.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ApiError(
            "INVALID_REQUEST", 400, f"Invalid value '{raw}' for parameter {name}"
        ) from exc


def page(req: Request) -> tuple[int, int, str]:
    """ApiPaginatedRequest: limit (default 100), offset, sort ASC|DESC. Nothing checks the
    numbers: PaginationTools hands them to Hibernate, whose setFirstResult/setMaxResults
    throw IllegalArgumentException on a negative value (an uncaught 500)."""
    sort = (req.query.get("sort") or "ASC").upper()
    limit, offset = int_param(req, "limit", 100), int_param(req, "offset", 0)
    if offset < 0:
        raise _negative(f"first-result value cannot be negative : {offset}")
    if limit < 0:
        raise _negative("max-results cannot be negative")
    return limit, offset, ("DESC" if sort == "DESC" else "ASC")


def _negative(message: str) -> JavaException:
    return JavaException(
        "java.lang.IllegalArgumentException",
        message,
        fr.frames(
            "hibernate|org.hibernate.query.spi.AbstractSelectionQuery.setFirstResult"
            "(AbstractSelectionQuery.java:795)",
            "app|com.abelium.inatrace.tools.PaginationTools.createPaginatedResponse"
            "(PaginationTools.java:36)",
        )
        + fr.request(fr.app("components.company.CompanyController", "listCompanies", 77)),
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
