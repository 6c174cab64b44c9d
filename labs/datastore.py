"""The data baseline: a snapshot (counts, checksums) and a dump to return to it."""

from __future__ import annotations

from labs import baseline
from labs.core import constants as c
from labs.core.errors import LabError
from labs.core.i18n import tr
from labs.core.workspace import Workspace
from labs.host.api import Host

DUMP_NAME = "baseline.sql.gz"
_DUMP = (
    'mysqldump -uroot -p"$MYSQL_ROOT_PASSWORD" --single-transaction --quick '
    '--routines "$MYSQL_DATABASE" | gzip -1'
)
_LOAD = (
    'gunzip -c /tmp/{name} | mysql -uroot -p"$MYSQL_ROOT_PASSWORD" "$MYSQL_DATABASE"; '
    "rc=$?; rm -f /tmp/{name}; exit $rc"
)


def snapshot(host: Host) -> baseline.Baseline:
    conn = host.mysql_connection()
    try:
        return baseline.snapshot(conn)
    finally:
        conn.close()


def record(host: Host, ws: Workspace) -> None:
    """Save the snapshot and a dump of the seeded database under .lab/."""
    baseline.save(snapshot(host), ws.baseline_file)
    result = host.copy_out(c.MYSQL_CONTAINER, ["sh", "-c", _DUMP], ws.state_dir / DUMP_NAME)
    if result.exit_code != 0:
        raise LabError(
            tr(
                "No se pudo guardar el respaldo de referencia del laboratorio: ",
                "Could not save the lab's reference dump: ",
            )
            + result.output[-400:]
        )


def differences(host: Host, ws: Workspace) -> list[str]:
    if not ws.baseline_file.is_file():
        return []
    current = snapshot(host)
    return [diff.describe() for diff in baseline.compare(baseline.load(ws.baseline_file), current)]


def restore(host: Host, ws: Workspace) -> None:
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
    script = _LOAD.format(name=dump.name)
    result = host.copy_in_and_run(c.MYSQL_CONTAINER, dump, ["sh", "-c", script])
    if result.exit_code != 0:
        raise LabError(
            tr(
                "No se pudo restaurar la base de referencia: ",
                "Could not restore the reference database: ",
            )
            + result.output[-400:]
        )
