"""Password hashes: argon2id (argon2-cffi's RFC 9106 low-memory profile), verified in constant time."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 12
# argon2-cffi's defaults: argon2id, 3 passes, 64 MiB, 4 lanes (RFC 9106's second recommended option)
HASHER = PasswordHasher()


class WeakPassword(ValueError):
    """A password too short to be accepted."""


def hash_password(password: str, hasher: PasswordHasher = HASHER) -> str:
    """An argon2id hash of `password` (refused when shorter than MIN_PASSWORD_LENGTH characters)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    # hashed once per process with the same parameters as real accounts, so checking an unknown user costs
    # the same time as checking a known one
    return HASHER.hash("not a password of anybody: unknown users are checked against this")


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches `stored_hash`; None (an unknown user) is checked against a dummy hash, then refused."""
    try:
        ok = HASHER.verify(stored_hash or _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    return ok and stored_hash is not None


def is_argon2id(stored_hash: str) -> bool:
    """True for a string that looks like an argon2id hash (what the accounts file must hold)."""
    return stored_hash.startswith("$argon2id$")
