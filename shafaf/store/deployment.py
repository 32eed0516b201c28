"""One deployment folder: immutable snapshots, the `current` link readers open, the publish lock.

<folder>/<name>.duckdb            symlink -> snapshots/<id>/snapshot.duckdb (what readers open)
<folder>/snapshots/<id>/          snapshot.duckdb, package/ (as received), manifest.json
<folder>/.staging/                builds in progress (a crashed build is removed by the next load)
<folder>/.publish.lock            held by the one load that may publish
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SNAPSHOT_FILE = "snapshot.duckdb"
ID_RE = re.compile(r"\d{6}")


class StoreError(Exception):
    """A deployment problem a person can act on (nothing published, lock held, broken folder)."""


class LockTimeout(StoreError):
    """Another load held the publish lock for longer than we were willing to wait."""


def fsync_dir(path: Path) -> None:
    """Make a rename or new entry in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(path: Path) -> None:
    """fsync every file and folder below `path` (inclusive)."""
    for root, _dirs, files in os.walk(path):
        for f in files:
            fd = os.open(Path(root) / f, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


@dataclass(frozen=True)
class SnapshotInfo:
    """A published snapshot as listed from its manifest."""

    snapshot_id: str
    path: Path
    manifest: dict[str, Any]


class Deployment:
    """The files of one deployment, named by the database path that readers open."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path).absolute()
        self.folder = self.db_path.parent
        self.snapshots_dir = self.folder / "snapshots"
        self.staging_dir = self.folder / ".staging"
        self.lock_path = self.folder / ".publish.lock"

    # -- reading ---------------------------------------------------------------------------

    def current_id(self) -> str | None:
        """The id of the snapshot the database path points at, or None before the first publish."""
        try:
            target = os.readlink(self.db_path)
        except FileNotFoundError:
            return None
        except OSError as e:
            if e.errno == errno.EINVAL:
                raise StoreError(f"{self.db_path} is not a Shafaf snapshot link") from e
            raise
        parts = Path(target).parts
        if len(parts) >= 2 and ID_RE.fullmatch(parts[-2]):
            return parts[-2]
        raise StoreError(f"{self.db_path} points at {target}, which is not a snapshot")

    def snapshot_file(self, snapshot_id: str) -> Path:
        """The database file of a snapshot."""
        if not ID_RE.fullmatch(snapshot_id):
            raise StoreError(f"{snapshot_id!r} is not a snapshot id")
        return self.snapshots_dir / snapshot_id / SNAPSHOT_FILE

    def current_file(self) -> Path:
        """The resolved database file of the current snapshot."""
        sid = self.current_id()
        if sid is None:
            raise StoreError(f"nothing is published at {self.db_path}: run `python -m shafaf load PACKAGE` first")
        return self.snapshot_file(sid)

    def snapshots(self) -> list[SnapshotInfo]:
        """Every published snapshot, oldest first (ids above the current one were never published)."""
        cur = self.current_id()
        if cur is None or not self.snapshots_dir.exists():
            return []
        out = []
        for d in sorted(self.snapshots_dir.iterdir()):
            if ID_RE.fullmatch(d.name) and d.name <= cur and (d / "manifest.json").exists():
                manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
                out.append(SnapshotInfo(d.name, d / SNAPSHOT_FILE, manifest))
        return out

    # -- publishing ------------------------------------------------------------------------

    @contextmanager
    def publish_lock(self, wait_seconds: float, say: Callable[[str], None]) -> Iterator[None]:
        """Hold the exclusive publish lock; wait up to `wait_seconds` for another load to finish."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = time.monotonic() + wait_seconds
            told = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    if time.monotonic() >= deadline:
                        raise LockTimeout(
                            f"another load (process {holder}) is publishing to {self.folder}; "
                            f"gave up after waiting {wait_seconds:g} s. Nothing was changed; try again later."
                        ) from None
                    if not told:
                        say(f"another load (process {holder}) is publishing; waiting up to {wait_seconds:g} s")
                        told = True
                    time.sleep(0.2)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)  # closing releases the flock; a killed process releases it too

    def clean_leftovers(self, say: Callable[[str], None]) -> None:
        """Remove builds that a killed load left behind (call with the lock held)."""
        if self.staging_dir.exists():
            for p in self.staging_dir.iterdir():
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
                say(f"removed an unfinished build left by an interrupted load: {p.name}")
        cur = self.current_id()
        if self.snapshots_dir.exists():
            for d in self.snapshots_dir.iterdir():
                if ID_RE.fullmatch(d.name) and (cur is None or d.name > cur):
                    shutil.rmtree(d, ignore_errors=True)
                    say(f"removed snapshot {d.name}: its load was interrupted before it was published")
        tmp_link = self.folder / f".{self.db_path.name}.next"
        if tmp_link.is_symlink():
            tmp_link.unlink()

    def next_id(self) -> str:
        """The id for a new snapshot (call with the lock held)."""
        cur = self.current_id()
        return f"{(int(cur) if cur else 0) + 1:06d}"

    def new_build_dir(self, snapshot_id: str) -> Path:
        """An empty staging folder for building a snapshot."""
        d = self.staging_dir / snapshot_id
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        return d

    def publish(self, build_dir: Path, snapshot_id: str) -> None:
        """Make a finished build the current snapshot in one atomic step (call with the lock held)."""
        fsync_tree(build_dir)
        self.snapshots_dir.mkdir(exist_ok=True)
        final = self.snapshots_dir / snapshot_id
        if final.exists():
            raise StoreError(f"snapshot {snapshot_id} already exists; refusing to overwrite it")
        os.rename(build_dir, final)
        fsync_dir(self.snapshots_dir)
        fsync_dir(self.staging_dir)
        tmp_link = self.folder / f".{self.db_path.name}.next"
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        os.symlink(Path("snapshots") / snapshot_id / SNAPSHOT_FILE, tmp_link)
        if self.db_path.exists() and not self.db_path.is_symlink():
            raise StoreError(f"{self.db_path} exists and is not a Shafaf snapshot link; move it away first")
        os.replace(tmp_link, self.db_path)  # the one atomic step readers can observe
        fsync_dir(self.folder)
