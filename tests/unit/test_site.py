"""The static edition (issue 14 point 1): every page x language x scope as plain HTML, feeds, sitemap.

Scenario (tests/pkgtools.py make_withdrawal_v1/v2, as in test_public_record): v1 is the tiny package with two
funding lines; v2 leaves out the overdue m3 "Pilot" (planned 2026-01-01, 119 days late at 2026-04-30; reason
given at publish), moves m4 "Scale" 2026-06-30 -> 2027-03-31 (change_note "Vendor contract re-tendered"),
leaves out the rollout i3/d/planned and i2's Donor Fund line. Both carry two status updates (u1 about i1 on
2026-01-05, u0 programme-wide on 2026-02-01) and a hostile publisher name. The site is built from v2.
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from shafaf import views
from shafaf.__main__ import main
from shafaf.reads import Reads
from shafaf.site import MAX_GZIP_BYTES, SiteResult, build_site, replace_site
from shafaf.site.paths import is_chart_page
from shafaf.site.render import PageContext, render_page
from shafaf.site.svg import bar_svg, line_svg, wrap
from shafaf.store.deployment import Deployment
from shafaf.store.publish import load_package
from shafaf.views import render_json
from tests.pkgtools import make_withdrawal_v1, make_withdrawal_v2, replace_in

HOSTILE = '<script>alert(1)</script> & "Board"'
UPDATES = (
    "update_id,initiative_id,date,title,body\n"
    "u1,i1,2026-01-05,Opened <b>now</b>,Open in Swat & Dir.\n"
    "u0,,2026-02-01,Programme review,All services reviewed.\n"
)
REASON = "Merged into Scale"
ATOM = "{http://www.w3.org/2005/Atom}"
LANGS = ("en", "ur", "ps")
REGIONS = ("c", "p1", "p2", "a", "b", "d")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    db = root / "deploy" / "shafaf.duckdb"
    for name, make in (("v1", make_withdrawal_v1), ("v2", make_withdrawal_v2)):
        pkg = make(root / name)
        (pkg / "updates.csv").write_text(UPDATES, encoding="utf-8")
        replace_in(pkg / "package.yaml", "publisher: Test Board", "publisher: '<script>alert(1)</script> & \"Board\"'")
    assert load_package(root / "v1", db).snapshot_id == "000001"
    assert load_package(root / "v2", db, reasons={"milestones:m3": REASON}).snapshot_id == "000002"
    return db


@pytest.fixture(scope="module")
def built(deployment: Path) -> tuple[Path, SiteResult, list[str]]:
    db, root = deployment, deployment.parent.parent
    reads = Reads.open(Deployment(db).snapshot_file("000002"), "000002")
    lines: list[str] = []
    try:
        with pytest.MonkeyPatch.context() as mp:  # a page whose view module does not exist (yet)
            mp.setitem(views.VIEWS, "nosuch", "shafaf.views.nosuch")
            result = build_site(reads, root / "site", lines.append)
    finally:
        reads.con.close()
    return root / "site", result, lines


def test_every_page_language_and_scope_is_written_with_its_json_twin_and_downloads(built) -> None:
    out, result, lines = built
    for lang in LANGS:
        for rid in REGIONS:
            assert (out / lang / "overview" / f"{rid}.html").is_file()
            assert (out / lang / "overview" / f"{rid}.json").is_file()
        assert (out / lang / "index.html").is_file()
        # the province's milestone card's table, as a neutralised CSV under its headings in the language
        assert (out / lang / "overview" / "p1" / "milestones-p1.csv").is_file()
    for f in (
        "index.html",
        "sitemap.xml",
        "robots.txt",
        "site.css",
        "favicon.svg",
        "fonts/NotoNaskhArabic-Regular.woff2",
    ):
        assert (out / f).is_file(), f
    assert result.pages["overview"] == 18  # 6 regions x 3 languages
    csv = (out / "en" / "overview" / "p1" / "milestones-p1.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0] == "Milestone status,Milestones"  # the code column `class` (heading = id) left out
    assert "Done on time,1" in csv


def test_pages_without_a_view_are_skipped_and_said_so(built) -> None:
    out, result, lines = built
    assert "nosuch" in result.skipped
    assert "site: skipping nosuch: its view (shafaf.views.nosuch) is not in this version yet" in lines
    assert not (out / "en" / "nosuch").exists()
    for page in views.VIEWS:  # every view this version has is built, for each of its scopes x 3 languages
        if importlib.util.find_spec(views.VIEWS[page]) is not None:
            assert result.pages[page] > 0 and (out / "en" / page).is_dir(), page


def test_publisher_text_is_escaped_everywhere(built) -> None:
    out, _, _ = built
    page = (out / "en" / "overview" / "p1.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Board&quot;" in page
    for p in out.rglob("*.html"):
        assert "<script" not in p.read_text(encoding="utf-8"), p  # no JavaScript at all, hostile or ours


def test_html_lang_and_dir_per_language(built) -> None:
    out, _, _ = built
    for lang, direction in (("en", "ltr"), ("ur", "rtl"), ("ps", "rtl")):
        page = (out / lang / "overview" / "c.html").read_text(encoding="utf-8")
        assert page.startswith(f'<!DOCTYPE html><html lang="{lang}" dir="{direction}">')
        assert f'href="../../{lang}/overview/c.html" hreflang="{lang}" lang="{lang}" aria-current="page"' in page
    ur = (out / "ur" / "overview" / "p1.html").read_text(encoding="utf-8")
    assert 'text-anchor="end" direction="rtl"' in ur  # the chart's text is laid out right to left
    assert '<a href="/?region=p1&amp;lang=ur">' in ur  # the interactive app's same view


def test_head_has_title_description_and_open_graph(built) -> None:
    out, _, _ = built
    page = (out / "en" / "overview" / "p1.html").read_text(encoding="utf-8")
    assert "<title>Overview · Province One · Shafaf</title>" in page
    assert '<meta property="og:title" content="Overview · Province One">' in page
    desc = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert desc is not None and "Province One" in desc.group(1) and "2026-04-30" in desc.group(1)
    assert "Source: <bdi>&lt;script&gt;" in page and "data as of 2026-04-30" in page


def test_no_file_names_another_host(built) -> None:
    out, _, _ = built
    namespaces = {
        "http://www.w3.org/2005/Atom",
        "http://www.sitemaps.org/schemas/sitemap/0.9",
        "http://www.w3.org/2000/svg",
    }
    for p in out.rglob("*"):
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".css", ".txt", ".csv", ".svg"):
            text = p.read_text(encoding="utf-8-sig", errors="replace")
            for url in re.findall(r"https?://[^\s\"'<>)]+", text):
                # an XML namespace name identifies a vocabulary; nothing is fetched (the font's licence names its home)
                assert url in namespaces or p.name == "OFL.txt", (p, url)
                if url in namespaces:
                    assert f'xmlns="{url}"' in text


def test_each_page_is_at_most_50_kb_gzipped(built) -> None:
    out, result, _ = built
    for p in out.rglob("*.html"):
        assert len(gzip.compress(p.read_bytes(), 9)) <= MAX_GZIP_BYTES, p
    assert 0 < result.largest_gzip[1] <= MAX_GZIP_BYTES


def test_sitemap_lists_every_page(built) -> None:
    out, result, _ = built
    tree = ET.parse(out / "sitemap.xml")
    locs = {e.text for e in tree.getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {str(p.relative_to(out)) for p in out.rglob("*.html")}
    charts = {p for p in pages if is_chart_page(p)}  # a card's own page, to embed: not listed
    assert charts and result.chart_pages == len(charts)
    pages -= charts
    assert locs == pages
    # every view's pages (the overviews alone: 6 regions x 3), the three language indexes, the root index
    assert len(pages) == sum(result.pages.values()) + 3 + 1
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


def _entries(path: Path) -> list[tuple[str, str, str]]:
    root = ET.parse(path).getroot()  # well-formed, or this raises
    assert root.tag == f"{ATOM}feed"
    return [
        (e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}content"))
        for e in root.iter(f"{ATOM}entry")
    ]


def test_service_feeds_have_its_updates_replans_and_withdrawals(built) -> None:
    out, _, _ = built
    assert _entries(out / "en" / "feeds" / "i1.xml") == [
        ("urn:shafaf:update:u1", "Portal: Opened <b>now</b>", "Open in Swat & Dir.")
    ]
    assert _entries(out / "en" / "feeds" / "i2.xml") == [  # all published together: by id, newest first
        (
            "urn:shafaf:i2:withdrawn:m3:000002",
            "Pay: Withdrawn: Pilot",
            f"2026-01-01 → Withdrawn 119 days late · Reason given: {REASON}",
        ),
        ("urn:shafaf:i2:withdrawn:i2%7CDonor%20Fund%7CUSD:000002", "Pay: Withdrawn: Donor Fund (USD)", "— → Withdrawn"),
        (
            "urn:shafaf:i2:replan:m4:000002",
            "Pay: Re-planned: Scale",
            "2026-06-30 → 2027-03-31 · Reason given: Vendor contract re-tendered",
        ),
    ]
    assert _entries(out / "en" / "feeds" / "i3.xml") == [
        ("urn:shafaf:i3:withdrawn:i3%7Cd%7Cplanned:000002", "Other: Withdrawn: District D · Planned", "— → Withdrawn")
    ]
    raw = (out / "en" / "feeds" / "i1.xml").read_text(encoding="utf-8")
    assert "&lt;b&gt;now&lt;/b&gt;" in raw and "&lt;script&gt;" in raw  # the update's title and the publisher


def test_overall_feed_has_every_entry_newest_first(built) -> None:
    out, _, _ = built
    ids = [e[0] for e in _entries(out / "en" / "feed.xml")]
    # the v2 publication's five changes (today), then u0 (2026-02-01), then u1 (2026-01-05)
    assert ids[-2:] == ["urn:shafaf:update:u0", "urn:shafaf:update:u1"]
    assert sorted(ids[:-2]) == sorted(
        [
            "urn:shafaf:i2:withdrawn:m3:000002",
            "urn:shafaf:i2:withdrawn:i2%7CDonor%20Fund%7CUSD:000002",
            "urn:shafaf:i2:replan:m4:000002",
            "urn:shafaf:i3:withdrawn:i3%7Cd%7Cplanned:000002",
        ]
    )
    ur = _entries(out / "ur" / "feed.xml")
    assert (
        len(ur) == 6 and ur[-2][1] == "پورے پروگرام سے متعلق: Programme review"
    )  # the programme-wide update, in Urdu words


def test_the_command_builds_replaces_a_previous_site_and_refuses_another_folder(
    deployment: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    assert main(["site", str(out), "--db", str(deployment), "--snapshot", "000001", "--quiet"]) == 0
    assert "built the static edition of snapshot 000001" in capsys.readouterr().out
    assert "2026-03-15" in (out / "en" / "overview" / "c.html").read_text(encoding="utf-8")
    (out / "en" / "stale.html").write_text("from an older build")
    args = ["site", str(out), "--db", str(deployment), "--quiet", "--base-url", "https://example.org/site/"]
    assert main(args) == 0  # a previous site: replaced whole
    assert not (out / "en" / "stale.html").exists()
    assert "2026-04-30" in (out / "en" / "overview" / "c.html").read_text(encoding="utf-8")
    assert "<loc>https://example.org/site/en/overview/c.html</loc>" in (out / "sitemap.xml").read_text()
    embed = "&lt;iframe src=&quot;https://example.org/site/en/overview/c/overview-trend-transactions.html&quot;"
    assert embed in (out / "en" / "overview" / "c.html").read_text(encoding="utf-8")  # a full address to embed
    assert (out / "robots.txt").read_text().endswith("Sitemap: https://example.org/site/sitemap.xml\n")
    assert not list(tmp_path.glob(".site.*"))  # no build folder left beside it
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me")
    assert main(["site", str(other), "--db", str(deployment), "--quiet"]) == 1
    assert "is not empty and is not a site built by shafaf" in capsys.readouterr().err
    assert [p.name for p in other.iterdir()] == ["mine.txt"]
    with pytest.raises(ValueError, match="not a site built by shafaf"):
        replace_site(None, other, print)  # type: ignore[arg-type]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def _ctx(lang: str = "en") -> PageContext:
    return PageContext(
        lang=lang,
        page="regions",
        title="Regions · Country",
        description="d",
        root="../../",
        csv_dir="c/",
        href=lambda page, params: f"../../{lang}/{page}/{params.get('region', 'c')}.html",
        app_url="/regions?region=c",
        switch={"en": "a", "ur": "b", "ps": "c"},
        nav=[],
    )


def test_a_hand_made_view_renders_by_its_shapes() -> None:
    # the shapes of docs/api.md, as another page's view (not on this branch yet) will give them
    doc = {
        "api_version": 1,
        "meta": {"page": "regions"},
        "region": "Country",
        "headline": {"id": "headline", "text": "Two <areas> lead.", "help": None},
        "figures": [{"id": "n", "label": "Areas", "value": 2, "unit": "count", "text": "2", "help": None}],
        "ranking": {
            "id": "regions-ranking",
            "title": "Areas by reach",
            "summary": "A leads.",
            "chart": {"kind": "bar"},
            "table": {
                "id": "ranking",
                "columns": [
                    {"id": "region", "label": "Area", "unit": None},
                    {"id": "reach_pct", "label": "Reach", "unit": "percent"},
                ],
                "rows": [{"region": "A", "reach_pct": 0.5}, {"region": "=B", "reach_pct": 0.25}],
                "answer": "reach_pct",
            },
            "filename": "ranking-c",
            "provenance": None,
        },
        "children": [{"page": "regions", "label": "Province One", "params": {"region": "p1"}}],
        "notes": [{"date": "2026-01-05", "title": "T", "initiative_id": "i1", "body": "B"}],
    }
    ctx = _ctx()
    page = render_page(doc, ctx, "Source: X")
    assert "<p>Two &lt;areas&gt; lead.</p>" in page
    assert "<p><bdi>Country</bdi></p>" not in page  # a bare value is not a paragraph
    assert '<dt>Areas</dt><dd class="figure">2</dd>' in page
    assert '<section class="card" id="regions-ranking"><h3>Areas by reach</h3>' in page
    assert "<svg" in page and "<rect" in page  # a bar chart drawn from the table
    assert '<thead><tr><th scope="col">Reach</th><th scope="col">Area</th></tr></thead>' in page  # answer first
    assert "<td><bdi>A</bdi></td>" in page and "50%" in page
    assert '<li><a href="../../en/regions/p1.html">Province One</a></li>' in page
    assert '<time datetime="2026-01-05">2026-01-05</time> · <strong><bdi>T</bdi></strong> · <bdi>B</bdi>' in page
    assert ctx.csv_files["ranking-c.csv"].decode("utf-8-sig").splitlines() == ["Reach,Area", "0.5,A", "0.25,'=B"]
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags and parser.tags.count("h1") == 1


def test_bars_mirror_and_labels_wrap_instead_of_being_cut() -> None:
    ltr = bar_svg("T", ["A long label for one district"], [10], ["10"])
    rtl = bar_svg("T", ["A long label for one district"], [10], ["10"], rtl=True)
    assert wrap("A long label for one district") == ["A long label for one", "district"]
    assert ltr.count("<tspan") == 2 and "…" not in ltr
    assert '<rect x="156.0"' in ltr and 'text-anchor="end">' in ltr  # bar starts at the left after the label
    # two lines of label: a row 37 high, the bar 14 high at its middle (18.5 - 7)
    assert '<rect x="84.0" y="11.5" width="160.0"' in rtl and 'direction="rtl"' in rtl  # from the right edge
    line = line_svg("T", ["2026-01", "2026-02"], [400, 450], ["400", "450"], rtl=True)
    assert '<text x="324.0" y="166.0" text-anchor="start" direction="rtl">2026-01</text>' in line  # oldest at right


def test_the_json_twin_is_what_the_api_answers(built, deployment: Path) -> None:
    out, _, _ = built
    reads = Reads.open(Deployment(deployment).snapshot_file("000002"), "000002")
    try:
        for page, scope, params in (
            ("regions", "c", {"region": "c"}),
            ("departments", "dep1", {"department": "dep1"}),
            ("catalog", "p1", {"region": "p1"}),
            ("data", "all", {}),
        ):
            for lang in LANGS:
                twin = json.loads((out / lang / page / f"{scope}.json").read_text(encoding="utf-8"))
                assert twin == render_json(reads, page, {**params, "lang": lang}), (page, lang)
                assert '"shown":' not in json.dumps(twin)  # the words the static page shows are not in the API
    finally:
        reads.con.close()


def test_tables_show_what_a_reader_sees_once_and_no_widget_choices(built) -> None:
    out, _, _ = built
    for p in out.rglob("*.html"):
        text = p.read_text(encoding="utf-8")
        assert "[&#x27;" not in text and "[(" not in text, p  # no Python list printed as a cell or an item
        # every table sits in a box that scrolls sideways, reachable by keyboard, named for a screen reader
        assert text.count("<table>") == text.count('<div class="scroll" role="region" tabindex="0" aria-label="'), p
    page = (out / "en" / "regions" / "c.html").read_text(encoding="utf-8")
    twin = json.loads((out / "en" / "regions" / "c.json").read_text(encoding="utf-8"))
    assert twin["children"]["metric_choices"]  # the metric select's choices are in the JSON ...
    for metric_id, label in twin["children"]["metric_choices"]:
        assert f"<bdi>{metric_id}</bdi>" not in page and f"<li><bdi>{label}" not in page  # ... not on the page
    assert page.count('<th scope="col">Live in (local areas)</th>') == 1  # the ranking: the card's table only
    # the card's table: the answer (coverage) first, then the areas by name, never their ids
    assert '<thead><tr><th scope="col">Coverage</th><th scope="col">Rank</th><th scope="col">Area</th>' in page
    assert "<td><bdi>Province One</bdi></td>" in page and "<bdi>p1</bdi>" not in page
    assert "<td><bdi>2 of 2</bdi></td>" in page  # the app's words ("2 of 2"), not the raw count
    assert '<th scope="row"><bdi>District A</bdi></th>' in page and "<bdi>a</bdi>" not in page
    css = (out / "site.css").read_text(encoding="utf-8")
    assert "overflow-wrap:anywhere" in css and ".scroll{overflow-x:auto;max-width:100%}" in css


def test_readable_leaves_out_what_only_the_interactive_page_uses() -> None:
    import pandas as pd

    from shafaf.views.model import INTERACTIVE, jsonable, readable, table

    @dataclasses.dataclass(frozen=True)
    class View:
        choices: tuple[tuple[str, str], ...] = dataclasses.field(metadata=INTERACTIVE)
        ranking: object = None

    rows = pd.DataFrame({"region": ["p1"], "share": [0.5]})
    shown = pd.DataFrame({"Area": ["Province One"], "Share": ["50%"], "Note": ["new"]})
    v = View((("m", "Metric"),), table("ranking", rows, {"region": "Area", "share": "Share"}, shown=shown))
    assert jsonable(v)["choices"] == [["m", "Metric"]] and "shown" not in jsonable(v)["ranking"]
    doc = readable(v)
    assert "choices" not in doc
    assert doc["ranking"]["rows"] == [{"region": "p1", "share": 0.5}]  # the raw rows stay (the chart draws them)
    assert doc["ranking"]["shown"] == {
        "columns": [
            {"id": "region", "label": "Area", "unit": None},
            {"id": "share", "label": "Share", "unit": None},
            {"id": "_2", "label": "Note", "unit": None},
        ],
        "rows": [{"region": "Province One", "share": "50%", "_2": "new"}],
    }


def test_every_chart_card_has_its_own_page_to_embed_and_its_embed_code(built) -> None:
    out, _, _ = built
    page = (out / "en" / "overview" / "p1.html").read_text(encoding="utf-8")
    chart = (out / "en" / "overview" / "p1" / "overview-trend-transactions.html").read_text(encoding="utf-8")
    # the embed code, as text: the <iframe> escaped, pointing at the chart page where /site/ serves it
    src = "/site/en/overview/p1/overview-trend-transactions.html"
    assert (
        f"<pre><code>&lt;iframe src=&quot;{src}&quot; title=&quot;Transactions in Province One, by month&quot;" in page
    )
    assert "<iframe" not in page and "<iframe" not in chart
    # the chart page: title, summary, the very SVG the full page drew, its table, source and as-of, a link back
    assert chart.startswith('<!DOCTYPE html><html lang="en" dir="ltr">')
    assert "<h1>Transactions in Province One, by month</h1>" in chart
    svg = re.search(r"<svg.*?</svg>", page[page.index('id="overview-trend-transactions"') :], re.S)
    assert svg is not None and svg.group(0) in chart
    assert '<th scope="col">Transactions</th>' in chart and "data as of 2026-04-30" in chart
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chart and "<script" not in chart
    assert '<a href="../p1.html#overview-trend-transactions" target="_top">' in chart
    assert '<a href="transactions-p1.csv" download>' in chart and (out / "en/overview/p1/transactions-p1.csv").is_file()
    assert '<link rel="stylesheet" href="../../../site.css">' in chart
    ur = (out / "ur" / "overview" / "p1" / "overview-trend-transactions.html").read_text(encoding="utf-8")
    assert ur.startswith('<!DOCTYPE html><html lang="ur" dir="rtl">') and 'direction="rtl"' in ur
    # every embed code on every page points at a chart page that was written; a card without a chart has none
    for p in out.rglob("*.html"):
        for rel in re.findall(r"&lt;iframe src=&quot;/site/([^&]+)&quot;", p.read_text(encoding="utf-8")):
            assert (out / rel).is_file(), (p, rel)
    assert not (out / "en" / "overview" / "p1" / "overview-changes.html").exists()
