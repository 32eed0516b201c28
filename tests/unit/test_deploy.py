"""deploy/: the nginx template and its renderer, the committed rendered configs, the compose file's structure.

There is no Docker engine on the test machine: the compose file is checked as YAML (services, read-only
mounts, one shared secret), not run. The nginx configs are checked by Debian's `nginx -t`.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from shafaf.deploy import ProxyConfig, main, nginx_binary, public_config, render_nginx
from shafaf.settings import SettingsError, load_settings
from tests.pkgtools import ROOT

DEPLOY = ROOT / "deploy"
COMPOSE_RENDER = [
    "render",
    "--replica", "app1:8501", "--replica", "app2:8501", "--desk", "desk:8501",
    "--listen", "80", "--desk-listen", "8081", "--prefix", "/tmp/nginx",
    "--error-log", "stderr", "--access-log", "/dev/stdout",
]  # fmt: skip
HOST_RENDER = [
    "render",
    "--replica", "127.0.0.1:8502", "--replica", "127.0.0.1:8503", "--desk", "127.0.0.1:8501",
    "--listen", "80", "--desk-listen", "127.0.0.1:8081", "--prefix", "/var/lib/shafaf-nginx",
]  # fmt: skip


def loopback(prefix: Path, **kw: object) -> ProxyConfig:
    """A config for two replicas and the desk on loopback, under `prefix`."""
    return ProxyConfig(
        prefix=str(prefix),
        public_listen="127.0.0.1:18080",
        desk_listen="127.0.0.1:18081",
        public_servers=("127.0.0.1:18502", "127.0.0.1:18503"),
        desk_server="127.0.0.1:18501",
        **kw,  # type: ignore[arg-type]
    )


def all_blocks(conf: str, keyword: str) -> list[tuple[str, str]]:
    """(ARG, text) of every `keyword ARG {...}` block (no nested braces in the blocks looked at)."""
    return [(m.group(1).strip(), m.group(2)) for m in re.finditer(rf"{keyword}\s+([^{{;]+?)\s*\{{([^{{}}]*)\}}", conf)]


def blocks(conf: str, keyword: str) -> dict[str, str]:
    """The same by ARG (the last one wins: use it on one server block's text)."""
    return dict(all_blocks(conf, keyword))


def test_render_fills_every_field_and_lists_the_replicas_under_one_sticky_hash(tmp_path: Path) -> None:
    conf = render_nginx(loopback(tmp_path))
    assert "{{" not in conf
    upstreams = blocks(conf, "upstream")
    assert upstreams["shafaf_public"].split() == [
        "hash", "$shafaf_sticky", "consistent;",
        "server", "127.0.0.1:18502", "max_fails=3", "fail_timeout=10s;",
        "server", "127.0.0.1:18503", "max_fails=3", "fail_timeout=10s;",
        "keepalive", "32;",
    ]  # fmt: skip
    assert upstreams["shafaf_desk"].split() == ["server", "127.0.0.1:18501;"]
    assert f"pid {tmp_path}/nginx.pid;" in conf and "daemon off;" in conf
    assert 'SameSite=Lax";' in conf and "Secure" not in conf
    assert 'SameSite=Lax; Secure";' in render_nginx(loopback(tmp_path, cookie_secure=True))
    assert "rate=3r/m;" in render_nginx(loopback(tmp_path, sign_in_rate="3r/m"))


def test_render_refuses_no_replica_and_a_field_it_does_not_know(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one public replica"):
        render_nginx(ProxyConfig(str(tmp_path), "80", "8081", (), "127.0.0.1:8501"))
    with pytest.raises(ValueError, match=r"\{\{NEW_FIELD\}\}"):
        render_nginx(loopback(tmp_path), template="listen {{PUBLIC_LISTEN}}; x {{NEW_FIELD}};")


def test_every_location_that_sets_a_header_sets_host_and_the_client_address_again(tmp_path: Path) -> None:
    # nginx: a location with any proxy_set_header inherits none from the http block
    conf = render_nginx(loopback(tmp_path))
    setting = [body for _arg, body in all_blocks(conf, "location") if "proxy_set_header" in body]
    assert len(setting) == 2  # the two websocket locations
    for body in setting:
        assert "proxy_set_header Host $http_host;" in body
        assert "proxy_set_header X-Forwarded-For $remote_addr;" in body
        assert "proxy_set_header Upgrade $http_upgrade;" in body
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf.split("server {")[0]


def test_the_public_server_hides_metrics_the_officials_pages_and_uploads(tmp_path: Path) -> None:
    conf = render_nginx(loopback(tmp_path))
    public, desk = conf.split("# --- the officials' desk")
    public_loc, desk_loc = blocks(public, "location"), blocks(desk, "location")
    assert public_loc["= /_stcore/metrics"].strip() == desk_loc["= /_stcore/metrics"].strip() == "return 404;"
    assert public_loc["~ ^/(sign-in|publish|admin)/?$"].strip() == "return 404;"
    assert public_loc["/_stcore/upload_file"].strip() == "return 404;"
    assert "limit_req zone=shafaf_sign_in" in desk_loc["= /sign-in"]
    assert "limit_req zone=shafaf_upload" in desk_loc["/_stcore/upload_file"]
    assert "immutable" in public_loc["/static/"] and "proxy_cache shafaf_static;" in public_loc["/static/"]
    assert "add_header Set-Cookie $shafaf_route_cookie;" in public_loc["/"]


def test_nginx_accepts_the_rendered_config(tmp_path: Path) -> None:
    (tmp_path / "tmp").mkdir()
    (tmp_path / "cache").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(render_nginx(loopback(tmp_path)), encoding="utf-8")
    cmd = [nginx_binary(), "-t", "-q", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    conf.write_text(render_nginx(loopback(tmp_path)).replace("proxy_pass http://shafaf_desk;", "proxy_pass;", 1))
    assert subprocess.run(cmd, capture_output=True).returncode != 0  # nginx -t does check


@pytest.mark.parametrize(
    ("committed", "args"), [("compose/nginx.conf", COMPOSE_RENDER), ("host/nginx.conf", HOST_RENDER)]
)
def test_the_committed_configs_are_the_templates_rendering(committed: str, args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "nginx.conf"
    assert main([*args, "--out", str(out)]) == 0
    assert (DEPLOY / committed).read_text(encoding="utf-8") == out.read_text(encoding="utf-8"), (
        f"deploy/{committed} is stale: python -m shafaf.deploy {' '.join(args)} --out deploy/{committed}"
    )


def test_the_compose_file_gives_the_replicas_the_data_read_only_and_the_desk_alone_writes() -> None:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"app1", "app2", "desk", "nginx"}
    conf = (DEPLOY / "compose" / "nginx.conf").read_text(encoding="utf-8")
    upstreams = blocks(conf, "upstream")
    for name in ("app1", "app2"):
        svc = services[name]
        assert svc["volumes"] == ["deployment:/data:ro"]
        assert svc["environment"]["SHAFAF_CONFIG"] == "/app/deploy/config.public.yaml"
        assert "ports" not in svc
        assert f"server {name}:8501 " in upstreams["shafaf_public"]
    desk = services["desk"]
    assert "deployment:/data" in desk["volumes"] and "SHAFAF_CONFIG" not in desk["environment"]
    assert "server desk:8501;" in upstreams["shafaf_desk"]
    secrets = {services[n]["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"] for n in ("app1", "app2", "desk")}
    assert len(secrets) == 1 and secrets.pop().startswith("${SHAFAF_COOKIE_SECRET:?")
    nginx = services["nginx"]
    assert "./compose/nginx.conf:/etc/nginx/shafaf.conf:ro" in nginx["volumes"]
    assert "-c /etc/nginx/shafaf.conf" in nginx["command"][-1]
    assert nginx["ports"] == ["80:80", "127.0.0.1:8081:8081"]
    assert compose["volumes"] == {"deployment": {}}


def test_public_replicas_run_without_the_officials_pages(tmp_path: Path) -> None:
    assert load_settings(DEPLOY / "config.public.yaml").officials_pages is False
    assert load_settings(ROOT / "config.yaml").officials_pages is True
    config = tmp_path / "config.yaml"
    config.write_text("max_concurrent_renders: 2\nofficials_pages: true\n", encoding="utf-8")
    copy = load_settings(public_config(config, tmp_path / "public.yaml"))
    assert (copy.officials_pages, copy.max_concurrent_renders) == (False, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("officials_pages: 'no'\n", "officials_pages must be true or false"),
        ("officials_pages: 0\n", "officials_pages must be true or false"),
        ("max_concurrent_renders: true\n", "max_concurrent_renders must be a int"),
    ],
)
def test_officials_pages_must_be_a_boolean(text: str, message: str, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(config)
