"""Recorded transcripts of the real INATrace backend, replayed against the replica.

Each case is what the real server answers and logs (status, body, log line), read from
the source of the Atijaguar-ec fork the Fortaleza deployment runs ("AT", @a1010c04,
src/main/java/com/abelium/inatrace/...) and INATrace/backend ("UP", @1c9159b); the file
each transcript follows is named in the case. Framework texts (Spring 6.1, Hibernate 6.5,
Hikari 5) are the frameworks' own. A log line is compared from the logger column on,
because timestamp, PID and thread change per run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from inatrace_replica import config, startup
from inatrace_replica import flyway_resolve as fr
from inatrace_replica.db import Pool
from inatrace_replica.errors import JavaException, StartupFailure
from inatrace_replica.flyway import validate_errors
from inatrace_replica.flyway_resolve import Migration
from inatrace_replica.java_migrations import (
    JAVA_MIGRATIONS,
    MigrationContext,
    create_default_admin_company,
    fix_product_type_for_cocoa,
)

LOGIN = {"username": "admin@fortaleza.lab", "password": "lab-only-admin"}
HANDLER = ".a.i.c.DefaultControllerExceptionHandler : "
MULTIPART = {"Content-Type": "multipart/form-data; boundary=b"}
ONE_FILE = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nz\r\n--b--\r\n'


@dataclass(frozen=True)
class Transcript:
    source: str  # the real file the behaviour comes from
    method: str
    path: str
    status: int
    body: dict[str, object] | None  # None: an empty body
    log: tuple[str, ...]  # "LEVEL logger-column : message" of each line, in order
    login: bool = True
    json_body: dict[str, object] | None = None


def _log_lines(text: str) -> list[str]:
    """Boot's pattern without the time, PID and thread: 'LEVEL <logger> : <message>'."""
    out = []
    for line in text.splitlines():
        match = re.match(r"^\S+ +(\w+) \d+ --- \[[^\]]*\] (.*)$", line)
        if match:
            out.append(f"{match[1]} {match[2]}")
    return out


TRANSCRIPTS = {
    "wrong password": Transcript(
        "AT components/user/UserService.java login(); configuration/"
        "DefaultControllerExceptionHandler.java handleApiException → warnOrError (4xx: WARN)",
        "POST",
        "/api/user/login",
        401,
        {"status": "AUTH_ERROR", "errorMessage": "Invalid credentials"},
        (f"WARN {HANDLER}ApiException: AUTH_ERROR Invalid credentials",),
        login=False,
        json_body={"username": "admin@fortaleza.lab", "password": "wrong"},
    ),
    "unknown e-mail": Transcript(
        "AT components/user/UserService.java login(): no user → AUTH_ERROR",
        "POST",
        "/api/user/login",
        401,
        {"status": "AUTH_ERROR", "errorMessage": "Invalid credentials"},
        (f"WARN {HANDLER}ApiException: AUTH_ERROR Invalid credentials",),
        login=False,
        json_body={"username": "user@example.com", "password": "x"},
    ),
    "no cookie": Transcript(
        "AT security/configuration/SpringSecurityConfig.java (anyRequest().authenticated()),"
        " RestAuthenticationEntryPoint.java sendError(401); /error is not permitted, so no body",
        "GET",
        "/api/user/profile",
        401,
        None,
        (),
        login=False,
    ),
    "unknown path without cookie": Transcript(
        "AT SpringSecurityConfig.java: every path but the permitted ones needs the cookie",
        "GET",
        "/nope",
        401,
        None,
        (),
        login=False,
    ),
    "malformed id": Transcript(
        "AT DefaultControllerExceptionHandler.java handleMethodArgumentTypeMismatchException"
        " (logger.error(exc.getMessage()), 400 REQUEST_BODY_ERROR)",
        "GET",
        "/api/company/profile/x0",
        400,
        {
            "status": "REQUEST_BODY_ERROR",
            "errorMessage": "Method parameter id is of wrong type, required type is class"
            " java.lang.Long",
        },
        (
            f"ERROR {HANDLER}Method parameter 'id': Failed to convert value of type"
            " 'java.lang.String' to required type 'java.lang.Long'; For input string: \"x0\"",
        ),
    ),
    "uncaught exception": Transcript(
        "AT DefaultControllerExceptionHandler.java handleUnknownException/logError; the"
        " negative offset reaches Hibernate through tools/PaginationTools.java",
        "GET",
        "/api/company/list?offset=-1",
        500,
        {
            "status": "ERROR",
            "errorMessage": "Uncaught exception java.lang.IllegalArgumentException",
        },
        (
            f"ERROR {HANDLER}IP: 127.0.0.1, exception: java.lang.IllegalArgumentException,"
            " message: first-result value cannot be negative : -1",
        ),
    ),
    "no handler": Transcript(
        "AT DefaultControllerExceptionHandler.java handleNotFoundException (NoHandlerFound"
        "Exception; spring.web.resources.add-mappings=false in application.properties)",
        "GET",
        "/api/does-not-exist",
        404,
        {"status": "ERROR", "errorMessage": "No endpoint GET /api/does-not-exist."},
        (f"ERROR {HANDLER}No endpoint GET /api/does-not-exist.",),
    ),
    "wrong method": Transcript(
        "AT DefaultControllerExceptionHandler.java handleMethodException (405, ApiStatus.ERROR)",
        "DELETE",
        "/api/company/list",
        405,
        {"status": "ERROR", "errorMessage": "Request method 'DELETE' is not supported"},
        (f"ERROR {HANDLER}Request method 'DELETE' is not supported",),
    ),
    "bad storage key": Transcript(
        "AT components/common/StorageService.java downloadDocument: INVALID_REQUEST",
        "GET",
        "/api/common/document/no-such-key",
        400,
        {"status": "INVALID_REQUEST", "errorMessage": "Invalid storage key"},
        (f"WARN {HANDLER}ApiException: INVALID_REQUEST Invalid storage key",),
    ),
}


@pytest.mark.parametrize("case", TRANSCRIPTS, ids=list(TRANSCRIPTS))
def test_the_replica_answers_and_logs_as_the_real_handlers(backend, captured_log, case) -> None:
    want = TRANSCRIPTS[case]
    client, _ = backend
    if want.login:
        client.call("POST", "/api/user/login", LOGIN)
    captured_log.seek(0)
    captured_log.truncate()
    resp, payload = client.call(want.method, want.path, want.json_body)
    assert resp.status == want.status
    assert (json.loads(payload) if payload else None) == want.body
    logged = [ln for ln in _log_lines(captured_log.getvalue())]
    assert tuple(logged) == want.log


def test_no_line_is_logged_per_request_and_no_email_ever(backend, captured_log) -> None:
    """AT has no request-logging filter (nothing in configuration/ or security/ logs a
    request); the course's `grep "user@example.com"` therefore finds nothing."""
    client, _ = backend
    client.call("POST", "/api/user/login", LOGIN)
    client.call("GET", "/api/user/profile")
    client.call("GET", "/actuator/health")
    assert captured_log.getvalue() == ""
    client.call("POST", "/api/user/login", {"username": "user@example.com", "password": "x"})
    assert "user@example.com" not in captured_log.getvalue()
    assert "127.0.0.1" not in captured_log.getvalue()


@pytest.mark.parametrize("status", ["DEACTIVATED", "UNCONFIRMED", "CONFIRMED_EMAIL"])
def test_inactive_accounts_get_403_before_their_password_is_checked(
    backend, pool, captured_log, status
) -> None:
    """AT components/user/UserService.java login(): the status check comes before
    BCryptPasswordEncoder.matches, so even a wrong password answers 403."""
    client, _ = backend
    user = {"id": 7, "email": "off@fortaleza.lab", "name": "X", "surname": "Y"}
    pool.add_user({**user, "status": status, "role": "USER", "language": "ES"}, "right")
    wrong = client.json("POST", "/api/user/login", {"username": user["email"], "password": "no"})
    assert wrong == (403, {"status": "UNAUTHORIZED", "errorMessage": "Not confirmed or disabled"})
    assert _log_lines(captured_log.getvalue()) == [
        f"WARN {HANDLER}ApiException: UNAUTHORIZED Not confirmed or disabled"
    ]


def test_a_bad_token_is_logged_by_the_token_service_at_info_with_its_trace(
    backend, captured_log
) -> None:
    """AT components/common/TokenService.java validateToken: logger.info("Token " + token +
    " is not valid", e); TokenAuthenticationFilter then goes on unauthenticated (401)."""
    client, _ = backend
    client.cookies["inatrace-accessToken"] = "abc.def.ghi"
    resp, payload = client.call("GET", "/api/company/list")
    assert (resp.status, payload) == (401, b"")
    lines = captured_log.getvalue().splitlines()
    assert _log_lines(captured_log.getvalue()) == [
        "INFO c.a.i.components.common.TokenService     : Token abc.def.ghi is not valid"
    ]
    assert lines[1].startswith("com.auth0.jwt.exceptions.JWTDecodeException: ")


def test_the_error_body_follows_the_accept_header(backend) -> None:
    """AT components/exceptionhandling/SpringExceptionResponseBuilder.java
    getAcceptableResponse: JSON if JSON is accepted, the message for text, else empty."""
    client, _ = backend
    bad = {"username": "admin@fortaleza.lab", "password": "wrong"}
    raw = json.dumps(bad).encode()
    json_type = {"Content-Type": "application/json"}
    as_text = client.call(
        "POST", "/api/user/login", raw=raw, headers={**json_type, "Accept": "text/plain"}
    )
    assert (as_text[0].status, as_text[1]) == (401, b"Invalid credentials")
    bare = client.call("POST", "/api/user/login", raw=raw, headers={**json_type, "Accept": ""})
    assert (bare[0].status, bare[1]) == (401, b"")


def test_a_non_admin_on_an_admin_endpoint_is_access_denied(backend, pool, captured_log) -> None:
    """AT components/user/UserController.java @PreAuthorize("hasAuthority('SYSTEM_ADMIN')")
    → DefaultControllerExceptionHandler.handleAccessDeniedException: ERROR "Unauthorized"."""
    client, _ = backend
    user = {"id": 8, "email": "u@fortaleza.lab", "name": "U", "surname": "V", "language": "ES"}
    pool.add_user({**user, "status": "ACTIVE", "role": "USER"}, "pw")
    client.call("POST", "/api/user/login", {"username": user["email"], "password": "pw"})
    status, doc = client.json("GET", "/api/user/admin/list")
    assert (status, doc) == (
        403,
        {"status": "UNAUTHORIZED", "errorMessage": "Unauthorized", "errorDetails": "Access Denied"},
    )
    assert _log_lines(captured_log.getvalue()) == [f"ERROR {HANDLER}Unauthorized"]


def test_an_upload_that_cannot_be_written_is_error_saving_file(
    backend, settings, captured_log
) -> None:
    """AT components/common/StorageService.java uploadDocument: logger.error("Error writing
    file", e), then ApiException(ERROR, "Error saving file"), logged again as 5xx ERROR."""
    client, app = backend
    blocker = Path(settings.filestorage_root) / "not-a-dir"
    blocker.write_text("x")
    app.settings = replace(app.settings, filestorage_root=str(blocker))
    client.call("POST", "/api/user/login", LOGIN)
    resp, payload = client.call("POST", "/api/common/document", raw=ONE_FILE, headers=MULTIPART)
    assert (resp.status, json.loads(payload)) == (
        500,
        {"status": "ERROR", "errorMessage": "Error saving file"},
    )
    assert _log_lines(captured_log.getvalue()) == [
        "ERROR c.a.i.components.common.StorageService   : Error creating type directory",
        f"ERROR {HANDLER}ApiException: ERROR Error saving file",
    ]


def test_documents_go_out_under_a_temporary_key_bound_to_the_user(
    backend, pool, captured_log
) -> None:
    """AT components/common/CommonApiTools.java toApiDocument (ad.storageKey =
    StorageKeyCache.put(document.getStorageKey(), userId)), StorageKeyCache.java (random
    UUID, 120 min, per user) and CommonService.java getDocument (StorageKeyCache.get first):
    the key stored in the database is never accepted for a download."""
    client, _ = backend
    client.call("POST", "/api/user/login", LOGIN)
    _, payload = client.call("POST", "/api/common/document", raw=ONE_FILE, headers=MULTIPART)
    temp_key = json.loads(payload)["data"]["storageKey"]
    stored_key = pool.executed[-1][1][4]
    assert temp_key != stored_key
    assert client.call("GET", f"/api/common/document/{temp_key}")[0].status == 200
    by_stored = client.call("GET", f"/api/common/document/{stored_key}")
    assert (by_stored[0].status, json.loads(by_stored[1])) == (
        400,
        {"status": "INVALID_REQUEST", "errorMessage": "Invalid storage key"},
    )
    other = {"id": 9, "email": "o@fortaleza.lab", "name": "O", "surname": "P", "language": "ES"}
    pool.add_user({**other, "status": "ACTIVE", "role": "USER"}, "pw")
    client.cookies.clear()
    client.call("POST", "/api/user/login", {"username": other["email"], "password": "pw"})
    assert client.call("GET", f"/api/common/document/{temp_key}")[0].status == 400
    assert _log_lines(captured_log.getvalue())[-1] == (
        f"WARN {HANDLER}ApiException: INVALID_REQUEST Invalid storage key"
    )


def test_health_is_status_only_unless_show_details_is_enabled(backend) -> None:
    """AT application.properties sets no management.endpoint.health.show-details, so Boot
    answers {"status":"UP"}; the lab's .env sets it to always (compose/env.template)."""
    client, app = backend
    assert client.json("GET", "/actuator/health") == (200, {"status": "UP"})
    app.settings = replace(app.settings, health_show_details="always")
    _status, doc = client.json("GET", "/actuator/health")
    assert list(doc["components"]) == ["db", "diskSpace", "ping"]
    # DiskSpaceHealthIndicator's default path is "." (the working directory)
    assert doc["components"]["diskSpace"]["details"]["path"] == str(Path.cwd()) + "/."


def test_health_is_503_down_and_warns_when_mysql_is_gone(backend, pool, captured_log) -> None:
    """Boot's DataSourceHealthIndicator/AbstractHealthIndicator: 503 {"status":"DOWN"} and a
    WARN "DataSource health check failed" with the trace, on every failed check."""
    client, _ = backend
    pool.down = True
    assert client.json("GET", "/actuator/health") == (503, {"status": "DOWN"})
    client.call("GET", "/actuator/health")
    warns = [ln for ln in _log_lines(captured_log.getvalue()) if "health check failed" in ln]
    assert len(warns) == 2


def test_with_mysql_gone_a_connection_is_awaited_for_hikaris_timeout(settings) -> None:
    """HikariCP's connectionTimeout (30 s by default; AT sets none): getConnection() keeps
    trying until then and fails with "Connection is not available, request timed out"."""
    assert replace(settings, start_mode="real").connection_timeout_s == 30.0
    assert replace(settings, start_mode="fast").connection_timeout_s == 0.0
    pool = Pool(replace(settings, start_mode="real"))
    pool.connection_timeout_s = 1.5  # the 30 s of a real start, shortened for the test
    with pytest.raises(JavaException) as caught, pool.connection(wait_s=5):
        pass
    assert re.search(r"request timed out after 1[5-9]\d\dms", caught.value.message or "")
    assert any("Communications link failure" in (e.message or "") for e in caught.value.chain())


def test_a_failed_migration_surfaces_under_entity_manager_factory(settings, captured_log) -> None:
    """AT configuration/MigrationsConfiguration.java flywayInitializer has no try/catch:
    Flyway's own FlywayValidateException is the root cause, with no wrapper, and Boot's
    ordering puts it under 'entityManagerFactory' (Spring 6.1 wording)."""
    mig = Migration("2025.12.22.12.30", "Simplify language enum to EN ES", "SQL", "V.sql", 1)
    row = {"version": mig.version, "description": mig.description, "type": "SQL"}
    errors = validate_errors([{**row, "checksum": 1, "success": 0}], [mig])
    exc = JavaException(
        "org.flywaydb.core.api.exception.FlywayValidateException",
        "Validate failed: Migrations have failed validation\n" + errors[0],
    )
    with pytest.raises(StartupFailure):
        startup.Startup(settings, Pool(settings)).fail_bean("flywayInitializer", exc)
    log = captured_log.getvalue()
    warn = next(ln for ln in _log_lines(log) if ln.startswith("WARN"))
    assert warn.startswith(
        "WARN ConfigServletWebServerApplicationContext : Exception encountered during context"
        " initialization - cancelling refresh attempt: org.springframework.beans.factory."
        "BeanCreationException: Error creating bean with name 'entityManagerFactory' defined in"
        " class path resource [org/springframework/boot/autoconfigure/orm/jpa/HibernateJpa"
        "Configuration.class]: Failed to initialize dependency 'flywayInitializer' of"
        " LoadTimeWeaverAware bean 'entityManagerFactory': Error creating bean with name"
        " 'flywayInitializer' defined in class path resource [com/abelium/inatrace/"
        "configuration/MigrationsConfiguration.class]: Validate failed"
    )
    assert "Detected failed migration to version 2025.12.22.12.30 (Simplify language" in log
    assert "Caused by: org.flywaydb.core.api.exception.FlywayValidateException: " in log
    assert "org.flywaydb.core.api.FlywayException" not in log  # no invented wrapper


@pytest.mark.parametrize(
    ("raw", "repair"),
    [("true", True), ("TRUE", True), ("1", False), ("yes", False), ("on", False), ("", False)],
)
def test_the_repair_flag_is_read_as_boolean_parse_boolean(raw, repair) -> None:
    """AT MigrationsConfiguration.java: Boolean.parseBoolean(environment.getProperty(
    "INATRACE_FLYWAY_REPAIR_ON_STARTUP", "false")): only "true", in any case."""
    assert config.from_env({"INATRACE_FLYWAY_REPAIR_ON_STARTUP": raw}).repair_on_startup is repair


def test_flyway_prints_the_full_jdbc_url_with_its_query_string() -> None:
    """AT application.properties spring.datasource.url default; Flyway's "Database:" line
    prints the URL as configured, query string included."""
    assert config.from_env({}).jdbc_url == (
        "jdbc:mysql://inatrace-mysql-test-fortaleza:3306/inatrace_test_fortaleza"
        "?autoReconnect=true&allowPublicKeyRetrieval=true&useSSL=false&serverTimezone=UTC"
    )
    url = "jdbc:mysql://db:3307/x?useSSL=true"
    assert config.from_env({"SPRING_DATASOURCE_URL": url}).jdbc_url == url


def test_the_jpa_phase_lists_every_java_migration_as_the_resolver_does(
    settings, captured_log
) -> None:
    """AT components/flyway/JpaMigrationResolver.java resolveMigrations: one line per
    location scanned and per class resolved, then the total."""
    run = startup.Startup(settings, Pool(settings))
    run.resolve_java_lines()
    lines = [ln.split(" : ", 1)[1] for ln in _log_lines(captured_log.getvalue())]
    java = [m for m in run.migrations if m.type == "CUSTOM"]
    assert lines[0] == (
        "[Flyway] JpaMigrationResolver.resolveMigrations - starting resolution for locations:"
        " [classpath:com/abelium/inatrace/db/migrations, classpath:db/migrations]"
    )
    assert sum("Resolved JPA migration: version=" in ln for ln in lines) == len(java)
    assert lines[-1].endswith(f"total resolved JPA migrations: {len(java)}")


def test_a_real_start_takes_20_to_30_seconds_and_a_fast_one_no_time(monkeypatch, settings):
    """The JVM's tens of seconds (facts sheet §9): the phases' share, jitter included."""
    slept: list[float] = []
    monkeypatch.setattr(startup.time, "sleep", slept.append)
    for phase in startup.REAL_PHASES:
        startup.pace(replace(settings, start_mode="fast"), phase)
    assert slept == []
    low = sum(startup.REAL_PHASES.values()) * 0.85 + 1.4  # + the JVM boot before "Starting"
    high = sum(startup.REAL_PHASES.values()) * 1.2 + 2.2
    assert low >= 20
    assert high <= 30


# AT src/main/resources/db/migrations/ (SQL) and src/main/java/com/abelium/inatrace/db/
# migrations/ (JpaMigration classes) @a1010c04: the ones the replica reproduces, by name.
AT_SQL_MIGRATIONS = (
    "V1__Initial_schema.sql",
    "V2025_11_11_02_01__Add_is_laboratory_field.sql",
    "V2025_11_15_01_00__Add_person_type_fields_to_UserCustomer.sql",
    "V2025_12_15_04_30__Fix_missing_Facility_columns.sql",
    "V2025_12_22_12_30__Simplify_language_enum_to_EN_ES.sql",
)
AT_JAVA_MIGRATIONS = (
    "com.abelium.inatrace.db.migrations.V2025_11_19_02_00__Create_Default_Admin_Company",
    "com.abelium.inatrace.db.migrations.V2025_12_16_12_00__Fix_ProductType_Initialization_For_Cocoa",
)
# Column definitions each AT script adds behind its information_schema guard.
AT_ADDED_COLUMNS = {
    "V2025_11_11_02_01__Add_is_laboratory_field.sql": [
        ("Facility", "isLaboratory", "BIT(1) DEFAULT 0"),
    ],
    "V2025_11_15_01_00__Add_person_type_fields_to_UserCustomer.sql": [
        (
            "UserCustomer",
            "personType",
            "ENUM('NATURAL','LEGAL') DEFAULT NULL"
            " COMMENT 'Person type: NATURAL (individual) or LEGAL (company)'",
        ),
        (
            "UserCustomer",
            "companyName",
            "VARCHAR(255) DEFAULT NULL COMMENT 'Legal entity company name'",
        ),
        (
            "UserCustomer",
            "legalRepresentative",
            "VARCHAR(255) DEFAULT NULL COMMENT 'Legal representative full name'",
        ),
    ],
    "V2025_12_15_04_30__Fix_missing_Facility_columns.sql": [
        ("Facility", "displayFinalPriceDiscount", "BIT(1)"),
        ("StockOrder", "finalPriceDiscount", "DECIMAL(38,2)"),
        ("StockOrder", "parcelLot", "VARCHAR(8)"),
        ("StockOrder", "variety", "VARCHAR(32)"),
        ("StockOrder", "organicCertification", "VARCHAR(64)"),
    ],
}
# V2025_12_22_12_30: every table with a `language` column, in the script's order.
AT_LANGUAGE_TABLES = (
    "CompanyTranslation",
    "FacilityTranslation",
    "ProcessingActionTranslation",
    "ProcessingEvidenceFieldTranslation",
    "ProcessingEvidenceTypeTranslation",
    "ProductLabel",
    "ProductSettings",
    "ProductTypeTranslation",
    "SemiProductTranslation",
    "User",
    "User_AUD",
)


def _script(name: str) -> str:
    return (fr.MIGRATIONS_DIR / name).read_text(encoding="utf-8").replace("''", "'")


def test_the_replica_has_the_forks_migrations_and_no_other() -> None:
    """AT db/migrations @a1010c04: names, so versions and descriptions, as the fork's; no
    invented migration (GlobalSettings is a table of AT's V1__Initial_schema.sql)."""
    sql_names = tuple(sorted(p.name for p in fr.MIGRATIONS_DIR.glob("*.sql")))
    assert sql_names == AT_SQL_MIGRATIONS
    assert tuple(m.script for m in JAVA_MIGRATIONS) == AT_JAVA_MIGRATIONS
    v1 = _script("V1__Initial_schema.sql")
    assert re.search(r"CREATE TABLE IF NOT EXISTS `GlobalSettings` \(", v1)
    assert "`name` varchar(128) NOT NULL" in v1


@pytest.mark.parametrize("name", list(AT_ADDED_COLUMNS))
def test_each_migration_adds_the_forks_columns_behind_a_guard(name) -> None:
    """AT db/migrations/<name>: each column through SET @ddl = IF(<missing>, 'ALTER TABLE …
    ADD COLUMN …', 'SELECT 1') and PREPARE/EXECUTE, so a repair can run it again."""
    text = _script(name)
    added = re.findall(r"'ALTER TABLE `(\w+)` ADD COLUMN (\w+) (.+?)', 'SELECT 1'", text)
    assert added == AT_ADDED_COLUMNS[name]
    assert text.count("information_schema.COLUMNS") == len(added)
    assert text.count("EXECUTE stmt;") == len(added)


def test_the_language_migration_moves_de_and_rw_to_en_then_narrows_every_enum() -> None:
    """AT db/migrations/V2025_12_22_12_30__Simplify_language_enum_to_EN_ES.sql: step 1
    UPDATE … SET language = 'EN' WHERE language IN ('DE', 'RW'), step 2 MODIFY COLUMN
    language ENUM('EN','ES') NOT NULL (User_AUD: DEFAULT NULL), each table if it exists."""
    text = _script("V2025_12_22_12_30__Simplify_language_enum_to_EN_ES.sql")
    updated = re.findall(
        r"'UPDATE `(\w+)` SET language = 'EN' WHERE language IN \('DE', 'RW'\)'", text
    )
    narrowed = re.findall(
        r"'ALTER TABLE `(\w+)` MODIFY COLUMN language ENUM\('EN','ES'\) ([A-Z ]+)'", text
    )
    assert tuple(updated) == AT_LANGUAGE_TABLES
    assert tuple(t for t, _ in narrowed) == AT_LANGUAGE_TABLES
    assert {t: n for t, n in narrowed if n != "NOT NULL"} == {"User_AUD": "DEFAULT NULL"}
    assert text.index("'UPDATE `User_AUD`") < text.index("'ALTER TABLE `CompanyTranslation`")


class _FakeConnection:
    """Enough of a pymysql connection for a JpaMigration: records every statement."""

    def __init__(self, answers: dict[str, list[dict[str, object]]]) -> None:
        self.answers = answers
        self.statements: list[str] = []

    def cursor(self) -> _FakeConnection:
        return self

    def __enter__(self) -> _FakeConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute(self, sql: str, args: object = None) -> None:
        self.statements.append(" ".join(sql.split()))
        self.lastrowid = len(self.statements)
        self._rows = next((rows for key, rows in self.answers.items() if key in sql), [])

    def fetchall(self) -> list[dict[str, object]]:
        return self._rows


def test_the_admin_migration_uses_the_forks_defaults_and_logs_nothing(captured_log) -> None:
    """AT db/migrations/V2025_11_19_02_00__Create_Default_Admin_Company.java: properties
    INATrace.admin.* with defaults (admin@example.com, Demo Company…), nothing if the e-mail
    exists, else user + a new company + COMPANY_ADMIN link; the class has no logger."""
    settings = config.from_env({})
    assert (settings.admin_email, settings.admin_company_name) == (
        "admin@example.com",
        "Demo Company",
    )
    conn = _FakeConnection({})
    create_default_admin_company(MigrationContext(conn, settings))  # type: ignore[arg-type]
    inserts = [s.split(" (")[0] for s in conn.statements if s.startswith("INSERT")]
    assert inserts == ["INSERT INTO `User`", "INSERT INTO Company", "INSERT INTO CompanyUser"]
    again = _FakeConnection({"FROM `User` WHERE email": [{"id": 1}]})
    create_default_admin_company(MigrationContext(again, settings))  # type: ignore[arg-type]
    assert not [s for s in again.statements if s.startswith("INSERT")]
    assert captured_log.getvalue() == ""


@pytest.mark.parametrize(("product_type", "creates"), [("CACAO", False), ("cocoa", True)])
def test_the_product_type_migration_acts_only_for_cocoa(product_type, creates) -> None:
    """AT db/migrations/V2025_12_16_12_00__Fix_ProductType_Initialization_For_Cocoa.java:
    returns unless INATrace.product.type equalsIgnoreCase COCOA (Fortaleza's ci/.env sets
    CACAO), else makes sure a Cacao product type exists."""
    settings = config.from_env({"INATRACE_PRODUCT_TYPE": product_type})
    conn = _FakeConnection({})
    fix_product_type_for_cocoa(MigrationContext(conn, settings))  # type: ignore[arg-type]
    assert any(s.startswith("INSERT INTO ProductType") for s in conn.statements) == creates
