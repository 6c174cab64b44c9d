"""HTTP to the backend through one httpx client: health, logins, API calls."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from pydantic import ValidationError

from labs.core import constants as c
from labs.host.models import HealthBody, HealthProbe, HttpAnswer
from labs.host.shell import ms_since

BASE_URL = f"http://127.0.0.1:{c.BACKEND_HOST_PORT}"
LOGIN_PATH = "/api/user/login"


class BackendSession:
    """Requests that share one cookie jar, so a login's JWT cookie is sent afterwards."""

    def __init__(self, client: httpx.Client) -> None:
        self._client = client

    def request(
        self, method: str, path: str, *, json: dict[str, Any] | None = None, timeout: float = 10.0
    ) -> HttpAnswer:
        started = time.monotonic()
        try:
            response = self._client.request(method, path, json=json, timeout=timeout)
        except httpx.HTTPError as exc:
            return HttpAnswer(
                status=None, error=str(exc) or type(exc).__name__, elapsed_ms=ms_since(started)
            )
        return HttpAnswer(
            status=response.status_code, body=response.text, elapsed_ms=ms_since(started)
        )

    def upload(
        self,
        path: str,
        filename: str,
        content: bytes,
        *,
        content_type: str = "application/pdf",
        timeout: float = 10.0,
    ) -> HttpAnswer:
        """multipart/form-data with one `file` part, as the frontend's document upload."""
        started = time.monotonic()
        try:
            response = self._client.post(
                path, files={"file": (filename, content, content_type)}, timeout=timeout
            )
        except httpx.HTTPError as exc:
            return HttpAnswer(
                status=None, error=str(exc) or type(exc).__name__, elapsed_ms=ms_since(started)
            )
        return HttpAnswer(
            status=response.status_code, body=response.text, elapsed_ms=ms_since(started)
        )


def _client() -> httpx.Client:
    # trust_env off: a proxy set for the host must never see loopback traffic.
    return httpx.Client(base_url=BASE_URL, trust_env=False)


@contextmanager
def session() -> Iterator[BackendSession]:
    with _client() as client:
        yield BackendSession(client)


def request(
    method: str, path: str, *, json: dict[str, Any] | None = None, timeout: float = 10.0
) -> HttpAnswer:
    with session() as backend:
        return backend.request(method, path, json=json, timeout=timeout)


def health(timeout: float) -> HealthProbe:
    """One GET of /actuator/health; a 503 still carries the body with its components."""
    answer = request("GET", "/actuator/health", timeout=timeout)
    if answer.status is None:
        return HealthProbe(url=c.HEALTH_URL, error=answer.error, elapsed_ms=answer.elapsed_ms)
    return HealthProbe(
        url=c.HEALTH_URL,
        http_status=answer.status,
        body=_parse(answer.body),
        elapsed_ms=answer.elapsed_ms,
    )


def _parse(payload: str) -> HealthBody | None:
    try:
        return HealthBody.model_validate_json(payload)
    except ValidationError:
        return None


def get_url(url: str, timeout: float) -> HttpAnswer:
    """One GET of an absolute loopback URL (the lab's CI page), outside the backend's client."""
    started = time.monotonic()
    try:
        with httpx.Client(trust_env=False) as client:
            response = client.get(url, timeout=timeout)
    except httpx.HTTPError as exc:
        return HttpAnswer(
            status=None, error=str(exc) or type(exc).__name__, elapsed_ms=ms_since(started)
        )
    return HttpAnswer(status=response.status_code, body=response.text, elapsed_ms=ms_since(started))


def upload(
    path: str,
    filename: str,
    content: bytes,
    *,
    login: dict[str, Any] | None,
    content_type: str,
    timeout: float,
) -> HttpAnswer:
    """Log in (the JWT cookie stays in the session), then one multipart document upload."""
    with session() as backend:
        if login is not None:
            answer = backend.request("POST", LOGIN_PATH, json=login, timeout=timeout)
            if answer.status != 200:
                return answer
        return backend.upload(path, filename, content, content_type=content_type, timeout=timeout)
