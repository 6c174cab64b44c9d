"""Environment parsing and the Connector/J-style translation of database errors."""

from __future__ import annotations

import pymysql
import pytest
from inatrace_replica import config, jdbc, logs
from inatrace_replica.errors import ConfigError


def test_defaults_follow_the_fortaleza_deployment() -> None:
    s = config.from_env({})
    assert (s.db_host, s.db_port, s.server_port) == ("inatrace-mysql-test-fortaleza", 3306, 8080)
    assert s.filestorage_root == "/opt/inatrace/uploads"
    assert s.disk_threshold == 10 * 1024 * 1024
    assert s.validate_on_migrate is True
    assert s.repair_on_startup is False
    assert s.jdbc_url.startswith(
        "jdbc:mysql://inatrace-mysql-test-fortaleza:3306/inatrace_test_fortaleza?autoReconnect"
    )
    assert (s.start_mode, s.health_show_details, s.disk_path) == ("real", "never", ".")


def test_spring_datasource_url_overrides_host_port_and_database() -> None:
    s = config.from_env(
        {
            "INATRACE_DATABASE_HOSTNAME": "ignored",
            "SPRING_DATASOURCE_URL": "jdbc:mysql://db.lab:3307/otra?autoReconnect=true&useSSL=false",
        }
    )
    assert (s.db_host, s.db_port, s.db_name) == ("db.lab", 3307, "otra")


def test_flags_sizes_and_bad_values() -> None:
    s = config.from_env(
        {
            "INATRACE_FLYWAY_REPAIR_ON_STARTUP": "true",
            "INATRACE_RELEASE_BAD": "1",
            "MANAGEMENT_HEALTH_DISKSPACE_THRESHOLD": "50MB",
            "SPRING_PROFILES_ACTIVE": "prod, extra",
        }
    )
    assert s.repair_on_startup
    assert s.release_bad
    assert s.disk_threshold == 50 * 1024 * 1024
    assert s.profiles == ("prod", "extra")
    with pytest.raises(ConfigError, match="SERVER_PORT"):
        config.from_env({"SERVER_PORT": "http"})
    with pytest.raises(ConfigError, match="jdbc:mysql"):
        config.from_env({"SPRING_DATASOURCE_URL": "postgres://x"})


def test_wrong_password_keeps_the_servers_access_denied_text() -> None:
    err = pymysql.err.OperationalError(
        1045, "Access denied for user 'inatrace'@'172.18.0.3' (using password: YES)"
    )
    exc = jdbc.connect_error(err, "inatrace-mysql-test-fortaleza")
    assert exc.header() == (
        "java.sql.SQLException: Access denied for user"
        " 'inatrace'@'172.18.0.3' (using password: YES)"
    )
    assert jdbc.sql_state(exc.sql_code) == "28000"


def test_unreachable_mysql_is_a_communications_link_failure_chain() -> None:
    err = pymysql.err.OperationalError(
        2003, "Can't connect to MySQL server on 'db' ([Errno -2] Name or service not known)"
    )
    exc = jdbc.connect_error(err, "db")
    text = "\n".join(logs.render_exception(exc))
    assert exc.java_class == "com.mysql.cj.jdbc.exceptions.CommunicationsException"
    assert text.startswith(
        "com.mysql.cj.jdbc.exceptions.CommunicationsException: "
        "Communications link failure\n\nThe last packet sent successfully to"
        " the server was 0 milliseconds ago."
    )
    assert "Caused by: java.net.UnknownHostException: db: Name or service not known" in text
    refused = jdbc.connect_error(
        pymysql.err.OperationalError(
            2003, "Can't connect to MySQL server on 'db' ([Errno 111] Connection refused)"
        ),
        "db",
    )
    assert refused.root().header() == "java.net.ConnectException: Connection refused"
    assert jdbc.sql_state(exc.sql_code) == "08S01"


def test_lost_connections_are_told_apart_from_sql_errors() -> None:
    assert jdbc.is_connection_lost(pymysql.err.OperationalError(2013, "Lost connection"))
    assert jdbc.is_connection_lost(ConnectionResetError())
    assert not jdbc.is_connection_lost(pymysql.err.ProgrammingError(1146, "Table doesn't exist"))
    exc = jdbc.statement_error(pymysql.err.ProgrammingError(1146, "Table 'x.User' doesn't exist"))
    assert exc.header() == "java.sql.SQLSyntaxErrorException: Table 'x.User' doesn't exist"
