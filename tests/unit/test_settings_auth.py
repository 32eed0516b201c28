"""The officials' settings: accounts_file (and SHAFAF_ACCOUNTS), session_idle_minutes, session_max_hours."""

from __future__ import annotations

from pathlib import Path

import pytest

from shafaf.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SHAFAF_CONFIG", "SHAFAF_DB", "SHAFAF_ACCOUNTS"):
        monkeypatch.delenv(var, raising=False)


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "conf" / "config.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults(tmp_path: Path) -> None:
    s = load_settings(_config(tmp_path, ""))
    assert s.accounts_file == tmp_path / "conf" / "data" / "officials.yaml"
    assert (s.session_idle_minutes, s.session_max_hours) == (30, 8)


def test_values_and_the_environment_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = _config(tmp_path, "accounts_file: secret/off.yaml\nsession_idle_minutes: 10\nsession_max_hours: 2\n")
    s = load_settings(cfg)
    assert s.accounts_file == tmp_path / "conf" / "secret" / "off.yaml"  # relative to the config file
    assert (s.session_idle_minutes, s.session_max_hours) == (10, 2)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHAFAF_ACCOUNTS", "elsewhere.yaml")
    assert load_settings(cfg).accounts_file == tmp_path / "elsewhere.yaml"  # relative to the working folder


@pytest.mark.parametrize(
    "text",
    ["session_idle_minutes: 0\n", "session_max_hours: -1\n", "session_idle_minutes: '30'\n", "accounts_file: 3\n"],
)
def test_bad_values_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(SettingsError):
        load_settings(_config(tmp_path, text))
