"""`sql-value`: a number the database reports now (e.g. no session still holding a lock)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from grader.evidence import EvidenceError
from labs.core.i18n import tr


class SqlValueSpec(CheckSpec):
    kind: Literal["sql-value"]
    query: str = Field(min_length=1)  # must return one number in its first cell
    label: str
    at_most: float | None = None
    at_least: float | None = None
    fix: str = ""

    @model_validator(mode="after")
    def _has_bound(self) -> SqlValueSpec:
        if self.at_most is None and self.at_least is None:
            raise ValueError(tr("indique `at_most` o `at_least`", "give `at_most` or `at_least`"))
        return self


class SqlValue(Check[SqlValueSpec]):
    kind = "sql-value"
    Spec = SqlValueSpec

    def evaluate(self, spec: SqlValueSpec, ctx: CheckContext) -> Outcome:
        try:
            rows = ctx.sql(spec.query)
            value = float(rows[0][0]) if rows and rows[0] else None
        except (EvidenceError, RuntimeError, OSError, ValueError) as exc:
            return Outcome.unavailable(
                tr(f"MySQL no respondió: {exc}", f"MySQL did not answer: {exc}"),
                tr("Compruebe que MySQL esté en ejecución.", "Check that MySQL is running."),
            )
        ok = (
            value is not None
            and (spec.at_most is None or value <= spec.at_most)
            and (spec.at_least is None or value >= spec.at_least)
        )
        bounds = _bounds(spec)
        shown = f"{value:g}" if value is not None else "-"
        return Outcome.from_assertions(
            [Assertion(spec.label, ok, shown, bounds, spec.fix)],
            {"query": spec.query, "value": shown},
        )


def _bounds(spec: SqlValueSpec) -> str:
    parts = []
    if spec.at_most is not None:
        parts.append(f"≤ {spec.at_most:g}")
    if spec.at_least is not None:
        parts.append(f"≥ {spec.at_least:g}")
    return " ".join(parts)


CHECK = SqlValue
