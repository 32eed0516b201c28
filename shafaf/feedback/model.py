"""The rules of feedback, pure: what a submission is, how it is validated, how an address is hashed."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ANSWERS = ("works", "partly", "does_not")
STATES = ("pending", "approved", "hidden")
ACTIONS = ("approve", "hide", "reply")
MAX_COMMENT = 500
MAX_REPLY = 2000
MAX_REASON = 300
LANGS = ("en", "ur", "ps")
RATE_WINDOW_SECONDS = 3600  # the limits count submissions in the last hour
RATE_KEEP_SECONDS = 24 * 3600  # an address hash is deleted a day after its submission
LOCAL_ADDRESS = "local"  # what Streamlit reports (None) for a visitor on this machine


class FeedbackError(ValueError):
    """A submission or a moderation action breaks a rule; `code` names it (the i18n key's last part)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


class Refused(Exception):
    """A submission over a limit: `limit` is "address" or "service"."""

    def __init__(self, limit: str) -> None:
        super().__init__(f"over the per-{limit} limit")
        self.limit = limit


@dataclass(frozen=True)
class Submission:
    """What a citizen sends: no name, phone or e-mail, ever."""

    initiative_id: str
    region_id: str
    answer: str
    comment: str | None
    lang: str


@dataclass(frozen=True)
class Limits:
    """How many submissions an hour one address, and one service, may make."""

    per_address_per_hour: int = 5
    per_service_per_hour: int = 300


def clean_text(text: str | None, limit: int, code: str) -> str | None:
    """Text stripped of surrounding space and NUL characters; None when empty; FeedbackError when too long."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise FeedbackError(code)
    text = text.replace("\x00", "").strip()
    if not text:
        return None
    if len(text) > limit:
        raise FeedbackError(code, f"longer than {limit} characters")
    return text


def validate(
    sub: Submission, initiatives: Sequence[str] | None = None, regions: Sequence[str] | None = None
) -> Submission:
    """The submission with its comment cleaned; FeedbackError when it breaks a rule (checked on the server)."""
    if sub.answer not in ANSWERS:
        raise FeedbackError("bad_answer")
    if sub.lang not in LANGS:
        raise FeedbackError("bad_lang")
    if not sub.initiative_id or (initiatives is not None and sub.initiative_id not in initiatives):
        raise FeedbackError("bad_service")
    if not sub.region_id or (regions is not None and sub.region_id not in regions):
        raise FeedbackError("bad_region")
    comment = clean_text(sub.comment, MAX_COMMENT, "too_long")
    return Submission(sub.initiative_id, sub.region_id, sub.answer, comment, sub.lang)


def address_hash(address: str, salt: bytes) -> str:
    """The only form in which a client address is kept: HMAC-SHA-256 with the deployment's secret salt."""
    return hmac.new(salt, address.encode("utf-8"), hashlib.sha256).hexdigest()


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(remote: str | None, forwarded_for: Sequence[str], trusted_proxies: Sequence[str]) -> str:
    """The visitor's address: the connection's, or, when it comes from a trusted proxy, the nearest
    untrusted hop of X-Forwarded-For (read from the right: the left end is whatever the client wrote)."""
    remote = remote if isinstance(remote, str) and remote else None
    trusted = [ipaddress.ip_network(p, strict=False) for p in trusted_proxies]

    def is_trusted(a: str | None) -> bool:
        ip = _ip(a or "127.0.0.1")
        return ip is not None and any(ip in net for net in trusted)

    if not trusted or not is_trusted(remote):
        return remote or LOCAL_ADDRESS
    hops = [h.strip() for line in forwarded_for for h in line.split(",") if h.strip()]
    for hop in reversed(hops):
        if _ip(hop) is None:
            break  # garbage in the header: do not trust anything left of it
        if not is_trusted(hop):
            return hop
    return remote or LOCAL_ADDRESS


def check_trusted_proxies(values: Sequence[object]) -> list[str]:
    """The setting's entries, each an IP address or network; ValueError naming a bad one."""
    out = []
    for v in values:
        if not isinstance(v, str):
            raise ValueError(f"{v!r} is not an address")
        ipaddress.ip_network(v, strict=False)  # raises ValueError
        out.append(v)
    return out


def month_of(at: dt.datetime) -> str:
    """YYYY-MM of a timestamp."""
    return at.strftime("%Y-%m")


def utc_iso(at: dt.datetime) -> str:
    """A UTC timestamp as stored: ISO 8601, whole seconds, with Z."""
    return at.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def may_moderate(departments: frozenset[str] | None, department_of: Mapping[str, str], initiative_id: str) -> bool:
    """True when an official of `departments` (None: all) may moderate the service's feedback."""
    return departments is None or department_of.get(initiative_id) in departments
