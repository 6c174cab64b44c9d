"""Where the lab's shipped data lives, installed (wheel) or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the `labs` package


@cache
def data_dir(name: str) -> Path:
    """Return the `scenarios` or `compose` directory.

    A wheel carries them under labs/_data/; a checkout keeps them at the repo root.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"lab data directory '{name}' not found next to {_PACKAGE_DIR}")


def compose_dir() -> Path:
    return data_dir("compose")


def scenarios_dir() -> Path:
    return data_dir("scenarios")
