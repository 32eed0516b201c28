"""Atom feeds of the static edition: status updates, re-plans and withdrawals, overall and per service.

`OUT/<lang>/feed.xml` has every service's entries and the programme-wide updates; `OUT/<lang>/feeds/<id>.xml`
one service's. An entry's id is a URN that stays the same across publications (`urn:shafaf:update:<id>`,
`urn:shafaf:<service>:<replan|withdrawn>:<row>:<snapshot>`), so a reader's feed client shows each once.
Written with xml.etree (escaped and well-formed by construction). Newest first, at most FEED_ENTRIES.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd

from shafaf import public_record
from shafaf.i18n import t
from shafaf.site.paths import feed_path

if TYPE_CHECKING:
    from shafaf.reads import Reads

ATOM = "http://www.w3.org/2005/Atom"  # the Atom namespace's name (an identifier: nothing is fetched)
FEED_ENTRIES = 100
EVENTS = ("replan", "withdrawn")  # of a service's recorded changes, the ones its feed carries


@dataclass(frozen=True)
class Entry:
    """One feed entry."""

    id: str
    updated: dt.datetime
    title: str
    content: str
    link: str | None  # the entry's page, relative to the feed's folder's parent (OUT/<lang>/)


def _when(v: Any) -> dt.datetime:
    ts = pd.Timestamp(v)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")  # the store records publication times in UTC
    return ts.to_pydatetime()


def _rfc3339(d: dt.datetime) -> str:
    return d.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def update_entries(reads: Reads, updates: pd.DataFrame, lang: str, page_of: Callable[[str], str | None]) -> list[Entry]:
    """Entries of status updates (an updates frame: update_id, initiative_id, date, title, body)."""
    tb = reads.tables()
    out = []
    for u in updates.itertuples(index=False):
        iid = u.initiative_id if isinstance(u.initiative_id, str) else None
        about = tb.name("initiative", iid, lang) if iid else t("overview.programme_wide", lang)
        title = tb.translations.get(("update", u.update_id, "title", lang)) or str(u.title)
        out.append(
            Entry(
                id=f"urn:shafaf:update:{u.update_id}",
                updated=_when(u.date),
                title=f"{about}: {title}",
                content=tb.translated("update", u.update_id, "body", lang, u.body),
                link=page_of(iid) if iid else None,
            )
        )
    return out


def history_entries(reads: Reads, initiative_id: str, lang: str, page_of: Callable[[str], str | None]) -> list[Entry]:
    """Entries of one service's re-plans and withdrawals, in the words of its history table."""
    tb = reads.tables()
    h = reads.service_history(initiative_id)
    h = h[h["kind"].isin(EVENTS)]
    service = tb.name("initiative", initiative_id, lang)
    out = []
    for i in range(len(h)):
        row = h.iloc[[i]]
        r = row.iloc[0]
        words = public_record.history_table(row, lambda e, x, f: tb.name(e, x, lang, f), lang).iloc[0].tolist()
        _published, _as_of, change, what, before, after, reason = (str(w) for w in words)
        content = f"{before} → {after}"
        if reason:
            content += f" · {t('record.col_reason', lang)}: {reason}"
        out.append(
            Entry(
                id=f"urn:shafaf:{initiative_id}:{r['kind']}:{quote(str(r['entity_id']), safe='')}:{r['snapshot_id']}",
                updated=_when(r["published_at"]),
                title=f"{service}: {change}: {what}",
                content=content,
                link=page_of(initiative_id),
            )
        )
    return out


def feed_xml(
    feed_id: str, title: str, author: str, lang: str, entries: list[Entry], home: str, fallback: dt.datetime
) -> bytes:
    """An Atom document (newest entries first, at most FEED_ENTRIES); links relative to `home`'s folder."""
    entries = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:FEED_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _rfc3339(entries[0].updated if entries else fallback)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = author or t("app.name", lang)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": home})
    for e in entries:
        el = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(el, f"{{{ATOM}}}id").text = e.id
        ET.SubElement(el, f"{{{ATOM}}}title").text = e.title
        ET.SubElement(el, f"{{{ATOM}}}updated").text = _rfc3339(e.updated)
        ET.SubElement(el, f"{{{ATOM}}}content", {"type": "text"}).text = e.content
        if e.link:
            ET.SubElement(el, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": e.link})
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def write_feeds(
    reads: Reads, lang: str, write: Callable[[str, bytes], None], page_of: Callable[[str], str | None]
) -> int:
    """Write OUT/<lang>/feed.xml and one OUT/<lang>/feeds/<id>.xml per service; returns how many feeds.

    `page_of(service id)` is the service's page from the site's root (None: no such page; entries then link
    nowhere)."""
    tb = reads.tables()
    ids = [str(i) for i in tb.initiatives["initiative_id"]]
    author = tb.publisher(lang)
    fallback = _when(tb.meta.get("published_at") or tb.as_of.isoformat())
    name = t("app.name", lang)

    def rel(prefix: str) -> Callable[[str], str | None]:  # a path from the site's root -> from the feed's folder
        def link(iid: str) -> str | None:
            path = page_of(iid)
            return None if path is None else prefix + path.split("/", 1)[1]

        return link

    everything = update_entries(reads, reads.updates(tuple(sorted(ids)), FEED_ENTRIES), lang, rel(""))
    for iid in ids:
        own = update_entries(reads, reads.initiative_updates(iid, FEED_ENTRIES), lang, rel("../"))
        own += history_entries(reads, iid, lang, rel("../"))
        everything += history_entries(reads, iid, lang, rel(""))
        title = t("site.feed_title", lang, name=tb.name("initiative", iid, lang))
        doc = feed_xml(f"urn:shafaf:feed:{lang}:{iid}", title, author, lang, own, "../index.html", fallback)
        write(feed_path(lang, iid), doc)
    title = t("site.feed_title", lang, name=name)
    write(feed_path(lang), feed_xml(f"urn:shafaf:feed:{lang}", title, author, lang, everything, "index.html", fallback))
    return len(ids) + 1
