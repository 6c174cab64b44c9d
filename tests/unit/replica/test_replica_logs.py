"""The replica's console output reads like Spring Boot 3.3's default Logback pattern."""

from __future__ import annotations

import datetime as dt
import re

from inatrace_replica import frames, logs
from inatrace_replica.errors import JavaException

BOOT_LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (?: INFO| WARN|ERROR|DEBUG) \d+ --- "
    r"\[[ \S]{15}\] [ \S]{40} : "
)


def test_log_line_matches_spring_boot_default_console_format() -> None:
    now = dt.datetime(2025, 1, 15, 12, 0, 0, 123000, tzinfo=dt.UTC)
    line = logs.format_line(
        "INFO",
        "com.abelium.inatrace.INATraceBackendApplication",
        "Started INATraceBackendApplication in 24.512 seconds (process running for 26.03)",
        "main",
        1,
        now,
    )
    assert line == (
        "2025-01-15T12:00:00.123Z  INFO 1 --- [           main] "
        "c.a.inatrace.INATraceBackendApplication  : Started "
        "INATraceBackendApplication in 24.512 seconds (process running for 26.03)"
    )


def test_logger_names_are_abbreviated_like_logback() -> None:
    cases = [
        (
            "org.springframework.boot.web.embedded.tomcat.TomcatWebServer",
            "o.s.b.w.embedded.tomcat.TomcatWebServer",
        ),
        (
            "com.zaxxer.hikari.HikariDataSource",
            "com.zaxxer.hikari.HikariDataSource",
        ),
        (
            "org.flywaydb.core.internal.command.DbMigrate",
            "o.f.core.internal.command.DbMigrate",
        ),
        (
            "org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLogger",
            ".s.b.a.l.ConditionEvaluationReportLogger",
        ),
        (
            "org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext",
            "w.s.c.ServletWebServerApplicationContext",
        ),
        (
            "org.springframework.boot.autoconfigure.orm.jpa.JpaBaseConfiguration$JpaWebConfiguration",
            "JpaBaseConfiguration$JpaWebConfiguration",
        ),
    ]
    for name, shown in cases:
        line = logs.format_line("INFO", name, "x", "main", 1)
        assert line.split("] ", 1)[1].startswith(shown.ljust(40) + " : "), name


def test_thread_names_are_right_aligned_and_cut_from_the_left() -> None:
    assert "[nio-8080-exec-1]" in logs.format_line("INFO", "a.B", "m", "http-nio-8080-exec-1", 1)
    assert "[io-8080-exec-10]" in logs.format_line("INFO", "a.B", "m", "http-nio-8080-exec-10", 1)
    assert "[ionShutdownHook]" in logs.format_line(
        "INFO", "a.B", "m", "SpringApplicationShutdownHook", 1
    )


def test_logger_writes_whole_lines_with_the_exception_block(captured_log) -> None:
    exc = JavaException(
        "java.lang.IllegalStateException",
        "boom",
        frames.frames("java|java.base/java.lang.Thread.run(Thread.java:840)"),
        JavaException("java.io.IOException", "disk", (), omitted=3),
    )
    logs.Logger("com.abelium.inatrace.Foo").error("failed", exc, thread="main")
    lines = captured_log.getvalue().splitlines()
    assert BOOT_LINE.match(lines[0])
    assert lines[0].endswith(" : failed")
    assert lines[1:] == [
        "java.lang.IllegalStateException: boom",
        "\tat java.base/java.lang.Thread.run(Thread.java:840) ~[na:na]",
        "Caused by: java.io.IOException: disk",
        "\t... 3 common frames omitted",
    ]


def test_request_stack_traces_have_between_10_and_20_frames() -> None:
    trace = frames.request(
        frames.app("components.user.UserService", "login", 198),
        frames.app("components.user.UserController", "login", 84),
        method="POST",
    )
    assert 10 <= len(trace) <= 20
    assert trace[0].startswith("com.abelium.inatrace.components.user.UserService.login(")
    assert any("doPost" in f for f in trace)
    assert trace[-1].startswith("java.base/java.lang.Thread.run")


def test_multiline_messages_keep_their_line_breaks(captured_log) -> None:
    logs.Logger("org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter").error(
        "\n\n***************************\nAPPLICATION FAILED TO START"
    )
    text = captured_log.getvalue()
    assert "\n***************************\nAPPLICATION FAILED TO START\n" in text
