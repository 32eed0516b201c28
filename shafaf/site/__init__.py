"""The static edition: every public page x language x scope as plain HTML, from the pages' view models.

`build_site(reads, out_dir, progress)` writes (docs/site.md has the scheme):

    OUT/index.html                          the languages
    OUT/<lang>/index.html                   every page of that language (regions, departments, services)
    OUT/<lang>/<page>/<scope>.html          one page: scope is a region id (overview, regions, milestones,
                                            outcomes, catalog), a department id (departments), a service's
                                            id (initiative) or `all` (data: About the data)
    OUT/<lang>/<page>/<scope>.json          its JSON twin (what /api/v1/<page>.json answers)
    OUT/<lang>/<page>/<scope>/<table>.csv   each table's download (neutralised)
    OUT/<lang>/<page>/<scope>/<card>.html   each chart card's own page, to embed (render.chart_page_html)
    OUT/<lang>/feed.xml, OUT/<lang>/feeds/<initiative>.xml   Atom feeds (shafaf.site.feeds)
    OUT/site.css, OUT/fonts/                the style sheet and the served font (cached once)
    OUT/sitemap.xml, OUT/robots.txt, OUT/.shafaf-site (what built it: the snapshot)

Pure: no Streamlit, no DuckDB (it reads through the `Reads` it is given). Pages whose view module is not
there yet are skipped with a progress line; nothing is faked.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from shafaf.i18n import DEFAULT_LANG, LANGUAGES, t
from shafaf.navigation import PAGES
from shafaf.site import feeds
from shafaf.site.paths import ALL, REGION_PAGES, feed_path, file_id, page_path, served_url, view_path
from shafaf.site.render import PageContext, document, esc, render_page, source_line
from shafaf.views import VIEWS, module, render_docs

if TYPE_CHECKING:
    from shafaf.reads import Reads

MARKER = ".shafaf-site"  # a folder holding this file is a site `build_site` wrote (and may write again)
FONTS = Path(__file__).resolve().parents[2] / "static" / "fonts"
PROGRESS_EVERY = 20  # a progress line every this many views of a page (x 3 languages)
MAX_GZIP_BYTES = 50_000  # each page at most 50 KB gzipped (issue 14); the font is cached once, apart
APP_PATH = {spec.key: "/" + spec.url_path for spec in PAGES}  # the interactive app's page of each view

Progress = Callable[[str], None]


@dataclass
class SiteResult:
    """What a build wrote: pages per view, skipped views, the bytes of the largest page gzipped."""

    snapshot_id: str
    pages: dict[str, int] = field(default_factory=dict)
    chart_pages: int = 0  # a card's own page (to embed), beside the pages
    skipped: list[str] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    largest_gzip: tuple[str, int] = ("", 0)


def scopes(reads: Reads, page: str) -> list[tuple[str, dict[str, str]]]:
    """(file scope, URL parameters) of every view of `page` the edition has."""
    tb = reads.tables()
    if page in REGION_PAGES:
        return [(file_id(r), {"region": r}) for r in tb.regions["region_id"]]
    if page == "departments":
        return [(file_id(d), {"department": d}) for d in tb.departments["department_id"]]
    if page == "initiative":
        return [(file_id(i), {"initiative": i}) for i in tb.initiatives["initiative_id"]]
    return [(ALL, {})]


def app_url(page: str, params: Mapping[str, str], lang: str) -> str:
    """The interactive app's page for the same view (a path on this host: /<page>?region=...&lang=...)."""
    q = dict(params)
    if lang != DEFAULT_LANG:
        q["lang"] = lang
    return APP_PATH.get(page, "/") + (("?" + urlencode(q)) if q else "")


class Site:
    """One build: the snapshot's reads, the output folder, which views exist."""

    def __init__(self, reads: Reads, out: Path, progress: Progress, base_url: str | None) -> None:
        self.reads, self.out, self.say, self.base_url = reads, out, progress, base_url
        self.tb = reads.tables()
        self.available: list[str] = []
        self.result = SiteResult(reads.snapshot_id)
        self.written: list[str] = []  # every page's path, for the sitemap

    def scope_name(self, page: str, params: Mapping[str, str], lang: str) -> str:
        """The name of what a view covers, in `lang`."""
        if "department" in params:
            return self.tb.name("department", params["department"], lang)
        if "initiative" in params:
            return self.tb.name("initiative", params["initiative"], lang)
        if "region" in params:
            return self.tb.name("region", params["region"], lang)
        return ""

    def static_href(self, page: str, params: Mapping[str, Any], lang: str, root: str) -> str | None:
        """The static page of a link {page, params}, or the app's page when the edition has no such view."""
        path = view_path(page, params, lang, self.tb.root_id) if page in self.available else None
        if path is not None:
            return root + path
        return app_url(page, {k: str(v) for k, v in params.items() if k != "lang" and v not in (None, "")}, lang)

    def nav(self, lang: str, page: str, params: Mapping[str, str], root: str) -> list[tuple[str, str, bool]]:
        """The page menu: this scope's region pages, the departments and services (on the index), About the data."""
        region = params.get("region", self.tb.root_id)
        items = [(t("site.pages", lang), f"{root}{lang}/index.html", False)]
        for key in VIEWS:
            if key not in self.available:
                continue
            if key in REGION_PAGES:
                url = root + page_path(lang, key, file_id(region))
            elif key == "data":
                url = root + page_path(lang, key, ALL)
            else:
                url = f"{root}{lang}/index.html#{key}"
            items.append((t(f"pages.{key}", lang), url, key == page))
        return items

    def service_page(self, lang: str) -> Callable[[str], str | None]:
        """A service's static page (path from the site's root), None while the edition has no Initiative page."""
        if "initiative" not in self.available:
            return lambda iid: None
        return lambda iid: page_path(lang, "initiative", file_id(iid))

    def write(self, rel: str, data: bytes) -> None:
        """Write one file below the output folder."""
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.result.files += 1
        self.result.bytes += len(data)

    def write_page(self, rel: str, text: str, *, listed: bool = True) -> None:
        """Write one HTML page, checking its gzipped size; `listed`: in the sitemap."""
        data = text.encode("utf-8")
        size = len(gzip.compress(data, 9))
        if size > self.result.largest_gzip[1]:
            self.result.largest_gzip = (rel, size)
        self.write(rel, data)
        if listed:
            self.written.append(rel)

    def build_view(self, page: str, scope: str, params: dict[str, str], lang: str) -> None:
        """One page in one language: its JSON twin, its HTML and its downloads."""
        doc, words = render_docs(self.reads, page, {**params, "lang": lang})
        root = "../../"
        name = self.scope_name(page, params, lang)
        page_name = t(f"pages.{page}", lang)
        title = f"{page_name} · {name}" if name else page_name
        publisher = doc["meta"]["published_by"]
        as_of = doc["meta"]["as_of"]
        ctx = PageContext(
            lang=lang,
            page=page,
            title=title,
            description=t("site.description", lang, page=title, publisher=publisher, as_of=as_of),
            root=root,
            csv_dir=f"{scope}/",
            href=lambda p, q: self.static_href(p, q, lang, root),
            app_url=app_url(page, params, lang),
            switch={code: f"{root}{page_path(code, page, scope)}" for code in LANGUAGES},
            nav=self.nav(lang, page, params, root),
            feed=root + feed_path(lang, params["initiative"] if page == "initiative" else None),
            embed_base=self.public_url(f"{lang}/{page}/{scope}/"),
            page_file=f"{scope}.html",
        )
        html = render_page(words, ctx, source_line(publisher, as_of, lang))
        base = f"{lang}/{page}/{scope}"
        self.write(base + ".json", json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        self.write_page(base + ".html", html)
        for filename, data in ctx.csv_files.items():
            self.write(f"{base}/{filename}", data)
        for filename, chart in ctx.chart_pages.items():  # a card's own page, to embed: not in the sitemap
            self.write_page(f"{base}/{filename}", chart, listed=False)
            self.result.chart_pages += 1

    def public_url(self, rel: str) -> str:
        """Where a file of the site is read: below `base_url`, else on the server that serves it at /site/."""
        return (self.base_url.rstrip("/") + "/" + rel) if self.base_url else served_url(rel)

    def index(self, lang: str) -> None:
        """OUT/<lang>/index.html: every page of the language, by region, department and service."""
        root = "../"
        tb = self.tb

        def link(page: str, scope: str, label: str) -> str:
            return f'<li><a href="{page}/{esc(scope)}.html"><bdi>{esc(label)}</bdi></a></li>'

        parts = []
        if "overview" in self.available:
            items = "".join(link("overview", file_id(r), tb.name("region", r, lang)) for r in tb.regions["region_id"])
            parts.append(f'<h2 id="regions">{esc(t("pages.regions", lang))}</h2><ul class="links">{items}</ul>')
        if "departments" in self.available:
            items = "".join(
                link("departments", file_id(d), tb.name("department", d, lang)) for d in tb.departments["department_id"]
            )
            parts.append(f'<h2 id="departments">{esc(t("pages.departments", lang))}</h2><ul class="links">{items}</ul>')
        if "initiative" in self.available:
            items = "".join(
                link("initiative", file_id(i), tb.name("initiative", i, lang)) for i in tb.initiatives["initiative_id"]
            )
            parts.append(
                f'<h2 id="initiative">{esc(t("filters.all_initiatives", lang))}</h2><ul class="links">{items}</ul>'
            )
        if "data" in self.available:
            parts.append(f'<p><a href="data/{ALL}.html">{esc(t("pages.data", lang))}</a></p>')
        publisher = tb.publisher(lang)
        ctx = PageContext(
            lang=lang,
            page="index",
            title=t("app.name", lang),
            description=t("app.tagline", lang),
            root=root,
            csv_dir="",
            href=lambda p, q: None,
            app_url=app_url("overview", {}, lang),
            switch={code: f"{root}{code}/index.html" for code in LANGUAGES},
            nav=self.nav(lang, "", {}, root),
            feed="feed.xml",
        )
        self.write_page(f"{lang}/index.html", document(ctx, "".join(parts), source_line(publisher, tb.as_of, lang)))

    def root_index(self) -> None:
        """OUT/index.html: the languages."""
        items = "".join(
            f'<li><a href="{code}/index.html" lang="{code}" hreflang="{code}">{esc(info["name"])}</a></li>'
            for code, info in LANGUAGES.items()
        )
        tb = self.tb
        publisher = tb.publisher(DEFAULT_LANG)
        ctx = PageContext(
            lang=DEFAULT_LANG,
            page="index",
            title=t("app.name", DEFAULT_LANG),
            description=t("app.tagline", DEFAULT_LANG),
            root="",
            csv_dir="",
            href=lambda p, q: None,
            app_url="/",
            switch={code: f"{code}/index.html" for code in LANGUAGES},
            nav=[],
            feed=f"{DEFAULT_LANG}/feed.xml",
        )
        main = f'<ul class="links">{items}</ul>'
        self.write_page("index.html", document(ctx, main, source_line(publisher, tb.as_of, DEFAULT_LANG)))

    def sitemap(self) -> None:
        """sitemap.xml (every page; locations from `base_url`, else relative to the site's root) and robots.txt."""
        base = self.base_url.rstrip("/") + "/" if self.base_url else ""
        lastmod = self.tb.meta.get("published_at", "")[:10] or dt.date.today().isoformat()
        urls = "".join(
            f"<url><loc>{esc(base + rel)}</loc><lastmod>{esc(lastmod)}</lastmod></url>" for rel in self.written
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )
        self.write("sitemap.xml", xml.encode("utf-8"))
        robots = "User-agent: *\nAllow: /\n" + (f"Sitemap: {base}sitemap.xml\n" if base else "")
        self.write("robots.txt", robots.encode("utf-8"))

    def assets(self) -> None:
        """The style sheet and the served font (with its licence)."""
        self.write("site.css", CSS.encode("utf-8"))
        self.write("favicon.svg", FAVICON.encode("utf-8"))  # declared by every page: no browser asks for /favicon.ico
        for p in sorted(FONTS.iterdir()):
            if p.suffix in (".woff2", ".txt"):
                self.write(f"fonts/{p.name}", p.read_bytes())


def build_site(reads: Reads, out_dir: str | Path, progress: Progress, base_url: str | None = None) -> SiteResult:
    """Write the static edition of `reads`' snapshot into `out_dir` (created; expected empty or a previous site)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    site = Site(reads, out, progress, base_url)
    for page in VIEWS:
        try:
            module(page)
        except ModuleNotFoundError as e:
            if e.name != VIEWS[page]:
                raise
            site.result.skipped.append(page)
            progress(f"site: skipping {page}: its view ({VIEWS[page]}) is not in this version yet")
            continue
        site.available.append(page)
    site.assets()
    for page in site.available:
        views = scopes(reads, page)
        progress(f"site: {page}: {len(views)} view(s) x {len(LANGUAGES)} languages")
        for n, (scope, params) in enumerate(views, 1):
            for lang in LANGUAGES:
                site.build_view(page, scope, params, lang)
            if n % PROGRESS_EVERY == 0 and n < len(views):
                progress(f"site: {page}: {n} of {len(views)} views")
        site.result.pages[page] = len(views) * len(LANGUAGES)
    for lang in LANGUAGES:
        site.index(lang)
        n = feeds.write_feeds(reads, lang, site.write, site.service_page(lang))
        progress(f"site: {lang}: index and {n} feed(s)")
    site.root_index()
    site.sitemap()
    marker = {"snapshot_id": reads.snapshot_id, "as_of": reads.tables().meta.get("as_of"), "pages": site.result.pages}
    site.write(MARKER, json.dumps(marker).encode("utf-8"))
    progress(
        f"site: {site.result.files} files, {site.result.bytes / 1e6:.1f} MB; largest page "
        f"{site.result.largest_gzip[0]} {site.result.largest_gzip[1] / 1000:.1f} KB gzipped"
    )
    return site.result


def is_site(folder: Path) -> bool:
    """True when `folder` holds a site build_site wrote."""
    return (folder / MARKER).is_file()


def replace_site(reads: Reads, out_dir: str | Path, progress: Progress, base_url: str | None = None) -> SiteResult:
    """Build into a fresh sibling folder, then put it in place of `out_dir` (a previous site, or missing/empty).

    A missing or empty `out_dir` appears whole, in one rename; a previous site is swapped out by two renames
    (a reader in between gets a 404, never half of each)."""
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not is_site(out):
        raise ValueError(f"{out} is not empty and is not a site built by shafaf; choose an empty or new folder")
    fresh = out.with_name(f".{out.name}.new")
    old = out.with_name(f".{out.name}.old")
    for p in (fresh, old):
        if p.exists():
            shutil.rmtree(p)
    result = build_site(reads, fresh, progress, base_url)
    if out.exists() and not any(out.iterdir()):
        out.rmdir()
    if out.exists():
        out.rename(old)
    fresh.rename(out)
    if old.exists():
        shutil.rmtree(old)
    return result


FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    '<rect width="16" height="16" rx="3" fill="#1f5f8b"/><rect x="3" y="9" width="2" height="4" fill="#fff"/>'
    '<rect x="7" y="6" width="2" height="7" fill="#fff"/><rect x="11" y="3" width="2" height="10" fill="#fff"/></svg>'
)
CSS = """@font-face{font-family:"Noto Naskh Arabic";src:url(fonts/NotoNaskhArabic-Regular.woff2) format("woff2");font-weight:400;font-display:swap}
@font-face{font-family:"Noto Naskh Arabic";src:url(fonts/NotoNaskhArabic-Bold.woff2) format("woff2");font-weight:700;font-display:swap}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60rem;padding:0 1rem 2rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
[dir=rtl] body,[lang=ur],[lang=ps]{font-family:"Noto Naskh Arabic",system-ui,sans-serif;line-height:1.8}
a{color:#1f5f8b}
header{border-bottom:1px solid #ccc;padding:.5rem 0}
header ul{list-style:none;margin:.25rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
[aria-current=page]{font-weight:700;text-decoration:none;color:#1a1a1a}
.brand{margin:0;font-weight:700}
h1{font-size:1.5rem;line-height:1.3}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1.1rem}
.source,.help,footer{color:#555;font-size:.875rem}
.figures{display:flex;flex-wrap:wrap;gap:1rem;margin:0}
.figures div{min-width:9rem}.figures dt{font-size:.875rem}.figures dd{margin:0}.figure{font-size:1.5rem;font-weight:700}
.card{border-top:1px solid #ddd;margin-top:1.5rem}
figure{margin:.5rem 0}svg.chart{width:100%;height:auto;max-width:36rem;display:block}
body{overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:start;vertical-align:top;min-width:5.5rem;max-width:18rem;overflow-wrap:anywhere}
thead th{border-bottom:2px solid #999}
caption{text-align:start;font-weight:700;padding:.25rem 0}
ul.items li{margin:.25rem 0}
.embed pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.5rem;font-size:.8rem}
.chart-page{padding-top:.5rem}
"""
