"""The value chain part of the seed: farmers, stock orders, transactions, documents.

Orders are drafted first and then sorted by time, so ids and identifiers
(`PO-2026-000123`) grow with the calendar as in a real database.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

import labs.seed.catalog as cat
from labs.seed.rows import (
    Builder,
    Chain,
    Row,
    SeedFile,
    TableRows,
    moment,
    pick,
    slug,
    uuid4,
)

_GENDERS = {"MALE": 58, "FEMALE": 38, "DIVERSE": 1, "N_A": 3}
_ORDER_KINDS = {
    "PURCHASE_ORDER": 85,
    "PROCESSING_ORDER": 7,
    "TRANSFER_ORDER": 5,
    "GENERAL_ORDER": 3,
}
_PREFIX = {
    "PURCHASE_ORDER": "PO",
    "PROCESSING_ORDER": "PRC",
    "TRANSFER_ORDER": "TRF",
    "GENERAL_ORDER": "GEN",
}
_PAYMENTS = {
    "CASH": 45,
    "BANK_TRANSFER": 25,
    "CASH_VIA_COLLECTOR": 12,
    "CHEQUE": 6,
    "OFFSETTING": 4,
    "UNKNOWN": 8,
}
_TX_STATUS = {"EXECUTED": 90, "PENDING": 7, "CANCELED": 3}
_PRODUCT_ID = {code: i + 1 for i, (code, _, _) in enumerate(cat.PRODUCT_TYPES)}


def money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


class Producer(NamedTuple):
    id: int
    name: str
    banked: bool
    female: bool
    organic: bool


class Draft(NamedTuple):
    when: datetime
    order: int  # draft number: a stable tie-break when two drafts share a time
    company: int
    kind: str
    producer: Producer | None
    facility: int
    creator: int


class Purchase(NamedTuple):
    """What a receipt document needs to know about a purchase order."""

    identifier: str
    when: datetime
    company: int
    producer: str
    qty: Decimal
    price: Decimal
    cost: Decimal
    payment: str


def split(total: int, shares: list[float]) -> list[int]:
    """Largest-remainder split of `total` by `shares` (sums exactly to total)."""
    raw = [total * s / sum(shares) for s in shares]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class ChainBuilder:
    def __init__(self, people: Builder, facilities: TableRows):
        self.b = people
        self.producers: dict[int, list[Producer]] = {i: [] for i in range(len(cat.COMPANIES))}
        self.collect: dict[int, list[int]] = {i: [] for i in range(len(cat.COMPANIES))}
        self.process: dict[int, list[int]] = {i: [] for i in range(len(cat.COMPANIES))}
        columns = (facilities.column(c) for c in ("id", "company_id", "isCollectionFacility"))
        for fid, company, collecting in zip(*columns, strict=True):
            (self.collect if collecting else self.process)[company - 1].append(fid)
        self.purchases: list[Purchase] = []

    def farmers(self) -> TableRows:
        rng, fake = self.b.rng("farmers"), self.b.fake
        counts = split(self.b.vol["farmers"], [c.farmer_share for c in cat.COMPANIES])
        rows: list[Row] = []
        for ci, (spec, n) in enumerate(zip(cat.COMPANIES, counts, strict=True)):
            places = [cat.PLACES[p] for p in cat.NEIGHBOURS[spec.place]]
            cacao = spec.product == "CACAO"
            for k in range(n):
                gender = pick(rng, _GENDERS)
                first = (
                    fake.first_name_female()
                    if gender == "FEMALE"
                    else fake.first_name_male()
                    if gender == "MALE"
                    else fake.first_name()
                )
                surname = f"{rng.choice(cat.SURNAMES)} {rng.choice(cat.SURNAMES)}"
                collector = spec.kind == "exporter" or rng.random() < 0.06
                legal = collector and rng.random() < 0.4
                place = rng.choice(places)
                banked, organic = rng.random() < 0.6, cacao and rng.random() < 0.3
                area = money(rng.uniform(0.5, 12) if cacao else rng.uniform(3, 60))
                per_ha = rng.uniform(350, 800) if cacao else rng.uniform(1500, 3500)
                email = (
                    self.b.email(f"{slug(first)}.{slug(surname.split()[0])}", "correo.example")
                    if rng.random() < 0.25
                    else None
                )
                created = moment(
                    rng, self.b.start - timedelta(days=500), self.b.anchor - timedelta(days=20)
                )
                holder = f"{first} {surname}"
                rows.append(
                    (
                        len(rows) + 1,
                        created,
                        created,
                        first,
                        surname,
                        email,
                        f"09{rng.randrange(10**7, 10**8)}",
                        gender,
                        f"{rng.choice(place.parishes)}, {place.canton}, {place.province}",
                        f"{spec.abbreviation}-{k + 1:04d}",
                        rng.random() < 0.55,
                        "COLLECTOR" if collector else "FARMER",
                        holder if banked else None,
                        f"{rng.randrange(10**9, 10**10)}" if banked else None,
                        rng.choice(cat.BANKS) if banked else None,
                        "ha",
                        area,
                        money(float(area) * per_ha),
                        organic,
                        ci + 1,
                        _PRODUCT_ID[spec.product],
                        "LEGAL" if legal else "NATURAL",
                        f"Comercial {surname.split()[0]} S.A." if legal else None,
                        holder if legal else None,
                    )
                )
                female = gender == "FEMALE"
                self.producers[ci].append(Producer(len(rows), holder, banked, female, organic))
        return TableRows(
            table="UserCustomer",
            columns=_FARMER_COLUMNS,
            rows=tuple(rows),
            refs={"company_id": "Company", "productType_id": "ProductType"},
        )

    def _drafts(self) -> list[Draft]:
        rng = self.b.rng("order-drafts")
        counts = split(self.b.vol["orders"], [len(self.producers[i]) for i in self.producers])
        drafts: list[Draft] = []
        for ci, n in enumerate(counts):
            spec = cat.COMPANIES[ci]
            # A recently registered company only buys lately; a deactivated one stopped.
            first, last = self.b.start, self.b.anchor
            if spec.status == "REGISTERED":
                first = self.b.anchor - timedelta(days=150)
            if spec.status == "DEACTIVATED":
                last = self.b.anchor - timedelta(days=240)
            staff = self.b.staff[ci]
            creators = [s.id for s in staff if s.active] or [s.id for s in staff]
            for _ in range(n):
                kind = pick(rng, _ORDER_KINDS)
                purchase = kind == "PURCHASE_ORDER"
                drafts.append(
                    Draft(
                        moment(rng, first, last),
                        len(drafts),
                        ci,
                        kind,
                        rng.choice(self.producers[ci]) if purchase else None,
                        rng.choice(self.collect[ci] if purchase else self.process[ci]),
                        rng.choice(creators),
                    )
                )
        return sorted(drafts)

    def orders(self) -> tuple[TableRows, TableRows]:
        rng = self.b.rng("orders")
        seq: Counter[tuple[str, int]] = Counter()
        lots: Counter[tuple[int, str]] = Counter()
        orders: list[Row] = []
        txs: list[Row] = []
        for draft in self._drafts():
            oid = len(orders) + 1
            prefix, month = _PREFIX[draft.kind], f"{draft.when:%y%m}"
            seq[(prefix, draft.when.year)] += 1
            lots[(draft.company, month)] += 1
            ident = f"{prefix}-{draft.when.year}-{seq[(prefix, draft.when.year)]:06d}"
            abbreviation = cat.COMPANIES[draft.company].abbreviation
            lot = f"{abbreviation}-{month}-{lots[(draft.company, month)]:03d}"
            tx_status = pick(rng, _TX_STATUS) if oid <= self.b.vol["transactions"] else None
            tx_time = min(
                draft.when + timedelta(days=rng.randrange(1, 15), hours=rng.randrange(8)),
                datetime.combine(self.b.anchor, time(23, 59, 59)),
            )
            row = self._order_row(rng, oid, draft, ident, lot, tx_status, tx_time)
            orders.append(row)
            if tx_status is not None:
                txs.append(self._tx_row(rng, oid, draft, row, tx_status, tx_time))
        return (
            TableRows(
                table="StockOrder",
                columns=_ORDER_COLUMNS,
                rows=tuple(orders),
                refs={
                    "company_id": "Company",
                    "facility_id": "Facility",
                    "producerUserCustomer_id": "UserCustomer",
                    "createdBy_id": "User",
                    "updatedBy_id": "User",
                },
            ),
            TableRows(
                table="Transaction",
                columns=_TX_COLUMNS,
                rows=tuple(txs),
                refs={
                    "initiationUserId": "User",
                    "company_id": "Company",
                    "sourceFacility_id": "Facility",
                    "sourceStockOrder_id": "StockOrder",
                },
            ),
        )

    def _price(self, rng: random.Random, draft: Draft) -> float:
        if cat.COMPANIES[draft.company].product != "CACAO":
            return float(rng.uniform(2.3, 3.1))
        # Farm-gate dry cacao fell from the 2025 highs during the period: 6.2 -> 3.6 USD/kg.
        months = (draft.when.date() - self.b.start).days / 30.4
        return (6.2 - 2.6 * months / 18) * rng.uniform(0.94, 1.06)

    def _order_row(
        self,
        rng: random.Random,
        oid: int,
        d: Draft,
        ident: str,
        lot: str,
        tx_status: str | None,
        tx_time: datetime,
    ) -> Row:
        cacao = cat.COMPANIES[d.company].product == "CACAO"
        p = d.producer
        if p is not None:
            qty = (
                min(max(rng.lognormvariate(math.log(110), 0.7), 15), 1500)
                if cacao
                else rng.uniform(800, 9000)
            )
        else:
            qty = rng.uniform(300, 3000)
        tare = qty * rng.uniform(0.005, 0.02)
        damaged = qty * rng.uniform(0, 0.03) if rng.random() < 0.2 else 0.0
        price = money(self._price(rng, d)) if p else None
        # Cost from the rounded quantity, as the backend computes it from stored values.
        cost = (money(qty) * price).quantize(Decimal("0.01")) if price is not None else None
        paid = None
        if cost is not None:
            roll = rng.random()
            # Most farmers are paid on delivery; some get an advance, a few wait.
            paid = (
                cost
                if roll < 0.85
                else money(0)
                if roll >= 0.95
                else money(float(cost) * rng.uniform(0.3, 0.9))
            )
        payment = pick(rng, _PAYMENTS) if p else None
        if p is not None and price is not None and cost is not None and payment is not None:
            self.purchases.append(
                Purchase(ident, d.when, d.company, p.name, money(qty), price, cost, payment)
            )
        consumed = tx_status == "EXECUTED"
        return (
            oid,
            d.when,
            tx_time if tx_status else d.when + timedelta(hours=rng.randrange(1, 6)),
            ident,
            lot,
            d.kind,
            price,
            cost,
            paid,
            cost - paid if cost is not None and paid is not None else None,
            "USD",
            money(qty),
            money(qty + tare + damaged),
            money(qty),
            money(0) if consumed else money(qty),
            money(tare),
            money(damaged),
            (d.when - timedelta(days=rng.randrange(5))).date(),
            d.when.date(),
            not consumed,
            d.kind == "GENERAL_ORDER" and rng.random() < 0.5,
            p is not None,
            bool(p and p.organic),
            bool(p and p.female),
            payment,
            uuid4(rng) if rng.random() < 0.4 else None,
            int(qty // 45) + 1 if cacao else None,
            d.company + 1,
            d.facility,
            p.id if p else None,
            d.creator,
            d.creator if rng.random() < 0.5 else None,
        )

    def _tx_row(
        self, rng: random.Random, oid: int, d: Draft, order: Row, status: str, when: datetime
    ) -> Row:
        qty = order[_ORDER_COLUMNS.index("totalQuantity")]
        cacao = cat.COMPANIES[d.company].product == "CACAO"
        kept = rng.uniform(0.97, 0.995) if cacao else rng.uniform(0.9, 0.97)  # cleaning losses
        exporter = cat.COMPANIES[d.company].kind == "exporter"
        return (
            oid,
            when,
            when + timedelta(minutes=rng.randrange(1, 90)),
            "USD",
            d.creator,
            qty,
            money(float(qty) * kept),
            rng.random() < 0.6,
            order[_ORDER_COLUMNS.index("pricePerUnit")],
            rng.choice(cat.FERMENTATION_REJECTS) if status == "CANCELED" else None,
            f"EXP-{when.year}-{oid:05d}" if exporter and rng.random() < 0.5 else None,
            status,
            d.company + 1,
            d.facility,
            oid,
        )

    def build(self, first_document_id: int) -> Chain:
        farmers = self.farmers()
        orders, transactions = self.orders()
        docs, files = self.documents(first_document_id, self.b.vol["documents"])
        return Chain(farmers, orders, transactions, docs, files)

    def documents(self, first_id: int, n: int) -> tuple[list[Row], list[SeedFile]]:
        rng = self.b.rng("documents")
        rows: list[Row] = []
        files: list[SeedFile] = []
        for k in range(n):
            purchase = self.purchases[(k * len(self.purchases)) // n]
            name, ctype, content = cat.receipt_document(
                k,
                purchase.identifier,
                f"{purchase.when:%Y-%m-%d}",
                cat.COMPANIES[purchase.company],
                purchase.producer,
                str(purchase.qty),
                str(purchase.price),
                str(purchase.cost),
                purchase.payment,
            )
            key = uuid4(rng)
            rows.append(
                (
                    first_id + k,
                    purchase.when + timedelta(hours=2),
                    ctype,
                    name,
                    len(content),
                    key,
                    "GENERAL",
                )
            )
            files.append(SeedFile(relpath=f"GENERAL/{key}", content=content))
        return rows, files


_FARMER_COLUMNS = (
    "id",
    "creationTimestamp",
    "updateTimestamp",
    "name",
    "surname",
    "email",
    "phone",
    "gender",
    "location",
    "farmerCompanyInternalId",
    "hasSmartphone",
    "type",
    "bank_accountHolderName",
    "bank_accountNumber",
    "bank_bankName",
    "farm_areaUnit",
    "farm_totalCultivatedArea",
    "farm_maxProductionQuantity",
    "farm_organic",
    "company_id",
    "productType_id",
    "personType",
    "companyName",
    "legalRepresentative",
)
_ORDER_COLUMNS = (
    "id",
    "creationTimestamp",
    "updateTimestamp",
    "identifier",
    "internalLotNumber",
    "orderType",
    "pricePerUnit",
    "cost",
    "paid",
    "balance",
    "currency",
    "totalQuantity",
    "totalGrossQuantity",
    "fulfilledQuantity",
    "availableQuantity",
    "tare",
    "damagedWeightDeduction",
    "productionDate",
    "deliveryTime",
    "isAvailable",
    "isOpenOrder",
    "isPurchaseOrder",
    "organic",
    "womenShare",
    "preferredWayOfPayment",
    "qrCodeTag",
    "sacNumber",
    "company_id",
    "facility_id",
    "producerUserCustomer_id",
    "createdBy_id",
    "updatedBy_id",
)
_TX_COLUMNS = (
    "id",
    "creationTimestamp",
    "updateTimestamp",
    "currency",
    "initiationUserId",
    "inputQuantity",
    "outputQuantity",
    "isProcessing",
    "pricePerUnit",
    "rejectComment",
    "shipmentId",
    "status",
    "company_id",
    "sourceFacility_id",
    "sourceStockOrder_id",
)
