"""Connecting and waiting: friendly errors and real deadlines."""

from __future__ import annotations

import socket
import time

import pytest

from labs.core.errors import LabError, WaitTimeout
from labs.host import mysql as db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_mysql_says_what_to_check() -> None:
    port = closed_port()
    with pytest.raises(LabError, match=f"127.0.0.1:{port}") as caught:
        db.connect(port=port, connect_timeout=1)
    assert caught.value.fix is not None
    assert "docker ps" in caught.value.fix


def test_waiting_returns_as_soon_as_the_probe_is_ready() -> None:
    answers = iter(["arrancando", "arrancando", None])
    started = time.monotonic()
    db.wait_until(lambda: next(answers), 10, "Prueba", "nada")
    assert time.monotonic() - started < 3


def test_waiting_past_the_deadline_names_the_last_reason_and_the_fix() -> None:
    with pytest.raises(WaitTimeout, match="falta la tabla X") as caught:
        db.wait_until(lambda: "falta la tabla X", 0.6, "La tabla X", "arranque el backend")
    assert caught.value.fix == "arranque el backend"


def test_waiting_for_sql_on_a_closed_port_times_out_with_the_connection_error() -> None:
    settings = db.ConnectionSettings(port=closed_port(), connect_timeout=1)
    with pytest.raises(WaitTimeout, match="No se pudo conectar"):
        db.wait_for_sql(0.6, settings)
