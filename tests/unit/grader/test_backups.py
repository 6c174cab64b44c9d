"""Backup evidence without Docker: what zcat/gzip -t see in a file, and backup names."""

from __future__ import annotations

import gzip
from pathlib import Path

from grader.backups import read_dump
from labs.core.backups import TableStats, name_kind, name_time, same_data

DUMP = (
    b"-- MySQL dump\nDROP TABLE IF EXISTS `User`;\nCREATE TABLE `User` (id int);\n"
    b"INSERT INTO `User` VALUES (1),(2);\nCREATE TABLE `Company` (id int);\n"
    b"-- Dump completed on 2026-12-01\n"
)


def test_a_sound_dump(tmp_path: Path) -> None:
    path = tmp_path / "backup-manual-20261201-101010.sql.gz"
    path.write_bytes(gzip.compress(DUMP))
    facts = read_dump(path)
    assert facts.gzip_ok
    assert facts.completed
    assert not facts.damaged
    assert (facts.create_lines, facts.insert_lines) == (2, 1)
    assert facts.created == {"User", "Company"}
    assert facts.inserted == {"User"}


def test_a_truncated_gzip_and_a_cut_dump_are_damaged(tmp_path: Path) -> None:
    truncated = tmp_path / "a.sql.gz"
    truncated.write_bytes(gzip.compress(DUMP)[:-12])
    assert not read_dump(truncated).gzip_ok
    assert read_dump(truncated).damaged
    cut = tmp_path / "b.sql.gz"
    cut.write_bytes(gzip.compress(DUMP[:60]))
    assert read_dump(cut).gzip_ok
    assert read_dump(cut).damaged
    empty = tmp_path / "c.sql.gz"
    empty.write_bytes(b"")
    assert read_dump(empty).damaged


def test_names_as_production_writes_them() -> None:
    assert name_kind("backup-20261201-182848-pre-deploy.sql.gz") == "pre-deploy"
    assert name_kind("backup-auto-20261201-020000.sql.gz") == "auto"
    assert name_kind("backup-manual-2026-12-01.sql.gz") is None
    assert name_time("backup-auto-20261201-020000.sql.gz") is not None


def test_same_data_compares_rows_and_checksums() -> None:
    a = {"User": TableStats(rows=3, checksum=10)}
    assert same_data(a, {"User": TableStats(rows=3, checksum=10)})
    assert not same_data(a, {"User": TableStats(rows=3, checksum=11)})
    assert not same_data(a, {"User": TableStats(rows=2, checksum=10)})
    assert not same_data(a, {})
