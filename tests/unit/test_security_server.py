"""The running server: the websocket answers only allowed hosts and the app's own origin (DNS rebinding,
cross-site websocket hijacking), and a deployer adds the public hostname without editing config.toml."""

from __future__ import annotations

import base64
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.harness import running_server


def _handshake(base: str, host: str, origin: str | None = None) -> int:
    """The HTTP status a websocket upgrade to /_stcore/stream gets (101 = accepted)."""
    parts = urlsplit(base)
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status = s.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(status.split()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("sec-server")
    with running_server(tmp / "db" / "shafaf.duckdb", tmp / "server.log") as base:
        yield base


def test_the_local_host_is_accepted(server: str) -> None:
    port = urlsplit(server).port
    assert _handshake(server, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}") == 101
    assert _handshake(server, f"localhost:{port}", f"http://localhost:{port}") == 101


def test_another_host_is_refused(server: str) -> None:
    """DNS rebinding: a page on evil.example resolving to this machine sends Host: evil.example."""
    assert _handshake(server, "evil.example", "http://evil.example") != 101
    assert _handshake(server, "evil.example") != 101


def test_another_origin_is_refused(server: str) -> None:
    """Cross-site websocket hijacking: the right Host, but a page of another site opening the socket."""
    port = urlsplit(server).port
    assert _handshake(server, f"127.0.0.1:{port}", "https://evil.example") != 101


def test_a_deployer_adds_the_public_hostname_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/security.md: STREAMLIT_SERVER_ALLOWED_HOSTS replaces the list (space-separated)."""
    monkeypatch.setenv("STREAMLIT_SERVER_ALLOWED_HOSTS", "dashboard.example.gov 127.0.0.1")
    with running_server(tmp_path / "db" / "shafaf.duckdb", tmp_path / "server.log") as base:
        assert _handshake(base, "dashboard.example.gov", "https://dashboard.example.gov") == 101
        assert _handshake(base, "evil.example", "https://evil.example") != 101


def test_the_agent_api_is_off(server: str) -> None:
    """server.enableAgentApi=false: a non-browser client cannot drive the app over HTTP."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(
        f"{server}/_stcore/agent/interact", data=b"{}", headers={"Content-Type": "application/json"}, method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=10)
    assert e.value.code == 403
