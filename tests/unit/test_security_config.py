"""The public deployment's Streamlit settings (.streamlit/config.toml): removing one of them fails here."""

from __future__ import annotations

import tomllib

import pytest

from tests.pkgtools import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

EXPECTED = {
    ("server", "enableXsrfProtection"): True,
    ("server", "enableCORS"): True,
    ("server", "maxUploadSize"): 50,
    ("server", "enableAgentApi"): False,
    ("server", "enableStaticServing"): True,  # only for static/ (fonts): see test below
    ("server", "headless"): True,
    ("server", "runOnSave"): False,
    ("server", "fileWatcherType"): "none",
    ("browser", "gatherUsageStats"): False,
    ("client", "showErrorDetails"): "none",
    ("client", "disableDataExport"): True,
    ("client", "toolbarMode"): "viewer",
}


@pytest.mark.parametrize(("key", "value"), EXPECTED.items(), ids=[f"{s}.{k}" for s, k in EXPECTED])
def test_setting(key: tuple[str, str], value: object) -> None:
    section, name = key
    assert CONFIG.get(section, {}).get(name) == value, f"{section}.{name} must be {value!r} (docs/security.md)"


def test_allowed_hosts_are_the_local_names_only() -> None:
    """A deployer adds the public hostname (docs/security.md); the repository's list is local only."""
    hosts = CONFIG["server"]["allowedHosts"]
    assert set(hosts) == {"localhost", "127.0.0.1", "::1"}
    assert "*" not in hosts


def test_no_setting_weakens_the_defaults() -> None:
    server = CONFIG["server"]
    assert "corsAllowedOrigins" not in server  # same-origin websocket only
    assert "trustedUserHeaders" not in server  # only safe behind a proxy that strips them
    assert "cookieSecret" not in server  # a secret belongs outside the repository
    assert server.get("xsrfCookieSameSite", "lax") in ("lax", "strict")


def test_static_serving_serves_only_fonts_and_their_licence() -> None:
    """enableStaticServing publishes ./static as-is: nothing but the self-hosted fonts may live there."""
    files = [p for p in (ROOT / "static").rglob("*") if p.is_file()]
    assert files
    allowed = {".woff2", ".woff", ".ttf", ".txt", ".md"}
    assert all(p.suffix.lower() in allowed for p in files), files


def test_the_options_exist_in_this_streamlit() -> None:
    """A misspelt option is ignored by Streamlit with a warning: every key here must be a real one."""
    from streamlit import config

    for section, values in CONFIG.items():
        for name in values:
            assert f"{section}.{name}" in config._config_options_template, f"{section}.{name}"


def test_the_running_config_is_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit reads the file the way the test does (a value of the wrong type would be dropped)."""
    from streamlit import config

    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    for (section, name), value in EXPECTED.items():
        assert config.get_option(f"{section}.{name}") == value, f"{section}.{name}"
    assert config.get_option("server.allowedHosts") == CONFIG["server"]["allowedHosts"]


def test_the_security_document_covers_the_settings_and_its_tests_exist() -> None:
    """docs/security.md names every setting tested here and only test files that exist; the README links it."""
    import re

    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for section, name in [*EXPECTED, ("server", "allowedHosts")]:
        if name in ("headless", "runOnSave", "fileWatcherType"):
            continue
        assert f"{section}.{name}" in doc or f"`{name}" in doc, f"{section}.{name}"
    for path in set(re.findall(r"tests/[\w/]+\.py", doc)):
        assert (ROOT / path).exists(), path
    for path in set(re.findall(r"`(shafaf/[\w/]+\.py)`", doc)):
        assert (ROOT / path).exists(), path
    assert "STREAMLIT_SERVER_ALLOWED_HOSTS" in doc
    for heading in ("Officials' sign-in", "Publishing desk", "What a deployer must add"):
        assert heading in doc, heading
    assert "(docs/security.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
