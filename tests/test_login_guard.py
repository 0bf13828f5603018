"""Failed-login limits: after five wrong passwords an account (or a client address) is refused, the right
password included, until the lockout has passed, on every replica sharing the database. A settable clock
stands in for 15 minutes of waiting."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from assistant.config import Settings
from assistant.web.login_guard import LoginGuard
from vectorstore.database import open_database


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return open_database(Settings(home=tmp_path).database_url)


def test_five_failures_lock_the_account_from_every_address_until_the_window_passes(engine: Engine) -> None:
    clock = Clock()
    guard = LoginGuard(engine, max_failures=5, lockout_seconds=900, clock=clock)
    for attempt in range(4):
        assert not guard.failed("示范企业", f"10.0.0.{attempt}")
        assert guard.locked("示范企业", "10.0.0.99") == 0
    assert guard.failed("示范企业", "10.0.0.4")  # the fifth starts the lockout
    assert guard.locked("示范企业", "10.0.0.99") == 900  # from any address, whatever the password
    assert guard.locked("王科长", "10.0.0.99") == 0  # other accounts from other addresses are not affected
    clock.now += 899
    assert guard.locked("示范企业", "10.0.0.99") == 1
    clock.now += 1
    assert guard.locked("示范企业", "10.0.0.99") == 0


def test_one_address_guessing_many_accounts_is_locked_and_a_valid_login_does_not_reset_it(engine: Engine) -> None:
    clock = Clock()
    guard = LoginGuard(engine, max_failures=5, lockout_seconds=900, clock=clock)
    for n in range(4):
        guard.failed(f"用户{n}", "203.0.113.9")
    guard.succeeded("自己的账号")  # the attacker's own valid account clears only that account
    guard.failed("用户4", "203.0.113.9")
    assert guard.locked("任何账号", "203.0.113.9") == 900
    assert guard.locked("任何账号", "198.51.100.1") == 0


def test_a_right_password_before_the_limit_clears_the_account_count(engine: Engine) -> None:
    guard = LoginGuard(engine, max_failures=5, lockout_seconds=900, clock=Clock())
    for n in range(4):
        guard.failed("王科长", f"10.0.0.{n}")
    guard.succeeded("王科长")
    for n in range(4):
        assert not guard.failed("王科长", f"10.0.1.{n}")
    assert guard.locked("王科长", "10.0.2.1") == 0


def test_a_lockout_started_through_one_replica_holds_on_another_and_after_a_restart(engine: Engine) -> None:
    clock = Clock()
    replica_a = LoginGuard(engine, max_failures=5, lockout_seconds=900, clock=clock)
    replica_b = LoginGuard(engine, max_failures=5, lockout_seconds=900, clock=clock)
    for n in range(4):  # a guesser whose requests the load balancer spreads over both replicas
        assert not (replica_a if n % 2 else replica_b).failed("示范企业", f"10.0.0.{n}")
    assert replica_a.failed("示范企业", "10.0.0.4")
    assert replica_b.locked("示范企业", "10.0.0.99") == 900
    restarted = LoginGuard(engine, max_failures=5, lockout_seconds=900, clock=clock)
    assert restarted.locked("示范企业", "10.0.0.99") == 900
