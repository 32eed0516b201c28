"""Contract 1.1: descriptions, update texts, funders and the publisher in the package's languages."""

from __future__ import annotations

from pathlib import Path

import duckdb

from shafaf.contract.meta import parse_meta
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from tests.pkgtools import copy_fixture, replace_in


def _package(tmp_path: Path) -> Path:
    pkg = copy_fixture(tmp_path / "pkg")
    replace_in(pkg / "package.yaml", "publisher: Test Board\n", "publisher: Test Board\n'publisher:ur': ٹیسٹ بورڈ\n")
    (pkg / "initiatives.csv").write_text(
        "initiative_id,name,department_id,function,summary,summary:ur,status,start_date,target_date\n"
        "i1,Portal,dep1,complaints,File a complaint.,شکایت درج کریں۔,live,2025-01-01,2026-12-31\n"
        "i2,Pay,dep1,payments,Pay a fee.,,in_progress,,\n"
        "i3,Other,dep2,payments,,,planned,,\n",
        encoding="utf-8",
    )
    (pkg / "updates.csv").write_text(
        "update_id,initiative_id,date,title,body,body:ur\nu1,i1,2026-01-05,Open,Open in Swat.,سوات میں FIR کھلا۔\n",
        encoding="utf-8",
    )
    (pkg / "funding.csv").write_text(
        "initiative_id,funder,funder:ur,committed,disbursed,currency,as_of\n"
        "i1,World Bank,عالمی بینک,100,50,USD,2026-01-01\n"
        "i2,World Bank,عالمی بینک,10,5,USD,2026-01-01\n",
        encoding="utf-8",
    )
    return pkg


def test_the_new_translations_reach_the_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "deploy" / "shafaf.duckdb"
    result = load_package(_package(tmp_path), db)
    assert result.snapshot_id == "000001", result
    with duckdb.connect(str(Deployment(db).snapshot_file("000001")), read_only=True) as con:
        rows = con.execute(
            "SELECT entity, entity_id, field, lang, text FROM translations "
            "WHERE field IN ('summary', 'body', 'funder', 'publisher') ORDER BY ALL"
        ).fetchall()
    assert rows == [
        ("funding", "World Bank", "funder", "ur", "عالمی بینک"),  # once, though two rows name it
        ("initiative", "i1", "summary", "ur", "شکایت درج کریں۔"),
        ("package", "package", "publisher", "ur", "ٹیسٹ بورڈ"),
        ("update", "u1", "body", "ur", "سوات میں FIR کھلا۔"),
    ]


def test_a_translation_column_for_an_unlisted_language_is_refused(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    replace_in(pkg / "updates.csv", "body,body:ur\n", "body,body:ps\n")
    result = load_package(pkg, tmp_path / "deploy" / "shafaf.duckdb")
    assert result.snapshot_id is None
    assert any("updates.csv:1:body:ps: unknown column 'body:ps'" in str(p) for p in result.problems)


def test_publisher_translations_in_package_yaml() -> None:
    base = (Path(__file__).resolve().parents[1] / "fixtures" / "tiny" / "package.yaml").read_text(encoding="utf-8")
    meta, problems = parse_meta(base + "\n'publisher:ur': ٹیسٹ بورڈ\n")
    assert problems == [] and meta.publisher_translations == {"ur": "ٹیسٹ بورڈ"}
    meta, problems = parse_meta(base + "\n'publisher:ps': د ازموینې بورډ\n'publisher:ur': 5\n")
    assert [p.message for p in problems] == [
        "language 'ps' is not listed in 'languages'",
        "a translated publisher name must be text",
    ]
    assert meta.publisher_translations == {}


def test_every_multiselect_has_a_placeholder_in_the_readers_language() -> None:
    import ast

    root = Path(__file__).resolve().parents[2]
    calls = []
    for path in [*root.joinpath("pages").rglob("*.py"), *root.joinpath("shafaf").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "multiselect":
                kw = {k.arg: k.value for k in node.keywords}
                # Streamlit's own "Choose options" is English on every page
                calls.append((path.name, "placeholder" in kw and ast.unparse(kw["placeholder"])))
    assert sorted(calls) == [
        ("catalog.py", "t('app.choose_options', lang)"),
        ("milestones.py", "t('app.choose_options', lang)"),
    ]


def test_a_translated_text_is_chosen_and_isolated_on_right_to_left_pages() -> None:
    import pandas as pd

    from shafaf.fmt import isolate
    from shafaf.ui.data import Tables

    empty = pd.DataFrame()
    tb = Tables({}, *([empty] * 9), translations={("update", "u1", "body", "ur"): "سوات میں FIR کھلا۔"})
    assert tb.translated("update", "u1", "body", "ur", "Open in Swat.") == "سوات میں FIR کھلا۔"
    assert tb.translated("update", "u1", "body", "ps", "Open in Swat.") == "Open in Swat."  # no Pashto: as given
    assert tb.translated("initiative", "i3", "summary", "ur", float("nan")) == ""
    # an English text on an Urdu page keeps its full stop at its own end
    assert isolate("Open in Swat.", "ur") == "\u2066Open in Swat.\u2069"
    # an Urdu text that starts with a Latin name still reads right to left
    assert isolate("FIR درج کریں۔", "ps") == "\u2067FIR درج کریں۔\u2069"
    assert isolate("Open in Swat.", "en") == "Open in Swat." and isolate("", "ur") == ""
