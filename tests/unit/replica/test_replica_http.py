"""The HTTP face of the replica, served for real on a loopback port (the DB is faked)."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from inatrace_replica import faults as faults_mod
from inatrace_replica import server
from inatrace_replica.api import App
from inatrace_replica.faults import Faults
from replica_fakepool import FakePool

LOGIN = {"username": "admin@fortaleza.lab", "password": "lab-only-admin"}


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
        hdrs = dict(headers or {})
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


def request_lines(log: str) -> list[str]:
    return [ln for ln in log.splitlines() if "RequestLoggingFilter" in ln]


def test_login_sets_http_only_cookies_and_the_profile_reads_them(backend) -> None:
    client, _ = backend
    resp, payload = client.call("POST", "/api/user/login", LOGIN)
    assert resp.status == 200
    assert json.loads(payload) == {"status": "OK"}
    cookies = resp.headers.get_all("Set-Cookie")
    assert cookies[0].startswith("inatrace-accessToken=ey")
    assert "; Path=/; Max-Age=3600; Expires=" in cookies[0]
    assert cookies[0].endswith("; HttpOnly")
    assert cookies[1].startswith("inatrace-refreshToken=")
    assert "Max-Age=300" in cookies[1]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "Server" not in resp.headers
    status, doc = client.json("GET", "/api/user/profile")
    assert status == 200
    assert doc["data"]["email"] == "admin@fortaleza.lab"
    assert doc["data"]["companyIds"] == [1]
    assert doc["data"]["companyIdsAdmin"] == [1]


def test_bad_credentials_are_401_and_the_log_names_the_email(backend, captured_log) -> None:
    client, _ = backend
    status, doc = client.json(
        "POST", "/api/user/login", {"username": "user@example.com", "password": "x"}
    )
    assert (status, doc) == (401, {"status": "AUTH_ERROR", "errorMessage": "Invalid credentials"})
    warn = [ln for ln in captured_log.getvalue().splitlines() if "ApiException" in ln]
    assert " WARN " in warn[0]
    assert "ApiException: AUTH_ERROR Invalid credentials" in warn[0]
    assert "user@example.com" in warn[0]


def test_users_not_active_get_403_not_confirmed_or_disabled(backend, pool) -> None:
    client, _ = backend
    pool.add_user(
        {
            "id": 2,
            "email": "off@fortaleza.lab",
            "name": "X",
            "surname": "Y",
            "status": "DEACTIVATED",
            "role": "USER",
            "language": "ES",
        },
        "pw",
    )
    status, doc = client.json(
        "POST", "/api/user/login", {"username": "off@fortaleza.lab", "password": "pw"}
    )
    assert (status, doc["status"], doc["errorMessage"]) == (
        403,
        "UNAUTHORIZED",
        "Not confirmed or disabled",
    )


def test_without_cookie_springs_401_json_comes_back_and_bearer_is_ignored(backend) -> None:
    client, _ = backend
    client.call("POST", "/api/user/login", LOGIN)
    token = client.cookies.pop("inatrace-accessToken")
    resp, payload = client.call(
        "GET", "/api/user/profile", headers={"Authorization": f"Bearer {token}"}
    )
    body = json.loads(payload)
    assert resp.status == 401
    assert set(body) == {"timestamp", "status", "error", "path"}
    assert (body["status"], body["error"], body["path"]) == (
        401,
        "Unauthorized",
        "/api/user/profile",
    )


def test_an_invalid_token_logs_error_filtering_token(backend, captured_log) -> None:
    client, _ = backend
    client.cookies["inatrace-accessToken"] = "abc.def.ghi"
    resp, _ = client.call("GET", "/api/company/list")
    assert resp.status == 401
    assert "Error filtering token abc.def.ghi" in captured_log.getvalue()


def test_unknown_paths_are_404_with_springs_error_body(backend) -> None:
    client, _ = backend
    assert client.json("GET", "/nope")[0] == 404
    assert client.json("GET", "/api/does-not-exist")[0] == 401  # security answers first
    client.call("POST", "/api/user/login", LOGIN)
    status, body = client.json("GET", "/api/does-not-exist")
    assert (status, body["error"], body["path"]) == (404, "Not Found", "/api/does-not-exist")
    assert client.json("GET", "/favicon.ico")[0] == 404
    assert client.json("DELETE", "/api/company/list")[0] == 405


def test_company_list_is_paginated(backend) -> None:
    client, _ = backend
    client.call("POST", "/api/user/login", LOGIN)
    status, doc = client.json("GET", "/api/company/list?limit=5&offset=0")
    assert status == 200
    assert doc == {
        "status": "OK",
        "data": {
            "items": [{"id": 1, "name": "Fortaleza del Valle", "status": "ACTIVE"}],
            "count": 1,
            "offset": 0,
            "limit": 5,
        },
    }


def test_each_api_request_logs_one_line_but_health_does_not(backend, captured_log) -> None:
    client, _ = backend
    client.call("POST", "/api/user/login", LOGIN)
    client.call("GET", "/actuator/health")
    client.call("GET", "/api/user/profile")
    lines = request_lines(captured_log.getvalue())
    assert len(lines) == 2
    assert re.search(
        r"-exec-\d+\] .*: POST /api/user/login -> 200 \(\d+ ms\) "
        r"user=admin@fortaleza\.lab ip=127\.0\.0\.1$",
        lines[0],
    )
    assert "GET /api/user/profile -> 200" in lines[1]


def test_unhandled_errors_log_the_ip_line_and_a_java_stack_trace(backend, captured_log) -> None:
    client, _ = backend
    client.call("POST", "/api/user/login", LOGIN)
    status, doc = client.json("GET", "/api/company/profile/x0")
    assert status == 500
    assert doc["status"] == "ERROR"
    assert "For input string" in doc["errorMessage"]
    lines = captured_log.getvalue().splitlines()
    start = next(i for i, ln in enumerate(lines) if "IP: 127.0.0.1, exception: class " in ln)
    assert " ERROR " in lines[start]
    block = lines[start + 1 : start + 21]
    assert block[0].startswith(
        "org.springframework.web.method.annotation.MethodArgumentTypeMismatchException: "
    )
    assert sum(ln.startswith("\tat ") for ln in block) >= 10


def test_a_bad_release_fails_login_and_company_list_with_npe(backend, captured_log) -> None:
    client, app = backend
    app.settings = replace(app.settings, release_bad=False)
    client.call("POST", "/api/user/login", LOGIN)
    app.settings = replace(app.settings, release_bad=True)
    assert client.json("GET", "/api/company/list")[0] == 500
    status, doc = client.json("POST", "/api/user/login", LOGIN)
    assert status == 500
    assert doc["errorMessage"].startswith("Cannot invoke ")
    assert "java.lang.NullPointerException: Cannot invoke" in captured_log.getvalue()
    assert client.json("GET", "/actuator/health")[0] == 200


def test_database_down_during_a_request_logs_communications_link_failure(
    backend, pool, captured_log
) -> None:
    client, _ = backend
    pool.down = True
    status, doc = client.json("POST", "/api/user/login", LOGIN)
    assert status == 500
    assert doc["status"] == "ERROR"
    assert (
        "Caused by: com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications "
        "link failure" in captured_log.getvalue()
    )


def test_upload_stores_the_file_under_type_and_uuid_and_serves_it(backend, settings, pool) -> None:
    client, _ = backend
    client.call("POST", "/api/user/login", LOGIN)
    boundary = "XyZ"
    raw = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.txt"'
        f"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    resp, payload = client.call(
        "POST",
        "/api/common/document?type=GENERAL",
        raw=raw,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    data = json.loads(payload)["data"]
    assert resp.status == 200
    assert set(data) == {"id", "storageKey", "name", "contentType", "size"}
    assert (data["name"], data["contentType"], data["size"]) == ("f.txt", "text/plain", 5)
    stored = Path(settings.filestorage_root) / "GENERAL" / data["storageKey"]
    assert stored.read_bytes() == b"hello"
    assert "INSERT INTO Document" in pool.executed[-1][0]
    resp, payload = client.call("GET", f"/api/common/document/{data['storageKey']}")
    assert (resp.status, payload) == (200, b"hello")
    assert resp.headers["Content-Disposition"] == 'attachment; filename="f.txt"'


def test_a_storage_write_error_is_a_500_with_an_io_exception_trace(
    backend, settings, captured_log
) -> None:
    client, app = backend
    blocker = Path(settings.filestorage_root) / "not-a-dir"
    blocker.write_text("x")
    app.settings = replace(app.settings, filestorage_root=str(blocker))
    client.call("POST", "/api/user/login", LOGIN)
    raw = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nz\r\n--b--\r\n'
    resp, payload = client.call(
        "POST",
        "/api/common/document",
        raw=raw,
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert resp.status == 500
    assert json.loads(payload)["status"] == "ERROR"
    assert "exception: class java." in captured_log.getvalue()
    assert os.path.isfile(blocker)


def test_health_is_up_with_db_disk_and_ping_components(backend, settings) -> None:
    client, _ = backend
    resp, payload = client.call("GET", "/actuator/health")
    doc = json.loads(payload)
    assert resp.status == 200
    assert resp.headers["Content-Type"] == "application/vnd.spring-boot.actuator.v3+json"
    assert doc["status"] == "UP"
    assert list(doc["components"]) == ["db", "diskSpace", "ping"]
    assert doc["components"]["db"] == {
        "status": "UP",
        "details": {"database": "MySQL", "validationQuery": "isValid()"},
    }
    disk = doc["components"]["diskSpace"]["details"]
    assert list(disk) == ["total", "free", "threshold", "path", "exists"]
    assert disk["path"] == settings.filestorage_root + "/."
    assert disk["exists"] is True
    assert doc["components"]["ping"] == {"status": "UP"}


def test_health_is_503_down_when_mysql_is_unreachable(backend, pool, captured_log) -> None:
    client, _ = backend
    pool.down = True
    status, doc = client.json("GET", "/actuator/health")
    assert (status, doc["status"], doc["components"]["db"]["status"]) == (503, "DOWN", "DOWN")
    assert "error" in doc["components"]["db"]["details"]
    assert "DataSource health check failed" in captured_log.getvalue()
    pool.down = False
    assert client.json("GET", "/actuator/health")[0] == 200


def test_health_is_down_when_free_disk_is_under_the_threshold(backend) -> None:
    client, app = backend
    app.settings = replace(app.settings, disk_threshold=1 << 62)
    status, doc = client.json("GET", "/actuator/health")
    assert status == 503
    assert doc["components"]["diskSpace"]["status"] == "DOWN"
    app.settings = replace(app.settings, filestorage_root="/nonexistent/uploads", disk_threshold=1)
    details = client.json("GET", "/actuator/health")[1]["components"]["diskSpace"]["details"]
    assert details["exists"] is False


def test_the_hang_fault_leaves_requests_without_an_answer(backend) -> None:
    client, app = backend
    app.faults.hang()
    with pytest.raises((TimeoutError, socket.timeout)):
        client.call("GET", "/actuator/health", timeout=1.0)


def test_the_slow_fault_delays_every_request_by_2_to_5_seconds(monkeypatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(faults_mod.time, "sleep", waits.append)
    monkeypatch.setattr(Faults, "_burn", lambda self: None)
    faults = Faults()
    faults.slow_down()
    faults.enter_request()
    faults.enter_request()
    assert len(waits) == 2
    assert all(2.0 <= w <= 5.0 for w in waits)
