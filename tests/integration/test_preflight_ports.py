"""Honest pre-flight on the real engine: a port held by something else stops `lab start`
before anything is created, names the holder and says how to free it (exit 3)."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from labs.core import constants as c
from tests.integration.conftest import lab, sh

pytestmark = pytest.mark.docker


@pytest.fixture
def listener(docker_engine: None) -> Iterator[int]:
    """A plain process of ours listening on the MySQL port (stands in for a local MySQL)."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", c.MYSQL_HOST_PORT)) == 0:
            pytest.skip("port 3306 is already in use on this machine")
    code = (
        "import socket,time\n"
        "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
        f"s.bind(('0.0.0.0', {c.MYSQL_HOST_PORT})); s.listen(); print('up', flush=True)\n"
        "time.sleep(600)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "up"
    yield proc.pid
    proc.terminate()
    proc.wait(timeout=10)


def test_start_with_3306_held_by_a_process_touches_nothing_and_exits_3(
    tmp_path: Path, listener: int
) -> None:
    home = tmp_path / "inatrace-lab"
    doctor = lab("doctor", "--json", home=home, check=False)
    assert str(listener) in doctor.stdout, doctor.stdout
    started = lab("start", "day1", home=home, check=False)
    assert started.returncode == 3, started.stdout + started.stderr
    assert f"pid {listener}" in started.stderr
    assert f"kill {listener}" in started.stderr
    assert not home.exists()
    names = sh(f"docker ps -a --filter name={c.MYSQL_CONTAINER} --format '{{{{.Names}}}}'")
    assert c.MYSQL_CONTAINER not in names.stdout  # compose never ran


def test_start_with_8082_published_by_a_foreign_container_names_it(
    tmp_path: Path, docker_engine: None
) -> None:
    name = "ilab-test-port-intruder"
    image = c.BASE_IMAGE
    sh(f"docker rm -f {name}")  # a leftover of an interrupted run is this test's own
    run = sh(
        f"docker run -d --name {name} --label {c.LABEL_MANAGED}=false "
        f"--label io.inatrace-lab.test=true -p {c.BACKEND_HOST_PORT}:80 {image} sleep 300"
    )
    if run.returncode != 0:
        sh(f"docker rm -f {name}")  # created, but its port could not be published
        pytest.skip(f"could not publish {c.BACKEND_HOST_PORT}: {run.stderr}")
    try:
        home = tmp_path / "inatrace-lab"
        started = lab("start", "day1", home=home, check=False)
        assert started.returncode == 3, started.stdout + started.stderr
        assert name in started.stderr
        assert f"docker stop {name}" in started.stderr
        assert not home.exists()
    finally:
        sh(f"docker rm -f {name}")
