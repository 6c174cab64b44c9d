"""Row generators behind `labs.seed.plan`: pure functions of (seed, anchor, volumes).

Each table draws from its own random stream (`random.Random(f"{seed}:{table}")`), so
changing one generator never reshuffles the others. Ids are local, 1..n per table.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

import bcrypt
from faker import Faker
from pydantic import BaseModel, ConfigDict

import labs.seed.catalog as cat
from labs.seed.catalog import NAMED_LOGINS, Login

Row = tuple[Any, ...]
_B64 = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


class TableRows(BaseModel):
    """The rows of one table, ready for a multi-row INSERT."""

    model_config = ConfigDict(frozen=True)

    table: str
    columns: tuple[str, ...]  # the first one is always `id`
    rows: tuple[Row, ...]
    refs: dict[str, str] = {}  # column -> table its (local) id points to
    natural_key: str | None = None  # reuse an existing row with the same key

    def column(self, name: str) -> list[Any]:
        at = self.columns.index(name)
        return [row[at] for row in self.rows]

    def remapped(self, idmaps: dict[str, dict[int, int]], fresh: set[int]) -> list[Row]:
        """The rows to insert, with local ids replaced by database ids."""
        spots = [(0, self.table)] + [(self.columns.index(c), t) for c, t in self.refs.items()]
        out = []
        for row in self.rows:
            if row[0] not in fresh:
                continue
            new = list(row)
            for at, table in spots:
                if new[at] is not None:
                    new[at] = idmaps[table][new[at]]
            out.append(tuple(new))
        return out


class SeedFile(BaseModel):
    """A stored upload: `relpath` is `<GENERAL|IMAGE>/<storageKey>` under the uploads root."""

    model_config = ConfigDict(frozen=True)

    relpath: str
    content: bytes


class Volumes(BaseModel):
    """How many rows the scaled tables get."""

    model_config = ConfigDict(frozen=True)

    users: int = 60
    farmers: int = 520
    orders: int = 2200
    transactions: int = 2100
    documents: int = 36

    def times(self, scale: int) -> Volumes:
        return Volumes(**{k: v * scale for k, v in self.model_dump().items()})


class Staff(NamedTuple):
    id: int
    active: bool


LAB_DOMAIN = "fortaleza.lab"
_STATUS_WEIGHTS = {"ACTIVE": 72, "CONFIRMED_EMAIL": 8, "UNCONFIRMED": 10, "DEACTIVATED": 10}
_ROLE_CYCLE = ("COMPANY_USER", "MANAGER", "COMPANY_USER", "ACCOUNTANT", "COMPANY_USER")


@lru_cache(maxsize=16)
def lab_hash(password: str, salt_seed: str) -> str:
    """bcrypt `$2b$10$` hash with a salt derived from the seed: one hash per password."""
    rng = random.Random(salt_seed)
    # The last salt character carries 2 unused bits; picking from these keeps it canonical.
    salt = "".join(rng.choice(_B64) for _ in range(21)) + rng.choice(".Oeu")
    return bcrypt.hashpw(password.encode(), f"$2b$10${salt}".encode()).decode()


def pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def moment(rng: random.Random, start: date, end: date) -> datetime:
    """A working-hours timestamp between two days (inclusive)."""
    day = start + timedelta(days=rng.randrange((end - start).days + 1))
    return datetime.combine(day, time(rng.randrange(7, 18), rng.randrange(60), rng.randrange(60)))


def uuid4(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class People(NamedTuple):
    logos: list[Row]
    logo_files: list[SeedFile]
    companies: TableRows
    users: TableRows
    links: TableRows
    facilities: TableRows


class Chain(NamedTuple):
    farmers: TableRows
    orders: TableRows
    transactions: TableRows
    docs: list[Row]
    doc_files: list[SeedFile]


class Builder:
    """Generates every table of a plan; keeps the cross-table facts (who works where)."""

    def __init__(self, seed: int, anchor: date, volumes: dict[str, int], password: str):
        self.seed, self.anchor, self.vol, self.password = seed, anchor, volumes, password
        self.start = anchor - timedelta(days=548)  # 18 months
        self.fake = Faker("es_MX")
        self.fake.seed_instance(seed)
        self.hash = lab_hash(password, f"{seed}:salt")
        self.logins: list[Login] = []
        self.files: tuple[SeedFile, ...] = ()
        self.emails: set[str] = set()
        self.staff: dict[int, list[Staff]] = {i: [] for i in range(len(cat.COMPANIES))}

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def people(self) -> People:
        """The organisations and who works there; the value chain (labs.seed.chain) builds
        on them, and `assemble` puts both in insertion order."""
        logos, logo_files = self._logos()
        companies = self._companies(logos)
        users, links = self._users()
        return People(logos, logo_files, companies, users, links, self._facilities())

    def assemble(self, people: People, chain: Chain) -> tuple[TableRows, ...]:
        self.files = tuple(people.logo_files + chain.doc_files)
        return (
            TableRows(
                table="Country",
                columns=("id", "code", "name"),
                rows=((1, "EC", "Ecuador"),),
                natural_key="code",
            ),
            TableRows(
                table="Document", columns=_DOC_COLUMNS, rows=tuple(people.logos + chain.docs)
            ),
            people.companies,
            people.users,
            people.links,
            TableRows(
                table="ProductType",
                natural_key="code",
                columns=("id", "creationTimestamp", "code", "name", "description"),
                rows=tuple(
                    (i + 1, datetime.combine(self.start, time(8)), *p)
                    for i, p in enumerate(cat.PRODUCT_TYPES)
                ),
            ),
            TableRows(
                table="FacilityType",
                columns=("id", "code", "label"),
                natural_key="code",
                rows=tuple(
                    (i + 1, code, label) for i, (code, label, _) in enumerate(cat.FACILITY_TYPES)
                ),
            ),
            people.facilities,
            chain.farmers,
            chain.orders,
            chain.transactions,
        )

    def _logos(self) -> tuple[list[Row], list[SeedFile]]:
        rng = self.rng("logos")
        rows: list[Row] = []
        files: list[SeedFile] = []
        for spec in cat.COMPANIES:
            if spec.status != "ACTIVE":
                continue
            key = uuid4(rng)
            filler = rng.randbytes(rng.randrange(2000, 9000))
            content = cat.jpeg_placeholder(f"Logo {spec.name}", filler)
            stamp = moment(rng, self.start - timedelta(days=400), self.start)
            rows.append(
                (
                    len(rows) + 1,
                    stamp,
                    "image/jpeg",
                    f"logo-{slug(spec.abbreviation)}.jpg",
                    len(content),
                    key,
                    "IMAGE",
                )
            )
            files.append(SeedFile(relpath=f"IMAGE/{key}", content=content))
        return rows, files

    def _companies(self, logos: list[Row]) -> TableRows:
        rng = self.rng("companies")
        logo_ids = iter(row[0] for row in logos)
        rows = []
        for i, spec in enumerate(cat.COMPANIES):
            place = cat.PLACES[spec.place]
            created = moment(rng, self.start - timedelta(days=700), self.start - timedelta(days=60))
            phone = f"{cat.AREA_CODES[place.province]}-2{rng.randrange(100000, 999999)}"
            rows.append(
                (
                    i + 1,
                    created,
                    created + timedelta(days=rng.randrange(30, 400)),
                    spec.abbreviation,
                    spec.about,
                    f"info@{spec.domain}",
                    f"Vía principal s/n, {place.parishes[0]}",
                    place.canton,
                    place.province,
                    f"{place.province_code}{rng.randrange(1000, 9999):04d}",
                    1,
                    f"{self.fake.first_name()} {rng.choice(cat.SURNAMES)}",
                    spec.name,
                    phone,
                    f"https://www.{spec.domain}",
                    next(logo_ids) if spec.status == "ACTIVE" else None,
                    False,
                    spec.kind != "exporter",
                    spec.kind == "association",
                    spec.status,
                )
            )
        return TableRows(
            table="Company",
            columns=_COMPANY_COLUMNS,
            rows=tuple(rows),
            refs={"headquarters_country_id": "Country", "logo_id": "Document"},
        )

    def email(self, local: str, domain: str) -> str:
        candidate, n = f"{local}@{domain}", 1
        while candidate in self.emails:
            n += 1
            candidate = f"{local}{n}@{domain}"
        self.emails.add(candidate)
        return candidate

    def _users(self) -> tuple[TableRows, TableRows]:
        rng = self.rng("users")
        users: list[Row] = []
        links: list[Row] = []
        per_company = [0] * len(cat.COMPANIES)

        def add(local: str, domain: str, name: str, surname: str, role: str, status: str) -> int:
            created = moment(
                rng, self.start - timedelta(days=365), self.anchor - timedelta(days=30)
            )
            lang = "EN" if rng.random() < 0.15 else "ES"
            users.append(
                (
                    len(users) + 1,
                    created,
                    created + timedelta(days=rng.randrange(0, 30)),
                    self.email(local, domain),
                    lang,
                    name,
                    self.hash,
                    role,
                    status,
                    surname,
                )
            )
            return len(users)

        def link(user: int, company: int, role: str, status: str) -> None:
            links.append((len(links) + 1, role, company + 1, user))
            self.staff[company].append(Staff(user, status == "ACTIVE"))
            per_company[company] += 1

        for local, name, surname, role, status, company, crole, note in NAMED_LOGINS:
            uid = add(local, LAB_DOMAIN, name, surname, role, status)
            if company is not None and crole is not None:
                link(uid, company, crole, status)
            self.logins.append(
                Login(
                    email=users[-1][3],
                    password=self.password,
                    role=role,
                    status=status,
                    note=note,
                    company=cat.COMPANIES[company].abbreviation if company is not None else None,
                    company_role=crole,
                )
            )
        for i in range(self.vol["users"] - len(NAMED_LOGINS)):
            role = (
                "SYSTEM_ADMIN" if i % 25 == 7 else "REGIONAL_ADMIN" if i % 25 in (3, 16) else "USER"
            )
            status = pick(rng, _STATUS_WEIGHTS)
            home = i % len(cat.COMPANIES)
            first = self.fake.first_name()
            surname = f"{rng.choice(cat.SURNAMES)} {rng.choice(cat.SURNAMES)}"
            domain = LAB_DOMAIN if role != "USER" else cat.COMPANIES[home].domain
            local = f"{slug(first)}.{slug(surname.split()[0])}"
            uid = add(local, domain, first, surname, role, status)
            if role == "REGIONAL_ADMIN":
                for company in (home, (home + 1) % len(cat.COMPANIES)):
                    link(uid, company, "MANAGER", status)
            elif role == "USER":
                n = per_company[home]
                link(uid, home, "COMPANY_ADMIN" if n == 0 else _ROLE_CYCLE[n % 5], status)
                if rng.random() < 0.12:
                    link(uid, (home + 3) % len(cat.COMPANIES), "COMPANY_USER", status)
        return (
            TableRows(table="User", columns=_USER_COLUMNS, rows=tuple(users)),
            TableRows(
                table="CompanyUser",
                columns=("id", "role", "company_id", "user_id"),
                rows=tuple(links),
                refs={"company_id": "Company", "user_id": "User"},
            ),
        )

    def _facilities(self) -> TableRows:
        rng = self.rng("facilities")
        type_ids = {code: i + 1 for i, (code, _, _) in enumerate(cat.FACILITY_TYPES)}
        collecting = {code for code, _, flag in cat.FACILITY_TYPES if flag}
        rows: list[Row] = []
        for i, spec in enumerate(cat.COMPANIES):
            place = cat.PLACES[spec.place]
            for code, pattern in cat.FACILITIES_BY_KIND[spec.kind]:
                name = pattern.format(
                    parish=place.parishes[0], parish2=place.parishes[1], canton=place.canton
                )
                created = moment(rng, self.start - timedelta(days=300), self.start)
                rows.append(
                    (
                        len(rows) + 1,
                        created,
                        created,
                        name,
                        code in collecting,
                        code in collecting,
                        spec.status == "DEACTIVATED",
                        code in collecting,
                        spec.product == "CACAO",
                        i + 1,
                        type_ids[code],
                    )
                )
        return TableRows(
            table="Facility",
            columns=_FACILITY_COLUMNS,
            rows=tuple(rows),
            refs={"company_id": "Company", "facilityType_id": "FacilityType"},
        )


_DOC_COLUMNS = ("id", "creationTimestamp", "contentType", "name", "size", "storageKey", "type")
_COMPANY_COLUMNS = (
    "id",
    "creationTimestamp",
    "updateTimestamp",
    "abbreviation",
    "about",
    "email",
    "headquarters_address",
    "headquarters_city",
    "headquarters_state",
    "headquarters_zip",
    "headquarters_country_id",
    "manager",
    "name",
    "phone",
    "webPage",
    "logo_id",
    "allowBeycoIntegration",
    "displayPrefferedWayOfPayment",
    "purchaseProofDocumentMultipleFarmers",
    "status",
)
_USER_COLUMNS = (
    "id",
    "creationTimestamp",
    "updateTimestamp",
    "email",
    "language",
    "name",
    "password",
    "role",
    "status",
    "surname",
)
_FACILITY_COLUMNS = (
    "id",
    "creationTimestamp",
    "updateTimestamp",
    "name",
    "isCollectionFacility",
    "isPublic",
    "isDeactivated",
    "displayMayInvolveCollectors",
    "displayOrganic",
    "company_id",
    "facilityType_id",
)
