"""Passwords, JWTs and cookies behave like INATrace's (bcrypt, HS256, HttpOnly cookies)."""

from __future__ import annotations

import base64
import json
import re

import pytest
from inatrace_replica import security
from inatrace_replica.errors import TokenError

USER = {"id": 7, "email": "ana@fortaleza.lab", "name": "Ana", "surname": "Zambrano", "role": "USER"}


def test_passwords_are_stored_as_bcrypt_cost_10_and_verify() -> None:
    hashed = security.hash_password("lab-only-admin")
    assert re.fullmatch(r"\$2[aby]\$10\$[./A-Za-z0-9]{53}", hashed)
    assert security.verify_password("lab-only-admin", hashed)
    assert not security.verify_password("wrong", hashed)


def test_hashes_made_by_other_bcrypt_tools_verify() -> None:
    bcrypt = pytest.importorskip("bcrypt")
    made = bcrypt.hashpw(b"clave", bcrypt.gensalt(4)).decode()
    assert security.verify_password("clave", made)
    assert security.verify_password("clave", made.replace("$2b$", "$2a$", 1))


def test_missing_or_non_bcrypt_hash_never_verifies() -> None:
    assert not security.verify_password("x", None)
    assert not security.verify_password("x", "plain-text")


def test_access_token_is_hs256_with_inatrace_claims() -> None:
    token = security.access_token(USER, "k", now=1_700_000_000)
    header, payload, _ = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    assert json.loads(base64.urlsafe_b64decode(pad(header))) == {"alg": "HS256", "typ": "JWT"}
    claims = json.loads(base64.urlsafe_b64decode(pad(payload)))
    assert claims == {
        "sub": "ana@fortaleza.lab",
        "nme": "Ana",
        "snm": "Zambrano",
        "rle": "USER",
        "dbi": 7,
        "exp": 1_700_003_600,
    }
    assert security.jwt_decode(token, "k", now=1_700_000_001)["dbi"] == 7


def test_tampered_wrong_key_and_expired_tokens_are_rejected() -> None:
    token = security.access_token(USER, "k", now=1_700_000_000)
    with pytest.raises(TokenError, match="Signature resulted invalid"):
        security.jwt_decode(token, "other-key", now=1_700_000_001)
    head, _, sig = token.split(".")
    forged = security.jwt_encode({"sub": "x", "rle": "SYSTEM_ADMIN", "dbi": 1}, "guess")
    with pytest.raises(TokenError):
        security.jwt_decode(f"{head}.{forged.split('.')[1]}.{sig}", "k")
    with pytest.raises(TokenError, match="The Token has expired on"):
        security.jwt_decode(token, "k", now=1_700_003_600)
    with pytest.raises(TokenError, match="3 parts"):
        security.jwt_decode("abc", "k")


def test_cookies_look_like_springs_response_cookie() -> None:
    cookie = security.cookie(security.ACCESS_COOKIE, "tok", 3600, now=0)
    assert cookie == (
        "inatrace-accessToken=tok; Path=/; Max-Age=3600; "
        "Expires=Thu, 01 Jan 1970 01:00:00 GMT; HttpOnly"
    )
    cleared = security.cookie(security.REFRESH_COOKIE, "", 0)
    assert cleared.startswith("inatrace-refreshToken=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970")


def test_cookie_header_parsing_keeps_the_first_value() -> None:
    parsed = security.parse_cookies('a=1; inatrace-accessToken="x.y.z"; a=2; broken')
    assert parsed == {"a": "1", "inatrace-accessToken": "x.y.z"}


def test_refresh_tokens_are_stored_as_64_char_digests() -> None:
    token = security.new_refresh_token()
    digest = security.refresh_token_digest(token)
    assert len(digest) == 64
    assert digest != token
