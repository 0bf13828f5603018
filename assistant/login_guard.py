"""Failed-login limits: after N wrong passwords in a row for one account, or from one client address,
logins there are refused (the right password too) until the lockout has passed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Count:
    failures: int = 0
    locked_until: float = 0.0


class LoginGuard:
    """Counts are kept per account name and per client address, in memory (a restart forgets them)."""

    def __init__(self, max_failures: int, lockout_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds
        self._clock = clock
        self._counts: dict[tuple[str, str], _Count] = {}
        self._lock = threading.Lock()

    def _keys(self, name: str, address: str) -> list[tuple[str, str]]:
        return [("user", name), ("address", address)]

    def locked(self, name: str, address: str) -> float:
        """Seconds until a login for this account from this address may be tried again (0: it may now)."""
        now = self._clock()
        with self._lock:
            waits = [self._counts[k].locked_until - now for k in self._keys(name, address) if k in self._counts]
        return max([0.0, *waits])

    def failed(self, name: str, address: str) -> bool:
        """Count a wrong password; True when this failure starts a lockout."""
        now = self._clock()
        started = False
        with self._lock:
            for key in self._keys(name, address):
                count = self._counts.setdefault(key, _Count())
                count.failures += 1
                if count.failures >= self.max_failures:
                    count.failures, count.locked_until = 0, now + self.lockout_seconds
                    started = True
        return started

    def succeeded(self, name: str) -> None:
        """A right password clears the account's count (not the address's: one valid account must not
        reset the count of an address that is guessing others)."""
        with self._lock:
            self._counts.pop(("user", name), None)
