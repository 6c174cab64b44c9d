"""The architecture as tests: only labs.host touches the live system, and its contracts
(import-linter, in pyproject.toml) hold. CI runs `lint-imports` too; this makes a local
`pytest` say the same."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Modules that reach Docker, the network, MySQL or other processes.
LIVE_SYSTEM = {
    "subprocess",
    "socket",
    "urllib",
    "http",
    "docker",
    "httpx",
    "pymysql",
    "testcontainers",
    "requests",
    "multiprocessing",
}
HOST_LAYER = ROOT / "labs" / "host"


def _python_files() -> list[Path]:
    return sorted(p for top in ("labs", "grader") for p in (ROOT / top).rglob("*.py"))


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_host_layer_reaches_docker_the_network_mysql_or_processes() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imported_roots(path) & LIVE_SYSTEM)
        for path in _python_files()
        if HOST_LAYER not in path.parents and _imported_roots(path) & LIVE_SYSTEM
    }
    assert offenders == {}, (
        "Reach the live system through labs.host (Host, FaultContext.host, CheckContext.host)"
    )


def test_the_bypass_detector_sees_a_subprocess_import(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("import subprocess\nfrom urllib.request import urlopen\n")
    assert _imported_roots(sneaky) & LIVE_SYSTEM == {"subprocess", "urllib"}


@pytest.mark.skipif(
    shutil.which("lint-imports", path=str(Path(sys.executable).parent)) is None,
    reason="import-linter is not installed in this environment",
)
def test_the_import_contracts_hold() -> None:
    tool = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(tool)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_no_two_test_files_share_a_name() -> None:
    # The test folders are not packages: pytest refuses two modules with one basename.
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
