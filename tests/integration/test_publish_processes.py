"""Publishing under real processes: a load killed at any instant, readers during repeated publishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from shafaf.store.deployment import Deployment
from tests.pkgtools import ROOT, cli, copy_fixture, make_big, make_tiny_v2

# Progress lines printed by `load`; killing right after each one hits every phase of a publish.
PHASES = [
    "validating",
    "checking metrics.csv",
    "building snapshot",
    "writing metrics",
    "carrying history",
    "publishing",
]


def _current(db: Path) -> tuple[str | None, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        sid = con.execute("SELECT value FROM meta WHERE key = 'snapshot_id'").fetchone()[0]
        n = con.execute("SELECT count(*) FROM metrics").fetchone()[0]
        return sid, n
    finally:
        con.close()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_big(tmp_path_factory.mktemp("big") / "pkg")


@pytest.mark.parametrize("phase", PHASES)
def test_kill_9_during_load_leaves_previous_snapshot_current(tmp_path: Path, big: Path, phase: str) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    assert cli("load", str(ROOT / "tests/fixtures/tiny"), "--db", str(db), "--quiet").returncode == 0
    before = _current(db)
    proc = subprocess.Popen(
        [sys.executable, "-m", "shafaf", "load", str(big), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if phase in line:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"load ended before phase {phase!r}: {seen}"
    assert _current(db) == before  # previous snapshot still current and readable
    assert Deployment(db).current_id() == "000001"
    r = cli("load", str(big), "--db", str(db))  # and the next load works
    assert r.returncode == 0, r.stdout + r.stderr
    sid, n = _current(db)
    assert sid == '"000002"' and n == 9 + 200 * 20 * 60 * 2  # meta values are JSON


READER = textwrap.dedent(
    """
    import os, sys, time, duckdb
    db, stop = sys.argv[1], sys.argv[2]
    seen, errors, reads = set(), 0, 0
    while not os.path.exists(stop) or reads == 0:
        try:
            con = duckdb.connect(db, read_only=True)
            try:
                sid = con.execute("SELECT value FROM meta WHERE key = 'snapshot_id'").fetchone()[0]
                assert con.execute("SELECT count(*) FROM regions").fetchone()[0] == 6
                seen.add(sid)
                reads += 1
            finally:
                con.close()
            time.sleep(0.005)  # a reader that leaves the publisher some of the 2 cores
        except Exception as e:
            errors += 1
            print("ERROR", type(e).__name__, e, file=sys.stderr)
    print(reads, errors, len(seen))
    """
)


def test_readers_in_other_processes_see_no_error_during_repeated_publishes(tmp_path: Path) -> None:
    db = tmp_path / "d" / "shafaf.duckdb"
    v1 = copy_fixture(tmp_path / "v1")
    v2 = make_tiny_v2(tmp_path / "v2")
    assert cli("load", str(v1), "--db", str(db), "--quiet").returncode == 0
    stop = tmp_path / "stop"
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(db), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for i in range(4):
            r = cli("load", str(v2 if i % 2 == 0 else v1), "--db", str(db), "--quiet")
            assert r.returncode == 0, r.stdout + r.stderr
    finally:
        stop.touch()
    outputs = [p.communicate(timeout=60) for p in readers]
    for out, err in outputs:
        reads, errors, versions = map(int, out.split())
        assert errors == 0, err
        assert reads > 0
    assert Deployment(db).current_id() == "000005"
    assert max(int(out.split()[2]) for out, _ in outputs) >= 2  # readers did see publishes happen
