"""The text catalogues: one definition per key, placeholders filled, every key used by the code exists."""

from __future__ import annotations

import re
import string
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


# --- Urdu and Pashto: complete, same placeholders, really translated --------------------------------

TRANSLATIONS = [lang for lang in LANGUAGES if lang != DEFAULT_LANG]
ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff]")
# Keys whose text is legitimately the same in every script: format-only strings with no words in them.
# test_latin_allow_list_is_format_only keeps this list honest.
LATIN_OK = {
    "catalog.cell_count",  # "{stage} {n}/{m}": a stage word (already translated) and a fraction
}
# Letters one language uses and the other never does: Urdu text pasted into ps.yaml (or Arabic letter
# forms typed into ur.yaml, which break search and shaping) shows up here.
FOREIGN_LETTERS = {
    "ur": "\u064a\u0643\u0647\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06ab\u06bc\u06cd\u06d0",  # ي ك ه and Pashto ټ ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې
    "ps": "\u0679\u0688\u0691\u06af\u06be\u06c1\u06d2",  # Urdu ٹ ڈ ڑ گ ھ ہ ے
}


def _fields(text: str) -> list[str]:
    """The {placeholder} names in a text, sorted (raises on a malformed brace)."""
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name is not None})


def _markup(text: str) -> tuple[int, int]:
    """How many bold markers and code backticks a text has: a lost '**' or '`' breaks the markdown."""
    return text.count("**"), text.count("`")


def test_every_language_has_a_catalogue() -> None:
    assert [lang for lang in TRANSLATIONS if not (I18N / f"{lang}.yaml").exists()] == []


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translation_has_exactly_the_english_keys(lang: str) -> None:
    english, other = catalog(DEFAULT_LANG), catalog(lang)
    missing = sorted(set(english) - set(other))
    extra = sorted(set(other) - set(english))
    assert missing == [], f"keys of en.yaml missing from {lang}.yaml: {missing}"
    assert extra == [], f"keys in {lang}.yaml that en.yaml does not have: {extra}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translation_keeps_every_placeholder_and_markup(lang: str) -> None:
    english, other = catalog(DEFAULT_LANG), catalog(lang)
    wrong = {
        key: (_fields(english[key]), _fields(other[key]))
        for key in sorted(set(english) & set(other))
        if _fields(english[key]) != _fields(other[key])
    }
    assert wrong == {}, f"{lang}.yaml placeholders differ from English (en, {lang}): {wrong}"
    markup = [k for k in sorted(set(english) & set(other)) if _markup(english[k]) != _markup(other[k])]
    assert markup == [], f"{lang}.yaml loses or adds ** or ` markup in: {markup}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translation_fills_in_like_english(lang: str) -> None:
    for key, text in catalog(lang).items():
        values = {name: "X" for name in _fields(text)}
        filled = t(key, lang, **values)
        assert "{" not in filled and "}" not in filled, (key, filled)


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_no_value_is_left_in_english(lang: str) -> None:
    english, other = catalog(DEFAULT_LANG), catalog(lang)
    latin = sorted(k for k, v in other.items() if k not in LATIN_OK and not ARABIC_LETTER.search(v))
    assert latin == [], f"{lang}.yaml values with no {lang} word in them: {[(k, other[k]) for k in latin]}"
    same = sorted(k for k in set(english) & set(other) if k not in LATIN_OK and english[k] == other[k])
    assert same == [], f"{lang}.yaml values copied from English: {same}"


def test_latin_allow_list_is_format_only() -> None:
    english = catalog(DEFAULT_LANG)
    assert sorted(LATIN_OK - set(english)) == []  # a stale entry would hide nothing but mislead
    wordy = [k for k in LATIN_OK if re.search(r"[A-Za-z]", re.sub(r"\{\w*\}", "", english[k]))]
    assert wordy == [], f"allow-listed keys that contain English words: {wordy}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translation_uses_its_own_letters(lang: str) -> None:
    foreign = re.compile(f"[{FOREIGN_LETTERS[lang]}]")
    found = sorted(k for k, v in catalog(lang).items() if foreign.search(v))
    assert found == [], f"{lang}.yaml values with letters {lang} does not use: {[(k, catalog(lang)[k]) for k in found]}"


def test_t_returns_urdu_and_pashto() -> None:
    assert t("pages.overview", "ur") == "جائزہ"
    assert t("pages.overview", "ps") == "لنډه کتنه"
    assert t("overview.n_of_m", "ur", n=3, m=5) == "5 میں سے 3"
    assert t("overview.n_of_m", "ps", n=3, m=5) == "له 5 څخه 3"
    assert t("milestone_class.overdue", "ur") != t("milestone_class.overdue", "en")


def test_level_names_are_translated_and_unknown_levels_shown_as_given() -> None:
    from shafaf.i18n import level_name

    assert level_name("district", "ur") == "ضلع"
    assert level_name("district", "en") == "district"
    assert level_name("ward", "ps") == "ward"  # a package's own level name without our words


def test_every_plural_entry_used_in_code_has_its_forms_in_every_language() -> None:
    used: set[str] = set()
    for path in CODE:
        used |= set(re.findall(r"""\bplural\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    assert "about.months_behind" in used  # the search finds the calls
    for lang in LANGUAGES:
        missing = sorted(f"{k}.{form}" for k in used for form in ("one", "other") if f"{k}.{form}" not in catalog(lang))
        assert missing == [], lang
