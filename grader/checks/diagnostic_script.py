"""`diagnostic-script`: the Práctica 22 database diagnostic script prints LIVE numbers.

The grader runs the trainee's script itself (with a deadline) and compares its four
sections with what MySQL answers right now: table sizes, record counts, the last
Flyway migrations and users by role and status. A script that echoes the course's
example output, or whose `mysql` calls fail (a password the shell does not have),
prints nothing that matches and earns nothing beyond existing and running.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, RelPath
from grader.context import CheckContext
from grader.evidence import EvidenceError, has_token
from grader.trainee_scripts import run_script
from labs.core import constants
from labs.core.i18n import tr

COUNTED_TABLES = ("User", "Company", "UserCustomer", "StockOrder", "Transaction")
SIZES_SQL = (
    "SELECT table_name, ROUND(((data_length + index_length) / 1024 / 1024), 2), "
    "data_length + index_length FROM information_schema.TABLES "
    f"WHERE table_schema = '{constants.DATABASE_NAME}' "
    "ORDER BY (data_length + index_length) DESC"
)
MIGRATIONS_SQL = "SELECT version FROM schema_version ORDER BY installed_rank DESC LIMIT {n}"
ROLES_SQL = "SELECT role, status, COUNT(*) FROM `User` GROUP BY role, status"
MIN_SIZED_TABLES = 3


class DiagnosticScriptSpec(CheckSpec):
    kind: Literal["diagnostic-script"]
    path: RelPath = "home/usuario/diagnose-db.sh"
    timeout: float = Field(default=60, gt=0, le=180)
    migrations: int = Field(default=5, ge=1, le=20)


class DiagnosticScript(Check[DiagnosticScriptSpec]):
    kind = "diagnostic-script"
    Spec = DiagnosticScriptSpec

    def evaluate(self, spec: DiagnosticScriptSpec, ctx: CheckContext) -> Outcome:
        ran = run_script(ctx, spec.path, spec.timeout)
        if isinstance(ran, Outcome):
            return ran
        out = ran.result.stdout
        sections = [
            _sizes(ctx, out),
            _counts(ctx, out),
            _migrations(ctx, out, spec.migrations),
            _roles(ctx, out),
        ]
        assertions = [*ran.opening, *(replace(a, partial=True) for a in sections)]
        evidence = ran.evidence(spec.path, 3000) | {"stderr": ran.result.stderr[-1000:]}
        return Outcome.from_assertions(assertions, evidence)


def _rows(ctx: CheckContext, query: str) -> list[list[str]] | None:
    try:
        return [list(r) for r in ctx.sql(query)]
    except (EvidenceError, RuntimeError, OSError):
        return None


def _on_one_line(out: str, tokens: Sequence[str]) -> bool:
    """Some line of the output shows every token (a row of the table, as mysql prints it)."""
    return any(all(has_token(line, t) for t in tokens) for line in out.splitlines())


def _no_mysql() -> str:
    return tr("MySQL no respondió al evaluador", "MySQL did not answer the grader")


def _sizes(ctx: CheckContext, out: str) -> Assertion:
    label = tr("1. tamaño real de las tablas principales", "1. real size of the main tables")
    fix = tr(
        "Consulte `information_schema.TABLES` (data_length + index_length) ordenado de mayor "
        "a menor, con el nombre de cada tabla junto a su tamaño.",
        "Query `information_schema.TABLES` (data_length + index_length) largest first, "
        "each table name next to its size.",
    )
    rows = _rows(ctx, SIZES_SQL)
    if not rows:
        return Assertion(label, False, _no_mysql(), "", fix)
    shown = [r[0] for r in rows if _on_one_line(out, [r[0], r[1]]) or _on_one_line(out, r[::2])]
    largest = {r[0] for r in rows if r[2] == rows[0][2]}
    ok = len(shown) >= min(MIN_SIZED_TABLES, len(rows)) and bool(largest & set(shown))
    return Assertion(
        label,
        ok,
        tr(f"{len(shown)} tablas con su tamaño real", f"{len(shown)} tables with their real size"),
        tr(
            f"≥ {MIN_SIZED_TABLES}, la mayor incluida",
            f"≥ {MIN_SIZED_TABLES}, the largest included",
        ),
        fix,
    )


def _counts(ctx: CheckContext, out: str) -> Assertion:
    label = tr("2. conteo real de registros", "2. real record counts")
    fix = tr(
        "Cuente los registros de " + ", ".join(COUNTED_TABLES) + " con `COUNT(*)`, "
        "cada tabla en la misma línea que su número.",
        "Count the rows of " + ", ".join(COUNTED_TABLES) + " with `COUNT(*)`, "
        "each table on the same line as its number.",
    )
    query = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM `{t}`" for t in COUNTED_TABLES)
    rows = _rows(ctx, query)
    if not rows:
        return Assertion(label, False, _no_mysql(), "", fix)
    shown = [r[0] for r in rows if _on_one_line(out, r)]
    return Assertion(
        label,
        len(shown) == len(rows),
        tr(f"{len(shown)}/{len(rows)} tablas", f"{len(shown)}/{len(rows)} tables"),
        ", ".join(f"{r[0]}={r[1]}" for r in rows),
        fix,
    )


def _migrations(ctx: CheckContext, out: str, n: int) -> Assertion:
    label = tr("3. últimas migraciones Flyway", "3. last Flyway migrations")
    fix = tr(
        f"Muestre las {n} últimas filas de `schema_version` (por `installed_rank`, de la más "
        "reciente a la más antigua).",
        f"Show the last {n} rows of `schema_version` (by `installed_rank`, newest first).",
    )
    rows = _rows(ctx, MIGRATIONS_SQL.format(n=n))
    if not rows:
        return Assertion(label, False, _no_mysql(), "", fix)
    versions = [r[0] for r in rows if r and r[0]]
    shown = [v for v in versions if has_token(out, v)]
    return Assertion(
        label,
        bool(versions) and len(shown) == len(versions),
        tr(f"{len(shown)}/{len(versions)} versiones", f"{len(shown)}/{len(versions)} versions"),
        ", ".join(versions),
        fix,
    )


def _roles(ctx: CheckContext, out: str) -> Assertion:
    label = tr("4. usuarios por rol y estado", "4. users by role and status")
    fix = tr(
        "Agrupe `User` por `role` y `status` con su `COUNT(*)`, un grupo por línea.",
        "Group `User` by `role` and `status` with its `COUNT(*)`, one group per line.",
    )
    rows = _rows(ctx, ROLES_SQL)
    if not rows:
        return Assertion(label, False, _no_mysql(), "", fix)
    shown = [r for r in rows if _on_one_line(out, [x for x in r if x])]
    return Assertion(
        label,
        len(shown) == len(rows),
        tr(f"{len(shown)}/{len(rows)} grupos", f"{len(shown)}/{len(rows)} groups"),
        "; ".join(" ".join(r) for r in rows),
        fix,
    )


CHECK = DiagnosticScript
