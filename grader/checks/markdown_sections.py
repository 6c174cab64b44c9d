"""`markdown-sections`: a written procedure has its headings, real content and key commands."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, Regex, RelPath
from grader.context import CheckContext
from grader.markdown import Section, find_section, sections
from labs.core.i18n import tr


class Mention(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pattern: Regex
    label: str


class MarkdownSectionsSpec(CheckSpec):
    kind: Literal["markdown-sections"]
    path: RelPath
    headings: list[str] = Field(min_length=1)
    min_words: int = Field(default=3, ge=1)
    # Per heading, a pattern its content must contain (e.g. an e-mail under Contactos).
    section_patterns: dict[str, Regex] = Field(default_factory=dict)
    mentions: list[Mention] = Field(default_factory=list)


class MarkdownSections(Check[MarkdownSectionsSpec]):
    kind = "markdown-sections"
    Spec = MarkdownSectionsSpec

    def evaluate(self, spec: MarkdownSectionsSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} does not exist."),
                tr("Cree el documento en esa ruta.", "Create the document at that path."),
            )
        text = path.read_text(errors="replace")
        found = sections(text)
        assertions = [_heading(spec, name, found) for name in spec.headings]
        assertions += [
            Assertion(
                tr(f"menciona {m.label}", f"mentions {m.label}"),
                re.search(m.pattern, text, re.IGNORECASE) is not None,
                tr("no aparece", "absent"),
                m.pattern,
                tr(f"Incluya {m.label} en los pasos.", f"Include {m.label} in the steps."),
                partial=True,
            )
            for m in spec.mentions
        ]
        headings = ", ".join(s.heading for s in found) or "-"
        return Outcome.from_assertions(assertions, {"file": spec.path, "headings": headings})


def _heading(spec: MarkdownSectionsSpec, name: str, found: list[Section]) -> Assertion:
    section = find_section(found, name)
    label = tr(f"sección «{name}»", f"section «{name}»")
    if section is None:
        return Assertion(
            label,
            False,
            tr("no existe", "missing"),
            f"## {name}",
            tr(f"Agregue un encabezado `## {name}`.", f"Add a `## {name}` heading."),
            partial=True,
        )
    words = section.words()
    pattern = spec.section_patterns.get(name)
    if pattern and not re.search(pattern, section.body):
        return Assertion(
            label,
            False,
            tr("sin el dato requerido", "lacks the required data"),
            pattern,
            tr(
                "Complete la sección con datos reales, no plantillas.",
                "Fill the section with real data, not placeholders.",
            ),
            partial=True,
        )
    return Assertion(
        label,
        words >= spec.min_words,
        tr(f"{words} palabras", f"{words} words"),
        f"≥ {spec.min_words}",
        tr("La sección está vacía: complétela.", "The section is empty: fill it in."),
        partial=True,
    )


CHECK = MarkdownSections
