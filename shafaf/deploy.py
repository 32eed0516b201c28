"""Replicas behind nginx: render deploy/nginx.conf.template, or run N public replicas, the desk and nginx on loopback.

    python -m shafaf.deploy run [--replicas 2] [--port 8080] [--desk-port 8081] [--db PATH] [--config PATH]
    python -m shafaf.deploy render --replica HOST:PORT ... --desk HOST:PORT --listen ADDR --desk-listen ADDR ...

The public replicas run with `officials_pages: false` (no sign-in, nothing that writes) and can be given the
deployment folder read-only; the desk is the one process that publishes. Every replica opens the snapshot
the deployment's `current` link names, so a publish by the desk reaches them all (docs/deploy.md).
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from shafaf.settings import DEFAULT_CONFIG, load_settings

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")


class DeployError(Exception):
    """A process of the stack did not start (the message names its log)."""


@dataclass(frozen=True)
class ProxyConfig:
    """The fields of deploy/nginx.conf.template; addresses are `host:port` (or a port alone for `listen`)."""

    prefix: str
    public_listen: str
    desk_listen: str
    public_servers: tuple[str, ...]
    desk_server: str
    server_name: str = "_"
    desk_server_name: str = "_"
    mime_types: str = "/etc/nginx/mime.types"
    error_log: str = ""  # "" = <prefix>/error.log
    access_log: str = ""  # "" = <prefix>/access.log
    cookie_secure: bool = False  # add Secure to the route cookie (behind TLS)
    sign_in_rate: str = "10r/m"
    sign_in_burst: int = 5
    upload_rate: str = "10r/m"
    upload_burst: int = 5
    stream_rate: str = "60r/m"
    stream_burst: int = 30
    stream_conn: int = 20
    # the workers' user when the master runs as root (nginx's default is nobody, which cannot enter a 0700 prefix)
    user: str = ""


def render_nginx(cfg: ProxyConfig, template: str | None = None) -> str:
    """The nginx configuration for `cfg`: every {{FIELD}} of the template filled, none left over."""
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    if not cfg.public_servers:
        raise ValueError("at least one public replica is needed")
    values = {f.name: getattr(cfg, f.name) for f in fields(cfg)}
    values["public_servers"] = "\n".join(
        f"        server {s} max_fails=3 fail_timeout=10s;" for s in cfg.public_servers
    )
    values["desk_servers"] = f"        server {cfg.desk_server};"
    values["error_log"] = cfg.error_log or f"{cfg.prefix}/error.log"
    values["access_log"] = cfg.access_log or f"{cfg.prefix}/access.log"
    values["cookie_secure"] = "; Secure" if cfg.cookie_secure else ""
    values["user_directive"] = f"user {values.pop('user')};\n" if cfg.user else ""
    values.pop("desk_server")
    for name, value in values.items():
        text = text.replace("{{" + name.upper() + "}}", str(value))
    if "{{" in text:
        left = text[text.index("{{") : text.index("{{") + 40].splitlines()[0]
        raise ValueError(f"the template has a field this renderer does not fill: {left}")
    return text


def nginx_binary() -> str:
    """Debian's nginx (`make test` installs it); it lives in /usr/sbin, often off a user's PATH."""
    for name in NGINX_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise DeployError("nginx is not installed: `sudo apt-get install nginx` (make test does it)")


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, procs: Sequence[subprocess.Popen[bytes]], log: Path, timeout: float) -> None:
    """Wait until `url` answers 200; fail early when one of `procs` has exited."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
            raise DeployError(f"{url} did not answer; see {log}")
        time.sleep(0.3)


@dataclass(frozen=True)
class Stack:
    """A running stack: the proxy's two addresses, and each replica's own (for monitoring and tests)."""

    public_url: str
    desk_url: str
    replica_urls: tuple[str, ...]
    desk_replica_url: str
    prefix: Path
    replica_pids: tuple[int, ...] = ()
    desk_pid: int = 0


def public_config(config: Path, out: Path) -> Path:
    """A copy of `config` for the public replicas: the same settings with `officials_pages: false`."""
    data = yaml.safe_load(config.read_text(encoding="utf-8")) if config.exists() else {}
    data = {**(data or {}), "officials_pages": False}
    out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return out


def _stop(procs: Sequence[subprocess.Popen[bytes]], sig: int = signal.SIGTERM) -> None:
    """Signal every process first, then wait for each (they shut down side by side)."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(sig)
    deadline = time.monotonic() + 8
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def running_stack(
    prefix: Path,
    *,
    db: Path | None = None,
    config: Path | None = None,
    replicas: int = 2,
    public_port: int | None = None,
    desk_port: int | None = None,
    allowed_hosts: Sequence[str] = (),
    cookie_secret: str | None = None,
    timeout: float = 90,
    **limits: str | int,
) -> Iterator[Stack]:
    """Start `replicas` public replicas, the desk and nginx on loopback under `prefix`; stop them all on exit."""
    config = Path(config or os.environ.get("SHAFAF_CONFIG") or DEFAULT_CONFIG)
    settings = load_settings(config)
    prefix = Path(prefix).absolute()
    for sub in ("tmp", "cache", "logs"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SHAFAF_DB": str(Path(db).absolute() if db else settings.database),
        "SHAFAF_ACCOUNTS": str(settings.accounts_file),
        # one secret for every replica, so whatever one signed the others accept; in the environment, not in `ps`
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret
        or os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
        or secrets.token_hex(32),
    }
    if allowed_hosts:
        env["STREAMLIT_SERVER_ALLOWED_HOSTS"] = " ".join(["localhost", "127.0.0.1", "::1", *allowed_hosts])
    public_env = {**env, "SHAFAF_CONFIG": str(public_config(config, prefix / "config.public.yaml"))}
    desk_env = {**env, "SHAFAF_CONFIG": str(config)}
    ports = [free_port() for _ in range(replicas + 1)]
    with ExitStack() as stack:
        procs: list[subprocess.Popen[bytes]] = []
        stack.callback(_stop, procs)  # the replicas and the desk, stopped after nginx
        for i, port in enumerate(ports):
            name = "desk" if i == replicas else f"replica-{i + 1}"
            log = (prefix / "logs" / f"{name}.log").open("wb")
            stack.callback(log.close)
            cmd = [sys.executable, "-m", "shafaf.serve", "--server.address", "127.0.0.1", "--server.port", str(port)]
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=desk_env if name == "desk" else public_env, stdout=log, stderr=subprocess.STDOUT
            )
            procs.append(proc)
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for url in urls:
            wait_http(f"{url}/_stcore/health", procs, prefix / "logs", timeout)
        public_port = public_port or free_port()
        desk_port = desk_port or free_port()
        cfg = ProxyConfig(
            prefix=str(prefix),
            public_listen=f"127.0.0.1:{public_port}",
            desk_listen=f"127.0.0.1:{desk_port}",
            public_servers=tuple(u.removeprefix("http://") for u in urls[:replicas]),
            desk_server=urls[replicas].removeprefix("http://"),
            error_log=str(prefix / "logs" / "nginx-error.log"),
            access_log=str(prefix / "logs" / "nginx-access.log"),
            user=pwd.getpwuid(os.geteuid()).pw_name if os.geteuid() == 0 else "",
            **limits,  # type: ignore[arg-type]
        )
        conf = prefix / "nginx.conf"
        conf.write_text(render_nginx(cfg), encoding="utf-8")
        nginx_log = (prefix / "logs" / "nginx.log").open("wb")
        stack.callback(nginx_log.close)
        cmd = [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "logs" / "nginx-error.log")]
        nginx = subprocess.Popen(cmd, stdout=nginx_log, stderr=subprocess.STDOUT)
        stack.callback(_stop, [nginx], signal.SIGQUIT)  # graceful: open websockets are closed, not cut
        public, desk = f"http://127.0.0.1:{public_port}", f"http://127.0.0.1:{desk_port}"
        wait_http(f"{public}/_stcore/health", [nginx], prefix / "logs", timeout)
        wait_http(f"{desk}/_stcore/health", [nginx], prefix / "logs", timeout)
        pids = tuple(p.pid for p in procs)
        yield Stack(public, desk, tuple(urls[:replicas]), urls[replicas], prefix, pids[:replicas], pids[replicas])


def _run(args: argparse.Namespace) -> int:
    prefix = Path(args.prefix) if args.prefix else Path(tempfile.mkdtemp(prefix="shafaf-deploy-"))
    try:
        with running_stack(
            prefix,
            db=Path(args.db) if args.db else None,
            config=Path(args.config) if args.config else None,
            replicas=args.replicas,
            public_port=args.port,
            desk_port=args.desk_port,
        ) as s:
            sys.stdout.write(
                f"public dashboard: {s.public_url}  ({args.replicas} replicas: {' '.join(s.replica_urls)})\n"
                f"officials' desk:  {s.desk_url}/sign-in  (desk process: {s.desk_replica_url})\n"
                f"logs and nginx.conf: {prefix}   Ctrl-C stops everything\n"
            )
            sys.stdout.flush()
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    except DeployError as e:
        sys.stderr.write(f"error: {e}\n")
        return 1


def _render(args: argparse.Namespace) -> int:
    cfg = ProxyConfig(
        prefix=args.prefix,
        public_listen=args.listen,
        desk_listen=args.desk_listen,
        public_servers=tuple(args.replica),
        desk_server=args.desk,
        server_name=args.server_name,
        desk_server_name=args.desk_server_name,
        mime_types=args.mime_types,
        error_log=args.error_log,
        access_log=args.access_log,
        cookie_secure=args.secure_cookie,
    )
    text = render_nginx(cfg)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    """The `python -m shafaf.deploy` command line."""
    ap = argparse.ArgumentParser(prog="python -m shafaf.deploy", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start N public replicas, the desk and nginx on loopback (Ctrl-C stops)")
    run.add_argument("--replicas", type=int, default=2, help="public replicas (default 2)")
    run.add_argument("--port", type=int, default=8080, help="the public dashboard's port (default 8080)")
    run.add_argument("--desk-port", type=int, default=8081, help="the officials' desk's port (default 8081)")
    run.add_argument("--db", help="the published database (default: config.yaml `database` or SHAFAF_DB)")
    run.add_argument("--config", help="the config file (default: SHAFAF_CONFIG or config.yaml)")
    run.add_argument("--prefix", help="nginx's prefix: config, logs, temporary files (default: a new temp folder)")
    ren = sub.add_parser("render", help="write the nginx configuration for given replica addresses")
    ren.add_argument("--replica", action="append", required=True, help="a public replica, HOST:PORT (repeat)")
    ren.add_argument("--desk", required=True, help="the desk process, HOST:PORT")
    ren.add_argument("--listen", default="80", help="the public server's listen address (default 80)")
    ren.add_argument("--desk-listen", default="8081", help="the desk's listen address (default 8081)")
    ren.add_argument("--prefix", default="/var/lib/shafaf-nginx", help="pid, cache and temporary files")
    ren.add_argument("--server-name", default="_", help="the public host name(s)")
    ren.add_argument("--desk-server-name", default="_", help="the desk's host name(s)")
    ren.add_argument("--mime-types", default="/etc/nginx/mime.types")
    ren.add_argument("--error-log", default="", help="default: PREFIX/error.log ('stderr' in a container)")
    ren.add_argument("--access-log", default="", help="default: PREFIX/access.log ('/dev/stdout' in a container)")
    ren.add_argument("--secure-cookie", action="store_true", help="mark the route cookie Secure (behind TLS)")
    ren.add_argument("--out", help="write here instead of standard output")
    args = ap.parse_args(argv)
    return _run(args) if args.command == "run" else _render(args)


if __name__ == "__main__":
    sys.exit(main())
