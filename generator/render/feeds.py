# Atom feeds (RFC 4287): one per story and one for the whole site, so readers
# and aggregators can follow a story as it develops. Each story is an entry,
# and so is each update or correction of one of its facts.
#
# Entry ids are the page's address plus a fragment built from the fact's
# anchor and the day of the change: they stay the same across builds, edits
# of the note and new changes, so feed clients never show an old entry again.
# (Moving the site to another base_url changes them, as it changes every link.)
# The XML is built with ElementTree, which escapes all data.
from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .. import dates
from ..load.model import Content, Story
from . import changes, development, labels
from .typography import quoted

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED = "feed.xml"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def story_feed(story_id: str) -> str:
    return f"geschichten/{story_id}/feed.xml"


def page_url(path: str, directory_urls: bool = True) -> str:
    """The address of a Markdown page relative to the site root, as MkDocs gives it."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index") if directory_urls else stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: str  # RFC 3339
    link: str
    summary: str
    categories: tuple[tuple[str, str], ...] = ()


def render_feeds(content: Content, directory_urls: bool = True) -> dict[str, str]:
    """{path of the feed file in the site: its XML}."""
    base = content.site.base_url.rstrip("/") + "/"
    url = lambda path, anchor="": base + page_url(path, directory_urls) + (f"#{anchor}" if anchor else "")
    by_page = changes.collect(content)
    located = changes.locate(content)
    dev = development.Development(content)
    out: dict[str, str] = {}
    everything: list[Entry] = []
    per_story: dict[str, list[Entry]] = {}
    for story in content.stories.values():
        page = changes.story_page(story.id)
        entries = [_story_entry(story, url(page))]
        entries += [_change_entry(ch, url(page), url(page, ch.anchor or "aktualisierungen"), story) for ch in by_page.get(page, [])]
        entries += _development_entries(story, dev, located, url)
        per_story[story.id] = entries
        out[story_feed(story.id)] = _feed(
            content, id=url(page) + "#feed", title=f"{story.title} – {content.site.title}", subtitle=story.teaser,
            self_url=base + story_feed(story.id), alternate=url(page), entries=entries)
        everything += entries
    for topic in dev.topics.values():
        out[development.topic_feed(topic.slug)] = _feed(
            content, id=url(topic.path) + "#feed", title=f"{topic.name} – {content.site.title}",
            subtitle=f"Alle Erklärstücke zum Thema {topic.name} und wie sie weitergingen", self_url=base + development.topic_feed(topic.slug),
            alternate=url(topic.path), entries=[e for s in topic.stories for e in per_story[s.id]])
    for page, page_changes in by_page.items():
        if not page.startswith("geschichten/"):
            everything += [_change_entry(ch, url(page), url(page, "aktualisierungen"), None) for ch in page_changes]
    out[SITE_FEED] = _feed(content, id=base + "#feed", title=content.site.title, subtitle=content.site.description,
                           self_url=base + SITE_FEED, alternate=base, entries=everything)
    return out


def _story_entry(story: Story, page_url: str) -> Entry:
    return Entry(id=page_url, title=story.title, updated=_time(dates.parse_date(story.as_of).upper.isoformat()),
                 link=page_url, summary=f"Stand: {dates.german(story.as_of)}. {story.teaser}",
                 categories=((story.id, story.title),))


def _development_entries(story: Story, dev: development.Development, located: dict, url) -> list[Entry]:
    """In the feed of an older story: each later story ("Wie es weiterging"), and each of its facts
    that a later story superseded, dated by the later story's "Stand"."""
    page = changes.story_page(story.id)
    out = []
    for later in dev.later.get(story.id, []):
        out.append(Entry(id=f"{url(page)}#weiter/{later.id}", title=f"Wie es weiterging: {later.title}",
                         updated=_time(dates.parse_date(later.as_of).upper.isoformat()), link=url(changes.story_page(later.id)),
                         summary=f"Stand: {dates.german(later.as_of)}. {later.teaser}",
                         categories=(("weiter", "Wie es weiterging"), (story.id, story.title))))
    for s in dev.supersessions:
        if s.older is story:
            old, new = located[id(s.fact)], located[id(s.by)]
            out.append(Entry(id=f"{url(page)}#ueberholt/{old.anchor}", title=f"Überholt: {old.label}",
                             updated=_time(dates.parse_date(s.newer.as_of).upper.isoformat()), link=url(new.page, new.anchor),
                             summary=f"Neuer Stand in {quoted(s.newer.title)}: {new.label}",
                             categories=(("ueberholt", "Überholt"), (story.id, story.title))))
    return out


def _change_entry(ch: changes.Change, page_url: str, link: str, story: Story | None) -> Entry:
    kind = labels.CHANGE_KIND[ch.update.kind]
    where = f" ({ch.page_title})" if story is None else ""
    return Entry(id=f"{page_url}#aenderung/{ch.key}", title=f"{kind}: {ch.label}{where}", updated=_time(ch.update.date),
                 link=link, summary=f"{labels.CHANGE[ch.update.kind]} am {dates.german(ch.update.date)}: {ch.update.note}",
                 categories=((ch.update.kind, kind),) + (((story.id, story.title),) if story else ()))


def _time(day: str) -> str:
    return f"{day}T00:00:00Z"


def _feed(content: Content, *, id: str, title: str, subtitle: str, self_url: str, alternate: str, entries: list[Entry]) -> str:
    entries = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)
    # a feed without entries still needs a date: the newest "Stand" of any story, else a fixed one
    # (reproducible builds); looked up only then, as every story's feed would otherwise parse them all
    updated = entries[0].updated if entries else max(
        (_time(dates.parse_date(s.as_of).upper.isoformat()) for s in content.stories.values()), default="2000-01-01T00:00:00Z")
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": content.site.language})
    _text(feed, "id", id)
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    _text(feed, "updated", updated)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=alternate)
    author = ET.SubElement(feed, "author")
    _text(author, "name", content.site.publisher)
    if content.site.copyright:
        _text(feed, "rights", content.site.copyright)
    for e in entries:
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", e.id)
        _text(entry, "title", e.title)
        _text(entry, "updated", e.updated)
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=e.link)
        for term, label in e.categories:
            ET.SubElement(entry, "category", term=_clean(term), label=_clean(label))
        _text(entry, "summary", e.summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = _clean(text)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", " ".join(str(text).split()))


def robots_txt(base_url: str) -> str:
    """Crawlers may read everything; the sitemap MkDocs writes lies at the base URL.

    Crawlers read robots.txt only at the root of a host: under a sub-path, the
    publisher copies the Sitemap line into the host's own robots.txt."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url.rstrip('/')}/sitemap.xml\n"
