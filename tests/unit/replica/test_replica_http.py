"""The HTTP face of the replica, served for real on a loopback port (the DB is faked)."""

from __future__ import annotations

import json
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from inatrace_replica import faults as faults_mod
from inatrace_replica.faults import Faults

LOGIN = {"username": "admin@fortaleza.lab", "password": "lab-only-admin"}


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


def test_a_bad_release_fails_login_and_company_list_with_npe(backend, captured_log) -> None:
    client, app = backend
    app.settings = replace(app.settings, release_bad=False)
    client.call("POST", "/api/user/login", LOGIN)
    app.settings = replace(app.settings, release_bad=True)
    assert client.json("GET", "/api/company/list")[0] == 500
    status, doc = client.json("POST", "/api/user/login", LOGIN)
    assert status == 500
    assert doc["errorMessage"] == "Uncaught exception java.lang.NullPointerException"
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
    sql, args = pool.executed[-1]
    assert "INSERT INTO Document" in sql
    stored = Path(settings.filestorage_root) / "GENERAL" / args[4]
    assert stored.read_bytes() == b"hello"
    resp, payload = client.call("GET", f"/api/common/document/{data['storageKey']}")
    assert (resp.status, payload) == (200, b"hello")
    assert resp.headers["Content-Disposition"] == 'attachment; filename="f.txt"'


def test_health_is_down_when_free_disk_is_under_the_threshold(backend) -> None:
    client, app = backend
    app.settings = replace(app.settings, disk_threshold=1 << 62, health_show_details="always")
    status, doc = client.json("GET", "/actuator/health")
    assert status == 503
    assert doc["components"]["diskSpace"]["status"] == "DOWN"
    app.settings = replace(app.settings, disk_path="/nonexistent/uploads", disk_threshold=1)
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
