"""The database side of the seed, against a scripted cursor (no MySQL needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from labs import seed
from labs.core.errors import LabError
from labs.seed.rows import TableRows


class ScriptedCursor:
    """Answers each query with the result whose key is a substring of the SQL."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.executed: list[str] = []
        self.result: Any = None

    def execute(self, sql: str, args: Any = None) -> None:
        self.executed.append(sql)
        self.result = next((v for k, v in self.answers.items() if k in sql), None)

    def fetchone(self) -> Any:
        return self.result

    def fetchall(self) -> Any:
        return self.result


def small_table(natural_key: str | None = None) -> TableRows:
    return TableRows(
        table="FacilityType",
        columns=("id", "code", "label"),
        rows=((1, "A", "a"), (2, "B", "b"), (3, "C", "c")),
        natural_key=natural_key,
    )


def test_local_ids_continue_after_the_rows_already_in_the_table() -> None:
    cur = ScriptedCursor({"MAX(id)": (41,)})
    mapping, fresh = seed._id_map(cur, small_table())
    assert mapping == {1: 42, 2: 43, 3: 44}
    assert fresh == {1, 2, 3}


def test_rows_with_an_existing_natural_key_are_reused_not_inserted() -> None:
    cur = ScriptedCursor({"MAX(id)": (7,), "SELECT `code`, id": [("B", 5)]})
    mapping, fresh = seed._id_map(cur, small_table(natural_key="code"))
    assert mapping == {1: 8, 2: 5, 3: 9}
    assert fresh == {1, 3}


def test_remapping_rewrites_ids_and_foreign_keys_of_fresh_rows_only() -> None:
    rows = TableRows(
        table="Facility",
        columns=("id", "name", "company_id", "facilityType_id"),
        rows=((1, "x", 1, 2), (2, "y", 2, None)),
        refs={"company_id": "Company", "facilityType_id": "FacilityType"},
    )
    idmaps = {"Facility": {1: 11, 2: 12}, "Company": {1: 101, 2: 102}, "FacilityType": {2: 5}}
    assert rows.remapped(idmaps, {1, 2}) == [(11, "x", 101, 5), (12, "y", 102, None)]
    assert rows.remapped(idmaps, {2}) == [(12, "y", 102, None)]


def test_the_same_plan_twice_is_recognised_as_already_seeded() -> None:
    plan = seed.plan(3)
    cur = ScriptedCursor({"FROM `lab_seed`": (3, 1, plan.digest)})
    assert seed._already_seeded(cur, plan)


def test_a_database_seeded_differently_is_refused_with_the_seed_to_use() -> None:
    plan = seed.plan(3)
    cur = ScriptedCursor({"FROM `lab_seed`": (99, 2, "0" * 64)})
    with pytest.raises(LabError, match="semilla 99") as caught:
        seed._already_seeded(cur, plan)
    assert caught.value.fix is not None
    assert "--seed 99 --scale 2" in caught.value.fix


def test_data_that_no_seed_wrote_is_refused() -> None:
    cur = ScriptedCursor({"FROM `StockOrder`": (12,), "COUNT(*)": (0,)})
    with pytest.raises(LabError, match="StockOrder"):
        seed._refuse_foreign_data(cur)


def test_an_unwritable_uploads_directory_is_a_lab_error(tmp_path: Path) -> None:
    blocker = tmp_path / "uploads"
    blocker.write_text("not a directory")
    with pytest.raises(LabError, match="archivos subidos"):
        seed._write_files(seed.plan(3), blocker)


def test_files_land_under_their_type_and_storage_key(tmp_path: Path) -> None:
    plan = seed.plan(3)
    written, size = seed._write_files(plan, tmp_path)
    assert written == len(plan.files)
    assert size == sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file())
    assert {p.parent.name for p in tmp_path.rglob("*") if p.is_file()} == {"GENERAL", "IMAGE"}
