"""docs/cli.md against the real CLI: every verb and option documented, no stale option,
and the exit-code table equal to labs/core/errors.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from labs.cli.main import app
from labs.core.errors import EXIT_CODES

PAGE = Path(__file__).resolve().parents[3] / "docs" / "cli.md"
HEADING = re.compile(r"^## `lab ([a-z-]+)`\s*$", re.MULTILINE)
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b")


def _commands() -> dict[str, Any]:
    """'start', 'images build', … → the click command; '' → `lab` itself."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: str) -> None:
        found[path] = command
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def _options(command: Any) -> set[str]:
    opts: set[str] = set()
    for param in command.params:
        if param.param_type_name == "option":
            opts.update(param.opts)
            opts.update(param.secondary_opts)
    return opts - {"--help"}


def _sections() -> tuple[str, dict[str, str]]:
    """The text before the first verb section, and each `## `lab VERB`` section's text."""
    text = PAGE.read_text(encoding="utf-8")
    matches = list(HEADING.finditer(text))
    intro = text[: matches[0].start()] if matches else text
    sections = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        sections[match.group(1)] = text[match.start() : end]
    return intro, sections


def _synopses(section: str) -> list[str]:
    """The lines of the ```text blocks of a section: how each verb is typed."""
    return [
        line
        for block in re.findall(r"```text\n(.*?)```", section, re.DOTALL)
        for line in block.splitlines()
    ]


def test_every_verb_has_a_section_and_every_section_is_a_verb() -> None:
    commands = _commands()
    _, sections = _sections()
    verbs = {path for path in commands if path and " " not in path}
    assert verbs - sections.keys() == set(), "verbs missing from docs/cli.md"
    assert sections.keys() - verbs == set(), "docs/cli.md documents verbs the CLI does not have"


def test_every_subcommand_is_named_in_its_verb_section() -> None:
    _, sections = _sections()
    for path in _commands():
        if " " in path:
            verb = path.split()[0]
            assert f"lab {path}" in sections.get(verb, ""), f"`lab {path}` missing from docs/cli.md"


def test_every_option_of_every_verb_is_documented_in_its_section() -> None:
    intro, sections = _sections()
    for path, command in _commands().items():
        text = intro if not path else sections.get(path.split()[0], "")
        for option in _options(command):
            assert re.search(rf"`[^`]*(?<![\w-]){re.escape(option)}\b", text), (
                f"`lab {path}`: option {option} missing from docs/cli.md".replace("  ", " ")
            )


def test_the_synopses_show_no_option_the_cli_does_not_have() -> None:
    _, sections = _sections()
    commands = _commands()
    for verb, section in sections.items():
        real = set().union(*(_options(c) for p, c in commands.items() if p.split()[:1] == [verb]))
        for line in _synopses(section):
            for option in OPTION.findall(line):
                assert option in real, f"docs/cli.md, `lab {verb}`: {option} does not exist"


def _documented_exit_codes() -> dict[int, str]:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## Códigos de salida", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|\s*(\d+)\s*\|\s*(.*?)\s*\|\s*$", section, re.MULTILINE)
    return {int(code): meaning for code, meaning in rows}


def test_the_exit_code_table_is_the_one_in_errors_py() -> None:
    assert _documented_exit_codes() == {code: es for code, (es, _en) in EXIT_CODES.items()}
