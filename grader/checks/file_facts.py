"""`file-facts`: a file the trainee captured from the system holds the system's live facts."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import Field

from grader.checks.base import Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from grader.facts import Fact, resolvers
from labs.core.i18n import tr


class FileFactsSpec(CheckSpec):
    kind: Literal["file-facts"]
    path: RelPath
    facts: list[Fact] = Field(min_length=1)


class FileFacts(Check[FileFactsSpec]):
    kind = "file-facts"
    Spec = FileFactsSpec

    def evaluate(self, spec: FileFactsSpec, ctx: CheckContext) -> Outcome:
        path = ctx.path(spec.path)
        if not path.is_file() or path.stat().st_size == 0:
            return Outcome.unavailable(
                tr(
                    f"No existe (o está vacío) $LAB_HOME/{spec.path}.",
                    f"$LAB_HOME/{spec.path} is missing or empty.",
                ),
                tr(
                    "Guarde ahí la salida de las órdenes de la práctica (`orden > archivo`).",
                    "Save the exercise's command output there (`command > file`).",
                ),
            )
        text = path.read_text(errors="replace")
        table = resolvers()
        # Each live fact is one part of the captured evidence: it earns its own share.
        assertions = [replace(table[fact](ctx, text), partial=True) for fact in spec.facts]
        return Outcome.from_assertions(
            assertions, {"file": spec.path, "bytes": str(path.stat().st_size)}
        )


CHECK = FileFacts
