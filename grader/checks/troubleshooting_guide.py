"""`troubleshooting-guide`: the Día 4 guide has the course's sections and covers what
this trainee really met.

The course's "Guía Rápida de Troubleshooting" has a Checklist Inicial, four Problemas
Frecuentes and Cuándo Escalar. A copy of that template is not enough here: for every
Día 4 fault the trainee met (the exercises they reached, each with the cause the lab
drew for them), the guide must name that root cause and give a command that really
diagnoses it on this server (a whitelist per cause, in the spec). Commands that name a
container must name one that exists here. When no listed exercise was reached (the
guide done alone, or its self-test) the causes drawn for this trainee's lab count.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from grader.checks.base import Assertion, Check, CheckSpec, Identifier, Outcome, Regex, RelPath
from grader.context import CheckContext
from grader.markdown import Section, find_section, normalize, sections
from labs.core import constants
from labs.core.i18n import tr

_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE = re.compile(r"`([^`\n]+)`")
_CONTAINER = re.compile(r"\binatrace-(?:be|mysql)-[\w.-]+")


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pattern: Regex
    label: str = Field(min_length=1)


class Cause(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mention: Regex  # the guide names this root cause
    commands: list[Regex] = Field(min_length=1)  # commands that diagnose it here


class MetFault(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercise: Identifier
    label: str = Field(min_length=1)  # the exercise as the trainee knows it, never the cause
    truth: str
    causes: dict[str, Cause] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_truth(self) -> MetFault:
        if self.truth not in self.causes:
            raise ValueError(f"truth `{self.truth}` is not one of the causes")
        return self


class TroubleshootingGuideSpec(CheckSpec):
    kind: Literal["troubleshooting-guide"]
    path: RelPath = "home/usuario/guia-troubleshooting-inatrace.md"
    checklist: list[Item] = Field(default_factory=list)  # commands of the Checklist Inicial
    problems: list[Item] = Field(default_factory=list)  # sub-headings of Problemas Frecuentes
    met: list[MetFault] = Field(default_factory=list)
    min_words: int = Field(default=5, ge=1)


def commands(text: str) -> list[str]:
    """Every line of a fenced block and every inline code span: what a reader would run."""
    found: list[str] = []
    inside = False
    for line in text.splitlines():
        if _FENCE.match(line):
            inside = not inside
            continue
        if inside:
            found.append(line.strip())
        else:
            found += [span.strip() for span in _INLINE.findall(line)]
    return [command for command in found if command and not command.startswith("#")]


def met_faults(spec: TroubleshootingGuideSpec, ctx: CheckContext) -> list[MetFault]:
    reached = [m for m in spec.met if m.exercise in ctx.state.exercises]
    return reached or list(spec.met)


class TroubleshootingGuide(Check[TroubleshootingGuideSpec]):
    kind = "troubleshooting-guide"
    Spec = TroubleshootingGuideSpec

    def evaluate(self, spec: TroubleshootingGuideSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file():
            return Outcome.unavailable(
                tr(f"No existe $LAB_HOME/{spec.path}.", f"$LAB_HOME/{spec.path} is missing."),
                tr("Cree la guía en esa ruta.", "Create the guide at that path."),
            )
        text = path.read_text(errors="replace")
        found = sections(text)
        runnable = commands(text)
        assertions = [
            *_checklist(spec, found),
            *_problems(spec, found),
            _escalate(spec, found),
            *(_coverage(fault, text, runnable) for fault in met_faults(spec, ctx)),
            _containers(runnable),
        ]
        headings = ", ".join(s.heading for s in found) or "-"
        evidence = {"file": spec.path, "headings": headings, "commands": str(len(runnable))}
        return Outcome.from_assertions(assertions, evidence)


def _missing(name: str) -> Assertion:
    return Assertion(
        tr(f"sección «{name}»", f"section «{name}»"),
        False,
        tr("no existe", "missing"),
        f"## {name}",
        tr(f"Agregue un encabezado `## {name}`.", f"Add a `## {name}` heading."),
        partial=True,
    )


def _checklist(spec: TroubleshootingGuideSpec, found: list[Section]) -> list[Assertion]:
    section = find_section(found, "Checklist Inicial")
    if section is None:
        return [_missing("Checklist Inicial")]
    return [
        Assertion(
            tr(f"el checklist revisa {item.label}", f"the checklist checks {item.label}"),
            re.search(item.pattern, section.body) is not None,
            tr("no aparece", "absent"),
            fix=tr(
                f"Incluya en el checklist el comando para {item.label}.",
                f"Put the command for {item.label} in the checklist.",
            ),
            partial=True,
        )
        for item in spec.checklist
    ]


def _problems(spec: TroubleshootingGuideSpec, found: list[Section]) -> list[Assertion]:
    section = find_section(found, "Problemas Frecuentes")
    if section is None:
        return [_missing("Problemas Frecuentes")]
    below = found[found.index(section) + 1 :]
    nested = []
    for sub in below:
        if sub.level <= section.level:
            break
        nested.append(sub)
    out = []
    for item in spec.problems:
        sub_section = next(
            (s for s in nested if re.search(item.pattern, normalize(s.heading))), None
        )
        out.append(
            Assertion(
                tr(f"problema frecuente «{item.label}»", f"frequent problem «{item.label}»"),
                sub_section is not None and sub_section.words() >= spec.min_words,
                tr("falta o está vacío", "missing or empty"),
                fix=tr(
                    f"Agregue un `### …` para «{item.label}» bajo Problemas Frecuentes, con "
                    "sus pasos y comandos.",
                    f"Add a `### …` for «{item.label}» under Problemas Frecuentes, with its "
                    "steps and commands.",
                ),
                partial=True,
            )
        )
    return out


def _escalate(spec: TroubleshootingGuideSpec, found: list[Section]) -> Assertion:
    section = find_section(found, "Cuándo Escalar")
    if section is None:
        return _missing("Cuándo Escalar")
    return Assertion(
        tr("sección «Cuándo Escalar»", "section «Cuándo Escalar»"),
        section.words() >= spec.min_words,
        tr(f"{section.words()} palabras", f"{section.words()} words"),
        fix=tr(
            "Diga cuándo y con qué información se escala a desarrollo.",
            "Say when, and with what information, to escalate to development.",
        ),
        partial=True,
    )


def _coverage(fault: MetFault, text: str, runnable: list[str]) -> Assertion:
    cause = fault.causes[fault.truth]
    named = re.search(cause.mention, text) is not None
    diagnosed = any(re.search(p, command) for p in cause.commands for command in runnable)
    observed = tr("sin la causa ni el comando", "neither cause nor command")
    if named != diagnosed:
        observed = tr("sin un comando que la diagnostique", "no command that diagnoses it")
        if diagnosed:
            observed = tr("sin nombrar la causa", "the cause is not named")
    return Assertion(
        tr(
            f"cubre la falla que encontró en {fault.label}",
            f"covers the fault met in {fault.label}",
        ),
        named and diagnosed,
        observed,
        fix=tr(
            f"Vuelva a {fault.label}: anote en la guía la causa raíz que encontró y el "
            "comando (tal como funciona en este servidor) que la mostró.",
            f"Go back to {fault.label}: write in the guide the root cause you found and the "
            "command (as it works on this server) that showed it.",
        ),
        weight=2.0,
        partial=True,
    )


def _containers(runnable: list[str]) -> Assertion:
    real = set(constants.CONTAINERS.values())
    wrong = sorted({name for cmd in runnable for name in _CONTAINER.findall(cmd)} - real)
    return Assertion(
        tr("los comandos nombran contenedores que existen", "commands name existing containers"),
        not wrong,
        ", ".join(wrong[:3]),
        fix=tr(
            "Corrija los nombres: `docker ps -a` muestra los contenedores de este servidor.",
            "Fix the names: `docker ps -a` lists this server's containers.",
        ),
        partial=True,
    )


CHECK = TroubleshootingGuide
