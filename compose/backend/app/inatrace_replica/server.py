"""The HTTP side: Tomcat-like worker threads, Spring Security, MVC dispatch, error handling.

Every response carries Spring Security's default headers. Like INATrace, nothing logs a
line per request (there is no request-logging filter, and no user e-mail or IP is added
to ordinary lines): only the exception handler, the token service and the services log.
Sources: AT configuration/DefaultControllerExceptionHandler.java,
security/configuration/{SpringSecurityConfig,TokenAuthenticationFilter,
RestAuthenticationEntryPoint}.java, components/common/TokenService.java.
"""

from __future__ import annotations

import itertools
import sys
import threading
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import api_common, api_company, api_user, external, health, security
from . import frames as fr
from .api import App, Request, Response, Route, api_error, error_response, to_json, unauthorized
from .errors import (
    ApiError,
    JavaException,
    MethodNotAllowedError,
    NotFoundError,
    RequestAbandoned,
    RequestRejected,
    TokenError,
)
from .logs import Logger

ROUTES: tuple[Route, ...] = (
    *api_user.ROUTES,
    *api_company.ROUTES,
    *api_common.ROUTES,
    *external.ROUTES,
)
MAX_BODY = 10 * 1024 * 1024 + 256 * 1024  # 10MB file plus multipart overhead
MAX_SWALLOW = 64 * 1024 * 1024  # past this, close the connection instead of draining it
ERROR_LOG = Logger("com.abelium.inatrace.configuration.DefaultControllerExceptionHandler")
TOKEN_LOG = Logger("com.abelium.inatrace.components.common.TokenService")
# SpringSecurityConfig.permitAll (AT): everything else needs a valid access-token cookie.
PERMITTED = (
    "/api/public/",
    "/api/user/login",
    "/api/user/refresh_authentication",
    "/api/user/register",
    "/api/user/request_reset_password",
    "/api/user/reset_password",
    "/api/user/confirm_email",
    "/actuator",
    "/v3/api-docs",
    "/swagger-ui/",
)
# TokenAuthenticationFilter.shouldNotFilter (AT): the cookie is not even read there.
NOT_FILTERED = ("/v3/api-docs", "/swagger-ui", "/actuator/health", "/static/", "/css/", "/js/")
SECURITY_HEADERS = (
    ("Vary", "Origin"),
    ("Vary", "Access-Control-Request-Method"),
    ("Vary", "Access-Control-Request-Headers"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-XSS-Protection", "0"),
    ("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"),
    ("Pragma", "no-cache"),
    ("Expires", "0"),
    ("X-Frame-Options", "DENY"),
)


def permitted(path: str) -> bool:
    return any(path == p.rstrip("/") or path.startswith(p.rstrip("/") + "/") for p in PERMITTED)


def python_exception(err: BaseException) -> JavaException:
    """A replica bug still has to look like a Java failure; its frames say where it is."""
    tb = traceback.extract_tb(err.__traceback__)
    frames = tuple(
        f"inatrace_replica.{f.filename.rsplit('/', 1)[-1][:-3]}.{f.name}"
        f"({f.filename.rsplit('/', 1)[-1]}:{f.lineno}) ~[!/:replica]"
        for f in tb[-12:]
    )
    return JavaException("java.lang.IllegalStateException", f"{type(err).__name__}: {err}", frames)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 100  # Tomcat's acceptCount

    def __init__(self, app: App) -> None:
        self.app = app
        self.active = 0
        self.active_lock = threading.Lock()
        self.counter = itertools.count()
        super().__init__(("0.0.0.0", app.settings.server_port), Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """socketserver prints Python tracebacks to stderr here; Tomcat would not."""
        err = sys.exc_info()[1]
        if isinstance(err, (ConnectionError, TimeoutError, RequestAbandoned)):
            return  # the client went away mid-request: Tomcat logs nothing at INFO
        if err is not None:
            Logger("org.apache.coyote.http11.Http11Processor").error(
                "Error processing request", python_exception(err)
            )


def match(method: str, path: str) -> tuple[Route, dict[str, str]]:
    allowed = False
    for route in ROUTES:
        found = route.regex.match(path)
        if found:
            if route.method == method:
                return route, found.groupdict()
            allowed = True
    if allowed:
        raise MethodNotAllowedError(f"Request method '{method}' is not supported")
    raise NotFoundError(path)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 20  # Tomcat's connectionTimeout / keepAliveTimeout
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        """The stdlib access log goes to stderr in Apache format: not something Boot prints."""

    def send_response(self, code: int, message: str | None = None) -> None:
        self.send_response_only(code, message)  # no "Server:" header, like Tomcat
        self.send_header("Date", self.date_time_string())

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        srv = self.server
        port = srv.server_address[1]
        threading.current_thread().name = f"http-nio-{port}-exec-{next(srv.counter) % 10 + 1}"
        with srv.active_lock:
            srv.active += 1  # counted before the fault gate: a hung request is an active one
        try:
            srv.app.faults.enter_request()
            self._send(self._handle())
        except (BrokenPipeError, ConnectionResetError, TimeoutError, RequestAbandoned):
            self.close_connection = True  # client went away (curl --max-time): nothing to send
            return
        finally:
            with srv.active_lock:
                srv.active -= 1

    def _client_ip(self) -> str:
        forwarded = self.headers.get("X-Forwarded-For", "")  # forward-headers-strategy=framework
        return forwarded.split(",")[0].strip() or self.client_address[0]

    def _read_body(self) -> bytes | None:
        """The body, or None when it is larger than Boot would accept."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            if length > MAX_SWALLOW:
                self.close_connection = True
            else:
                remaining = length
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 1 << 20))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            return None
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes | None:
        chunks, total = [], 0
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                break
            total += size
            data = self.rfile.read(size)
            self.rfile.readline()
            if total <= MAX_BODY:
                chunks.append(data)
        return b"".join(chunks) if total <= MAX_BODY else None

    def _handle(self) -> Response:
        app = self.server.app
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path) or "/"
        body = self._read_body()
        if path == "/actuator/health" or path.startswith("/actuator/health/"):
            status, doc = health.health(app.settings, app.pool)
            return Response(status, to_json(doc), health.CONTENT_TYPE)
        if path in ("/actuator", "/actuator/"):
            base = f"http://{self.headers.get('Host') or 'localhost'}"
            return Response(200, to_json(health.actuator_links(base)), health.CONTENT_TYPE)
        req = Request(
            method=self.command,
            path=path,
            query=dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body or b"",
            client_ip=self._client_ip(),
            cookies=security.parse_cookies(self.headers.get("Cookie")),
        )
        return self._run(app, req, body is None)

    def _run(self, app: App, req: Request, too_large: bool) -> Response:
        accept = req.headers.get("accept")
        # Spring Security first: the token filter, then authorizeHttpRequests.
        req.user = self._authenticate(app, req)
        if req.user is None and not permitted(req.path):
            return unauthorized()
        try:
            route, params = match(req.method, req.path)
            if too_large:
                raise api_common.upload_too_large()
            return route.handler(app, req, **params)
        except NotFoundError:
            missing = f"No endpoint {req.method} {req.path}."  # NoHandlerFoundException
            return _rejected(RequestRejected(404, "ERROR", missing, missing), accept)
        except MethodNotAllowedError as exc:
            return _rejected(RequestRejected(405, "ERROR", str(exc), str(exc)), accept)
        except RequestRejected as exc:
            return _rejected(exc, accept)
        except ApiError as exc:
            _log_api_exception(exc)
            return api_error(exc, accept)
        except JavaException as exc:
            return _unhandled(req, exc, accept)
        except Exception as err:
            return _unhandled(req, python_exception(err), accept)

    def _authenticate(self, app: App, req: Request) -> dict[str, Any] | None:
        if req.path.startswith(NOT_FILTERED) or req.path == "/":
            return None
        token = req.cookies.get(security.ACCESS_COOKIE)
        if not token:
            return None
        try:
            return security.jwt_decode(token, app.settings.jwt_signing_key)
        except TokenError as exc:
            # TokenService.validateToken catches it and logs at INFO with the trace;
            # the filter then goes on unauthenticated (it logs nothing itself).
            TOKEN_LOG.info(f"Token {token} is not valid", _token_exception(exc))
            return None

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in (*SECURITY_HEADERS, *response.headers):
            self.send_header(name, value)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        else:
            self.send_header("Keep-Alive", "timeout=60")
            self.send_header("Connection", "keep-alive")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)


def _rejected(exc: RequestRejected, accept: str | None) -> Response:
    ERROR_LOG.error(exc.log_message)
    return error_response(exc.http_code, exc.status, exc.message, accept, exc.details)


def _log_api_exception(exc: ApiError) -> None:
    """warnOrError: WARN for a 4xx ApiException, ERROR for a 5xx one; no user, no IP."""
    line = f"ApiException: {exc.status} {exc.message}"
    if exc.http_code >= 500:
        ERROR_LOG.error(line)
    else:
        ERROR_LOG.warn(line)


def _unhandled(req: Request, exc: JavaException, accept: str | None) -> Response:
    """handleUnknownException: the IP line with the class name and the trace; the body
    names only the class ("we do not return exc.getMessage() … sensitive information")."""
    ERROR_LOG.error(
        f"IP: {req.client_ip}, exception: {exc.java_class}, message: {exc.message}", exc
    )
    return error_response(500, "ERROR", f"Uncaught exception {exc.java_class}", accept)


def _token_exception(exc: TokenError) -> JavaException:
    return JavaException(
        exc.java_class,
        str(exc),
        fr.frames(
            "app|com.abelium.inatrace.components.common.TokenService.validateToken"
            "(TokenService.java:57)",
            "app|com.abelium.inatrace.security.configuration.TokenAuthenticationFilter"
            ".doFilterInternal(TokenAuthenticationFilter.java:36)",
            "web|org.springframework.web.filter.OncePerRequestFilter.doFilter"
            "(OncePerRequestFilter.java:116)",
        ),
    )


def endpoint_lines() -> list[str]:
    """AT's EndpointLoggerConfig block, printed once the application is ready."""
    lines = [f"=== Registered REST Endpoints ({len(ROUTES)} total) ==="]
    for route in sorted(ROUTES, key=lambda r: r.pattern):
        kind = route.pattern.split("/")[2].upper()
        lines.append(f"{kind} ENDPOINT: [{route.pattern}] -> {route.controller}")
    lines.append("=== End of Endpoint Registration ===")
    return lines
