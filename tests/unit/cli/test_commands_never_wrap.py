"""Every command of every shipped brief and hint comes out on one line at 60 columns."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from labs.brief import stack_lines
from labs.core.terminal import print_lines, print_markdown
from labs.core.workspace import Workspace
from labs.scenario.load import shipped_scenarios

WIDTH = 60
FENCE = re.compile(r"^\s*```[^\n]*\n(.*?)^\s*```", re.S | re.M)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def texts(path: Path) -> list[tuple[str, str]]:
    raw = yaml.safe_load(path.read_text())
    found = []
    for exercise in raw["exercises"]:
        found.append((f"{exercise['id']} brief", exercise["brief"]))
        for n, hint in enumerate(exercise.get("hints", []), start=1):
            text = hint if isinstance(hint, str) else hint["text"]
            found.append((f"{exercise['id']} hint {n}", text))
    return found


def commands(markdown: str) -> list[str]:
    """Each fenced code line, and each inline `…` span, as the trainee would copy it."""
    found = [line.strip() for block in FENCE.findall(markdown) for line in block.splitlines()]
    without_fences = FENCE.sub("", markdown)
    found += [span.strip() for span in INLINE.findall(without_fences)]
    return [c for c in found if c]


def rendered(markdown: str) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=WIDTH, no_color=True, highlight=False)
    print_markdown(console, markdown)
    return out.getvalue().splitlines()


CASES = [
    pytest.param(text, id=f"{path.stem}:{where}")
    for path in shipped_scenarios()
    for where, text in texts(path)
]


@pytest.mark.parametrize("markdown", CASES)
def test_every_command_of_a_brief_or_hint_is_on_one_line(markdown: str) -> None:
    lines = rendered(markdown)
    for command in commands(markdown):
        assert any(command in line for line in lines), (command, lines)


def test_the_long_dia1_command_survives_60_columns() -> None:
    day1 = next(p for p in shipped_scenarios() if p.stem == "day1")
    brief = next(text for where, text in texts(day1) if where == "p01-acceso brief")
    wanted = "{ whoami; hostname; docker version; } > $LAB_HOME/home/usuario/practica01-acceso.txt"
    assert any(wanted in line for line in rendered(brief))


def test_the_stack_panel_keeps_its_commands_whole(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "a-rather-long-directory-name" / "inatrace-lab")
    out = io.StringIO()
    print_lines(Console(file=out, width=WIDTH, no_color=True), stack_lines(ws))
    lines = out.getvalue().splitlines()
    for command in (
        f"export LAB_HOME={ws.root}",
        "cd $LAB_HOME/backend/test/fortaleza",
        "curl -s http://localhost:8082/actuator/health | jq",
    ):
        assert any(command in line for line in lines), command


def test_prose_is_still_wrapped_to_the_width() -> None:
    words = " ".join(["palabra"] * 40)
    assert all(len(line) <= WIDTH for line in rendered(words))
