"""Forged links: every URL parameter of every page set to SQL, path traversal, huge, repeated, bidi or NUL
values gives a clear notice (or the default), never an exception or a traceback, and changes no data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from shafaf.navigation import PAGES
from tests.app.conftest import page
from tests.pkgtools import ROOT, tree_digest

HOSTILE_VALUES = {
    "sql": "x' OR '1'='1'; DROP TABLE regions; --",
    "sql-union": "1 UNION SELECT * FROM read_csv('/etc/passwd')",
    "traversal": "../../etc/passwd",
    "encoded-traversal": "%2e%2e/%2e%2e/etc/passwd",
    "double-encoded": "..%252f..%252fetc%252fpasswd",
    "long": "A" * 10_000,
    "bidi": "\u202eevil\u2066x\u2069",
    "nul": "pk\x00kp",
    "markup": "<script>alert(1)</script>[x](javascript:alert(1)):red[x]",
    "unicode": "پشاور",
}
ENTITY_PARAMS = {"region": "There is no region", "department": "no department", "initiative": "no digital service"}
ALL_PARAMS = [*ENTITY_PARAMS, "snapshot", "lang"]
PAGE_PATHS = [p.path for p in PAGES]


def _figures(at: AppTest) -> list[tuple[str, str]]:
    """What the page shows as numbers: its metrics."""
    return [(m.label, m.value) for m in at.metric]


def _check(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(at.title) == 1
    for el in (*at.markdown, *at.caption, *at.warning, *at.info):
        assert "Traceback" not in str(el.value)


@pytest.fixture(scope="module")
def clean_figures(demo_db: Path) -> list[tuple[str, str]]:
    """The overview's figures in the default scope, from a clean link (drawn once for the module)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SHAFAF_DB", str(demo_db))
        st.cache_data.clear()
        st.cache_resource.clear()
        at = page("pages/public/overview.py")
        _check(at)
        figures = _figures(at)
    assert figures, "the overview shows no figures to compare"
    return figures


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=list(HOSTILE_VALUES))
@pytest.mark.parametrize("param", ALL_PARAMS)
def test_hostile_values_on_the_overview(
    clean_figures: list[tuple[str, str]], demo: Path, param: str, value: str
) -> None:
    before = tree_digest(demo.parent)
    at = page("pages/public/overview.py", **{param: HOSTILE_VALUES[value]})
    _check(at)
    assert _figures(at) == clean_figures  # the default scope's figures, unchanged
    notices = " ".join(str(w.value) for w in at.warning)
    if param in ENTITY_PARAMS and value != "unicode":
        assert ENTITY_PARAMS[param] in notices, notices
    if param == "snapshot":
        assert "There is no data version" in notices
    if param == "lang":
        assert at.get("segmented_control")[0].value == "en"  # an unknown language is English
    for w in at.warning:
        text = str(w.value)
        assert len(text) < 400, "a notice repeats a huge parameter whole"
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", text)
        assert "\x00" not in text
    assert tree_digest(demo.parent) == before


@pytest.mark.parametrize("path", PAGE_PATHS, ids=[Path(p).stem for p in PAGE_PATHS])
def test_every_page_with_every_parameter_hostile_at_once(demo: Path, path: str) -> None:
    before = tree_digest(demo.parent)
    for value in ("sql", "traversal", "long", "nul"):
        at = page(path, **dict.fromkeys(ALL_PARAMS, HOSTILE_VALUES[value]))
        _check(at)
        if path == PAGE_PATHS[0]:  # the entry point's notices, checked once
            notices = " ".join(str(w.value) for w in at.warning)
            for words in ENTITY_PARAMS.values():
                assert words in notices, (value, notices)
    assert tree_digest(demo.parent) == before


def test_repeated_parameters_take_one_value_and_still_check_it(demo: Path) -> None:
    """?region=a&region=b (Streamlit keeps the last); a forged first value changes nothing."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["region"] = ["pk", "../../etc/passwd"]
    at.query_params["initiative"] = ["1 OR 1=1", "x"]
    at.run()
    _check(at)
    notices = " ".join(str(w.value) for w in at.warning)
    assert "There is no region" in notices and "no digital service" in notices


def test_a_page_level_url_path_that_does_not_exist(demo: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    with pytest.raises(Exception):  # noqa: B017 - AppTest refuses to switch to an unregistered page
        at.switch_page("pages/public/../../etc/passwd").run()
