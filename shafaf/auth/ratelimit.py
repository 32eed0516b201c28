"""Failed sign-ins, counted per user name and per client, process-wide: too many in a window locks for a while."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 15 * 60
# a client behind a shared proxy or NAT carries many officials: it gets more tries than one user name,
# so one person's typos cannot lock a whole office out
CLIENT_FACTOR = 4
MAX_KEYS = 10_000  # forgotten keys are dropped beyond this, so random user names cannot fill memory


class RateLimiter:
    """Thread-safe counts of recent failures per key ('user:NAME', 'client:ADDR'); a key over its limit is locked."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        window_seconds: float = WINDOW_SECONDS,
        lockout_seconds: float = LOCKOUT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self.lockout = lockout_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}

    def limit(self, key: str) -> int:
        """How many failures `key` may have in the window."""
        return self.max_failures * (CLIENT_FACTOR if key.startswith("client:") else 1)

    def retry_after(self, keys: Iterable[str]) -> float:
        """Seconds until every key in `keys` may try again (0: they may now)."""
        now = self.clock()
        with self._lock:
            return self._wait(list(keys), now)

    def record_failure(self, keys: Iterable[str]) -> float:
        """Count one failed sign-in against every key; the seconds to wait if that locked any of them."""
        now, names = self.clock(), list(keys)
        with self._lock:
            if len(self._failures) > MAX_KEYS:
                self._forget(now)
            for key in names:
                recent = self._failures.setdefault(key, deque())
                recent.append(now)
                while recent and recent[0] <= now - self.window:
                    recent.popleft()
                if len(recent) >= self.limit(key):
                    self._locked_until[key] = now + self.lockout
                    recent.clear()
            return self._wait(names, now)

    def reset(self, key: str) -> None:
        """Forget `key`'s failures (a user name after a successful sign-in)."""
        with self._lock:
            self._failures.pop(key, None)
            self._locked_until.pop(key, None)

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._failures.clear()
            self._locked_until.clear()

    def _wait(self, keys: list[str], now: float) -> float:
        return max([0.0, *(self._locked_until.get(k, 0.0) - now for k in keys)])

    def _forget(self, now: float) -> None:
        for key in [k for k, until in self._locked_until.items() if until <= now]:
            del self._locked_until[key]
        for key in [k for k, d in self._failures.items() if not d or d[-1] <= now - self.window]:
            del self._failures[key]


# the one limiter of this server process: every session's sign-in page counts here
LIMITER = RateLimiter()
