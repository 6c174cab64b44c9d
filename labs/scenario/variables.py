"""Scenario variables: per-trainee parameters chosen from the seed, and `{{ name }}` templating.

    variables:
      p10_user: {from_sql: "SELECT email FROM User WHERE ...", example: "ana@fortaleza.lab"}
      bad_port: {choice: ["3307", "3316"]}

`lab start` resolves them once (resolve_variables) and stores the values in the
state file, so faults, checks and briefs all see the same ones. `{{ name | re }}`
inserts a value escaped for a regular expression; a string that is exactly
`{{ name }}` takes the value as is (so a list stays a list).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from typing import Any

from labs.core.scenario import Variable
from labs.core.state import VariableValue

_REF = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*(?:\|\s*(re)\s*)?\}\}")
# Briefs quote Go templates (`docker inspect --format '{{range .Config.Env}}...{{end}}'`):
# their keywords are never scenario variables, and no variable may take their names.
GO_TEMPLATE_WORDS = frozenset(
    {
        "and",
        "block",
        "break",
        "call",
        "continue",
        "define",
        "else",
        "end",
        "eq",
        "ge",
        "gt",
        "html",
        "if",
        "index",
        "js",
        "json",
        "le",
        "len",
        "lt",
        "ne",
        "nil",
        "not",
        "or",
        "print",
        "printf",
        "println",
        "range",
        "slice",
        "template",
        "urlquery",
        "with",
    }
)
SqlQuery = Callable[[str], list[list[str]]]


def references(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, variable name) for every `{{ name }}` in a raw YAML tree."""
    if isinstance(node, str):
        for match in _REF.finditer(node):
            if match.group(1) not in GO_TEMPLATE_WORDS:
                yield path, match.group(1)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from references(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from references(value, f"{path}[{index}]")


def render(node: Any, values: dict[str, VariableValue]) -> Any:
    """Substitute variables in every string of a raw YAML tree (unknown names stay as is)."""
    if isinstance(node, dict):
        return {key: render(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [render(value, values) for value in node]
    if not isinstance(node, str):
        return node
    whole = _REF.fullmatch(node.strip())
    if whole and not whole.group(2) and whole.group(1) in values:
        return values[whole.group(1)]
    return _REF.sub(lambda m: _text(m, values), node)


def _text(match: re.Match[str], values: dict[str, VariableValue]) -> str:
    name, escape = match.group(1), match.group(2)
    if name not in values:
        return match.group(0)
    value = values[name]
    text = ",".join(value) if isinstance(value, list) else value
    return re.escape(text) if escape else text


def sample_values(variables: dict[str, Variable]) -> dict[str, VariableValue]:
    return {name: variable.sample() for name, variable in variables.items()}


def resolve_variables(
    variables: dict[str, Variable], seed: int, sql: SqlQuery | None = None
) -> dict[str, VariableValue]:
    """Pick every variable's value for this trainee, deterministically from the seed."""
    chosen: dict[str, VariableValue] = {}
    for name, variable in sorted(variables.items()):
        rng = random.Random(f"{seed}:{name}")  # a str seed is stable across runs
        options: list[VariableValue] = list(variable.choice or [])
        if variable.from_sql is not None:
            if sql is None:
                raise ValueError(f"variable {name!r} needs SQL (from_sql) to be resolved")
            options = [row[0] for row in sql(variable.from_sql) if row]
            if not options:
                raise ValueError(f"variable {name!r}: the query returned no rows")
        chosen[name] = rng.choice(options)
    return chosen
