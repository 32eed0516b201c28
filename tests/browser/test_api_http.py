"""/api/v1 on the real server (app.py: st.App with the API routes): the JSON twin over HTTP, no script run."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from shafaf.views import VIEWS

ROOT = Path(__file__).resolve().parents[2]


def get(url: str) -> tuple[int, Any, Any]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.headers, json.loads(e.read())


def test_overview_json_equals_the_command_line(server: str) -> None:
    status, headers, doc = get(f"{server}/api/v1/overview.json?region=pk-kp-peshawar&lang=ur")
    assert status == 200
    assert headers["X-Shafaf-Snapshot"] == doc["meta"]["snapshot_id"] == "000002"
    assert doc["meta"]["lang"] == "ur" and doc["meta"]["region_id"] == "pk-kp-peshawar"
    assert get(f"{server}/api/v1/")[2]["pages"][0] == "/api/v1/overview.json"  # the index answers too
    figures = {f["id"]: f["value"] for f in doc["figures"]}
    assert isinstance(figures["initiatives"], int) and isinstance(figures["on_time_rate"], float)


def test_every_page_answers_in_three_languages(server: str) -> None:
    for page in VIEWS:
        for lang in ("en", "ur", "ps"):
            status, _, doc = get(f"{server}/api/v1/{page}.json?lang={lang}")
            assert status == 200, (page, lang, doc)
            assert doc["meta"]["page"] == page and doc["api_version"] == 1


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/v1/maps.json", 404, "unknown page: 'maps'"),
        ("/api/v1/overview.json?region=nowhere", 404, "unknown region: 'nowhere'"),
        ("/api/v1/overview.json?lang=fr", 400, "unknown lang: 'fr'"),
        ("/api/v1/overview.json?snapshot=999999", 404, "unknown snapshot"),
        ("/api/v1/overview.json?region=" + "x" * 500, 400, "longer than"),
    ],
)
def test_bad_requests_get_a_short_message(server: str, path: str, status: int, words: str) -> None:
    got, _, doc = get(server + path)
    assert got == status and words in doc["error"]
    assert "Traceback" not in json.dumps(doc)


def test_an_earlier_snapshot_is_served_by_id(server: str) -> None:
    status, headers, doc = get(f"{server}/api/v1/overview.json?snapshot=000001")
    assert status == 200 and headers["X-Shafaf-Snapshot"] == "000001" == doc["meta"]["snapshot_id"]
    assert doc["meta"]["as_of"] != get(f"{server}/api/v1/overview.json")[2]["meta"]["as_of"]


def test_the_dashboard_and_its_static_font_are_still_served(server: str) -> None:
    with urllib.request.urlopen(f"{server}/app/static/fonts/NotoNaskhArabic-Regular.woff2", timeout=30) as r:
        assert r.status == 200 and len(r.read()) > 10_000
    with urllib.request.urlopen(f"{server}/regions", timeout=30) as r:
        assert r.status == 200 and b'<div id="root">' in r.read()


def test_app_py_is_the_served_launcher() -> None:
    code = "import shafaf.serve as s; print(s.DASHBOARD.name)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "app.py"
