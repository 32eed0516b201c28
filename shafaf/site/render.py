"""One page of the static edition: a page's JSON twin (docs/api.md) rendered generically as plain HTML.

No page-specific code: the walk knows the JSON twin's shapes only. A sentence ({id, text, help}) is a
paragraph; a list of figures ({id, label, value, unit, text, ...}) a definition list; a card ({id, title,
summary, chart, table, filename, provenance}) a section with its title, summary, SVG chart, table, source
line and CSV download; a table ({id, columns, rows, answer}) a <table> with the answer column first; a card
or table of figures built from metrics (its `provenance`) says, as the app does, how they are produced and
their observation status after its source line, and its CSV carries the app's two provenance columns; a
list of links ({page, label, params}) a list of links; any other list of objects a list of their texts; a bare value
(a chosen parameter, a count) is left out, and so is a table whose rows a card above already shows.
Tables show what a reader sees: their `shown` part (words, as on the app's page; model.readable); the
fields for the interactive page only (a widget's choices, model.INTERACTIVE) are not in what is rendered.
A key with a heading in the page's text catalogue (`<page>.<key>`, e.g. overview.changes; not a template)
gets it as <h2>.
Every text goes through html.escape; package text sits in <bdi> so right-to-left pages keep its order.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shafaf.csv_safe import safe_csv_rows
from shafaf.fmt import date, is_rtl, month, number, percent
from shafaf.i18n import LANGUAGES, catalog, t
from shafaf.metrics import FigureProvenance
from shafaf.narrative import provenance_caption, provenance_columns, provenance_from_json
from shafaf.site import svg
from shafaf.site.paths import chart_file

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
SKIP_KEYS = {"api_version", "meta"}


def esc(v: Any) -> str:
    """Any value as escaped HTML text (quotes too: safe in attributes)."""
    return html.escape("" if v is None else str(v), quote=True)


def prose(v: Any) -> str:
    """A sentence as escaped HTML; the catalogue's **bold** (markdown on the app's pages) as <strong>."""
    return BOLD.sub(r"<strong>\1</strong>", esc(v))


@dataclass
class PageContext:
    """What a page needs beside its JSON: where it is, how to link, and what it wrote beside itself."""

    lang: str
    page: str
    title: str  # the <h1>: page name and scope
    description: str
    root: str  # relative URL from this page to the site's root ("../../")
    csv_dir: str  # relative URL from this page to its downloads folder ("p1/")
    href: Callable[[str, Mapping[str, Any]], str | None]  # a link {page, params} -> a static page's URL
    app_url: str  # the interactive app's page for the same view
    switch: Mapping[str, str]  # lang -> this page in that language
    nav: list[tuple[str, str, bool]]  # (label, url, is this page)
    feed: str | None = None  # this page's Atom feed, when it has one
    csv_files: dict[str, bytes] = field(default_factory=dict)  # filename -> bytes, written beside the page
    tables_seen: set[str] = field(default_factory=set)  # what the page's tables show: one is never printed twice
    card_level: int = 2  # a card's heading: <h2>, or <h3> under a part's own <h2> (headings never skip a level)
    # where this page's chart pages are served (a URL ending in "/"), None for no chart pages; and its own file
    embed_base: str | None = None
    page_file: str = ""
    chart_pages: dict[str, str] = field(default_factory=dict)  # filename -> HTML, written in csv_dir


def cell(value: Any, column: Mapping[str, Any], lang: str) -> str:
    """One table cell in the reader's language: numbers, percents, dates and months formatted; missing 'no data'."""
    if value is None:
        return t("app.no_data", lang)
    if isinstance(value, bool):
        return esc(value)
    if isinstance(value, (int, float)):
        if column.get("unit") == "percent":
            return esc(percent(value, lang))
        return esc(number(value, lang, 0 if float(value).is_integer() else 2))
    if isinstance(value, str) and ISO_DATE.match(value):
        return esc(_day(value, lang, str(column.get("id", "")).endswith("month")))
    if isinstance(value, list):
        return ", ".join(cell(v, column, lang) for v in value)
    return f"<bdi>{esc(value)}</bdi>"


@functools.lru_cache(maxsize=4096)
def _day(value: str, lang: str, as_month: bool) -> str:
    return month(value, lang) if as_month else date(value, lang)  # Babel's skeletons are slow; dates repeat


def is_table(v: Any) -> bool:
    """A JSON table: {id, columns, rows, answer}."""
    return isinstance(v, dict) and "columns" in v and "rows" in v


def is_card(v: Any) -> bool:
    """A JSON card: {id, title, summary, chart, table, ...}."""
    return isinstance(v, dict) and "title" in v and "summary" in v and is_table(v.get("table"))


def is_text(v: Any) -> bool:
    """A JSON sentence: {id, text, help}."""
    return isinstance(v, dict) and set(v) <= {"id", "text", "help"} and "text" in v


def is_figure(v: Any) -> bool:
    """A JSON figure: {id, label, value, unit, text, ...}."""
    return isinstance(v, dict) and {"id", "label", "value", "unit", "text"} <= set(v)


def is_link(v: Any) -> bool:
    """A JSON link: {page, label, params}."""
    return isinstance(v, dict) and set(v) == {"page", "label", "params"}


def seen(table: Mapping[str, Any]) -> Mapping[str, Any]:
    """What a reader sees of a table: its `shown` part ({columns, rows}, model.readable) when it has one, else itself."""
    return table.get("shown") or table


def shown_columns(table: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The columns a reader sees, answer first; a code column (heading equal to its id, e.g. `class`) is left out."""
    part = seen(table)
    cols = [c for c in part["columns"] if c.get("label") != c.get("id")] or list(part["columns"])
    answer = table.get("answer")
    return sorted(cols, key=lambda c: c["id"] != answer)


def _fingerprint(table: Mapping[str, Any]) -> str:
    part = seen(table)
    labels = [c["label"] for c in part["columns"]]
    return json.dumps([labels, [[r.get(c["id"]) for c in part["columns"]] for r in part["rows"]]], default=str)


def table_html(table: Mapping[str, Any], ctx: PageContext, caption: str | None = None) -> str:
    """A table as the reader sees it (its `shown` part), answer first, in a box that scrolls sideways on a phone."""
    cols = shown_columns(table)
    rows = seen(table)["rows"]
    lang = ctx.lang
    ctx.tables_seen.add(_fingerprint(table))
    if not rows:
        return f'<p class="empty">{esc(t("app.no_data", lang))}</p>'
    head = "".join(f'<th scope="col">{esc(c["label"])}</th>' for c in cols)
    body = []
    for row in rows:
        cells = [cell(row.get(c["id"]), c, lang) for c in cols]
        body.append("<tr>" + f'<th scope="row">{cells[0]}</th>' + "".join(f"<td>{x}</td>" for x in cells[1:]) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    label = esc(caption or t("site.table", lang))
    return (
        f'<div class="scroll" role="region" tabindex="0" aria-label="{label}"><table>{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def provenance(v: Mapping[str, Any]) -> FigureProvenance | None:
    """The provenance of a JSON card or table (how its figures are produced, their status), or None."""
    d = v.get("provenance")
    return provenance_from_json(d) if isinstance(d, Mapping) else None


def source_with_provenance(source: str, prov: FigureProvenance | None, lang: str) -> str:
    """The source line as the app prints it beside a figure: 'Source · data as of' then, for metrics, how
    they are produced and their observation status (shafaf.narrative.provenance_caption), escaped."""
    return source if prov is None else f"{source} · {esc(provenance_caption(prov, lang))}"


def _csv_link(table: Mapping[str, Any], name: str, ctx: PageContext, prov: FigureProvenance | None = None) -> str:
    """The table's download; a table of figures with `prov` gets the app's two provenance columns on every row."""
    cols = shown_columns(table)
    extra = provenance_columns(prov, ctx.lang) if prov is not None else {}
    filename = _unique(re.sub(r"[^A-Za-z0-9._-]", "_", name) or "table", ctx.csv_files) + ".csv"
    ctx.csv_files[filename] = safe_csv_rows(
        [str(c["label"]) for c in cols] + list(extra),
        [[_csv_value(row.get(c["id"])) for c in cols] + list(extra.values()) for row in seen(table)["rows"]],
    )
    return f'<p class="download"><a href="{esc(ctx.csv_dir + filename)}" download>{esc(t("card.download", ctx.lang))}</a></p>'


def _csv_value(v: Any) -> Any:
    return "; ".join(str(x) for x in v) if isinstance(v, list) else v


def _unique(name: str, taken: Mapping[str, Any]) -> str:
    out, i = name, 2
    while out + ".csv" in taken:
        out, i = f"{name}-{i}", i + 1
    return out


def chart_svg(card: Mapping[str, Any], lang: str) -> str | None:
    """The card's chart as SVG from its table: bar or line; None for other kinds or nothing to draw."""
    kind = (card.get("chart") or {}).get("kind")
    table = card["table"]
    if kind not in ("bar", "line") or not table["rows"]:
        return None
    cols = shown_columns({"columns": table["columns"], "rows": table["rows"], "answer": table.get("answer")})
    numeric = [c for c in cols if all(isinstance(r.get(c["id"]), (int, float, type(None))) for r in table["rows"])]
    numeric = [c for c in numeric if any(r.get(c["id"]) is not None for r in table["rows"])]
    if not numeric:
        return None
    answer = table.get("answer")
    value_col = next((c for c in numeric if c["id"] == answer), numeric[0])
    label_col = next((c for c in cols if c not in numeric), None)
    values = [r.get(value_col["id"]) for r in table["rows"]]
    shown = [cell(v, value_col, lang) for v in values]
    shown = [html.unescape(re.sub(r"</?bdi>", "", s)) for s in shown]
    if label_col is None:
        labels = [str(i + 1) for i in range(len(values))]
    else:
        words = seen(table)  # a label as the reader sees it (a region's name, not its id), row for row
        if len(words["rows"]) == len(table["rows"]) and any(c["id"] == label_col["id"] for c in words["columns"]):
            label_rows = words["rows"]
        else:
            label_rows = table["rows"]
        labels = [
            html.unescape(re.sub(r"</?bdi>", "", cell(r.get(label_col["id"]), label_col, lang))) for r in label_rows
        ]
    rtl = is_rtl(lang)
    if kind == "bar":
        return svg.bar_svg(card["title"], labels, values, shown, rtl)
    return svg.line_svg(card["title"], labels, values, shown, rtl, tick=lambda v: number(v, lang))


def card_html(card: Mapping[str, Any], ctx: PageContext, source: str) -> str:
    """A card: title, summary, SVG chart, its table, the source line, the CSV download; a card with a chart
    also its own chart page (chart_page_html, from the same pieces: nothing is drawn twice) and its embed code."""
    lang = ctx.lang
    h = f"h{ctx.card_level}"
    head = f"<{h}>{esc(card['title'])}</{h}>"
    summary = f"<p>{prose(card['summary'])}</p>"
    drawing = chart_svg(card, lang)
    figure = f'<figure aria-hidden="true">{drawing}</figure>' if drawing else ""
    table = table_html(card["table"], ctx, caption=card["title"])
    prov = provenance(card)  # the card's, as the app's chart_card says it (shafaf.ui.render.card)
    line = f'<p class="source">{source_with_provenance(source, prov, lang)}</p>'
    csv = _csv_link(card["table"], str(card.get("filename") or card["id"]), ctx, prov)
    embed = ""
    if card.get("chart") is not None and ctx.embed_base is not None:
        name = chart_file(str(card["id"]))
        url = ctx.embed_base + name
        embed = embed_html(url, str(card["title"]), lang)
        ctx.chart_pages[name] = chart_page_html(
            card, ctx, figure + table + line + csv.replace(f'href="{esc(ctx.csv_dir)}', 'href="', 1), embed
        )
    return f'<section class="card" id="{esc(card["id"])}">{head}{summary}{figure}{table}{line}{csv}{embed}</section>'


def embed_code(url: str, title: str) -> str:
    """The <iframe> snippet that embeds a chart page (`url`) in another site: what a reader copies (as text)."""
    return (
        f'<iframe src="{esc(url)}" title="{esc(title)}" width="100%" height="560" loading="lazy" '
        'style="border:0"></iframe>'
    )


def embed_html(url: str, title: str, lang: str) -> str:
    """The embed code shown as text to copy (escaped: a title cannot add markup), folded away."""
    return (
        f'<details class="embed"><summary>{esc(t("card.embed", lang))}</summary>'
        f"<p>{esc(t('card.embed_help', lang))}</p><pre><code>{esc(embed_code(url, title))}</code></pre></details>"
    )


def chart_page_html(card: Mapping[str, Any], ctx: PageContext, body: str, embed: str) -> str:
    """A card's own page (to embed): its title, summary, chart, table, source line and download, a link back."""
    lang = ctx.lang
    direction = "rtl" if is_rtl(lang) else "ltr"
    root = ctx.root + "../"
    back = f"../{ctx.page_file}#{card['id']}"
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(card['title'])} · {esc(t('app.name', lang))}</title>"
        f'<meta name="description" content="{esc(card["summary"])}">'
        f'<link rel="stylesheet" href="{root}site.css"><link rel="icon" href="{root}favicon.svg" type="image/svg+xml">'
        f'</head><body class="chart-page"><main><h1>{esc(card["title"])}</h1><p>{prose(card["summary"])}</p>{body}'
        f'<p class="app"><a href="{esc(back)}" target="_top">{esc(t("site.full_page", lang, page=ctx.title))}</a></p>'
        f"{embed}</main></body></html>"
    )


def _item_html(item: Mapping[str, Any], lang: str) -> str:
    texts = []
    for k, v in item.items():
        if k == "id" or k.endswith("_id") or v in (None, "") or isinstance(v, (dict, list)):
            continue
        if isinstance(v, str) and ISO_DATE.match(v):
            texts.append(f'<time datetime="{esc(v)}">{esc(date(v, lang))}</time>')
        elif k == "title":
            texts.append(f"<strong><bdi>{esc(v)}</bdi></strong>")
        else:
            texts.append(
                f"<bdi>{esc(v)}</bdi>"
                if isinstance(v, str)
                else esc(number(v, lang) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
            )
    return " · ".join(texts)


def value_html(key: str, v: Any, ctx: PageContext, source: str) -> str:
    """One value of the JSON twin, by its shape."""
    if is_card(v):
        return card_html(v, ctx, source)
    if is_table(v):
        if _fingerprint(v) in ctx.tables_seen:  # the same rows a card above already shows (its table alternative)
            return ""
        prov = provenance(v)  # a table of figures: its source line and CSV say it, as shafaf.ui.render.table does
        line = f'<p class="source">{source_with_provenance(source, prov, ctx.lang)}</p>' if prov is not None else ""
        return table_html(v, ctx) + line + _csv_link(v, str(v.get("id") or key), ctx, prov)
    if is_text(v):
        help_ = f' <small class="help">{prose(v["help"])}</small>' if v.get("help") else ""
        return f"<p>{prose(v['text'])}{help_}</p>"
    if isinstance(v, dict):
        return "".join(value_html(k, x, ctx, source) for k, x in v.items() if k not in SKIP_KEYS)
    if isinstance(v, list):
        if not v:
            return ""
        if all(is_figure(x) for x in v):
            rows = []
            for f in v:
                delta = f' <bdi class="delta">{esc(f["delta_text"])}</bdi>' if f.get("delta_text") else ""
                help_ = f'<dd class="help">{prose(f["help"])}</dd>' if f.get("help") else ""
                rows.append(
                    f'<div><dt>{esc(f["label"])}</dt><dd class="figure">{esc(f["text"])}{delta}</dd>{help_}</div>'
                )
            return f'<dl class="figures">{"".join(rows)}</dl>'
        if all(is_link(x) for x in v):
            items = []
            for link in v:
                url = ctx.href(link["page"], link.get("params") or {})
                items.append(
                    f'<li><a href="{esc(url)}">{esc(link["label"])}</a></li>'
                    if url
                    else f"<li>{esc(link['label'])}</li>"
                )
            return f'<ul class="links">{"".join(items)}</ul>'
        if all(isinstance(x, dict) for x in v):
            return "".join(value_html(key, x, ctx, source) for x in v if is_card(x) or is_table(x) or is_text(x)) or (
                '<ul class="items">' + "".join(f"<li>{_item_html(x, ctx.lang)}</li>" for x in v) + "</ul>"
            )
        if any(isinstance(x, (list, dict)) for x in v):
            return ""  # pairs of codes and labels (a widget's choices) are not words for a reader
        return '<ul class="items">' + "".join(f"<li><bdi>{esc(x)}</bdi></li>" for x in v) + "</ul>"
    return ""  # a bare value (a chosen parameter, a count, a file name) is the page's state, not its words


def _heading(page: str, key: str, lang: str) -> str:
    k = f"{page}.{key}"
    text = catalog("en").get(k)
    if isinstance(text, str) and "{" not in text:  # a template ("{region} ...") is a sentence, not a heading
        return f"<h2>{esc(t(k, lang))}</h2>"
    return ""


def render_page(doc: Mapping[str, Any], ctx: PageContext, source: str) -> str:
    """The whole HTML document of one page from its JSON twin `doc`."""
    lang = ctx.lang
    body = []
    for key, v in doc.items():
        if key in SKIP_KEYS:
            continue
        heading = _heading(ctx.page, key, lang)
        ctx.card_level = 3 if heading else 2
        inner = value_html(key, v, ctx, source)
        if inner:
            body.append(heading + inner)
    return document(ctx, "".join(body), source)


def document(ctx: PageContext, main: str, source: str) -> str:
    """The page around `main`: head (title, description, Open Graph), header, language switch, nav, footer."""
    lang = ctx.lang
    direction = "rtl" if is_rtl(lang) else "ltr"
    switch = "".join(
        f'<li><a href="{esc(url)}" hreflang="{code}" lang="{code}"'
        + (' aria-current="page"' if code == lang else "")
        + f">{esc(LANGUAGES[code]['name'])}</a></li>"
        for code, url in ctx.switch.items()
    )
    nav = "".join(
        f'<li><a href="{esc(url)}"' + (' aria-current="page"' if current else "") + f">{esc(label)}</a></li>"
        for label, url, current in ctx.nav
    )
    feed_head = (
        f'<link rel="alternate" type="application/atom+xml" href="{esc(ctx.feed)}" title="{esc(t("site.feed", lang))}">'
        if ctx.feed
        else ""
    )
    feed_foot = f' · <a href="{esc(ctx.feed)}">{esc(t("site.feed", lang))}</a>' if ctx.feed else ""
    alternates = "".join(
        f'<link rel="alternate" hreflang="{code}" href="{esc(url)}">'
        for code, url in ctx.switch.items()
        if code != lang
    )
    site_name = t("app.name", lang)
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(ctx.title)} · {esc(site_name)}</title>"
        f'<meta name="description" content="{esc(ctx.description)}">'
        f'<meta property="og:title" content="{esc(ctx.title)}">'
        f'<meta property="og:description" content="{esc(ctx.description)}">'
        f'<meta property="og:type" content="website"><meta property="og:site_name" content="{esc(site_name)}">'
        f'<meta property="og:locale" content="{esc(LANGUAGES[lang]["locale"])}">'
        f'<link rel="stylesheet" href="{ctx.root}site.css"><link rel="icon" href="{ctx.root}favicon.svg" type="image/svg+xml">'
        f"{alternates}{feed_head}</head><body>"
        f'<header><p class="brand"><a href="{ctx.root}{lang}/index.html">{esc(site_name)}</a></p>'
        f'<nav aria-label="{esc(t("filters.language", lang))}"><ul class="switch">{switch}</ul></nav>'
        f'<nav aria-label="{esc(t("site.pages", lang))}"><ul class="nav">{nav}</ul></nav></header>'
        f"<main><h1>{esc(ctx.title)}</h1>"
        f'<p class="source">{source}</p>'
        f'<p class="app"><a href="{esc(ctx.app_url)}">{esc(t("site.interactive", lang))}</a></p>'
        f"{main}</main>"
        f"<footer><p>{esc(t('site.light', lang))}{feed_foot}</p></footer></body></html>"
    )


def source_line(publisher: str, as_of: dt.date | str, lang: str) -> str:
    """'Source: PUBLISHER · data as of DATE' as escaped HTML, the publisher's name isolated."""
    template = esc(t("card.source", lang))  # the catalogue's words escaped too, then the values (escaped) put in
    return template.format(publisher=f"<bdi>{esc(publisher)}</bdi>", as_of=esc(date(as_of, lang)))
