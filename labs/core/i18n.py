"""Trainee-facing text is Spanish; LAB_LANG=en switches to English."""

from __future__ import annotations

import os


def lang() -> str:
    return "en" if os.environ.get("LAB_LANG", "es").lower().startswith("en") else "es"


def tr(es: str, en: str) -> str:
    """Pick the sentence in the trainee's language."""
    return en if lang() == "en" else es
