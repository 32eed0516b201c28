"""Every officials' page, in every language, signed out and signed in as an admin: no exception, one title."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shafaf.auth import SESSION_KEY
from shafaf.i18n import LANGUAGES, t
from shafaf.navigation import OFFICIAL_PAGES, PageSpec
from tests.authtools import official_record
from tests.pkgtools import ROOT

CASES = [pytest.param(p, lang, id=f"{p.key}-{lang}") for p in OFFICIAL_PAGES for lang in LANGUAGES]


def _open(spec: PageSpec, lang: str, record: dict | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if record is not None:
        at.session_state[SESSION_KEY] = record
    at.run()
    return at.switch_page(spec.path).run()


@pytest.mark.parametrize(("spec", "lang"), CASES)
def test_signed_out(demo: Path, spec: PageSpec, lang: str) -> None:
    at = _open(spec, lang, None)
    assert not at.exception
    assert [h.value for h in at.title] == [t(f"pages.{spec.key}", lang)]
    if spec.role is not None:  # a page for officials asks for a sign-in and shows nothing else
        assert [w.value for w in at.warning] == [t("auth.sign_in_needed", lang)]


@pytest.mark.parametrize(("spec", "lang"), CASES)
def test_signed_in_as_admin(demo: Path, spec: PageSpec, lang: str) -> None:
    at = _open(spec, lang, official_record("root", role="admin", display_name="Root Admin"))
    assert not at.exception
    assert [h.value for h in at.title] == [t(f"pages.{spec.key}", lang)]
    role = t("auth.role_admin", lang)
    assert t("auth.signed_in_as", lang, name="Root Admin", role=role) in [m.value for m in at.markdown]
    assert not at.warning and not at.error
