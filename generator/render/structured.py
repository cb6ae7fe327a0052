# schema.org JSON-LD for each page, fitting its kind: Article for explainers,
# DefinedTerm in a DefinedTermSet for terms, Person/Organization/Country for
# actors, Event for timeline entries, Quotation for quotes.
#
# Search engines read it from <script type="application/ld+json">; the text is
# JSON-escaped here so that no data value ('</script>', '<!--') can end that element.
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from ..dates import iso_bounds, parse_date
from ..load.model import Actor, Content, Event, Quote, Story, Term
from .markdown import front_matter_chars, front_matter_value, markup

CONTEXT = "https://schema.org"
ACTOR_TYPE = {"person": "Person", "organisation": "Organization", "state": "Country"}
GLOSSARY = "glossar/index.md"


def url(content: Content, path: str) -> str:
    """Absolute address of a page (directory URLs, as the site is built): glossar/x.md -> .../glossar/x/"""
    return _address(content.site.base_url, path)


@lru_cache(maxsize=65536)  # an actor's or story's address is named in the JSON-LD of many pages
def _address(base_url: str, path: str) -> str:
    rel = path[:-3] if path.endswith(".md") else path
    rel = "" if rel == "index" else rel[:-len("index")] if rel.endswith("/index") else rel + "/"
    return base_url.rstrip("/") + "/" + rel


class Shared:
    """The graph items several pages name alike (an event on its story's page and on the page of each
    actor in it, a quote on its story's and its speaker's), made and written as JSON once per render."""

    def __init__(self) -> None:
        self._items: dict[tuple, tuple[Any, dict[str, Any]]] = {}  # (maker, id(fact), address) -> (fact, item)
        self._texts: dict[int, list] = {}  # id(item) -> [item, its text (Shared.text) or None], for the items made here

    def item(self, make: Any, c: Content, fact: Any, *rest: Any) -> dict[str, Any]:
        key = (make, id(fact), *rest)
        found = self._items.get(key)
        if found is None or found[0] is not fact:
            found = self._items[key] = (fact, make(c, fact, *rest))
            self._texts[id(found[1])] = [found[1], None]
        return found[1]

    def text(self, item: dict[str, Any]) -> str:
        """An item's JSON as the front matter writes it (front_matter_chars), made once for all its pages."""
        found = self._texts.get(id(item))
        if found is None or found[0] is not item:  # an item of one page only
            return front_matter_chars(_json(item))
        if found[1] is None:
            found[1] = front_matter_chars(_json(item))
        return found[1]


def front_matter(data: dict[str, Any], shared: Shared | None = None) -> Markup:
    """The page's JSON-LD as its front matter holds it: JSON text safe inside <script> ('<', '>' and
    '&' as \\u escapes, still the same JSON), written as one JSON string, as `tojson` writes it.
    With `shared`, the items of a graph (the last key) are written once for every page that has them."""
    if shared is None or list(data)[-1:] != ["@graph"]:
        return front_matter_value(_json(data))
    head = _json({k: v for k, v in data.items() if k != "@graph"})
    head = head[:-1] + (',"@graph":[' if len(head) > 2 else '"@graph":[')
    return markup(f'"{front_matter_chars(head)}{",".join(map(shared.text, data["@graph"]))}]}}"')


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps would make one per call


def _json(data: Any) -> str:
    text = _ENCODER.encode(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def publisher(c: Content) -> dict[str, Any]:
    return {"@type": "Organization", "name": c.site.publisher, "url": c.site.base_url}


def term_set(c: Content) -> dict[str, Any]:
    return {"@type": "DefinedTermSet", "@id": url(c, GLOSSARY) + "#set", "name": "Glossar", "url": url(c, GLOSSARY)}


def actor(c: Content, a: Actor, path: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": ACTOR_TYPE[a.kind], "@id": url(c, path) + "#" + a.kind, "name": a.name,
                            "url": url(c, path)}
    if a.aliases:
        data["alternateName"] = list(a.aliases)
    if a.description or a.role:
        data["description"] = a.description or a.role
    if a.role and a.kind == "person":
        data["jobTitle"] = a.role
    if a.affiliation and a.affiliation in c.actors:
        data["affiliation" if a.kind == "person" else "parentOrganization"] = {
            "@type": ACTOR_TYPE[c.actors[a.affiliation].kind], "name": c.actors[a.affiliation].name}
    return data


def _actor_ref(c: Content, actor_id: str) -> dict[str, Any]:
    a = c.actors[actor_id]
    return _actor_ref_of(c.site.base_url, a.id, a.name, a.kind)


@lru_cache(maxsize=16384)  # an actor is named by each event and quote it is part of; the dict is only read
def _actor_ref_of(base_url: str, id: str, name: str, kind: str) -> dict[str, Any]:
    return {"@type": ACTOR_TYPE[kind], "name": name, "url": _address(base_url, f"akteure/{id}.md")}


def event(c: Content, e: Event, page_url: str) -> dict[str, Any]:
    start, end = iso_bounds(e.date)
    data: dict[str, Any] = {"@type": "Event", "@id": f"{page_url}#ereignis-{e.id}", "name": e.title,
                            "description": e.text, "startDate": start, "url": f"{page_url}#ereignis-{e.id}"}
    if parse_date(e.date).imprecise and end and end != start:
        data["endDate"] = end
    if e.actors:
        data["performer"] = [_actor_ref(c, a) for a in e.actors]
    return data


def quotation(c: Content, q: Quote) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Quotation", "text": q.text, "inLanguage": "de",
                            "creator": _actor_ref(c, q.speaker)}
    if q.date:
        data["dateCreated"] = iso_bounds(q.date)[0]
    return data


def story(c: Content, s: Story, path: str, shared: Shared | None = None) -> dict[str, Any]:
    page_url = url(c, path)
    article = {"@type": "Article", "@id": page_url + "#article", "headline": s.title, "description": s.teaser,
               "url": page_url, "inLanguage": "de", "dateModified": iso_bounds(s.as_of)[0],
               "publisher": publisher(c), "isPartOf": {"@type": "WebSite", "name": c.site.title, "url": c.site.base_url}}
    item = shared.item if shared else lambda make, *args: make(*args)
    graph = [article] + [item(event, c, e, page_url) for e in s.events] + [item(quotation, c, q) for q in s.quotes]
    return {"@context": CONTEXT, "@graph": graph}


def term(c: Content, t: Term, path: str) -> dict[str, Any]:
    data = {"@context": CONTEXT, "@type": "DefinedTerm", "@id": url(c, path) + "#term", "name": t.term,
            "description": t.definition, "url": url(c, path), "inDefinedTermSet": term_set(c)}
    if t.variants:
        data["alternateName"] = list(t.variants)
    return data


def glossary(c: Content, terms: list[Term]) -> dict[str, Any]:
    return dict({"@context": CONTEXT}, **term_set(c), hasDefinedTerm=[
        {"@type": "DefinedTerm", "name": t.term, "description": t.definition, "url": url(c, f"glossar/{t.id}.md")}
        for t in terms])


def actor_page(c: Content, a: Actor, path: str, quotes: list[Quote], events: list[tuple[Story, Event]],
               shared: Shared | None = None) -> dict[str, Any]:
    # an event's address is on its story's page: the chronology may be split into pages by month
    item = shared.item if shared else lambda make, *args: make(*args)
    graph = [actor(c, a, path)] + [item(quotation, c, q) for q in quotes] + [
        item(event, c, e, url(c, f"geschichten/{s.id}.md")) for s, e in events]
    return {"@context": CONTEXT, "@graph": graph} if len(graph) > 1 else dict({"@context": CONTEXT}, **graph[0])


def chronology(c: Content, events: list[Event], path: str) -> dict[str, Any]:
    return {"@context": CONTEXT, "@graph": [event(c, e, url(c, path)) for e in events]}


def web_page(c: Content, title: str, description: str, path: str, kind: str = "WebPage") -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "@type": kind, "name": title, "description": description,
                            "url": url(c, path), "inLanguage": "de"}
    if kind == "WebSite":
        data["publisher"] = publisher(c)
    return data
