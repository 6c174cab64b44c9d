"""The HTTP side: Tomcat-like worker threads, Spring Security, MVC dispatch, error handling.

Every response carries Spring Security's default headers. Each API request gets one
INFO line in the request log; /actuator/health does not (Docker polls it every 30 s).
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from . import api_common, api_company, api_user, health, security
from .api import App, Request, Response, Route, api_error, spring_error, to_json
from .errors import (
    ApiError,
    JavaException,
    MethodNotAllowedError,
    NotFoundError,
    RequestAbandoned,
    TokenError,
)
from .logs import Logger

ROUTES: tuple[Route, ...] = (*api_user.ROUTES, *api_company.ROUTES, *api_common.ROUTES)
MAX_BODY = 10 * 1024 * 1024 + 256 * 1024  # 10MB file plus multipart overhead
MAX_SWALLOW = 64 * 1024 * 1024  # past this, close the connection instead of draining it
ERROR_LOG = Logger("com.abelium.inatrace.configuration.DefaultControllerExceptionHandler")
TOKEN_LOG = Logger("com.abelium.inatrace.security.configuration.TokenAuthenticationFilter")
REQUEST_LOG = Logger("com.abelium.inatrace.configuration.RequestLoggingFilter")
MVC_LOG = Logger("org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver")
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
_REASONS = {401: "Unauthorized", 404: "Not Found", 405: "Method Not Allowed"}


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
        started = time.monotonic()  # before the fault gate, so slow requests log their time
        try:
            srv.app.faults.enter_request()
            response, log = self._handle(started)
            if log is not None:  # written before the body goes out, as a servlet filter does
                REQUEST_LOG.info(log)
            self._send(response)
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

    def _handle(self, started: float) -> tuple[Response, str | None]:
        app = self.server.app
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path) or "/"
        body = self._read_body()
        if path == "/actuator/health" or path.startswith("/actuator/health/"):
            status, doc = health.health(app.settings, app.pool)
            return Response(status, to_json(doc), health.CONTENT_TYPE), None
        if path in ("/actuator", "/actuator/"):
            base = f"http://{self.headers.get('Host') or 'localhost'}"
            return Response(200, to_json(health.actuator_links(base)), health.CONTENT_TYPE), None
        req = Request(
            method=self.command,
            path=path,
            query=dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body or b"",
            client_ip=self._client_ip(),
            cookies=security.parse_cookies(self.headers.get("Cookie")),
        )
        response = self._run(app, req, body is None)
        ms = int((time.monotonic() - started) * 1000)
        user = (req.user or {}).get("sub") or req.log_user or "-"
        return response, (
            f"{req.method} {req.path} -> {response.status} ({ms} ms) user={user} ip={req.client_ip}"
        )

    def _run(self, app: App, req: Request, too_large: bool) -> Response:
        # Spring Security's filter runs first: it reads the cookie whatever the path.
        req.user = self._authenticate(app, req)
        try:
            route, params = match(req.method, req.path)
        except (NotFoundError, MethodNotAllowedError) as exc:
            # Under /api Spring Security answers first (401 without a valid cookie); other
            # unknown paths get MVC's 404 (the lab's "unknown path" contract).
            if req.user is None and req.path.startswith("/api/"):
                return spring_error(401, _REASONS[401], req.path)
            if isinstance(exc, NotFoundError):
                return spring_error(404, _REASONS[404], req.path)
            MVC_LOG.warn(
                f"Resolved [org.springframework.web.HttpRequestMethodNotSupportedException: {exc}]"
            )
            return spring_error(405, _REASONS[405], req.path)
        if route.auth and req.user is None:
            return spring_error(401, _REASONS[401], req.path)
        try:
            if too_large:
                raise api_common.upload_too_large()
            return route.handler(app, req, **params)
        except ApiError as exc:
            return self._api_error(req, exc)
        except JavaException as exc:
            return self._unhandled(req, exc)
        except Exception as err:
            return self._unhandled(req, python_exception(err))

    def _authenticate(self, app: App, req: Request) -> dict[str, Any] | None:
        token = req.cookies.get(security.ACCESS_COOKIE)
        if not token:
            return None
        try:
            return security.jwt_decode(token, app.settings.jwt_signing_key)
        except TokenError as exc:
            TOKEN_LOG.warn(f"Error filtering token {token} ({exc})")
            return None

    def _api_error(self, req: Request, exc: ApiError) -> Response:
        who = req.log_user or (req.user or {}).get("sub")
        suffix = f" (user: {who}, IP: {req.client_ip})" if who else f" (IP: {req.client_ip})"
        if exc.status == "REQUEST_BODY_ERROR":
            ERROR_LOG.warn(f"Bad http request: {exc.message}{suffix}")
        else:
            ERROR_LOG.warn(f"ApiException: {exc.status} {exc.message}{suffix}")
        return api_error(exc)

    def _unhandled(self, req: Request, exc: JavaException) -> Response:
        ERROR_LOG.error(
            f"IP: {req.client_ip}, exception: class {exc.java_class}, message: {exc.message}", exc
        )
        return api_error(ApiError("ERROR", 500, exc.message or exc.java_class))

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


def endpoint_lines() -> list[str]:
    """AT's EndpointLoggerConfig block, printed once the application is ready."""
    lines = [f"=== Registered REST Endpoints ({len(ROUTES)} total) ==="]
    for route in sorted(ROUTES, key=lambda r: r.pattern):
        kind = route.pattern.split("/")[2].upper()
        lines.append(f"{kind} ENDPOINT: [{route.pattern}] -> {route.controller}")
    lines.append("=== End of Endpoint Registration ===")
    return lines
