"""Friendly scenario problems: file, field path (exercises[2].checks[0].weight) and the fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from labs.core.errors import ScenarioInvalid
from labs.core.i18n import tr

# Field names under which pydantic adds a union's tag to the error location.
_UNION_FIELDS = {"rule", "observed"}


class Problem(BaseModel):
    file: str
    path: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message} → {self.fix}"


class ScenarioProblems(ScenarioInvalid):
    """A scenario file failed validation; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            tr(
                f"Escenario inválido ({len(self.problems)} problema(s)):\n{shown}",
                f"Invalid scenario ({len(self.problems)} problem(s)):\n{shown}",
            ),
            tr(
                "Corrija los campos indicados y vuelva a ejecutar `lab validate ARCHIVO`.",
                "Fix the fields shown and run `lab validate FILE` again.",
            ),
        )


def loc_path(loc: Iterable[int | str], tags: set[str]) -> str:
    """('exercises', 2, 'checks', 0, 'backend-healthy', 'weight') → exercises[2].checks[0].weight"""
    text = ""
    previous: int | str | None = None
    for part in loc:
        is_tag = (
            isinstance(part, str)
            and part in tags
            and (isinstance(previous, int) or previous in _UNION_FIELDS)
        )
        previous = part
        if is_tag:
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def from_validation_error(exc: ValidationError, file: str, tags: set[str]) -> list[Problem]:
    return [
        Problem(
            file=file, path=loc_path(err["loc"], tags), message=_message(err), fix=_fix(err, tags)
        )
        for err in exc.errors()
    ]


def _message(err: ErrorDetails) -> str:
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "greater_than":
        return tr(f"debe ser mayor que {ctx['gt']:g}", f"must be greater than {ctx['gt']:g}")
    if kind == "union_tag_invalid":
        tag = ctx.get("tag")
        return tr(f"el tipo `{tag}` no existe", f"kind `{tag}` does not exist")
    if kind == "literal_error":
        return tr(
            f"valor no permitido: {err.get('input')!r}", f"value not allowed: {err.get('input')!r}"
        )
    fixed = {
        "missing": tr("falta este campo obligatorio", "this required field is missing"),
        "extra_forbidden": tr("campo desconocido", "unknown field"),
        "union_tag_not_found": tr("no se indica el tipo (`kind`)", "the `kind` is missing"),
        "step_kind_missing": tr("el paso no indica qué hacer", "the step does not say what to do"),
    }
    return fixed.get(kind, str(err["msg"]).removeprefix("Value error, "))


def _fix(err: ErrorDetails, tags: set[str]) -> str:
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "union_tag_invalid":
        return _did_you_mean(str(ctx.get("tag")), str(ctx.get("expected_tags", "")))
    if kind == "union_tag_not_found":
        return tr(
            f"Indique `{ctx.get('discriminator', 'kind')}`.",
            f"Give `{ctx.get('discriminator', 'kind')}`.",
        )
    if kind == "step_kind_missing":
        return tr(
            "Use una de las claves: run, write_file, wait_healthy.",
            "Use one of the keys: run, write_file, wait_healthy.",
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", tr(" o ", " or "))
        return tr(f"Use uno de: {expected}.", f"Use one of: {expected}.")
    fixes = {
        "missing": tr("Agregue el campo.", "Add the field."),
        "extra_forbidden": tr(
            "Elimínelo o corrija su nombre (vea docs/reference/scenario-schema.json).",
            "Remove it or fix its name (see docs/reference/scenario-schema.json).",
        ),
        "greater_than": tr("Use un número positivo.", "Use a positive number."),
        "string_pattern_mismatch": tr(
            "Use minúsculas, dígitos y guiones (p. ej. `p07-reinicio`).",
            "Use lower case, digits and dashes (e.g. `p07-restart`).",
        ),
    }
    return fixes.get(kind, tr("Corrija el valor.", "Fix the value."))


def _did_you_mean(tag: str, expected: str) -> str:
    options = [t.strip(" '") for t in expected.replace(" or ", ",").split(",") if t.strip(" '")]
    close = difflib.get_close_matches(tag, options, n=1)
    hint = tr(f" ¿Quiso decir `{close[0]}`?", f" Did you mean `{close[0]}`?") if close else ""
    return tr(
        f"Tipos válidos: {', '.join(options)}.{hint}", f"Valid kinds: {', '.join(options)}.{hint}"
    )
