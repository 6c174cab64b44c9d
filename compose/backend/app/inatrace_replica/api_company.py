"""/api/company/* and /api/chain/stock-order/* (CompanyController, StockOrderController)."""

from __future__ import annotations

from typing import Any

from . import frames as fr
from .api import App, Request, Response, Route, bit, long_path, ok, page, paginated
from .api_common import api_document
from .errors import ApiError, JavaException


def _company_id(raw: str) -> int:
    return long_path("id", raw)


def require_company_access(app: App, req: Request, company_id: int) -> None:
    assert req.user is not None
    if req.user.get("rle") == "SYSTEM_ADMIN":
        return
    rows = app.pool.query(
        "SELECT 1 FROM CompanyUser WHERE company_id = %s AND user_id = %s",
        (company_id, req.user["dbi"]),
    )
    if not rows:
        raise ApiError("UNAUTHORIZED", 403, "Not authorized for this company")


def _bad_release_npe() -> JavaException:
    return JavaException(
        "java.lang.NullPointerException",
        'Cannot invoke "java.util.List.stream()" because the return value of "com.abelium.'
        'inatrace.components.company.api.ApiCompanyListRequest.getStatuses()" is null',
        fr.request(
            fr.app("components.company.CompanyQueries", "listCompanies", 142),
            fr.app("components.company.CompanyService", "listCompanies", 96),
            fr.app("components.company.CompanyController", "listCompanies", 77),
        ),
    )


def company_list(app: App, req: Request) -> Response:
    """All companies for a SYSTEM_ADMIN, the user's own companies for everyone else."""
    assert req.user is not None
    limit, offset, sort = page(req)
    where, args = ["1 = 1"], []
    if req.user.get("rle") != "SYSTEM_ADMIN":
        where.append("c.id IN (SELECT company_id FROM CompanyUser WHERE user_id = %s)")
        args.append(req.user["dbi"])
    if req.query.get("name"):
        where.append("c.name LIKE %s")
        args.append(f"%{req.query['name']}%")
    if req.query.get("status"):
        where.append("c.status = %s")
        args.append(req.query["status"].upper())
    clause = " AND ".join(where)
    count = app.pool.query(f"SELECT COUNT(*) AS n FROM Company c WHERE {clause}", args)[0]["n"]
    if app.settings.release_bad:
        raise _bad_release_npe()
    rows = app.pool.query(
        f"SELECT c.id, c.name, c.abbreviation, c.status FROM Company c WHERE {clause}"
        f" ORDER BY c.id {sort} LIMIT %s OFFSET %s",
        [*args, limit, offset],
    )
    return ok(paginated(rows, int(count), limit, offset))


def company_profile(app: App, req: Request, id: str) -> Response:
    company_id = _company_id(id)
    rows = app.pool.query(
        "SELECT c.*, co.id AS country_id, co.code AS country_code, co.name AS country_name"
        " FROM Company c LEFT JOIN Country co ON co.id = c.headquarters_country_id"
        " WHERE c.id = %s",
        (company_id,),
    )
    if not rows:
        raise ApiError("INVALID_REQUEST", 400, "Invalid company id")
    require_company_access(app, req, company_id)
    c = rows[0]
    hq = {
        "address": c["headquarters_address"],
        "city": c["headquarters_city"],
        "state": c["headquarters_state"],
        "zip": c["headquarters_zip"],
    }
    users = app.pool.query(
        "SELECT u.id, u.email, u.name, u.surname, cu.role AS companyRole FROM CompanyUser cu"
        " JOIN `User` u ON u.id = cu.user_id WHERE cu.company_id = %s ORDER BY u.id",
        (company_id,),
    )
    logo = _logo(app, req, c.get("logo_id"))
    country = (
        {"id": c["country_id"], "code": c["country_code"], "name": c["country_name"]}
        if c["country_id"]
        else None
    )
    return ok(
        {
            "id": c["id"],
            "name": c["name"],
            "abbreviation": c["abbreviation"],
            "about": c["about"],
            "logo": logo,
            "email": c["email"],
            "manager": c["manager"],
            "phone": c["phone"],
            "webPage": c["webPage"],
            "status": c["status"],
            # Hibernate leaves an embeddable null when all its columns are null
            "headquarters": {**hq, "country": country} if country or any(hq.values()) else None,
            "allowBeycoIntegration": bit(c["allowBeycoIntegration"]),
            "displayPrefferedWayOfPayment": bit(c["displayPrefferedWayOfPayment"]),
            "purchaseProofDocumentMultipleFarmers": bit(c["purchaseProofDocumentMultipleFarmers"]),
            "users": users,
        }
    )


def _logo(app: App, req: Request, logo_id: int | None) -> dict[str, object] | None:
    """CompanyApiTools.updateApiCompany: the logo as an ApiDocument (temporary key)."""
    rows = (
        app.pool.query(
            "SELECT id, name, storageKey, contentType, size FROM Document WHERE id = %s",
            (logo_id,),
        )
        if logo_id is not None
        else []
    )
    if not rows:
        return None
    d = rows[0]
    return api_document(d["id"], d["name"], d["storageKey"], d["contentType"], d["size"], req)


_ORDER_COLUMNS = (
    "identifier",
    "internalLotNumber",
    "orderType",
    "totalQuantity",
    "totalGrossQuantity",
    "fulfilledQuantity",
    "availableQuantity",
    "pricePerUnit",
    "cost",
    "paid",
    "balance",
    "currency",
    "productionDate",
    "deliveryTime",
    "preferredWayOfPayment",
    "sacNumber",
    "creationTimestamp",
    "updateTimestamp",
)
_ORDER_FLAGS = ("isAvailable", "isOpenOrder", "isPurchaseOrder", "organic", "womenShare")


def _order(row: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": row["id"]}
    item.update({col: row[col] for col in _ORDER_COLUMNS})
    item.update({flag: bit(row[flag]) for flag in _ORDER_FLAGS})
    item["company"] = {"id": row["company_id"]}
    if row["facility_id"]:
        item["facility"] = {"id": row["facility_id"], "name": row["facilityName"]}
    if row["producerUserCustomer_id"]:
        item["producerUserCustomer"] = {
            "id": row["producerUserCustomer_id"],
            "name": row["producerName"],
            "surname": row["producerSurname"],
        }
    return item


def stock_orders_by_company(app: App, req: Request, id: str) -> Response:
    company_id = _company_id(id)
    require_company_access(app, req, company_id)
    limit, offset, sort = page(req)
    where: list[str] = ["so.company_id = %s"]
    args: list[int | str] = [company_id]
    if req.query.get("orderType"):
        where.append("so.orderType = %s")
        args.append(req.query["orderType"].upper())
    if req.query.get("availableOnly", "").lower() == "true":
        where.append("so.isAvailable = 1")
    clause = " AND ".join(where)
    count = app.pool.query(f"SELECT COUNT(*) AS n FROM StockOrder so WHERE {clause}", args)[0]["n"]
    rows = app.pool.query(
        "SELECT so.*, f.name AS facilityName, uc.name AS producerName,"
        " uc.surname AS producerSurname FROM StockOrder so"
        " LEFT JOIN Facility f ON f.id = so.facility_id"
        " LEFT JOIN UserCustomer uc ON uc.id = so.producerUserCustomer_id"
        f" WHERE {clause} ORDER BY so.id {sort} LIMIT %s OFFSET %s",
        [*args, limit, offset],
    )
    return ok(paginated([_order(r) for r in rows], int(count), limit, offset))


ROUTES = (
    Route("GET", "/api/company/list", company_list, "CompanyController.listCompanies"),
    Route("GET", "/api/company/profile/{id}", company_profile, "CompanyController.getCompany"),
    Route(
        "GET",
        "/api/chain/stock-order/list/company/{id}",
        stock_orders_by_company,
        "StockOrderController.getStockOrderListByCompanyId",
    ),
)
