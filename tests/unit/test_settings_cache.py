"""config.yaml is parsed once per version of the file, and an edited file is read again."""

from __future__ import annotations

import os
from pathlib import Path

from shafaf import settings


def test_an_edited_config_is_read_again_and_an_unchanged_one_is_not(tmp_path: Path, monkeypatch) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text("lock_wait_seconds: 11\n", encoding="utf-8")
    settings._parsed.cache_clear()
    assert settings.load_settings(cfg).lock_wait_seconds == 11
    assert settings.load_settings(cfg).lock_wait_seconds == 11
    assert settings._parsed.cache_info().hits == 1  # the second read did not parse the file
    cfg.write_text("lock_wait_seconds: 22\n", encoding="utf-8")  # the same size
    st = cfg.stat()
    os.utime(cfg, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert settings.load_settings(cfg).lock_wait_seconds == 22
