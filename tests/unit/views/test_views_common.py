"""What every page's view promises: JSON in three languages, documented keys, shared reads left untouched."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from shafaf.views import VIEWS, module, render_json
from shafaf.views.base import BadParam, UnknownId
from tests.unit.views.conftest import filters

ROOT = Path(__file__).resolve().parents[3]
API_DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
SCOPES: list[dict[str, str]] = [{}, {"region": "p1"}, {"region": "d"}, {"department": "dep1"}, {"initiative": "i2"}]


def _fingerprint(value: Any) -> str:
    h = hashlib.sha256()
    if isinstance(value, pd.DataFrame):
        h.update(repr(list(value.columns)).encode())
        h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, tuple):
        for v in value:
            h.update(_fingerprint(v).encode())
    elif hasattr(value, "__dataclass_fields__") and hasattr(value, "regions"):  # Tables
        for name in ("regions", "departments", "initiatives", "milestones", "rollouts", "leaf_stages", "closure"):
            h.update(_fingerprint(getattr(value, name)).encode())
        h.update(pickle.dumps(sorted(value.translations.items())))
    else:
        h.update(pickle.dumps(value))
    return h.hexdigest()


def _section(page: str) -> str:
    start = API_DOC.index(f"\n## {page}\n")
    end = API_DOC.find("\n## ", start + 1)
    return API_DOC[start : end if end > 0 else None]


@pytest.mark.parametrize("page", list(VIEWS))
def test_every_page_is_json_in_three_languages_with_documented_keys(tiny, page: str) -> None:
    view = module(page)
    assert view.PAGE == page
    for lang in ("en", "ur", "ps"):
        for scope in SCOPES:
            doc = render_json(tiny, page, {"lang": lang, **scope})
            text = json.dumps(doc, ensure_ascii=False, allow_nan=False)
            assert doc["meta"]["page"] == page and doc["meta"]["lang"] == lang
            assert doc["meta"]["snapshot_id"] == tiny.snapshot_id and doc["meta"]["as_of"] == "2026-03-15"
            assert "Traceback" not in text
    section = _section(page)
    for key in doc:
        if key != "api_version":
            assert f"`{key}`" in section, f"docs/api.md's section {page} does not name the key {key!r}"
    assert "placeholder" not in section and "(section written" not in section


@pytest.mark.parametrize("page", list(VIEWS))
def test_unknown_ids_are_refused_by_every_page(tiny, page: str) -> None:
    for param in ("region", "department", "initiative"):
        with pytest.raises(UnknownId, match=f"unknown {param}: 'nope'"):
            render_json(tiny, page, {param: "nope"})
    with pytest.raises(BadParam, match="unknown lang"):
        render_json(tiny, page, {"lang": "fr"})


def test_views_never_modify_what_the_shared_reads_return(tiny) -> None:
    for page in VIEWS:
        for scope in SCOPES:
            render_json(tiny, page, scope)
    before = {k: _fingerprint(v) for k, v in tiny._memo.items()}
    for page in VIEWS:
        for lang in ("en", "ur"):
            for scope in SCOPES:
                render_json(tiny, page, {"lang": lang, **scope})
    after = {k: _fingerprint(v) for k, v in tiny._memo.items() if k in before}
    assert after == before


def test_links_say_which_of_the_readers_parameters_they_keep_and_the_json_does_not(tiny) -> None:
    from shafaf.views import catalog, data, departments, regions
    from shafaf.views.model import KEEP_ALL, KEEP_NONE, KEEP_PLACE, jsonable

    # a service's own page and a department's links open without the reader's department or service filter
    portal = next(s for g in catalog.build(tiny, filters(tiny, department="dep1"), "en").groups for s in g.services)
    assert portal.link is not None and portal.link.keep == KEEP_PLACE == ("region", "lang", "snapshot")
    dep = departments.build(tiny, filters(tiny, department="dep1"), "en").portfolio
    assert dep is not None and dep.links and {x.keep for x in (*dep.links, dep.tracker)} == {KEEP_PLACE}
    # an earlier version's link sets its own snapshot and language, keeping nothing of the reader's
    versions = data.build(tiny, filters(tiny), "ur").versions
    assert versions and {x.keep for x in versions} == {KEEP_NONE}
    assert all(dict(x.params).get("lang") == "ur" for x in versions)
    # a link between places keeps every shared parameter, the region set by the link
    up = regions.build(tiny, filters(tiny, region="p1"), "en").up
    assert up is not None and up.keep == KEEP_ALL and "department" in KEEP_ALL
    assert jsonable(up) == {"page": "regions", "label": up.label, "params": {"region": "c"}}
