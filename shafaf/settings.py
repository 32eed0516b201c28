"""config.yaml as typed, validated settings (every key is documented in docs/configuration.md)."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from shafaf.feedback.model import check_trusted_proxies

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = ROOT / "config.yaml"

# key -> (type, default); the single list of keys, checked against the docs by a test.
KEYS: dict[str, tuple[type, Any]] = {
    "database": (str, "data/published/shafaf.duckdb"),
    "lock_wait_seconds": (int, 600),
    "load_memory_limit": (str, "3GB"),
    "max_concurrent_renders": (int, 4),
    # officials' sign-in (docs/officials.md)
    "accounts_file": (str, "data/officials.yaml"),
    "session_idle_minutes": (int, 30),
    "session_max_hours": (int, 8),
    # citizens' feedback (docs/feedback.md)
    "feedback_database": (str, ""),
    "feedback_per_address_per_hour": (int, 5),
    "feedback_per_service_per_hour": (int, 300),
    "trusted_proxies": (list, []),
    # false on the public replicas behind a proxy: only the desk process offers sign-in and publishing (docs/deploy.md)
    "officials_pages": (bool, True),
    # build the static edition (docs/site.md) into every snapshot at `load`/`rollback`, published with it
    "static_site": (bool, False),
    # origins allowed to frame the static edition's chart pages (docs/site.md, Embeds); empty = only the site itself
    "frame_ancestors": (list, []),
}

# an origin as a Content-Security-Policy source: scheme://host[:port], the host optionally `*.` a domain;
# nothing else (no path, quote, space or `;`) can reach the header
ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?")


class SettingsError(Exception):
    """config.yaml is missing, unreadable or has a wrong key or value."""


@dataclass(frozen=True)
class Settings:
    """Validated settings; paths are absolute."""

    database: Path
    lock_wait_seconds: int
    load_memory_limit: str
    config_path: Path
    max_concurrent_renders: int = 4
    accounts_file: Path = ROOT / "data" / "officials.yaml"
    session_idle_minutes: int = 30
    session_max_hours: int = 8
    feedback_database: str = ""  # "" = SQLite in the deployment folder; or a postgresql:// URL
    feedback_per_address_per_hour: int = 5
    feedback_per_service_per_hour: int = 300
    trusted_proxies: tuple[str, ...] = ()
    officials_pages: bool = True
    static_site: bool = False
    frame_ancestors: tuple[str, ...] = ()


@functools.lru_cache(maxsize=8)
def _parsed(path: str, mtime_ns: int, size: int) -> Any:
    """The YAML of a config file, parsed once per version of the file (every rerun of a page reads the settings;
    an edited file has a new mtime or size, so it is read again). Callers only read what it returns."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


def load_settings(config: str | Path | None = None) -> Settings:
    """Read SHAFAF_CONFIG (or config.yaml), then apply SHAFAF_DB, SHAFAF_ACCOUNTS and SHAFAF_FEEDBACK_DATABASE."""
    path = Path(config or os.environ.get("SHAFAF_CONFIG") or DEFAULT_CONFIG)
    data: dict[str, Any] = {}
    if path.exists():
        stat = path.stat()
        try:
            loaded = _parsed(str(path), stat.st_mtime_ns, stat.st_size)
        except yaml.YAMLError as e:
            raise SettingsError(f"{path}: not valid YAML: {e}") from e
        if not isinstance(loaded, dict):
            raise SettingsError(f"{path}: must be a mapping of keys")
        data = loaded
    elif config or os.environ.get("SHAFAF_CONFIG"):
        raise SettingsError(f"{path}: no such config file")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise SettingsError(f"{path}: unknown key {key!r} (allowed: {', '.join(KEYS)})")
        want, _ = KEYS[key]
        if isinstance(value, bool) != (want is bool) or not isinstance(value, want):
            raise SettingsError(f"{path}: {key} must be {'true or false' if want is bool else 'a ' + want.__name__}")
        values[key] = value
    for key, (_, default) in KEYS.items():
        values.setdefault(key, default)
    if values["lock_wait_seconds"] < 0:
        raise SettingsError(f"{path}: lock_wait_seconds must be 0 or more")
    if values["max_concurrent_renders"] < 0:
        raise SettingsError(f"{path}: max_concurrent_renders must be 0 (no limit) or more")
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", values["load_memory_limit"]):
        raise SettingsError(f"{path}: load_memory_limit must look like 3GB")
    for key in ("session_idle_minutes", "session_max_hours"):
        if values[key] < 1:
            raise SettingsError(f"{path}: {key} must be 1 or more")
    for key in ("feedback_per_address_per_hour", "feedback_per_service_per_hour"):
        if values[key] < 1:
            raise SettingsError(f"{path}: {key} must be 1 or more")
    feedback_db = os.environ.get("SHAFAF_FEEDBACK_DATABASE") or values["feedback_database"]
    if feedback_db and not feedback_db.startswith(("postgresql://", "postgres://")):
        raise SettingsError(f"{path}: feedback_database must be empty (SQLite) or a postgresql:// URL")
    try:
        proxies = tuple(check_trusted_proxies(values["trusted_proxies"]))
    except ValueError as e:
        raise SettingsError(f"{path}: trusted_proxies must list IP addresses or networks ({e})") from e
    bad = [o for o in values["frame_ancestors"] if not isinstance(o, str) or not ORIGIN.fullmatch(o)]
    if bad:
        raise SettingsError(
            f"{path}: frame_ancestors must list origins like https://news.example.org (scheme, host, optional port; "
            f"no path): not {', '.join(repr(o) for o in bad)}"
        )
    return Settings(
        _path(path, "SHAFAF_DB", values["database"]),
        values["lock_wait_seconds"],
        values["load_memory_limit"],
        path,
        accounts_file=_path(path, "SHAFAF_ACCOUNTS", values["accounts_file"]),
        session_idle_minutes=values["session_idle_minutes"],
        session_max_hours=values["session_max_hours"],
        max_concurrent_renders=values["max_concurrent_renders"],
        feedback_database=feedback_db,
        feedback_per_address_per_hour=values["feedback_per_address_per_hour"],
        feedback_per_service_per_hour=values["feedback_per_service_per_hour"],
        trusted_proxies=proxies,
        officials_pages=values["officials_pages"],
        static_site=values["static_site"],
        frame_ancestors=tuple(values["frame_ancestors"]),
    )


def _path(config: Path, env: str, value: str) -> Path:
    """An environment override (relative to the working folder) or the config value (relative to the config file)."""
    p = Path(os.environ.get(env) or value)
    if not p.is_absolute():
        base = Path.cwd() if os.environ.get(env) else config.resolve().parent
        p = base / p
    return p
