"""Process lifecycle: start like Spring Boot, serve, shut down on SIGTERM, exit codes.

Exit codes follow the JVM: 1 when startup fails (Docker's `restart: always` then shows
the container Restarting), 143 after SIGTERM (128 + 15), like `java -jar` does.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import signal
import sys
import threading
import time
from types import FrameType

from . import config, external, server
from . import frames as fr
from .api import App
from .db import Pool
from .errors import ConfigError, JavaException, ShutdownRequested, StartupFailure
from .faults import Faults
from .logs import APP, Logger
from .startup import SPRING, TOMCAT, Startup

LINKS = Logger("org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver")
JPA_WEB = Logger(
    "org.springframework.boot.autoconfigure.orm.jpa.JpaBaseConfiguration$JpaWebConfiguration"
)
EMF = Logger("org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean")
ENDPOINTS = Logger("com.abelium.inatrace.configuration.EndpointLoggerConfig")
HOOK = "SpringApplicationShutdownHook"


def _on_term(signum: int, frame: FrameType | None) -> None:
    raise ShutdownRequested(signal.Signals(signum).name)


def _reap_children(signum: int, frame: FrameType | None) -> None:
    """As PID 1 the replica inherits orphans (healthcheck curls Docker gave up on): reap them."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def process_uptime() -> float:
    """Seconds since the process started (the JVM's uptime in Boot's 'Started' line)."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            boot_uptime = float(f.read().split()[0])
        return max(0.0, boot_uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _T0


_T0 = time.monotonic()


def java_double(value: float) -> str:
    """Double.toString for values Boot prints (seconds with millisecond precision)."""
    return repr(round(value, 3))


def _serve(settings: config.Settings, pool: Pool, faults: Faults, started: float) -> None:
    startup = Startup(settings, pool)
    startup.banner(started)
    startup.sql_phase()
    startup.hibernate()
    startup.java_phase()
    startup.web_layer()
    JPA_WEB.warn(
        "spring.jpa.open-in-view is enabled by default. Therefore, database queries may"
        " be performed during view rendering. Explicitly configure"
        " spring.jpa.open-in-view to disable this warning"
    )
    LINKS.info("Exposing 1 endpoint beneath base path '/actuator'")
    try:
        http = server.Server(App(settings, pool, faults))
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise
        startup.fail_port(settings.server_port)
        return
    TOMCAT.info(f"Tomcat started on port {settings.server_port} (http) with context path '/'")
    APP.info(
        f"Started INATraceBackendApplication in {java_double(time.monotonic() - started)}"
        f" seconds (process running for {java_double(process_uptime())})"
    )
    for line in server.endpoint_lines():
        ENDPOINTS.info(line)
    external.start_rates_job()
    signal.signal(signal.SIGUSR1, lambda *_: faults.hang())
    signal.signal(signal.SIGUSR2, lambda *_: faults.slow_down())
    try:
        http.serve_forever(poll_interval=0.5)
    except ShutdownRequested:
        _shutdown(http, pool)
        raise


def _shutdown(http: server.Server | None, pool: Pool) -> None:
    """Boot 3.3's default server.shutdown=immediate: no graceful-shutdown lines, the
    connector just stops; then JPA and Hikari close (on the shutdown-hook thread)."""
    if http is not None:
        http.server_close()
    EMF.info("Closing JPA EntityManagerFactory for persistence unit 'default'", thread=HOOK)
    pool.close(thread=HOOK)


def jvm_boot(settings: config.Settings) -> None:
    """The JVM and Boot's launcher unpacking the fat jar before the first log line: the
    gap between "Started … in X" and "process running for Y". Real mode only."""
    if not settings.fast:
        time.sleep(random.uniform(1.4, 2.2))


def main() -> int:
    threading.current_thread().name = "main"
    signal.signal(signal.SIGTERM, _on_term)
    signal.signal(signal.SIGINT, _on_term)
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # faults are armed once the app is up
    signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    if os.getpid() == 1:
        signal.signal(signal.SIGCHLD, _reap_children)
    try:
        settings = config.from_env()
    except ConfigError as exc:
        SPRING.error(
            "Application run failed",
            JavaException("java.lang.IllegalArgumentException", str(exc), fr.BOOT_RUN[-9:]),
        )
        return 1
    fr.APP_VERSION = settings.release_version
    jvm_boot(settings)
    started = time.monotonic()
    pool = Pool(settings)
    try:
        _serve(settings, pool, Faults(), started)
    except StartupFailure as exc:
        return exc.exit_code
    except ShutdownRequested:
        return 143
    return 0


def run() -> None:
    code = main()
    sys.stdout.flush()
    # Worker threads may be stuck forever (the hang fault): leave without joining them.
    os._exit(code)
