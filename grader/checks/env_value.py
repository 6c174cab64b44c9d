"""`env-value`: a key of the deploy .env is fixed, and the running container carries the fix."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from grader.checks.base import Assertion, Check, CheckSpec, Outcome, ServiceName
from grader.context import CheckContext
from labs.core import constants
from labs.core.i18n import tr

EnvKey = Annotated[str, Field(pattern=r"^[A-Z_][A-Z0-9_]*$")]


class EnvValueSpec(CheckSpec):
    kind: Literal["env-value"]
    key: EnvKey
    container_key: EnvKey | None = None  # the name inside the container, when compose renames it
    forbidden: str | None = None  # the injected bad value must be gone
    equals: str | None = None
    container: ServiceName | None = "backend"


class EnvValue(Check[EnvValueSpec]):
    kind = "env-value"
    Spec = EnvValueSpec

    def evaluate(self, spec: EnvValueSpec, ctx: CheckContext) -> Outcome:
        env_file = ctx.tree.env_file
        if not env_file.is_file():
            return Outcome.unavailable(
                tr(f"No existe {env_file}.", f"{env_file} is missing."),
                tr("No borre el .env del despliegue.", "Do not delete the deploy .env."),
            )
        file_value = read_env_file(env_file.read_text()).get(spec.key)
        assertions = [
            _assert(
                spec,
                f".env {spec.key}",
                file_value,
                tr("Corrija el valor en el archivo .env.", "Fix the value in the .env file."),
            )
        ]
        evidence = {f".env:{spec.key}": str(file_value)}
        if spec.container:
            info = ctx.container(spec.container)
            inner = spec.container_key or spec.key
            live = info.env().get(inner) if info else None
            evidence[f"{constants.CONTAINERS[spec.container]}:{inner}"] = str(live)
            assertions.append(
                _assert(
                    spec,
                    tr(f"{inner} dentro del contenedor", f"{inner} inside the container"),
                    live,
                    tr(
                        "Editar el .env no basta: recree el contenedor con "
                        f"`docker compose up -d --force-recreate {spec.container}`.",
                        "Editing .env is not enough: recreate the container with "
                        f"`docker compose up -d --force-recreate {spec.container}`.",
                    ),
                )
            )
        return Outcome.from_assertions(assertions, evidence)


def _assert(spec: EnvValueSpec, label: str, value: str | None, fix: str) -> Assertion:
    # Without `equals`, removing the bad line is a fix too (compose falls back to its default).
    ok = value == spec.equals if spec.equals is not None else value != spec.forbidden
    expected = spec.equals if spec.equals is not None else f"≠ {spec.forbidden}"
    return Assertion(label, ok, str(value), expected, fix)


def read_env_file(text: str) -> dict[str, str]:
    """KEY=VALUE lines as compose reads them (comments and blanks skipped, quotes removed)."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


CHECK = EnvValue
