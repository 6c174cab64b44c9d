"""Comparing data baselines: what counts as lost, gained or changed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from labs import baseline
from labs.baseline import Baseline, TableState
from labs.core.errors import LabError


def snap(server: str = "8.0.35", **tables: tuple[int, int | None, int | None]) -> Baseline:
    states = {name: TableState(rows=r, checksum=c, max_id=m) for name, (r, c, m) in tables.items()}
    history = states.pop("schema_version", None)
    return Baseline(
        database="inatrace_test_fortaleza",
        server=server,
        taken_at=datetime(2026, 1, 1, tzinfo=UTC),
        tables=states,
        schema_version=history,
    )


BASE = snap(User=(61, 111, 61), StockOrder=(2200, 222, 2200), schema_version=(3, 9, None))


def changes(current: Baseline, before: Baseline = BASE) -> dict[str, str]:
    return {d.table: d.change for d in baseline.compare(before, current)}


def test_an_identical_snapshot_has_no_differences() -> None:
    assert baseline.compare(BASE, BASE) == []


def test_deleted_rows_are_reported_as_lost_with_both_counts() -> None:
    current = snap(User=(61, 111, 61), StockOrder=(2100, 5, 2200), schema_version=(3, 9, None))
    (diff,) = baseline.compare(BASE, current)
    assert (diff.table, diff.change, diff.expected_rows, diff.actual_rows) == (
        "StockOrder",
        "rows_lost",
        2200,
        2100,
    )
    assert "faltan filas (2100 de 2200)" in diff.describe()


def test_new_rows_are_reported_as_gained() -> None:
    current = snap(User=(62, 7, 62), StockOrder=(2200, 222, 2200), schema_version=(3, 9, None))
    assert changes(current) == {"User": "rows_gained"}


def test_an_edited_row_shows_as_a_changed_checksum() -> None:
    current = snap(User=(61, 112, 61), StockOrder=(2200, 222, 2200), schema_version=(3, 9, None))
    assert changes(current) == {"User": "changed"}


def test_checksums_of_another_engine_are_not_compared() -> None:
    mariadb = "10.11.6-MariaDB-0+deb12u1"
    current = snap(
        mariadb, User=(61, 1, 61), StockOrder=(2200, 2, 2200), schema_version=(3, 3, None)
    )
    assert changes(current) == {}
    assert current.engine == "mariadb-10.11"
    assert BASE.engine == "mysql-8.0"


def test_rows_replaced_under_new_ids_are_seen_even_without_checksums() -> None:
    current = snap(
        "10.11.6-MariaDB", User=(61, 1, 70), StockOrder=(2200, 2, 2200), schema_version=(3, 3, None)
    )
    assert changes(current) == {"User": "changed"}


def test_dropped_and_new_tables_are_reported() -> None:
    current = snap(User=(61, 111, 61), Extra=(0, 0, None), schema_version=(3, 9, None))
    assert changes(current) == {"StockOrder": "missing", "Extra": "unexpected"}


def test_a_failed_migration_row_shows_in_the_schema_history() -> None:
    current = snap(User=(61, 111, 61), StockOrder=(2200, 222, 2200), schema_version=(4, 1, None))
    assert changes(current) == {"schema_version": "rows_gained"}


def test_a_baseline_survives_saving_and_loading(tmp_path: Path) -> None:
    path = tmp_path / ".lab" / "baseline.json"
    baseline.save(BASE, path)
    assert baseline.load(path) == BASE


def test_a_damaged_baseline_file_is_a_lab_error(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text("{not json")
    with pytest.raises(LabError, match="línea base"):
        baseline.load(path)
