"""Unit tests of the backend replica: import it from compose/backend/app, capture its log."""

from __future__ import annotations

import http.client
import io
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[3] / "compose" / "backend" / "app"
if str(APP_DIR) not in sys.path:
    sys.path.insert(0, str(APP_DIR))

from inatrace_replica import config, logs, server  # noqa: E402
from inatrace_replica.api import App  # noqa: E402
from inatrace_replica.faults import Faults  # noqa: E402
from replica_fakepool import FakePool  # noqa: E402


@pytest.fixture
def captured_log() -> io.StringIO:
    """Everything the replica logs during the test, instead of stdout."""
    stream = io.StringIO()
    logs.set_stream(stream)
    yield stream
    logs.set_stream(None)


@pytest.fixture
def settings(tmp_path: Path) -> config.Settings:
    return config.from_env(
        {
            "INATRACE_DATABASE_HOSTNAME": "127.0.0.1",
            "INATRACE_DATABASE_PORT": "1",  # nothing listens there: connects fail at once
            "INATRACE_DATABASE_NAME": "inatrace_test_fortaleza",
            "SPRING_DATASOURCE_USERNAME": "inatrace_test_fortaleza",
            "SPRING_DATASOURCE_PASSWORD": "lab-only-db-pass",
            "SERVER_PORT": "0",
            "SPRING_PROFILES_ACTIVE": "prod",
            "INATRACE_FILESTORAGE_ROOT": str(tmp_path),
            "INATRACE_ADMIN_EMAIL": "admin@fortaleza.lab",
            "INATRACE_ADMIN_PASSWORD": "lab-only-admin",
            "INATRACE_AUTH_JWTSIGNINGKEY": "unit-test-key",
        }
    )


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def call(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        headers=None,
        raw: bytes | None = None,
        timeout: float = 10,
    ):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        hdrs = {"Accept": "*/*", **dict(headers or {})}  # what curl and httpx send
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        payload = resp.read()
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return resp, payload

    def json(self, method: str, path: str, body: object = None):
        resp, payload = self.call(method, path, body)
        return resp.status, json.loads(payload)


@pytest.fixture
def pool() -> FakePool:
    return FakePool()


@pytest.fixture
def backend(settings, pool, captured_log) -> Iterator[tuple[Client, App]]:
    app = App(settings, pool, Faults())  # type: ignore[arg-type]
    srv = server.Server(app)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Client(srv.server_address[1]), app
    srv.shutdown()
    srv.server_close()
