"""Seed and baseline against a real, throwaway MySQL container (never the lab's own).

The container stands in for the backend: it gets the replica's migration files, a
Flyway-style `schema_version` and the admin user, exactly what the seed waits for.
"""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labs import baseline, seed
from labs.core import constants
from labs.core.errors import LabError
from labs.host import mysql as db
from labs.host.scratch import scratch_mysql

pytestmark = pytest.mark.docker

# Its own name per run, so a run never meets another run's (or the lab's) container.
CONTAINER = f"ilab-seedtest-mysql-{secrets.token_hex(4)}"
ROOT_PASSWORD = "lab-only-seedtest"
MIGRATIONS = (
    Path(__file__).resolve().parents[2]
    / "compose"
    / "backend"
    / "app"
    / "inatrace_replica"
    / "migrations"
)
SEED = 4242

# The replica's own splitter: its migrations use several statements on one line
# (PREPARE … EXECUTE … DEALLOCATE) behind their "only if missing" guards.
APP_DIR = MIGRATIONS.parents[1]
if str(APP_DIR) not in sys.path:
    sys.path.insert(0, str(APP_DIR))
from inatrace_replica.flyway_resolve import split_statements  # noqa: E402


def docker(*args: str, check: bool = True, timeout: float = 120) -> str:
    proc = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} → {proc.returncode}: {proc.stderr}")
    return proc.stdout


def version_key(path: Path) -> tuple[int, ...]:
    match = re.match(r"V([\d_.]+)__", path.name)
    assert match, path.name
    return tuple(int(part) for part in re.split(r"[_.]", match.group(1)))


def run_script(cur: Any, sql: str) -> None:
    """Run a migration statement by statement, split as the replica's Flyway splits it."""
    for _line, statement in split_statements(sql):
        cur.execute(statement)


def migrate_like_the_backend(settings: db.ConnectionSettings) -> None:
    conn = settings.open()
    try:
        with conn.cursor() as cur:
            cur.execute(
                "CREATE TABLE schema_version (installed_rank int NOT NULL PRIMARY KEY, "
                "version varchar(50), description varchar(200) NOT NULL, type varchar(20) "
                "NOT NULL, script varchar(1000) NOT NULL, checksum int, installed_by "
                "varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT "
                "CURRENT_TIMESTAMP, execution_time int NOT NULL, success tinyint(1) NOT NULL)"
            )
            for rank, path in enumerate(sorted(MIGRATIONS.glob("V*.sql"), key=version_key), 1):
                run_script(cur, path.read_text(encoding="utf-8"))
                cur.execute(
                    "INSERT INTO schema_version (installed_rank, version, description, type, "
                    "script, installed_by, execution_time, success) VALUES "
                    "(%s, %s, %s, 'SQL', %s, 'root', 5, 1)",
                    (
                        rank,
                        ".".join(map(str, version_key(path))),
                        path.stem.split("__", 1)[1].replace("_", " "),
                        path.name,
                    ),
                )
            # What the backend's admin migration creates: the admin, its company, the link.
            cur.execute("INSERT INTO Company (name, status) VALUES ('INATrace', 'ACTIVE')")
            cur.execute(
                "INSERT INTO `User` (email, name, surname, password, role, status) "
                "VALUES (%s, 'System', 'Administrator', 'x', 'SYSTEM_ADMIN', 'ACTIVE')",
                (constants.ADMIN_EMAIL,),
            )
            cur.execute(
                "INSERT INTO CompanyUser (role, company_id, user_id) VALUES ('COMPANY_ADMIN', 1, 1)"
            )
        conn.commit()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(docker_engine: None) -> Iterator[db.ConnectionSettings]:
    with scratch_mysql(root_password=ROOT_PASSWORD, name=CONTAINER) as scratch:
        settings = db.ConnectionSettings(
            host=scratch.host, port=scratch.port, password=ROOT_PASSWORD, database=scratch.database
        )
        migrate_like_the_backend(settings)
        yield settings


@pytest.fixture(scope="module")
def seeded(
    server: db.ConnectionSettings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[seed.SeedSummary, Path]:
    uploads = tmp_path_factory.mktemp("uploads")
    summary = seed.seed_database(SEED, 1, uploads, settings=server, deadline_s=30)
    return summary, uploads


def count(settings: db.ConnectionSettings, table: str, database: str | None = None) -> int:
    conn = db.connect(
        **settings.model_copy(update={"database": database or settings.database}).model_dump()
    )
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT COUNT(*) FROM `{table}`")
            return int(cur.fetchone()[0])
    finally:
        conn.close()


def test_seed_writes_every_planned_row_and_links_the_admin(
    server: db.ConnectionSettings, seeded: tuple[seed.SeedSummary, Path]
) -> None:
    summary, _ = seeded
    planned = seed.plan(SEED, 1).counts()
    assert not summary.skipped
    assert summary.admin_linked
    assert summary.rows == planned
    assert count(server, "User") == planned["User"] + 1  # plus the backend's admin
    assert count(server, "StockOrder") == planned["StockOrder"] >= 2000
    assert count(server, "Transaction") == planned["Transaction"] >= 2000
    assert count(server, "CompanyUser") == planned["CompanyUser"] + 2
    assert summary.seconds < 30


def test_seed_writes_the_uploaded_files_the_document_rows_describe(
    server: db.ConnectionSettings, seeded: tuple[seed.SeedSummary, Path]
) -> None:
    _, uploads = seeded
    conn = server.open()
    with conn.cursor() as cur:
        cur.execute("SELECT storageKey, type, size FROM Document")
        documents = cur.fetchall()
    conn.close()
    assert len(documents) >= 30
    for key, kind, size in documents:
        assert (uploads / kind / key).stat().st_size == size


def test_seeding_twice_with_the_same_seed_changes_nothing(
    server: db.ConnectionSettings, seeded: tuple[seed.SeedSummary, Path], tmp_path: Path
) -> None:
    before = baseline.snapshot(server.open())
    again = seed.seed_database(SEED, 1, tmp_path, settings=server, deadline_s=30)
    assert again.skipped
    assert baseline.compare(before, baseline.snapshot(server.open())) == []


def test_seeding_with_another_seed_is_refused(
    server: db.ConnectionSettings, seeded: tuple[seed.SeedSummary, Path], tmp_path: Path
) -> None:
    with pytest.raises(LabError, match="otra semilla"):
        seed.seed_database(SEED + 1, 1, tmp_path, settings=server, deadline_s=30)


def test_baseline_survives_a_dump_and_restore_and_then_sees_lost_rows(
    server: db.ConnectionSettings, seeded: tuple[seed.SeedSummary, Path], tmp_path: Path
) -> None:
    original = baseline.snapshot(server.open())
    original.save(tmp_path / "baseline.json")
    assert baseline.load(tmp_path / "baseline.json") == original
    assert original.tables["StockOrder"].rows == seed.plan(SEED, 1).counts()["StockOrder"]
    assert original.schema_version is not None

    auth = f"-uroot -p{ROOT_PASSWORD}"
    docker(
        "exec",
        CONTAINER,
        "sh",
        "-c",
        f"mariadb {auth} -e 'CREATE DATABASE restored' && mysqldump {auth} "
        f"--single-transaction {constants.DATABASE_NAME} | mariadb {auth} restored",
    )
    restored_settings = server.model_copy(update={"database": "restored"})
    assert baseline.compare(original, baseline.snapshot(restored_settings.open())) == []

    conn = restored_settings.open()
    with conn.cursor() as cur:
        cur.execute("DELETE FROM `Transaction` ORDER BY id DESC LIMIT 25")
        cur.execute("UPDATE StockOrder SET pricePerUnit = pricePerUnit + 1 WHERE id = 5")
        cur.execute("DROP TABLE lab_seed")
    conn.commit()
    diffs = {d.table: d for d in baseline.compare(original, baseline.snapshot(conn))}
    conn.close()
    assert diffs["Transaction"].change == "rows_lost"
    assert diffs["Transaction"].actual_rows == original.tables["Transaction"].rows - 25
    assert diffs["StockOrder"].change == "changed"
    assert diffs[seed.MARKER_TABLE].change == "missing"
    assert set(diffs) == {"Transaction", "StockOrder", seed.MARKER_TABLE}


def test_waiting_for_a_table_that_never_comes_times_out_with_a_fix(
    server: db.ConnectionSettings,
) -> None:
    started = time.monotonic()
    with pytest.raises(LabError, match="NoSuchTable") as caught:
        db.wait_for_table("NoSuchTable", 1.5, server)
    assert caught.value.fix
    assert time.monotonic() - started < 5
