"""Every string a person reads, per language: shafaf/i18n/<lang>.yaml (English is the fallback)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

LANGUAGES: dict[str, dict[str, str]] = {
    "en": {"name": "English", "dir": "ltr", "locale": "en_PK"},
    "ur": {"name": "اردو", "dir": "rtl", "locale": "ur_PK"},
    "ps": {"name": "پښتو", "dir": "rtl", "locale": "ps_AF"},
}
DEFAULT_LANG = "en"
_DIR = Path(__file__).parent


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


@functools.cache
def catalog(lang: str) -> dict[str, str]:
    """All strings of one language, keyed 'section.key' (empty for a language without a file)."""
    path = _DIR / f"{lang}.yaml"
    if lang not in LANGUAGES or not path.exists():
        return {}
    return _flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def t(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The text for `key` in `lang` (else English), with {placeholders} filled in."""
    text = catalog(lang).get(key) or catalog(DEFAULT_LANG).get(key)
    if text is None:
        raise KeyError(f"no text for {key!r} in shafaf/i18n/{DEFAULT_LANG}.yaml")
    return text.format(**values) if values else text


def level_name(level: str, lang: str = DEFAULT_LANG) -> str:
    """A hierarchy level's name in `lang` ('district' -> 'ضلع'); a level we have no words for is shown as given."""
    key = f"level.{level}"
    return t(key, lang) if key in catalog(DEFAULT_LANG) else level
