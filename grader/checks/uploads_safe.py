"""`uploads-safe`: the uploads folder was fixed without losing documents or opening it up.

Graded against the documents present when the exercise began (.lab/uploads-baseline.json):
every one is still there with its size, and nothing under uploads/ is world-writable — a
`chmod -R 777` makes uploads work again and lets any local user replace a certificate.
"""

from __future__ import annotations

from typing import Literal

from grader.checks.base import Assertion, Check, CheckSpec, Outcome
from grader.context import CheckContext
from labs.core.i18n import tr
from labs.core.tree import TraineePath
from labs.core.uploads import UploadsRecord


class UploadsSafeSpec(CheckSpec):
    kind: Literal["uploads-safe"]


class UploadsSafe(Check[UploadsSafeSpec]):
    kind = "uploads-safe"
    Spec = UploadsSafeSpec

    def evaluate(self, spec: UploadsSafeSpec, ctx: CheckContext) -> Outcome:
        record = UploadsRecord.load(ctx.records.root)
        if record is None:
            return Outcome.unavailable(
                tr("Falta el registro de la carpeta de subidas.", "The uploads record is missing."),
                tr(
                    "Reinicie el ejercicio con `lab reset`.",
                    "Restart the exercise with `lab reset`.",
                ),
            )
        folder = ctx.tree.uploads
        lost = [rel for rel, size in record.files.items() if _size(folder / rel) != size]
        open_to_all = [p for p in _tree(folder) if p.stat().st_mode & 0o002]
        assertions = [
            Assertion(
                tr(
                    "los documentos subidos siguen ahí, completos",
                    "uploaded documents are still there",
                ),
                not lost,
                tr(
                    f"faltan {len(lost)} de {len(record.files)}",
                    f"{len(lost)} of {len(record.files)} gone",
                ),
                tr("ninguno falta", "none gone"),
                tr(
                    "Los documentos de los usuarios no se pueden volver a generar: corrija la "
                    "carpeta, no la reemplace.",
                    "Users' documents cannot be produced again: fix the folder, do not replace it.",
                ),
            ),
            Assertion(
                tr(
                    "nada en uploads/ es escribible por cualquiera",
                    "nothing in uploads/ is world-writable",
                ),
                not open_to_all,
                tr(
                    f"{len(open_to_all)} con escritura para todos",
                    f"{len(open_to_all)} world-writable",
                ),
                tr("ninguno", "none"),
                tr(
                    "Dar escritura a todos (`777`) hace funcionar la subida, y también deja que "
                    "cualquier usuario del servidor cambie un documento. Dé la carpeta a quien "
                    "debe escribir en ella.",
                    "World-writable (`777`) makes uploads work, and lets any local user change "
                    "a document. Give the folder to whoever must write to it.",
                ),
            ),
        ]
        evidence = {"lost": ", ".join(lost[:10]), "world_writable": str(len(open_to_all))}
        return Outcome.from_assertions(assertions, evidence)


def _tree(root: TraineePath) -> list[TraineePath]:
    return [root, *root.rglob("*")] if root.is_dir() else []


def _size(path: TraineePath) -> int | None:
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


CHECK = UploadsSafe
