"""The list of verb modules. Add a line here when you add a verb."""

from __future__ import annotations

import importlib
from types import ModuleType

VERB_MODULES = (
    "labs.cli.start",
    "labs.cli.status",
    "labs.cli.brief",
    "labs.cli.listing",
    "labs.cli.stop",
    "labs.cli.doctor",
    "labs.cli.images",
    "labs.cli.validate",
    "labs.cli.check",
    "labs.cli.hint",
    "labs.cli.next",
    "labs.cli.reset",
    "labs.cli.selftest",
    "labs.cli.exam",
    "labs.cli.keys",
    "labs.cli.cert",
)


def all_modules() -> list[ModuleType]:
    modules = []
    for name in VERB_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            # A verb still being written must not break the others.
            if exc.name != name:
                raise
    return modules
