"""The replica's exchange-rate job and mail sender against the lab's own stand-ins
(compose/services, run in threads): what works, and the log lines when they do not."""

from __future__ import annotations

import io
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[3] / "compose" / "services"
if str(SERVICES) not in sys.path:
    sys.path.insert(0, str(SERVICES))

from inatrace_replica import external  # noqa: E402
from lab_services import exchange_rate, smtp  # noqa: E402

KEY = "lab-only-exchangerate-key"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def rates_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("ACCESS_KEY", KEY)
    server = exchange_rate.ThreadingHTTPServer(("127.0.0.1", 0), exchange_rate.Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def mail_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[int]:
    monkeypatch.setenv("MAIL_USERNAME", "no-reply@fortaleza.lab")
    monkeypatch.setenv("MAIL_PASSWORD", "lab-only-mail-pass")
    monkeypatch.setenv("MAILBOX", str(tmp_path / "mailbox"))
    server = smtp.Server(("127.0.0.1", 0), smtp.Session)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield int(server.server_address[1])
    server.shutdown()


def _rates_env(url: str) -> dict[str, str]:
    return {
        "INATRACE_EXCHANGERATE_ENABLED": "true",
        "INATRACE_EXCHANGERATE_URL": url,
        "INATRACE_EXCHANGERATE_APIKEY": KEY,
    }


def _mail_env(port: int, password: str = "lab-only-mail-pass") -> dict[str, str]:
    return {
        "INATRACE_MAIL_SENDING_ENABLED": "true",
        "SPRING_MAIL_HOST": "127.0.0.1",
        "SPRING_MAIL_PORT": str(port),
        "SPRING_MAIL_USERNAME": "no-reply@fortaleza.lab",
        "SPRING_MAIL_PASSWORD": password,
        "SPRING_MAIL_SMTP_AUTH": "true",
    }


def test_the_rates_job_logs_an_update_when_the_api_answers(
    rates_api: str, captured_log: io.StringIO
) -> None:
    assert external.sync_rates(_rates_env(rates_api))
    assert "Exchange rates updated for" in captured_log.getvalue()


def test_an_unreachable_api_logs_the_webclient_error_and_the_probe_fails(
    captured_log: io.StringIO,
) -> None:
    env = _rates_env(f"http://127.0.0.1:{_free_port()}")
    assert not external.sync_rates(env)
    log = captured_log.getvalue()
    assert "ERROR" in log
    assert "WebClientRequestException: Connection refused" in log
    assert external.probe("exchange-rate", env)[0] is False


def test_a_wrong_key_is_the_apis_own_error(rates_api: str) -> None:
    env = {**_rates_env(rates_api), "INATRACE_EXCHANGERATE_APIKEY": "otra"}
    good, detail = external.probe("exchange-rate", env)
    assert not good
    assert "invalid_access_key" in detail


def test_mail_is_delivered_with_the_accounts_credentials(mail_server: int, tmp_path: Path) -> None:
    assert external.probe("mail", _mail_env(mail_server)) == (True, "sent")
    assert len(list((tmp_path / "mailbox").glob("*.eml"))) == 1


def test_a_wrong_mail_password_is_an_authentication_failure(mail_server: int) -> None:
    good, detail = external.probe("mail", _mail_env(mail_server, "otra"))
    assert not good
    assert "AuthenticationFailedException: 535 5.7.8" in detail


def test_disabled_mail_never_counts_as_working(mail_server: int) -> None:
    env = {**_mail_env(mail_server), "INATRACE_MAIL_SENDING_ENABLED": "false"}
    assert external.probe("mail", env)[0] is False
