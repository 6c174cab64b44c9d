"""The Spring Boot startup sequence: banner lines, Flyway phases, failure reports.

Order and wording follow a Boot 3.3.3 / Tomcat 10.1.28 / Flyway 10.10 / Hibernate 6.5
start of AT's INATrace (facts sheet §2 and §4), so `docker logs` reads like the real one.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable

import pymysql

from . import frames as fr
from . import jdbc
from .config import Settings
from .db import Pool
from .errors import JavaException, StartupFailure
from .flyway import Flyway
from .flyway_resolve import Migration, ordered, resolve_sql
from .java_migrations import JAVA_MIGRATIONS
from .logs import APP, Logger

TOMCAT = Logger("org.springframework.boot.web.embedded.tomcat.TomcatWebServer")
SERVICE = Logger("org.apache.catalina.core.StandardService")
ENGINE = Logger("org.apache.catalina.core.StandardEngine")
CONTEXT = Logger("org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/]")
WEBCTX = Logger("org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext")
REPOS = Logger("org.springframework.data.repository.config.RepositoryConfigurationDelegate")
MIGCONF = Logger("com.abelium.inatrace.configuration.MigrationsConfiguration")
RESOLVER = Logger("com.abelium.inatrace.components.flyway.JpaMigrationResolver")
DELAYED = Logger("com.abelium.inatrace.components.flyway.DelayedFlywayMigrationInitializer")
STRATEGY = Logger("com.abelium.inatrace.components.flyway.JpaMigrationStrategy")
VERSION = Logger("org.flywaydb.core.internal.license.VersionPrinter")
EXECUTOR = Logger("org.flywaydb.core.FlywayExecutor")
EMF = Logger("org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean")
CONDITIONS = Logger(
    "org.springframework.boot.autoconfigure.logging.ConditionEvaluationReportLogger"
)
SPRING = Logger("org.springframework.boot.SpringApplication")
# AbstractApplicationContext logs with getClass(): Boot's concrete context class.
REFRESH = Logger(
    "org.springframework.boot.web.servlet.context.AnnotationConfigServletWebServerApplicationContext"
)
JAVA_VERSION = "17.0.12"
BEAN_SOURCE = (
    "class path resource [com/abelium/inatrace/configuration/MigrationsConfiguration.class]"
)
EMF_SOURCE = (
    "class path resource [org/springframework/boot/autoconfigure/orm/jpa/"
    "HibernateJpaConfiguration.class]"
)
# flyway.locations (AT): Flyway's Location.toString() of each entry.
LOCATIONS = ("classpath:com/abelium/inatrace/db/migrations", "classpath:db/migrations")
# Where a real start spends its ~25 s (seconds per phase, before jitter); the fast mode
# skips them. Boot 3.3 + Hibernate 6.5 + ~100 entities on a small VM (facts sheet §9).
REAL_PHASES = {
    "context": 3.2,  # component scan, 96 repositories
    "tomcat": 0.9,
    "flyway": 2.2,
    "hibernate": 7.5,  # EntityManagerFactory + schema validation
    "jpa-migrations": 1.6,
    "web": 6.5,  # security filter chain, MVC mappings, springdoc, schedulers
}


def pace(settings: Settings, phase: str) -> None:
    """Spend a phase's share of a real start; nothing in the fast mode."""
    if not settings.fast:
        time.sleep(REAL_PHASES[phase] * random.uniform(0.85, 1.2))


def profile_line(profiles: tuple[str, ...]) -> str:
    if not profiles:
        return 'No active profile set, falling back to 1 default profile: "default"'
    quoted = ", ".join(f'"{p}"' for p in profiles)
    if len(profiles) == 1:
        return f"The following 1 profile is active: {quoted}"
    return f"The following {len(profiles)} profiles are active: {quoted}"


def database_label(server_version: str) -> str:
    """Flyway's '(MySQL 8.0)'. The lab's MariaDB stand-in poses as MySQL 8.0."""
    if "mariadb" in server_version.lower() or not server_version:
        return "MySQL 8.0"
    major_minor = ".".join(server_version.split("-")[0].split(".")[:2])
    return f"MySQL {major_minor}"


class Startup:
    def __init__(self, settings: Settings, pool: Pool) -> None:
        self.settings = settings
        self.pool = pool
        self.migrations: list[Migration] = ordered([*resolve_sql(), *JAVA_MIGRATIONS])
        self._printed_version = False
        self._pool_started = False

    def banner(self, started: float) -> None:
        s = self.settings
        APP.info(
            f"Starting INATraceBackendApplication v{s.release_version} using Java"
            f" {JAVA_VERSION} with PID {os.getpid()} (/app/app.jar started by"
            f" {_user()} in {os.getcwd()})"
        )
        APP.info(profile_line(s.profiles))
        REPOS.info("Bootstrapping Spring Data JPA repositories in DEFAULT mode.")
        pace(s, "context")
        REPOS.info(
            "Finished Spring Data repository scanning in 187 ms."
            " Found 96 JPA repository interfaces."
        )
        TOMCAT.info(f"Tomcat initialized with port {s.server_port} (http)")
        pace(s, "tomcat")
        SERVICE.info("Starting service [Tomcat]")
        ENGINE.info("Starting Servlet engine: [Apache Tomcat/10.1.28]")
        CONTEXT.info("Initializing Spring embedded WebApplicationContext")
        ms = int((time.monotonic() - started) * 1000)
        WEBCTX.info(f"Root WebApplicationContext: initialization completed in {ms} ms")

    # -- Flyway phases ---------------------------------------------------------------
    def _command(self, action: Callable[[Flyway], None]) -> None:
        if not self._printed_version:
            VERSION.info("Flyway OSS Edition 10.10.0 by Redgate")
            VERSION.info("See release notes here: https://rd.gt/416ObMi")
            VERSION.info("")
            self._printed_version = True
        if not self._pool_started:
            try:
                self.pool.start()
            except JavaException as exc:
                raise flyway_sql_exception(exc) from exc
            self._pool_started = True
        try:
            with self.pool.connection(wait_s=5.0) as conn:
                label = database_label(self.pool.server_version)
                EXECUTOR.info(f"Database: {self.settings.jdbc_url} ({label})")
                action(Flyway(conn, self.settings, self.migrations))
        except (pymysql.err.MySQLError, OSError) as err:  # connection lost mid-migration
            raise flyway_sql_exception(jdbc.lost_during_query(err, 0)) from err

    def sql_phase(self) -> None:
        MIGCONF.info("[Flyway] Applying ignoreMigrationPatterns=[*:missing]")
        MIGCONF.info(
            "[Flyway] Registered JpaMigrationValidationResolver for JPA migration visibility"
        )
        if self.settings.repair_on_startup:
            MIGCONF.warn(
                "[Flyway] INATRACE_FLYWAY_REPAIR_ON_STARTUP=true - running"
                " flyway.repair() before migrate()"
            )
            self._guard("flywayInitializer", lambda: self._command(lambda fw: fw.repair()))
        self._guard(
            "flywayInitializer", lambda: self._command(lambda fw: fw.migrate(frozenset({"SQL"})))
        )
        pace(self.settings, "flyway")

    def hibernate(self) -> None:
        Logger("org.hibernate.jpa.internal.util.LogHelper").info(
            "HHH000204: Processing PersistenceUnitInfo [name: default]"
        )
        pace(self.settings, "hibernate")
        Logger("org.hibernate.Version").info("HHH000412: Hibernate ORM core version 6.5.2.Final")
        Logger("org.hibernate.cache.internal.RegionFactoryInitiator").info(
            "HHH000026: Second-level cache disabled"
        )
        Logger("org.springframework.orm.jpa.persistenceunit.SpringPersistenceUnitInfo").info(
            "No LoadTimeWeaver setup: ignoring JPA class transformer"
        )
        Logger("org.hibernate.engine.transaction.jta.platform.internal.JtaPlatformInitiator").info(
            "HHH000489: No JTA platform available (set 'hibernate.transaction.jta.platform' to"
            " enable JTA platform integration)"
        )
        EMF.info("Initialized JPA EntityManagerFactory for persistence unit 'default'")

    def java_phase(self) -> None:
        """AT's delayed phase: MigrationsConfiguration creates the bean, then
        DelayedFlywayMigrationInitializer → JpaMigrationStrategy → a second Flyway whose
        JpaMigrationResolver lists every Java migration (JpaMigrationResolver.java)."""
        MIGCONF.info(
            "[Flyway] Creating DelayedFlywayMigrationInitializer bean (JPA migrations phase)"
        )
        DELAYED.info(
            "[Flyway] DelayedFlywayMigrationInitializer.afterPropertiesSet - starting"
            " migrations (strategy present: true)"
        )
        DELAYED.info("[Flyway] Using JpaMigrationStrategy to run JPA migrations")
        STRATEGY.info(
            "[Flyway] JpaMigrationStrategy.migrate - configuring Flyway for JPA migrations"
        )
        STRATEGY.info(
            "[Flyway] JpaMigrationStrategy.migrate - starting Flyway.migrate() with custom JPA"
            " resolver"
        )
        self._guard("delayedFlywayInitializer", lambda: self._command(self._java_migrate))
        STRATEGY.info("[Flyway] JpaMigrationStrategy.migrate - finished Flyway.migrate()")
        DELAYED.info(
            "[Flyway] DelayedFlywayMigrationInitializer.afterPropertiesSet - finished migrations"
        )
        pace(self.settings, "jpa-migrations")

    def _java_migrate(self, flyway: Flyway) -> None:
        self.resolve_java_lines()
        flyway.migrate(frozenset({"CUSTOM"}))

    def resolve_java_lines(self) -> None:
        java = [m for m in self.migrations if m.type == "CUSTOM"]
        RESOLVER.info(
            "[Flyway] JpaMigrationResolver.resolveMigrations - starting resolution for"
            f" locations: [{', '.join(LOCATIONS)}]"
        )
        for location in LOCATIONS:
            RESOLVER.info(f"[Flyway] Scanning for JpaMigration classes in location: {location}")
            found = java if location == LOCATIONS[0] else []
            for mig in found:
                RESOLVER.info(
                    f"[Flyway] Resolved JPA migration: version={mig.version},"
                    f" description={mig.description}, script={mig.script}"
                )
            package = location.removeprefix("classpath:").replace("/", ".")
            RESOLVER.info(
                f"[Flyway] Found {len(found)} JpaMigration classes in base package {package}"
            )
        RESOLVER.info(
            "[Flyway] JpaMigrationResolver.resolveMigrations - total resolved JPA"
            f" migrations: {len(java)}"
        )

    def web_layer(self) -> None:
        """Security filter chain, MVC, springdoc, schedulers: the last stretch of a start."""
        pace(self.settings, "web")

    def _guard(self, bean: str, step: Callable[[], None]) -> None:
        try:
            step()
        except JavaException as exc:
            self.fail_bean(bean, exc)

    # -- failures ------------------------------------------------------------------
    def fail_bean(self, bean: str, exc: JavaException) -> None:
        """A failed initializer as Spring 6.1 reports it. AT's MigrationsConfiguration has
        no try/catch, so Flyway's own exception is the root cause. flywayInitializer is a
        dependency of entityManagerFactory (Boot's FlywayMigrationInitializer ordering),
        so a failure there surfaces under 'entityManagerFactory'."""
        own = JavaException(
            "org.springframework.beans.factory.BeanCreationException",
            f"Error creating bean with name '{bean}' defined in {BEAN_SOURCE}: {exc.message}",
            fr.BOOT_RUN[:7],
            exc,
            omitted=17,
        )
        top = own
        if bean == "flywayInitializer":
            top = JavaException(
                "org.springframework.beans.factory.BeanCreationException",
                "Error creating bean with name 'entityManagerFactory' defined in"
                f" {EMF_SOURCE}: Failed to initialize dependency 'flywayInitializer' of"
                f" LoadTimeWeaverAware bean 'entityManagerFactory': {own.message}",
                fr.BOOT_RUN,
                own,
            )
        REFRESH.warn(
            "Exception encountered during context initialization - cancelling refresh"
            f" attempt: {top.header()}"
        )
        self.abort()
        SPRING.error("Application run failed", top)
        raise StartupFailure(f"{bean} failed")

    def abort(self) -> None:
        """What Spring closes after a refresh failure, before it reports."""
        if self._pool_started:
            EMF.info("Closing JPA EntityManagerFactory for persistence unit 'default'")
            self.pool.close()
        SERVICE.info("Stopping service [Tomcat]")
        CONDITIONS.info(
            "\n\nError starting ApplicationContext. To display the condition"
            " evaluation report re-run your application with 'debug' enabled."
        )

    def fail_port(self, port: int) -> None:
        cause = JavaException(
            "java.net.BindException",
            "Address already in use",
            fr.frames(
                "java|java.base/sun.nio.ch.Net.bind0(Native Method)",
                "java|java.base/sun.nio.ch.Net.bind(Net.java:555)",
            ),
        )
        Logger("org.apache.catalina.util.LifecycleBase").error(
            f'Failed to start component [Connector["http-nio-{port}"]]',
            JavaException(
                "org.apache.catalina.LifecycleException",
                "Protocol handler start failed",
                fr.BOOT_START_WEB,
                cause,
                omitted=0,
            ),
        )
        REFRESH.warn(
            "Exception encountered during context initialization - cancelling refresh"
            " attempt: org.springframework.context.ApplicationContextException: Failed to"
            " start bean 'webServerStartStop'"
        )
        self.abort()
        Logger("org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter").error(
            "\n\n***************************\nAPPLICATION FAILED TO START\n"
            "***************************\n\nDescription:\n\n"
            f"Web server failed to start. Port {port} was already in use.\n\nAction:\n\n"
            f"Identify and stop the process that's listening on port {port} or configure this"
            " application to listen on another port.\n"
        )
        raise StartupFailure("port in use")


def flyway_sql_exception(cause: JavaException) -> JavaException:
    """Flyway's wrapper for JDBC failures, with its SQL State / Error Code block."""
    root = cause
    title = f"Unable to obtain connection from database: {root.message}"
    code = root.sql_code if root.sql_code is not None else 0
    message = (
        f"{title}\n{'-' * len(title)}\nSQL State  : {jdbc.sql_state(root.sql_code)}\n"
        f"Error Code : {code}\nMessage    : {(root.message or '').strip()}\n"
    )
    return JavaException(
        "org.flywaydb.core.internal.exception.FlywaySqlException",
        message,
        fr.HIKARI_INIT[6:] + fr.FLYWAY_MIGRATE[3:],
        cause,
        omitted=0,
    )


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return str(os.getuid())
