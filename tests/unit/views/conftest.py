"""Fixtures of the view tests: the tiny package published once, read through shafaf.reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shafaf.reads import Reads
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.views import render_json
from shafaf.views.base import SHARED_PARAMS, Filters, resolve
from tests.conftest import TINY


def publish(package: Path, db: Path) -> Reads:
    """Publish `package` into the deployment `db` and read its snapshot."""
    sid = load_package(package, db).snapshot_id
    assert sid is not None, f"{package} did not publish"
    return Reads.open(Deployment(db).snapshot_file(sid), sid)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reads]:
    """tests/fixtures/tiny as snapshot 000001 (shared by the session: never modify what it returns)."""
    reads = publish(TINY, tmp_path_factory.mktemp("tiny") / "shafaf.duckdb")
    yield reads
    reads.con.close()


def filters(reads: Reads, **params: str) -> Filters:
    """Filters from URL-style parameters (region=..., department=..., and the page's own)."""
    return resolve(reads.tables(), params, tuple(k for k in params if k not in SHARED_PARAMS))


def twin(reads: Reads, page: str, **params: str) -> dict:
    """The JSON twin of a page, as `python -m shafaf view` prints it."""
    return render_json(reads, page, params)


def drawn_regions(fig: object) -> set[str]:
    """The region ids a map figure draws as shapes (every choropleth keyed by region_id)."""
    return {
        loc
        for t in fig.data  # type: ignore[attr-defined]
        if t.type == "choropleth" and t.featureidkey == "properties.region_id"
        for loc in t.locations
    }
