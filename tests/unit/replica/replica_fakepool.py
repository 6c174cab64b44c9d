"""A stand-in for db.Pool that answers the API's queries from a few dicts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from inatrace_replica import jdbc, security
from inatrace_replica.errors import JavaException

ADMIN = {
    "id": 1,
    "email": "admin@fortaleza.lab",
    "name": "Ana",
    "surname": "Vera",
    "status": "ACTIVE",
    "role": "SYSTEM_ADMIN",
    "language": "ES",
}


class _Conn:
    _read_timeout = 10.0
    _write_timeout = 10.0

    def ping(self, reconnect: bool = False) -> None:
        return None


class FakePool:
    def __init__(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.down = False
        self.executed: list[tuple[str, Any]] = []
        self.server_version = "8.0.35"
        self.connection_timeout_s = 0.0  # the fast mode: one attempt, no 30 s wait
        self.documents: set[str] = set()
        self.add_user(ADMIN, "lab-only-admin")

    def add_user(self, user: dict[str, Any], password: str) -> None:
        self.users[user["email"]] = {**user, "password": security.hash_password(password)}

    def _fail(self) -> None:
        if self.down:
            cause = jdbc.connect_error(OSError("([Errno -2] Name or service not known)"), "db")
            raise JavaException(
                "org.springframework.transaction.CannotCreateTransactionException",
                "Could not open JPA EntityManager for transaction",
                (),
                cause,
            )

    def query(self, sql: str, args: Any = None) -> list[dict[str, Any]]:
        self._fail()
        text = " ".join(sql.split())
        if "FROM `User` WHERE email = %s" in text:
            user = self.users.get(args[0])
            return [user] if user else []
        if "FROM `User` WHERE id = %s" in text:
            return [u for u in self.users.values() if u["id"] == args[0]]
        if "FROM CompanyUser WHERE user_id" in text:
            return [{"company_id": 1, "role": "COMPANY_ADMIN"}]
        if text.startswith("SELECT COUNT(*) AS n"):
            return [{"n": 1}]
        if "FROM Company c WHERE" in text:
            return [
                {"id": 1, "name": "Fortaleza del Valle", "abbreviation": None, "status": "ACTIVE"}
            ]
        if "FROM Document WHERE storageKey" in text and args[0] in self.documents:
            return [
                {
                    "id": 1,
                    "name": "f.txt",
                    "contentType": "text/plain",
                    "size": 5,
                    "type": "GENERAL",
                }
            ]
        return []

    def execute(self, sql: str, args: Any = None) -> tuple[int, int]:
        self._fail()
        self.executed.append((" ".join(sql.split()), args))
        if "INSERT INTO Document" in sql:
            self.documents.add(args[4])
        return 1, len(self.executed)

    @contextmanager
    def connection(self, wait_s: float = 2.0) -> Iterator[_Conn]:
        if self.down:
            cause = jdbc.connect_error(OSError("([Errno 111] Connection refused)"), "db")
            raise jdbc.pool_timeout(
                "HikariPool-1", 5, "(total=0, active=0, idle=0, waiting=0)", cause
            )
        yield _Conn()
