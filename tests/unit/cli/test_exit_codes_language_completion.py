"""One exit-code table, one language at a time, and shell completion."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import start_fake_lab
from typer.testing import CliRunner

from labs.cli.main import app
from labs.core import errors
from labs.core.i18n import number
from labs.core.workspace import Workspace
from labs.host.fake import FakeHost

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[3]
VERBS = ["start", "status", "brief", "list", "stop", "doctor", "validate", "check", "hint"]
VERBS += ["next", "reset", "selftest", "images", "images build", "images save"]


def lab(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LAB_HOME": str(home), "NO_COLOR": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "labs", *args],
        capture_output=True,
        text=True,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


def test_the_exit_code_table() -> None:
    assert (errors.EXIT_OK, errors.EXIT_FAILING, errors.EXIT_USAGE) == (0, 1, 2)
    assert (errors.EXIT_HOST, errors.EXIT_REFUSED) == (3, 4)
    assert errors.WaitTimeout("x").exit_code == errors.EXIT_HOST
    assert errors.EnvironmentProblem("x").exit_code == errors.EXIT_HOST
    assert errors.NoLabRunning("x").exit_code == errors.EXIT_USAGE
    assert errors.ForeignWorkspace("x").exit_code == errors.EXIT_REFUSED


def test_check_with_no_lab_running_says_so_and_exits_2(tmp_path: Path) -> None:
    proc = lab("check", home=tmp_path / "empty")
    assert proc.returncode == errors.EXIT_USAGE, proc.stderr
    assert "No hay un laboratorio iniciado" in proc.stderr
    assert "lab start day1" in proc.stderr


def test_an_unknown_lab_exits_2_and_a_foreign_directory_exits_4(tmp_path: Path) -> None:
    assert lab("start", "day99", home=tmp_path / "x").returncode == errors.EXIT_USAGE
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("mine")
    ws = Workspace(foreign)
    with pytest.raises(errors.ForeignWorkspace) as caught:
        ws.ensure()
    assert caught.value.exit_code == errors.EXIT_REFUSED


def test_next_with_no_terminal_exits_4_in_a_real_process(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "lab")
    start_fake_lab(ws, "day2")
    proc = lab("next", home=ws.root)
    assert proc.returncode == errors.EXIT_REFUSED, proc.stderr
    assert "rechazado para proteger datos" in proc.stderr


def test_a_failing_check_exits_1(ws: Workspace, host: FakeHost) -> None:
    start_fake_lab(ws, "day1")
    assert runner.invoke(app, ["check", "--home", str(ws.root)]).exit_code == errors.EXIT_FAILING


SPANISH = re.compile(r"[áéíóúñ¿¡]|\b(el|los|las|del|una|que|para|con|sin|por defecto)\b")


@pytest.mark.parametrize("verb", ["", *VERBS])
def test_help_has_no_spanish_in_english(verb: str, tmp_path: Path) -> None:
    proc = lab(*verb.split(), "--help", home=tmp_path, LAB_LANG="en", COLUMNS="200")
    assert proc.returncode == 0, proc.stderr
    # "Práctica" is the course's own word; scenario ids are not prose.
    assert not SPANISH.search(proc.stdout.replace("Práctica", "")), proc.stdout


HARNESS_MODULES = [
    "labs/baseline.py",
    "labs/doctor.py",
    "labs/brief.py",
    "labs/seed/__init__.py",
    "labs/host/mysql.py",
    "labs/host/data.py",
    "labs/host/system.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "labs" / "cli").glob("*.py")),
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "labs" / "core").glob("*.py")),
]


def spanish_outside_tr(path: Path) -> list[str]:
    """String literals with Spanish in them that are not the first argument of tr()."""
    tree = ast.parse(path.read_text())
    covered: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr" and node.args:
            covered |= {id(sub) for sub in ast.walk(node.args[0])}
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            covered.add(id(node.value))  # docstrings
        if isinstance(node, ast.Dict):  # tables of (es, en) pairs, like EXIT_CODES
            for value in node.values:
                if isinstance(value, ast.Tuple) and len(value.elts) == 2:
                    covered.add(id(value.elts[0]))
    return [
        f"{path.name}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in covered
        and re.search(r"[áéíóúñ¿¡]", node.value.replace("Práctica", ""))
    ]


@pytest.mark.parametrize("module", HARNESS_MODULES)
def test_harness_text_goes_through_tr(module: str) -> None:
    assert spanish_outside_tr(ROOT / module) == []


def test_numbers_follow_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    assert number(0.25) == "0,25"
    assert number(82.46, 1) == "82,5"
    monkeypatch.setenv("LAB_LANG", "en")
    assert number(0.25) == "0.25"


def complete(words: str, tmp_path: Path, **env: str) -> list[str]:
    environment = {
        "_LAB_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        **env,
    }
    result = runner.invoke(app, [], prog_name="lab", env=environment)
    return result.output.split()


def test_completion_of_verbs_labs_and_exercise_ids(tmp_path: Path) -> None:
    assert {"start", "status", "stop"} <= set(complete("lab st", tmp_path))
    assert complete("lab start da", tmp_path) == ["day1", "day2", "day3", "day4", "day5"]
    ws = Workspace(tmp_path / "lab")
    start_fake_lab(ws, "day1")
    ids = complete("lab check p0", tmp_path, LAB_HOME=str(ws.root))
    assert "p01-acceso" in ids
    assert "p02-contenedores" in ids
    assert "p01-acceso" in complete("lab brief p01", tmp_path, LAB_HOME=str(ws.root))


def test_install_completion_writes_the_bash_script(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--install-completion", "bash"], prog_name="lab", env={"HOME": str(tmp_path)}
    )
    assert result.exit_code == 0, result.output
    assert "_LAB_COMPLETE" in (tmp_path / ".bash_completions" / "lab.sh").read_text()
