"""The data baseline: a snapshot (counts, checksums) and a dump to return to it."""

from __future__ import annotations

import subprocess

from labs import baseline, db, docker
from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.workspace import Workspace

DUMP_NAME = "baseline.sql.gz"
_DUMP = (
    'mysqldump -uroot -p"$MYSQL_ROOT_PASSWORD" --single-transaction --quick '
    '--routines "$MYSQL_DATABASE" | gzip -1'
)
_LOAD = 'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" "$MYSQL_DATABASE"'


def snapshot() -> baseline.Baseline:
    conn = db.connect()
    try:
        return baseline.snapshot(conn)
    finally:
        conn.close()


def record(ws: Workspace) -> None:
    """Save the snapshot and a dump of the seeded database under .lab/."""
    baseline.save(snapshot(), ws.baseline_file)
    dump = ws.state_dir / DUMP_NAME
    with dump.open("wb") as out:
        proc = subprocess.run(
            [docker.docker_binary(), "exec", c.MYSQL_CONTAINER, "sh", "-c", _DUMP],
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    if proc.returncode != 0:
        raise LabError(
            tr(
                "No se pudo guardar el respaldo de referencia del laboratorio: ",
                "Could not save the lab's reference dump: ",
            )
            + proc.stderr.decode(errors="replace")[-400:]
        )


def differences(ws: Workspace) -> list[str]:
    if not ws.baseline_file.is_file():
        return []
    return [
        diff.describe() for diff in baseline.compare(baseline.load(ws.baseline_file), snapshot())
    ]


def restore(ws: Workspace) -> None:
    """Load the reference dump back into MySQL (tables it holds are replaced)."""
    dump = ws.state_dir / DUMP_NAME
    if not dump.is_file():
        raise LabError(
            tr(
                "Falta el respaldo de referencia del laboratorio.",
                "The lab's reference dump is missing.",
            ),
            tr(
                "Vuelva a iniciar el laboratorio con `lab start`.",
                "Start the lab again with `lab start`.",
            ),
        )
    gunzip = subprocess.Popen(["gunzip", "-c", str(dump)], stdout=subprocess.PIPE)
    proc = subprocess.run(
        [docker.docker_binary(), "exec", "-i", c.MYSQL_CONTAINER, "sh", "-c", _LOAD],
        stdin=gunzip.stdout,
        capture_output=True,
        check=False,
    )
    gunzip.wait()
    if proc.returncode != 0:
        raise LabError(
            tr(
                "No se pudo restaurar la base de referencia: ",
                "Could not restore the reference database: ",
            )
            + proc.stderr.decode(errors="replace")[-400:]
        )
