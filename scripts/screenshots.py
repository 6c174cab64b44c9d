"""Terminal screenshots for docs/aprendiz.md, rendered from the real CLI.

Runs `lab` in-process (typer's CliRunner) against a lab "running" on a FakeHost, as the
unit tests do, so no Docker is needed, and records what the CLI prints with a recording
rich Console, saved as SVG under docs/img/. Run it again when the CLI's output changes:

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from io import StringIO
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit" / "cli"))

from conftest import labelled, start_fake_lab  # noqa: E402  (the tests' fake lab)

import labs.core.console  # noqa: E402
from labs.cli.main import app  # noqa: E402
from labs.core.workspace import Workspace  # noqa: E402
from labs.host.fake import FakeHost  # noqa: E402

OUT = ROOT / "docs" / "img"
WIDTH = 100
# The temporary workspace is shown as the course's trainee home. Both paths have the same
# length, so replacing one with the other in the SVG keeps every table aligned.
SHOWN_ROOT = "/home/usuario"


def recording_console() -> Console:
    return Console(
        record=True,
        width=WIDTH,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        file=StringIO(),
    )


def use_console(recorder: Console) -> None:
    """Every module that printed to the CLI's consoles prints to the recorder instead."""
    originals = (labs.core.console.console, labs.core.console.err_console)
    for name, module in list(sys.modules.items()):
        if not name.startswith(("labs", "grader")) or module is None:
            continue
        for attribute in ("console", "err_console"):
            if getattr(module, attribute, None) in originals:
                setattr(module, attribute, recorder)


def fake_host(ws: Workspace) -> FakeHost:
    host = FakeHost.healthy_stack()
    for info in host.containers.values():
        labelled(info, str(ws.root))
    for module in ("labs.cli.session", "labs.cli.status", "labs.cli.doctor"):
        vars(sys.modules[module])["live_host"] = lambda: host
    return host


def temporary_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="", dir="/tmp"))
    if len(str(root)) != len(SHOWN_ROOT):
        raise SystemExit(f"{root}: expected a path as long as {SHOWN_ROOT}")
    return root


def shoot(recorder: Console, root: Path, name: str, args: list[str], home: Path) -> None:
    recorder.export_text(clear=True)  # start from an empty record
    shown = " ".join(["lab", *args])
    recorder.print(f"[bold green]usuario@lab[/]:[bold blue]~[/]$ {shown}", soft_wrap=True)
    result = CliRunner().invoke(app, [*args, "--home", str(home)], env={"COLUMNS": str(WIDTH)})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    svg = recorder.export_svg(title=shown, unique_id=f"lab-{name}")
    path = OUT / f"{name}.svg"
    path.write_text(svg.replace(str(root), SHOWN_ROOT), encoding="utf-8")
    print(f"{path.relative_to(ROOT)} ({shown}: exit {result.exit_code})")


def quietly(args: list[str], home: Path) -> None:
    """Run a verb whose output is not a screenshot (e.g. a `lab check` that `lab list` reads)."""
    CliRunner().invoke(app, [*args, "--home", str(home)])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    recorder = recording_console()
    use_console(recorder)
    roots = [temporary_root(), temporary_root()]
    try:
        # Día 2, first exercise: its brief, its first hint, the list with its score.
        root = roots[0]
        ws = Workspace(root / "inatrace-lab")
        start_fake_lab(ws, "day2")
        fake_host(ws)
        shoot(recorder, root, "lab-brief", ["brief"], ws.root)
        shoot(recorder, root, "lab-hint", ["hint", "--yes"], ws.root)
        quietly(["check"], ws.root)
        shoot(recorder, root, "lab-list", ["list"], ws.root)
        shoot(recorder, root, "lab-doctor", ["doctor"], ws.root)
        # Día 1, Práctica 4 half done: the saved answer is not the real health response.
        root = roots[1]
        ws = Workspace(root / "inatrace-lab")
        start_fake_lab(ws, "day1")
        fake_host(ws)
        (ws.trainee_home / "practica04-health.json").write_text('{"status": "UP"}\n')
        shoot(recorder, root, "lab-check", ["check", "p04-healthcheck"], ws.root)
    finally:
        for root in roots:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
