"""The seed plan, without any database: determinism, volumes, coverage, consistency."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import bcrypt
import pytest

from labs import seed
from labs.core import constants
from labs.core.errors import LabError

MIGRATIONS = (
    Path(__file__).resolve().parents[3]
    / "compose"
    / "backend"
    / "app"
    / "inatrace_replica"
    / "migrations"
)
FAKE_DOMAIN = re.compile(r"@[a-z0-9.-]+\.(lab|example)$")


@cache
def the_plan(seed_value: int = 2025, scale: int = 1) -> seed.SeedPlan:
    return seed.plan(seed_value, scale)


def rows_of(table: str, plan: seed.SeedPlan | None = None) -> list[dict[str, object]]:
    rows = (plan or the_plan()).table(table)
    return [dict(zip(rows.columns, row, strict=True)) for row in rows.rows]


@cache
def schema() -> dict[str, dict[str, str]]:
    """Table -> column -> its SQL type, from the replica's own migration files."""
    tables: dict[str, dict[str, str]] = {}
    for path in sorted(MIGRATIONS.glob("V*.sql")):
        text = path.read_text(encoding="utf-8")
        for name, body in re.findall(r"CREATE TABLE[^`]*`(\w+)` \((.*?)\n\)", text, re.S):
            tables[name] = dict(re.findall(r"^\s*`(\w+)` (.+?),?$", body, re.M))
        # Columns are added inside guarded prepared statements, as in the fork:
        # 'ALTER TABLE `T` ADD COLUMN c TYPE ...' with its quotes doubled.
        for name, column, sql_type in re.findall(
            r"'ALTER TABLE `(\w+)` ADD COLUMN (\w+) (.+?)', 'SELECT 1'", text
        ):
            tables[name][column] = sql_type.replace("''", "'")
    return tables


def enum_values(table: str, column: str) -> set[str]:
    return set(re.findall(r"'(\w+)'", schema()[table][column].split(")")[0]))


def test_the_same_seed_gives_the_same_rows_and_digest() -> None:
    first, second = seed.plan(7), seed.plan(7)
    assert first.digest == second.digest
    assert first.table("StockOrder").rows == second.table("StockOrder").rows
    assert [f.content for f in first.files] == [f.content for f in second.files]


def test_different_seeds_give_different_data() -> None:
    other = seed.plan(8)
    assert other.digest != the_plan().digest
    assert rows_of("User", other)[10]["email"] != rows_of("User")[10]["email"]


def test_scale_one_has_the_promised_volumes() -> None:
    counts = the_plan().counts()
    assert counts["User"] >= 50
    assert 6 <= counts["Company"] <= 10
    assert counts["UserCustomer"] >= 500
    assert counts["StockOrder"] >= 2000
    assert counts["Transaction"] >= 2000
    assert Counter(r["type"] for r in rows_of("Document"))["GENERAL"] >= 30


def test_scale_two_doubles_people_orders_and_documents_but_not_companies() -> None:
    one, two = the_plan().counts(), the_plan(2025, 2).counts()
    for table in ("User", "UserCustomer", "StockOrder", "Transaction"):
        assert two[table] == 2 * one[table]
    assert two["Company"] == one["Company"]
    assert len(the_plan(2025, 2).files) > len(the_plan().files)


def test_a_scale_below_one_is_refused() -> None:
    with pytest.raises(LabError, match="escala"):
        seed.plan(1, 0)


def test_every_planned_column_exists_in_the_replica_schema() -> None:
    for rows in the_plan().tables:
        assert set(rows.columns) <= set(schema()[rows.table]), rows.table


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("User", "role"),
        ("User", "status"),
        ("CompanyUser", "role"),
        ("Company", "status"),
        ("UserCustomer", "gender"),
        ("UserCustomer", "type"),
        ("UserCustomer", "personType"),
        ("StockOrder", "orderType"),
        ("StockOrder", "preferredWayOfPayment"),
        ("Transaction", "status"),
        ("Document", "type"),
    ],
)
def test_every_enum_value_of_the_schema_is_used(table: str, column: str) -> None:
    used = {r[column] for r in rows_of(table)} - {None}
    assert used == enum_values(table, column)


def test_users_speak_spanish_or_english_only() -> None:
    assert {r["language"] for r in rows_of("User")} == {"ES", "EN"}


def test_foreign_keys_point_to_rows_of_the_plan() -> None:
    plan = the_plan()
    for rows in plan.tables:
        for column, target in rows.refs.items():
            ids = set(plan.table(target).column("id"))
            dangling = {v for v in rows.column(column) if v is not None} - ids
            assert not dangling, f"{rows.table}.{column} -> {target}: {sorted(dangling)[:5]}"


def test_stock_orders_use_producers_facilities_and_staff_of_their_own_company() -> None:
    farmer_company = {r["id"]: r["company_id"] for r in rows_of("UserCustomer")}
    facility_company = {r["id"]: r["company_id"] for r in rows_of("Facility")}
    staff = {(r["company_id"], r["user_id"]) for r in rows_of("CompanyUser")}
    for order in rows_of("StockOrder"):
        company = order["company_id"]
        assert facility_company[order["facility_id"]] == company
        assert (company, order["createdBy_id"]) in staff
        if order["orderType"] == "PURCHASE_ORDER":
            assert farmer_company[order["producerUserCustomer_id"]] == company
        else:
            assert order["producerUserCustomer_id"] is None


def test_transactions_follow_their_stock_order() -> None:
    orders = {r["id"]: r for r in rows_of("StockOrder")}
    for tx in rows_of("Transaction"):
        order = orders[tx["sourceStockOrder_id"]]
        assert tx["company_id"] == order["company_id"]
        assert tx["sourceFacility_id"] == order["facility_id"]
        assert tx["inputQuantity"] == order["totalQuantity"]
        assert tx["creationTimestamp"] > order["creationTimestamp"]
        assert (tx["status"] == "EXECUTED") == (order["isAvailable"] is False)


def test_purchase_amounts_add_up() -> None:
    for order in rows_of("StockOrder"):
        if order["orderType"] != "PURCHASE_ORDER":
            continue
        cost = Decimal(str(order["pricePerUnit"])) * Decimal(str(order["totalQuantity"]))
        assert abs(cost - Decimal(str(order["cost"]))) <= Decimal("0.005")
        assert order["balance"] == order["cost"] - order["paid"]  # type: ignore[operator]
        assert order["currency"] == "USD"


def test_identifiers_follow_the_inatrace_pattern_and_are_unique() -> None:
    identifiers = [r["identifier"] for r in rows_of("StockOrder")]
    assert all(re.fullmatch(r"(PO|PRC|TRF|GEN)-20\d\d-\d{6}", str(i)) for i in identifiers)
    assert len(set(identifiers)) == len(identifiers)
    assert "PO-2025-000001" in identifiers


def test_orders_lie_in_the_18_months_before_the_anchor() -> None:
    end = datetime.combine(seed.ANCHOR_DATE, datetime.max.time())
    start = end - timedelta(days=550)
    stamps = [r["creationTimestamp"] for r in rows_of("StockOrder")]
    assert all(start <= s <= end for s in stamps)  # type: ignore[operator]
    assert stamps == sorted(stamps)  # type: ignore[type-var]  # ids grow with time


def test_emails_are_unique_and_on_fake_domains() -> None:
    users = [str(r["email"]) for r in rows_of("User")]
    assert len(set(users)) == len(users)
    assert constants.ADMIN_EMAIL not in users  # the backend creates it
    others = [r["email"] for r in rows_of("UserCustomer") + rows_of("Company") if r["email"]]
    assert all(FAKE_DOMAIN.search(str(e)) for e in users + others)


def test_passwords_are_one_bcrypt_hash_of_the_lab_password() -> None:
    hashes = {str(r["password"]) for r in rows_of("User")}
    assert len(hashes) == 1
    (hashed,) = hashes
    assert hashed.startswith("$2b$10$")
    assert bcrypt.checkpw(seed.LAB_PASSWORD.encode(), hashed.encode())
    assert seed.LAB_PASSWORD.startswith("lab-only")


def test_named_logins_include_a_working_one_and_the_blocked_kinds() -> None:
    logins = {login.email: login for login in the_plan().logins}
    tecnico = logins["tecnico@fortaleza.lab"]
    assert (tecnico.status, tecnico.company_role) == ("ACTIVE", "COMPANY_ADMIN")
    assert {"DEACTIVATED", "UNCONFIRMED"} <= {login.status for login in logins.values()}
    assert {login.password for login in logins.values()} == {seed.LAB_PASSWORD}
    users = {r["email"]: r for r in rows_of("User")}
    assert all(users[e]["status"] == login.status for e, login in logins.items())


def test_documents_come_with_files_of_the_recorded_size() -> None:
    files = {f.relpath: f.content for f in the_plan().files}
    documents = rows_of("Document")
    assert len(files) == len(documents)
    for doc in documents:
        content = files[f"{doc['type']}/{doc['storageKey']}"]
        assert len(content) == doc["size"]
        assert uuid.UUID(str(doc["storageKey"])).version == 4
        if doc["contentType"] == "application/pdf":
            assert content.startswith(b"%PDF-1.4")
            assert content.rstrip().endswith(b"%%EOF")
        if doc["contentType"] == "image/jpeg":
            assert content.startswith(b"\xff\xd8\xff\xe0")
            assert content.endswith(b"\xff\xd9")


def test_only_legal_persons_have_a_company_name_and_a_legal_representative() -> None:
    for farmer in rows_of("UserCustomer"):
        legal = farmer["personType"] == "LEGAL"
        assert (farmer["companyName"] is not None) == legal
        assert (farmer["legalRepresentative"] is not None) == legal
