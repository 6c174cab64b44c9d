"""The throwaway MySQL server: answers, restores a gzip dump, refuses a broken one, leaves nothing.

Every container here has its own random name and port, so these tests never meet the
lab's stack or another run.
"""

from __future__ import annotations

import gzip
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docker
import pytest

from labs.core import constants
from labs.core.errors import LabError, WaitTimeout
from labs.host.scratch import ScratchMySQL, scratch_mysql

pytestmark = pytest.mark.docker

DUMP_SQL = (
    "CREATE TABLE producer (id int PRIMARY KEY, name varchar(50) NOT NULL);\n"
    "INSERT INTO producer VALUES (1, 'Ana Souza'), (2, 'Luis Pereira'), (3, 'Rita Lima');\n"
)


@pytest.fixture(scope="module")
def engine(docker_engine: None) -> Iterator[Any]:
    client = docker.from_env(version="auto")
    yield client
    client.close()


@pytest.fixture(scope="module")
def scratch(docker_engine: None) -> Iterator[ScratchMySQL]:
    with scratch_mysql() as server:
        yield server


def scratch_ids(engine: Any) -> set[str]:
    found = engine.containers.list(all=True, filters={"label": f"{constants.LABEL_ROLE}=scratch"})
    return {container.id for container in found}


def select(server: ScratchMySQL, sql: str) -> list[tuple[Any, ...]]:
    conn = server.connect()
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())
    finally:
        conn.close()


def test_the_server_answers_as_root_over_tcp_and_inside_the_container(
    scratch: ScratchMySQL,
) -> None:
    assert select(scratch, "SELECT 1, DATABASE()") == [(1, constants.DATABASE_NAME)]
    inside = scratch.exec(["mysql", "-uroot", "-N", "-e", "SELECT 1"])
    assert inside.stdout.strip() == "1"
    assert scratch.ready_s < 30


def test_the_container_is_the_labs_and_listens_on_loopback_only(
    scratch: ScratchMySQL, engine: Any
) -> None:
    attrs = engine.containers.get(scratch.container_id).attrs
    assert attrs["Config"]["Labels"][constants.LABEL_MANAGED] == "true"
    assert attrs["Config"]["Labels"][constants.LABEL_ROLE] == "scratch"
    bindings = attrs["NetworkSettings"]["Ports"]["3306/tcp"]
    assert {b["HostIp"] for b in bindings} == {"127.0.0.1"}
    assert scratch.host == "127.0.0.1"


def test_a_gzip_dump_loads_with_every_row(scratch: ScratchMySQL, tmp_path: Path) -> None:
    dump = tmp_path / "backup.sql.gz"
    dump.write_bytes(gzip.compress(DUMP_SQL.encode()))
    scratch.load_dump(dump)
    assert select(scratch, "SELECT id, name FROM producer ORDER BY id") == [
        (1, "Ana Souza"),
        (2, "Luis Pereira"),
        (3, "Rita Lima"),
    ]


def test_a_truncated_gzip_is_refused_and_loads_nothing(
    scratch: ScratchMySQL, tmp_path: Path
) -> None:
    whole = gzip.compress(DUMP_SQL.replace("producer", "half_producer").encode())
    dump = tmp_path / "truncated.sql.gz"
    dump.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(LabError, match="no es un gzip completo") as caught:
        scratch.load_dump(dump)
    assert "gunzip -t truncated.sql.gz" in str(caught.value.fix)
    assert select(scratch, "SHOW TABLES LIKE 'half_producer'") == []


def test_no_scratch_container_is_left_after_the_context(engine: Any) -> None:
    with scratch_mysql() as server:
        assert server.container_id in scratch_ids(engine)
    assert server.container_id not in scratch_ids(engine)


def test_no_scratch_container_is_left_after_an_error_inside(engine: Any) -> None:
    with pytest.raises(RuntimeError, match="boom"), scratch_mysql() as server:
        raise RuntimeError("boom")
    assert server.container_id not in scratch_ids(engine)


def test_a_server_not_ready_by_the_deadline_times_out_and_is_removed(engine: Any) -> None:
    name = f"ilab-scratch-deadline-{secrets.token_hex(4)}"
    with (
        pytest.raises(WaitTimeout, match="MySQL desechable") as caught,
        scratch_mysql(name=name, deadline_s=0.1),
    ):
        pytest.fail("a server cannot be ready in 0.1 s")
    assert f"docker logs {name}" in caught.value.message
    assert caught.value.fix
    assert engine.containers.list(all=True, filters={"name": name}) == []
