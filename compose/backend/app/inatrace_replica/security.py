"""Passwords (bcrypt), access tokens (JWT HS256) and cookies, as INATrace does them.

bcrypt comes from libxcrypt through the stdlib `crypt` module (Debian bookworm's
Python 3.11 supports $2a$/$2b$/$2y$); the `bcrypt` package is used only if crypt is
unusable. JWT is hand-rolled: HS256 is one HMAC, not worth a dependency.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
import warnings
from email.utils import format_datetime
from typing import Any

from .errors import TokenError

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # crypt is deprecated in 3.11
    try:
        import crypt as _crypt
    except ImportError:  # pragma: no cover - Python >= 3.13
        _crypt = None  # type: ignore[assignment]

ACCESS_COOKIE = "inatrace-accessToken"
REFRESH_COOKIE = "inatrace-refreshToken"
ACCESS_TTL_S = 3600  # INATrace.auth.accessTokenExpirationSec
REFRESH_TTL_S = 300  # INATrace.auth.refreshTokenExpirationSec
BCRYPT_COST = 10  # Spring's BCryptPasswordEncoder default strength


def _crypt_hash(password: str, salt: str) -> str | None:
    if _crypt is None:
        return None
    try:
        result = _crypt.crypt(password, salt)
    except OSError:
        return None
    if not result or result.startswith("*"):
        return None
    return result


def hash_password(password: str) -> str:
    if _crypt is not None:
        salt = _crypt.mksalt(_crypt.METHOD_BLOWFISH, rounds=1 << BCRYPT_COST)
        hashed = _crypt_hash(password, salt)
        if hashed:
            return hashed
    import bcrypt  # only reached where libxcrypt lacks bcrypt

    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_COST)).decode()


def verify_password(password: str, hashed: str | None) -> bool:
    if not hashed or not hashed.startswith("$2"):
        return False
    computed = _crypt_hash(password, hashed)
    if computed is not None:
        return hmac.compare_digest(computed, hashed)
    try:
        import bcrypt
    except ImportError:
        return False
    try:
        return bool(bcrypt.checkpw(password.encode(), hashed.encode()))
    except ValueError:
        return False


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_encode(claims: dict[str, Any], key: str) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = hmac.new(key.encode("utf-8"), signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def jwt_decode(token: str, key: str, now: float | None = None) -> dict[str, Any]:
    """Verify an HS256 token and its expiry; raise TokenError with java-jwt's wording."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError(f"The token was expected to have 3 parts, but got {len(parts)}.")
    try:
        header = json.loads(_unb64(parts[0]))
        claims = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenError("The string '" + token + "' doesn't have a valid JSON format.") from exc
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise TokenError(
            "The provided Algorithm doesn't match the one defined in the JWT's Header.",
            "com.auth0.jwt.exceptions.AlgorithmMismatchException",
        )
    expected = hmac.new(
        key.encode("utf-8"), f"{parts[0]}.{parts[1]}".encode("ascii"), hashlib.sha256
    ).digest()
    if not hmac.compare_digest(expected, signature):
        raise TokenError(
            "The Token's Signature resulted invalid when verified using the Algorithm: HmacSHA256",
            "com.auth0.jwt.exceptions.SignatureVerificationException",
        )
    if not isinstance(claims, dict):
        raise TokenError("The token's payload is not a JSON object.")
    exp = claims.get("exp")
    if isinstance(exp, (int, float)) and exp <= (time.time() if now is None else now):
        stamp = dt.datetime.fromtimestamp(exp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        raise TokenError(
            f"The Token has expired on {stamp}.", "com.auth0.jwt.exceptions.TokenExpiredException"
        )
    return claims


def access_token(user: dict[str, Any], key: str, now: float | None = None) -> str:
    """Claims as TokenService puts them: sub, nme, snm, rle, dbi, exp."""
    issued = int(time.time() if now is None else now)
    claims = {
        "sub": user["email"],
        "nme": user.get("name") or "",
        "snm": user.get("surname") or "",
        "rle": user.get("role") or "USER",
        "dbi": int(user["id"]),
        "exp": issued + ACCESS_TTL_S,
    }
    return jwt_encode(claims, key)


def new_refresh_token() -> str:
    return secrets.token_hex(32)


def refresh_token_digest(token: str) -> str:
    """What is stored in AuthenticationToken.token (64 chars): never the token itself."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def cookie(name: str, value: str, max_age: int, now: float | None = None) -> str:
    """Spring's ResponseCookie.toString() for an HttpOnly cookie on Path=/."""
    expires = dt.datetime.fromtimestamp((time.time() if now is None else now) + max_age, dt.UTC)
    if max_age == 0:
        expires = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (
        f"{name}={value}; Path=/; Max-Age={max_age}; "
        f"Expires={format_datetime(expires, usegmt=True)}; HttpOnly"
    )


def parse_cookies(header: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (header or "").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name:
            out.setdefault(name, value.strip().strip('"'))
    return out
