"""An empty JWT signing key: the key is taken as it is, and the first signature fails."""

from __future__ import annotations

from dataclasses import replace

from inatrace_replica import config

LOGIN = {"username": "admin@fortaleza.lab", "password": "lab-only-admin"}


def test_an_empty_key_is_kept_and_an_absent_one_takes_the_default() -> None:
    assert config.from_env({"INATRACE_AUTH_JWTSIGNINGKEY": ""}).jwt_signing_key == ""
    assert config.from_env({}).jwt_signing_key == config.DEFAULT_JWT_KEY


def test_an_empty_key_fails_every_login_with_the_jdk_exception_and_health_stays_up(
    backend, captured_log
) -> None:
    client, app = backend
    app.settings = replace(app.settings, jwt_signing_key="")
    status, doc = client.json("POST", "/api/user/login", LOGIN)
    assert status == 500
    assert doc["errorMessage"] == "Uncaught exception java.lang.IllegalArgumentException"
    log = captured_log.getvalue()
    assert "exception: java.lang.IllegalArgumentException, message: Empty key" in log
    assert "at com.auth0.jwt.algorithms.HMACAlgorithm.sign" in log
    assert "java-jwt-4.4.0.jar" in log
    assert client.json("GET", "/actuator/health")[0] == 200


def test_a_session_signed_with_the_old_key_is_refused(backend) -> None:
    client, app = backend
    assert client.call("POST", "/api/user/login", LOGIN)[0].status == 200
    app.settings = replace(app.settings, jwt_signing_key="another-lab-key")
    assert client.call("GET", "/api/user/profile")[0].status == 401
