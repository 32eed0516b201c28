"""The static edition built into each snapshot by `load` (docs/site.md): published with it, atomically.

`load_package(..., extras=snapshot_site(progress))` builds the site from the finished build folder's
snapshot into `<build>/site/` before the build is made current, so the snapshot folder that becomes
current holds its own edition: the app (reading the current snapshot) and /site/ (serving the current
snapshot's `site/`) switch together, in the one rename that publishes. A failed build publishes nothing.
Here, not in shafaf.site, because it opens the snapshot (DuckDB, through shafaf.reads); not in the store,
which sits below the views.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from shafaf.reads import Reads
from shafaf.site import SiteResult, build_site, is_site, replace_site
from shafaf.store.deployment import SNAPSHOT_FILE, Deployment, StoreError

log = logging.getLogger("shafaf")

SITE_DIR = "site"  # <deployment>/snapshots/<id>/site/


def snapshot_site(progress: Callable[[str], None], base_url: str | None = None) -> Callable[[Path, str], None]:
    """A `load_package(extras=...)` hook writing the static edition into the build folder (failures: StoreError)."""

    def build(build_dir: Path, snapshot_id: str) -> None:
        progress(f"building the static edition of snapshot {snapshot_id}")
        try:
            reads = Reads.open(build_dir / SNAPSHOT_FILE, snapshot_id)
            try:
                build_site(reads, build_dir / SITE_DIR, progress, base_url)
            finally:
                reads.con.close()
        except Exception as e:  # a StoreError: the command line and the desk say it, nothing is published
            log.exception("static edition of snapshot %s failed", snapshot_id)
            raise StoreError(
                f"the static edition of snapshot {snapshot_id} could not be built ({e}); nothing was published"
            ) from e

    return build


def site_folder(snapshot_file: Path) -> Path:
    """The static edition of a published snapshot (it may be missing: built only with `static_site: true`)."""
    return Path(snapshot_file).parent / SITE_DIR


def build_current(
    db: Path,
    progress: Callable[[str], None],
    *,
    if_missing: bool = False,
    base_url: str | None = None,
    lock_wait_seconds: float = 600,
) -> tuple[str, Path, SiteResult | None]:
    """Build the current snapshot's static edition into its folder, where /site/ serves it (`site --current`).

    (snapshot id, folder, result; None when `if_missing` and the snapshot has its site already). Built in a
    sibling folder and renamed into place (shafaf.site.replace_site), holding the publish lock so no `load`
    publishes or cleans up meanwhile. StoreError when nothing is published.
    """
    dep = Deployment(db)
    with dep.publish_lock(lock_wait_seconds, progress):
        sid = dep.current_id()
        if sid is None:
            raise StoreError(f"nothing is published at {dep.db_path}: run `python -m shafaf load PACKAGE` first")
        folder = site_folder(dep.snapshot_file(sid))
        if if_missing and is_site(folder):
            return sid, folder, None
        progress(f"building the static edition of snapshot {sid} into {folder}")
        reads = Reads.open(dep.snapshot_file(sid), sid)
        try:
            return sid, folder, replace_site(reads, folder, progress, base_url)
        finally:
            reads.con.close()
