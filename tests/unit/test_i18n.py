"""The text catalogues: one definition per key, placeholders filled, every key used by the code exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from shafaf.i18n import DEFAULT_LANG, LANGUAGES, catalog, t

I18N = Path(__file__).resolve().parents[2] / "shafaf" / "i18n"
CODE = [
    *Path(__file__).resolve().parents[2].joinpath("shafaf").rglob("*.py"),
    *Path(__file__).resolve().parents[2].joinpath("pages").rglob("*.py"),
]


def _duplicates(node: yaml.Node, prefix: str = "") -> list[str]:
    out: list[str] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k, v in node.value:
            key = f"{prefix}{k.value}"
            if key in seen:
                out.append(key)
            seen.add(key)
            out += _duplicates(v, key + ".")
    return out


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if (I18N / f"{lang}.yaml").exists()])
def test_no_key_is_defined_twice(lang: str) -> None:
    node = yaml.compose((I18N / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert _duplicates(node) == []  # a second `section:` silently replaces the first


def test_every_literal_key_used_in_code_exists_in_english() -> None:
    keys = catalog(DEFAULT_LANG)
    used: set[str] = set()
    for path in CODE:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in keys)
    assert missing == []


def test_t_fills_placeholders_and_falls_back_to_english() -> None:
    assert t("overview.n_of_m", "en", n=3, m=5) == "3 of 5"
    assert t("overview.n_of_m", "xx", n=1, m=2) == "1 of 2"
    with pytest.raises(KeyError):
        t("no.such.key")


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if (I18N / f"{lang}.yaml").exists()])
def test_keys_are_plain_names(lang: str) -> None:
    # YAML reads unquoted yes/no/on/off keys as booleans: 'about.True' would be unreachable
    assert [k for k in catalog(lang) if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", k)] == []
