"""Real failure modes the lab triggers with signals or a bad release.

- SIGUSR1 "hang": two threads take two locks in opposite order and deadlock for good;
  every request then waits on one of those locks, like Tomcat workers stuck behind a
  deadlocked JVM. Health times out too. Only a restart clears it.
- SIGUSR2 "slow": a thread burns CPU and every request takes 2-5 s, until restart.
- INATRACE_RELEASE_BAD=1 is read by the API handlers (see api_user / api_company).
"""

from __future__ import annotations

import random
import threading
import time

from .errors import RequestAbandoned
from .logs import Logger

ABANDON_AFTER_S = 90.0
SQL_HELPER = Logger("org.hibernate.engine.jdbc.spi.SqlExceptionHelper")
HOUSEKEEPER = Logger("com.zaxxer.hikari.pool.HikariPool")
SCHEDULER = Logger("com.abelium.inatrace.components.analytics.AnalyticsEngine")


class Faults:
    def __init__(self) -> None:
        self.entity_lock = threading.Lock()  # taken by every request (the "pool" lock)
        self.cache_lock = threading.Lock()
        self.hung = False
        self.slow = False
        self._flag_lock = threading.Lock()
        self._last_timeout_log = 0.0

    # -- triggers (called from signal handlers: must not block) --------------------------
    def hang(self) -> None:
        with self._flag_lock:
            if self.hung:
                return
            self.hung = True
        barrier = threading.Barrier(2)

        def worker(first: threading.Lock, second: threading.Lock) -> None:
            with first:
                barrier.wait()
                second.acquire()  # never returns: the other thread holds it

        threading.Thread(
            target=worker,
            args=(self.entity_lock, self.cache_lock),
            name="scheduling-1",
            daemon=True,
        ).start()
        threading.Thread(
            target=worker,
            args=(self.cache_lock, self.entity_lock),
            name="http-nio-8080-exec-7",
            daemon=True,
        ).start()

    def slow_down(self) -> None:
        with self._flag_lock:
            if self.slow:
                return
            self.slow = True
        threading.Thread(target=self._burn, name="HikariPool-1 housekeeper", daemon=True).start()

    def _burn(self) -> None:
        """Busy loop: real CPU for `docker stats`; logs what Hikari logs when starved."""
        last_log = time.monotonic()
        x = 0
        while True:
            for i in range(200_000):
                x = (x * 31 + i) % 1_000_003
            now = time.monotonic()
            if now - last_log >= 60:
                delta = now - last_log
                HOUSEKEEPER.warn(
                    "HikariPool-1 - Thread starvation or clock leap detected (housekeeper"
                    f" delta={int(delta // 60)}m{int(delta % 60)}s{int(delta * 1000 % 1000)}ms)."
                )
                last_log = now

    # -- the request side ----------------------------------------------------------------
    def enter_request(self) -> None:
        """Called by every request before it is handled (health included)."""
        if self.slow:
            time.sleep(random.uniform(2.0, 5.0))
        if self.entity_lock.acquire(timeout=30.0):
            self.entity_lock.release()
            return
        self._log_timeout()
        if self.entity_lock.acquire(timeout=ABANDON_AFTER_S - 30.0):
            self.entity_lock.release()
            return
        # Still stuck (it always is once hung). Dropping the connection keeps callers that
        # never time out (Docker's healthcheck curl) from piling up for hours.
        raise RequestAbandoned("hung request dropped")

    def _log_timeout(self) -> None:
        with self._flag_lock:
            now = time.monotonic()
            if now - self._last_timeout_log < 30:
                return
            self._last_timeout_log = now
        SQL_HELPER.warn("SQL Error: 0, SQLState: null")
        SQL_HELPER.error(
            "HikariPool-1 - Connection is not available, request timed out after"
            " 30000ms (total=10, active=10, idle=0, waiting=3)"
        )
