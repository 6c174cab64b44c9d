"""Trainee-facing text is Spanish; LAB_LANG=en switches to English."""

from __future__ import annotations

import os


def lang() -> str:
    return "en" if os.environ.get("LAB_LANG", "es").lower().startswith("en") else "es"


def tr(es: str, en: str) -> str:
    """Pick the sentence in the trainee's language."""
    return en if lang() == "en" else es


def number(value: float, digits: int | None = None) -> str:
    """A number as the trainee's language writes it: `0,25` in Spanish, `0.25` in English."""
    text = f"{value:g}" if digits is None else f"{value:.{digits}f}"
    return text.replace(".", ",") if lang() == "es" else text
