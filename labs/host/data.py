"""Data facts for the backup labs: per-table row counts and checksums, a real restore of
a backup into a throwaway server, and the user's crontab.

A backup is judged by what a restore gives, not by its name: `restore_probe` loads the
file into a scratch MySQL from the lab's own image (labs.host.scratch) and reports what
came back, table by table, in the same terms `table_stats` reports the live database.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from labs.core.backups import DataState, TableStats
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.host import shell

SCHEMA_TABLE = "schema_version"
CRONTAB_TIMEOUT_S = 10


class RestoreProbe(BaseModel):
    """What loading a backup into an empty server gave."""

    ok: bool
    stage: str = ""  # where it failed: "gzip" | "load" | "" when ok
    error: str = ""
    tables: DataState = {}
    seconds: float = 0.0


def table_stats(conn: Any, database: str | None = None) -> DataState:
    """COUNT(*) and CHECKSUM TABLE of every base table of `database` (default: current)."""
    with conn.cursor() as cur:
        if database is None:
            cur.execute("SELECT DATABASE()")
            database = str(cur.fetchone()[0])
        cur.execute(
            "SELECT TABLE_NAME FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = %s AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
            (database,),
        )
        names = [str(name) for (name,) in cur.fetchall()]
        found: DataState = {}
        if names:
            # One statement for every checksum: a sampler calls this every few seconds.
            cur.execute("CHECKSUM TABLE " + ", ".join(f"`{database}`.`{n}`" for n in names))
            sums = {str(row[0]).split(".", 1)[-1]: row[1] for row in cur.fetchall()}
            counts = " UNION ALL ".join(
                f"SELECT '{n}', COUNT(*) FROM `{database}`.`{n}`" for n in names
            )
            cur.execute(counts)
            for name, rows in cur.fetchall():
                checksum = sums.get(str(name))
                found[str(name)] = TableStats(
                    rows=int(rows), checksum=None if checksum is None else int(checksum)
                )
    conn.commit()  # end the read transaction: the next call must see new data
    return found


def restore_probe(dump: Path, deadline_s: float = 60) -> RestoreProbe:
    """Load `dump` (a .sql.gz) into a throwaway MySQL and report what it holds."""
    from labs.host.scratch import scratch_mysql

    started = time.monotonic()
    with scratch_mysql(deadline_s=deadline_s) as scratch:
        try:
            scratch.load_dump(dump)
        except LabError as exc:
            stage = "gzip" if "gzip" in exc.message else "load"
            return RestoreProbe(
                ok=False,
                stage=stage,
                error=exc.message[-600:],
                seconds=time.monotonic() - started,
            )
        conn = scratch.connect()
        try:
            tables = table_stats(conn)
        finally:
            conn.close()
    return RestoreProbe(ok=True, tables=tables, seconds=time.monotonic() - started)


def read_crontab() -> str:
    """The current user's crontab (`crontab -l`); "" when there is none."""
    result = shell.run_command(["crontab", "-l"], Path("/"), {}, CRONTAB_TIMEOUT_S)
    return result.stdout if result.returncode == 0 else ""


def write_crontab(text: str) -> None:
    """Replace the current user's crontab (as `crontab FILE` does)."""
    fd, name = tempfile.mkstemp(prefix="ilab-crontab-")
    try:
        with os.fdopen(fd, "w") as out:
            out.write(text if text.endswith("\n") or not text else text + "\n")
        result = shell.run_command(["crontab", name], Path("/"), {}, CRONTAB_TIMEOUT_S)
    finally:
        Path(name).unlink(missing_ok=True)
    if result.returncode != 0:
        raise LabError(
            tr(
                f"`crontab` rechazó la tabla: {result.stderr.strip()}",
                f"`crontab` refused the table: {result.stderr.strip()}",
            ),
            tr(
                "Compruebe que el paquete cron esté instalado (`apt-get install -y cron`).",
                "Check that the cron package is installed (`apt-get install -y cron`).",
            ),
        )
