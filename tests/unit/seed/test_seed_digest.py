"""The default seed's data is pinned: the same `lab start` gives the same rows on every host.

If Faker (pinned in pyproject.toml and requirements.lock) or the seed code changes ON
PURPOSE, regenerate the constants below (the failing assertion prints the new values) and
say so in the commit. If they change ON THEIR OWN (a new Faker, a dependency, a Python
version, hash randomization, the calendar), some host's trainees would get different data
than the course material and other hosts: find the cause instead of updating the constants.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from labs.seed import SeedPlan, plan

# `lab start`'s default --seed, written out so that a changed default also shows up here.
DEFAULT_SEED = 2025
# sha256 of the canonical JSON of the whole plan (`canonical_json` below).
PLAN_SHA256 = "1e4ffd25d6e00d72f3f29f00c61a115d131c719675f5002df580265982751e98"
# The plan's own digest (`SeedPlan.digest`): recorded in the `lab_seed` marker table, so a
# change also makes a restarted lab refuse a database seeded before it.
PLAN_DIGEST = "2597e17cf283e0aff26249ed2044a9a8e52e935688742794c2f3caa513ad18dc"


@cache
def default_plan() -> SeedPlan:
    return plan(seed=DEFAULT_SEED, scale=1)


def _jsonable(value: Any) -> Any:
    # Every non-JSON type is tagged, so that e.g. Decimal("1") and 1 differ; an unknown
    # type fails instead of falling back to a repr that might not be deterministic.
    if isinstance(value, bytes):
        return {"bytes.sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, datetime | date | time):
        return {type(value).__name__: value.isoformat()}
    if isinstance(value, Decimal | UUID):
        return {type(value).__name__: str(value)}
    if isinstance(value, BaseModel):
        return value.model_dump()
    raise TypeError(f"no canonical JSON for {type(value).__name__}: {value!r}")


def canonical_json(model: BaseModel) -> str:
    return json.dumps(
        model.model_dump(),
        default=_jsonable,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )


def test_default_seed_is_the_one_lab_start_uses() -> None:
    # Imported here: the digest tests above must not depend on the whole CLI importing.
    import typer

    from labs.cli.main import app

    cli = typer.main.get_command(app)
    assert isinstance(cli, typer.core.TyperGroup)
    (seed_option,) = (p for p in cli.commands["start"].params if p.name == "seed")
    assert seed_option.default == DEFAULT_SEED


def test_default_plan_canonical_json_is_pinned() -> None:
    text = canonical_json(default_plan())
    got = hashlib.sha256(text.encode()).hexdigest()
    assert got == PLAN_SHA256, f"PLAN_SHA256 is now {got} (see the module docstring)"


def test_default_plan_digest_is_pinned() -> None:
    got = default_plan().digest
    assert got == PLAN_DIGEST, f"PLAN_DIGEST is now {got} (see the module docstring)"
