"""/api/user/*: login, logout, refresh, profile, admin list (UserController)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from . import frames as fr
from . import security
from .api import App, Request, Response, Route, ok, page, paginated
from .errors import ApiError, JavaException, RequestRejected
from .logs import Logger

SERVICE_LOG = Logger("com.abelium.inatrace.components.user.UserService")
USER_COLUMNS = "id, email, name, surname, status, role, language, password"
INACTIVE = ("DEACTIVATED", "UNCONFIRMED", "CONFIRMED_EMAIL")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _bad_release_npe() -> JavaException:
    """The 2.39.0 regression: a bean the new login code needs is never injected."""
    return JavaException(
        "java.lang.NullPointerException",
        'Cannot invoke "com.abelium.inatrace.components.user.UserSessionRegistry.register('
        'com.abelium.inatrace.db.entities.common.User)" because "this.sessionRegistry" is null',
        fr.request(
            fr.app("components.user.UserService", "login", 198),
            fr.app("components.user.UserController", "login", 84),
            method="POST",
        ),
    )


def login(app: App, req: Request) -> Response:
    body = req.json()
    username = str(body.get("username") or "").strip()
    password = str(body.get("password") or "")
    rows = app.pool.query(f"SELECT {USER_COLUMNS} FROM `User` WHERE email = %s", (username,))
    if app.settings.release_bad:
        raise _bad_release_npe()
    user = rows[0] if rows else None
    # UserService.login (AT): unknown e-mail, then the account status, and only then the
    # password, so an inactive account answers 403 whatever password was typed.
    if user is None:
        raise ApiError("AUTH_ERROR", 401, "Invalid credentials")
    if user["status"] in INACTIVE:
        raise ApiError("UNAUTHORIZED", 403, "Not confirmed or disabled")
    if not security.verify_password(password, user["password"]):
        raise ApiError("AUTH_ERROR", 401, "Invalid credentials")
    return ok(None, _issue_cookies(app, user))


def _empty_key() -> JavaException:
    """INATRACE_AUTH_JWTSIGNINGKEY set but empty: java-jwt's HMAC256("") is accepted, and the
    first signature fails in the JDK's SecretKeySpec (uncaught by java-jwt's sign())."""
    return JavaException(
        "java.lang.IllegalArgumentException",
        "Empty key",
        fr.frames(
            "java|java.base/javax.crypto.spec.SecretKeySpec.<init>(SecretKeySpec.java:96)",
            "jwt|com.auth0.jwt.algorithms.CryptoHelper.createSignatureFor(CryptoHelper.java:133)",
            "jwt|com.auth0.jwt.algorithms.HMACAlgorithm.sign(HMACAlgorithm.java:87)",
            "jwt|com.auth0.jwt.JWTCreator.sign(JWTCreator.java:599)",
            "jwt|com.auth0.jwt.JWTCreator$Builder.sign(JWTCreator.java:544)",
        )
        + fr.request(
            fr.app("components.user.TokenService", "createAccessToken", 61),
            fr.app("components.user.UserService", "login", 201),
            fr.app("components.user.UserController", "login", 84),
            method="POST",
        ),
    )


def _issue_cookies(app: App, user: dict[str, Any]) -> list[tuple[str, str]]:
    if not app.settings.jwt_signing_key:
        raise _empty_key()
    now = time.time()
    refresh = security.new_refresh_token()
    expires = dt.datetime.fromtimestamp(now + security.REFRESH_TTL_S, dt.UTC).replace(tzinfo=None)
    app.pool.execute(
        "INSERT INTO AuthenticationToken (creationTimestamp, expiration, status, token, user_id)"
        " VALUES (%s, %s, 'ACTIVE', %s, %s)",
        (_now(), expires, security.refresh_token_digest(refresh), user["id"]),
    )
    access = security.access_token(user, app.settings.jwt_signing_key, now)
    return [
        ("Set-Cookie", security.cookie(security.ACCESS_COOKIE, access, security.ACCESS_TTL_S, now)),
        (
            "Set-Cookie",
            security.cookie(security.REFRESH_COOKIE, refresh, security.REFRESH_TTL_S, now),
        ),
    ]


def refresh_authentication(app: App, req: Request) -> Response:
    token = req.cookies.get(security.REFRESH_COOKIE, "")
    rows = (
        app.pool.query(
            f"SELECT t.id AS tokenId, {', '.join('u.' + c for c in USER_COLUMNS.split(', '))}"
            " FROM AuthenticationToken t JOIN `User` u ON u.id = t.user_id"
            " WHERE t.token = %s AND t.status = 'ACTIVE' AND t.expiration > %s",
            (security.refresh_token_digest(token), _now()),
        )
        if token
        else []
    )
    if not rows:
        raise ApiError("AUTH_ERROR", 401, "Invalid refresh token")
    user = rows[0]
    app.pool.execute(
        "UPDATE AuthenticationToken SET status = 'DISABLED' WHERE id = %s", (user["tokenId"],)
    )
    return ok(None, _issue_cookies(app, user))


def logout(app: App, req: Request) -> Response:
    assert req.user is not None
    app.pool.execute(
        "UPDATE AuthenticationToken SET status = 'DISABLED'"
        " WHERE user_id = %s AND status = 'ACTIVE'",
        (req.user["dbi"],),
    )
    return ok(
        None,
        [
            ("Set-Cookie", security.cookie(security.ACCESS_COOKIE, "", 0)),
            ("Set-Cookie", security.cookie(security.REFRESH_COOKIE, "", 0)),
        ],
    )


def current_user(app: App, req: Request) -> dict[str, Any]:
    assert req.user is not None
    rows = app.pool.query(f"SELECT {USER_COLUMNS} FROM `User` WHERE id = %s", (req.user["dbi"],))
    if not rows:
        raise ApiError("AUTH_ERROR", 401, "Invalid user")
    return rows[0]


def profile(app: App, req: Request) -> Response:
    user = current_user(app, req)
    links = app.pool.query(
        "SELECT company_id, role FROM CompanyUser WHERE user_id = %s ORDER BY company_id",
        (user["id"],),
    )
    return ok(
        {
            "id": user["id"],
            "email": user["email"],
            "name": user["name"],
            "surname": user["surname"],
            "status": user["status"],
            "role": user["role"],
            "language": user["language"],
            "actions": [],
            "companyIds": [link["company_id"] for link in links],
            "companyIdsAdmin": [
                link["company_id"] for link in links if link["role"] == "COMPANY_ADMIN"
            ],
        }
    )


def require_system_admin(req: Request) -> None:
    """@PreAuthorize on the admin endpoints: AccessDeniedException, which the handler logs
    as ERROR "Unauthorized" and answers 403 with the exception's text as errorDetails."""
    if not req.user or req.user.get("rle") != "SYSTEM_ADMIN":
        raise RequestRejected(403, "UNAUTHORIZED", "Unauthorized", "Unauthorized", "Access Denied")


def admin_list(app: App, req: Request) -> Response:
    require_system_admin(req)
    limit, offset, sort = page(req)
    where, args = ["1 = 1"], []
    for column in ("status", "role"):
        if req.query.get(column):
            where.append(f"{column} = %s")
            args.append(req.query[column].upper())
    if req.query.get("email"):
        where.append("email LIKE %s")
        args.append(f"%{req.query['email']}%")
    clause = " AND ".join(where)
    count = app.pool.query(f"SELECT COUNT(*) AS n FROM `User` WHERE {clause}", args)[0]["n"]
    rows = app.pool.query(
        f"SELECT id, email, name, surname, status, role, language FROM `User` WHERE {clause}"
        f" ORDER BY id {sort} LIMIT %s OFFSET %s",
        [*args, limit, offset],
    )
    return ok(paginated(rows, int(count), limit, offset))


ROUTES = (
    Route("POST", "/api/user/login", login, "UserController.login", auth=False),
    Route(
        "POST",
        "/api/user/refresh_authentication",
        refresh_authentication,
        "UserController.refreshAuthentication",
        auth=False,
    ),
    Route("POST", "/api/user/logout", logout, "UserController.logout"),
    Route("GET", "/api/user/profile", profile, "UserController.getProfileForUser"),
    Route("GET", "/api/user/admin/list", admin_list, "UserController.listUsersAdmin"),
)
