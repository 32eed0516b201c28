"""Failed sign-ins are rate limited per user name and per client, with an injected clock."""

from __future__ import annotations

import threading

from shafaf.auth.ratelimit import CLIENT_FACTOR, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _limiter(clock: Clock) -> RateLimiter:
    return RateLimiter(max_failures=5, window_seconds=900, lockout_seconds=900, clock=clock)


def test_five_failures_in_the_window_lock_the_user_for_fifteen_minutes() -> None:
    clock = Clock()
    rl = _limiter(clock)
    keys = ["user:amina", "client:a"]
    for _ in range(4):
        assert rl.record_failure(keys) == 0
        clock.now += 10
    assert rl.retry_after(keys) == 0
    assert rl.record_failure(keys) == 900
    clock.now += 600
    assert rl.retry_after(["user:amina", "client:b"]) == 300  # another client: the user name is still locked
    assert rl.retry_after(["user:other", "client:a"]) == 0  # the client has only 5 of its 20
    clock.now += 301
    assert rl.retry_after(keys) == 0


def test_failures_outside_the_window_do_not_count() -> None:
    clock = Clock()
    rl = _limiter(clock)
    for _ in range(4):
        rl.record_failure(["user:amina"])
    clock.now += 901
    assert rl.record_failure(["user:amina"]) == 0


def test_one_client_trying_many_user_names_is_locked() -> None:
    clock = Clock()
    rl = _limiter(clock)
    waits = [rl.record_failure([f"user:u{i}", "client:x"]) for i in range(5 * CLIENT_FACTOR)]
    assert waits[:-1] == [0] * (5 * CLIENT_FACTOR - 1) and waits[-1] == 900
    assert rl.retry_after(["user:new", "client:x"]) == 900
    assert rl.retry_after(["user:new", "client:y"]) == 0


def test_success_resets_the_user_name() -> None:
    clock = Clock()
    rl = _limiter(clock)
    for _ in range(4):
        rl.record_failure(["user:amina"])
    rl.reset("user:amina")
    assert rl.record_failure(["user:amina"]) == 0


def test_counts_are_exact_under_threads() -> None:
    rl = RateLimiter(max_failures=1000, window_seconds=900, lockout_seconds=900, clock=Clock())
    threads = [threading.Thread(target=lambda: [rl.record_failure(["user:a"]) for _ in range(100)]) for _ in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert rl.retry_after(["user:a"]) == 900  # exactly 1000 failures: locked; a lost update would leave it open
