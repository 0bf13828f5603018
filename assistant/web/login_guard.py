"""Failed-login limits: after N wrong passwords in a row for one account, or from one client address,
logins there are refused (the right password too) until the lockout has passed.

The counts live in the bureau's database (table `login_counts`), so every replica behind a load balancer
sees the same lockout (a guesser gains nothing by landing on another one) and a restart keeps it. Times
are wall-clock seconds, which replicas on different machines share."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import ColumnElement, Connection, and_, delete, func, or_, select, update
from sqlalchemy.engine import Engine

from vectorstore.database import insert_missing
from vectorstore.schema import login_counts


class LoginGuard:
    """Counts per account name and per client address, shared by every process using `engine`."""

    def __init__(
        self, engine: Engine, max_failures: int, lockout_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self.engine = engine
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds
        self._clock = clock

    @staticmethod
    def _keys(name: str, address: str) -> list[tuple[str, str]]:
        return [("user", name), ("address", address)]  # always in this order: concurrent failures lock rows alike

    @staticmethod
    def _row(kind: str, key: str) -> ColumnElement[bool]:
        return and_(login_counts.c.kind == kind, login_counts.c.key == key)

    def locked(self, name: str, address: str) -> float:
        """Seconds until a login for this account from this address may be tried again (0: it may now)."""
        query = select(func.max(login_counts.c.locked_until)).where(
            or_(*(self._row(kind, key) for kind, key in self._keys(name, address)))
        )
        with self.engine.connect() as conn:
            until = conn.execute(query).scalar()
        return max(0.0, (until or 0.0) - self._clock())

    def failed(self, name: str, address: str) -> bool:
        """Count a wrong password; True when this failure starts a lockout."""
        now = self._clock()
        with self.engine.begin() as conn:
            started = [self._count_failure(conn, kind, key, now) for kind, key in self._keys(name, address)]
        return any(started)

    def _count_failure(self, conn: Connection, kind: str, key: str, now: float) -> bool:
        insert_missing(conn, login_counts, {"kind": kind, "key": key, "failures": 0, "locked_until": 0.0})
        row = self._row(kind, key)
        # UPDATE first: it locks the row, so two replicas counting at once both count
        conn.execute(update(login_counts).where(row).values(failures=login_counts.c.failures + 1))
        if conn.execute(select(login_counts.c.failures).where(row)).scalar_one() < self.max_failures:
            return False
        conn.execute(update(login_counts).where(row).values(failures=0, locked_until=now + self.lockout_seconds))
        return True

    def succeeded(self, name: str) -> None:
        """A right password clears the account's count (not the address's: one valid account must not
        reset the count of an address that is guessing others)."""
        with self.engine.begin() as conn:
            conn.execute(delete(login_counts).where(self._row("user", name)))
