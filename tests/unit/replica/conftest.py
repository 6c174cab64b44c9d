"""Unit tests of the backend replica: import it from compose/backend/app, capture its log."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[3] / "compose" / "backend" / "app"
if str(APP_DIR) not in sys.path:
    sys.path.insert(0, str(APP_DIR))

from inatrace_replica import config, logs  # noqa: E402


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
