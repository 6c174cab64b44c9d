"""diagnostic-script: the grader runs the Práctica 22 script and compares it with MySQL.

`docker` is replaced on PATH by a tiny fake that prints what `mysql -e` prints in batch
mode; FakeHost answers the grader's own queries with the same live numbers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from grader_recordings import ContextFactory

from grader.checks.diagnostic_script import (
    COUNTED_TABLES,
    MIGRATIONS_SQL,
    ROLES_SQL,
    SIZES_SQL,
    DiagnosticScript,
    DiagnosticScriptSpec,
)
from labs.host.fake import FakeHost

COUNTS_SQL = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM `{t}`" for t in COUNTED_TABLES)
LIVE = {
    SIZES_SQL: [
        ["StockOrder", "0.11", "114688"],
        ["Transaction", "0.06", "65536"],
        ["User", "0.05", "49152"],
        ["Company", "0.03", "32768"],
    ],
    COUNTS_SQL: [
        ["User", "14"],
        ["Company", "3"],
        ["UserCustomer", "41"],
        ["StockOrder", "87"],
        ["Transaction", "96"],
    ],
    MIGRATIONS_SQL.format(n=5): [
        ["2025.12.22.12.30"],
        ["2025.12.16.12.00"],
        ["2025.12.15.04.30"],
        ["2025.11.19.02.00"],
        ["2025.11.15.01.00"],
    ],
    ROLES_SQL: [["ADMIN", "ACTIVE", "2"], ["USER", "ACTIVE", "10"], ["USER", "DEACTIVATED", "2"]],
}

MYSQL_OUTPUT = """Tabla\tTamaño (MB)
StockOrder\t0.11
Transaction\t0.06
User\t0.05
Company\t0.03
tabla\tregistros
User\t14
Company\t3
UserCustomer\t41
StockOrder\t87
Transaction\t96
installed_rank\tversion\tsuccess
12\t2025.12.22.12.30\t1
11\t2025.12.16.12.00\t1
10\t2025.12.15.04.30\t1
9\t2025.11.19.02.00\t1
8\t2025.11.15.01.00\t1
role\tstatus\tcantidad
ADMIN\tACTIVE\t2
USER\tACTIVE\t10
USER\tDEACTIVATED\t2
"""

SCRIPT = """#!/bin/bash
echo "=== DIAGNÓSTICO ==="
docker exec -i inatrace-mysql-test-fortaleza sh -c 'mysql -uroot -p"$MYSQL_ROOT_PASSWORD"'
"""


@pytest.fixture(autouse=True)
def fake_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    (bin_dir / "mysql-output.txt").write_text(MYSQL_OUTPUT)
    tool = bin_dir / "docker"
    tool.write_text(f"#!/bin/sh\ncat '{bin_dir / 'mysql-output.txt'}'\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    return bin_dir


@pytest.fixture(autouse=True)
def live_database(evidence: FakeHost) -> None:
    evidence.sql_answers.update(LIVE)


def _spec(timeout: float = 10) -> DiagnosticScriptSpec:
    return DiagnosticScriptSpec(
        id="d", kind="diagnostic-script", criterion="troubleshooting", weight=4, timeout=timeout
    )


def _install(root: Path, text: str, executable: bool = True) -> None:
    script = root / "home/usuario/diagnose-db.sh"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(text)
    script.chmod(0o755 if executable else 0o644)


def test_a_script_printing_the_live_numbers_passes(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _install(ctx.workspace.root, SCRIPT)
    outcome = DiagnosticScript().evaluate(_spec(), ctx)
    assert outcome.fraction == 1.0, outcome.message
    assert "2025.12.22.12.30" in outcome.evidence["stdout"]


def test_nothing_written_scores_zero(make_ctx: ContextFactory) -> None:
    outcome = DiagnosticScript().evaluate(_spec(), make_ctx())
    assert outcome.fraction == 0
    assert "diagnose-db.sh" in outcome.message


def test_a_script_without_execute_permission_says_chmod(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _install(ctx.workspace.root, SCRIPT, executable=False)
    outcome = DiagnosticScript().evaluate(_spec(), ctx)
    assert outcome.fraction == 0
    assert "chmod +x" in outcome.message


def test_mysql_calls_that_fail_earn_nothing(make_ctx: ContextFactory, fake_docker: Path) -> None:
    """The course's script run by someone else: no password, each `mysql` is refused."""
    (fake_docker / "docker").write_text(
        "#!/bin/sh\necho 'ERROR 1045 (28000): Access denied for user root' >&2\nexit 1\n"
    )
    ctx = make_ctx()
    _install(ctx.workspace.root, SCRIPT)
    outcome = DiagnosticScript().evaluate(_spec(), ctx)
    assert outcome.fraction == 0
    for section in ("1. ", "2. ", "3. ", "4. "):
        assert section in outcome.message


def test_numbers_that_are_not_the_live_ones_fail_their_sections(
    make_ctx: ContextFactory, fake_docker: Path
) -> None:
    stale = MYSQL_OUTPUT.replace("USER\tDEACTIVATED\t2", "USER\tACTIVE\t12").replace(
        "StockOrder\t87", "StockOrder\t86"
    )
    (fake_docker / "mysql-output.txt").write_text(stale)
    ctx = make_ctx()
    _install(ctx.workspace.root, SCRIPT)
    outcome = DiagnosticScript().evaluate(_spec(), ctx)
    assert outcome.fraction == 0.5, outcome.message
    assert "2. conteo real" in outcome.message
    assert "4. usuarios por rol" in outcome.message
    assert "DEACTIVATED" not in outcome.message  # the expected value stays in the evidence
    assert "86" in outcome.evidence["stdout"]


def test_sizes_need_the_largest_table(make_ctx: ContextFactory, fake_docker: Path) -> None:
    (fake_docker / "mysql-output.txt").write_text(MYSQL_OUTPUT.replace("StockOrder\t0.11\n", ""))
    ctx = make_ctx()
    _install(ctx.workspace.root, SCRIPT)
    outcome = DiagnosticScript().evaluate(_spec(), ctx)
    assert outcome.fraction == 0.75
    assert "1. tamaño real" in outcome.message


def test_a_script_that_never_ends_is_cut_at_the_timeout(make_ctx: ContextFactory) -> None:
    ctx = make_ctx()
    _install(ctx.workspace.root, "#!/bin/bash\nsleep 30\n")
    outcome = DiagnosticScript().evaluate(_spec(timeout=0.5), ctx)
    assert outcome.fraction == 0


def test_mysql_down_for_the_grader_fails_every_section(
    make_ctx: ContextFactory, evidence: FakeHost
) -> None:
    evidence.sql_answers.clear()
    ctx = make_ctx()
    _install(ctx.workspace.root, SCRIPT)
    outcome = DiagnosticScript().evaluate(_spec(), ctx)
    assert outcome.fraction == 0
    assert "MySQL" in outcome.message
