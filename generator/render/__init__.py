# Render: a validated `Content` -> German Markdown pages, through Jinja2 templates.
#
# Pure: no MkDocs here, so the same Markdown can be built by another engine.
# Rendering is two passes: every page is rendered with a placeholder where its
# "Erwähnt in" list goes; while rendering, each link to a term or actor records
# a mention; then the placeholders are filled from the mentions recorded.
from __future__ import annotations

import logging
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Callable, Iterable

from markupsafe import Markup

from .. import collector, dates
from ..load.model import Actor, Content, Story
from . import labels, names, structured
from .derived import Derived
from .environment import _environment, bytecode_cache  # noqa: F401 (bytecode_cache: for the engines)
from .helpers import TemplateHelpers, _german, _link_text, _relative, _url, page_path
from .relative_dates import with_absolute_dates
from .typography import quoted
from .links import Linker, Target
from .markdown import escape, escaped, markup, title_attr

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

MENTIONS = "<!--erwaehnt-in-->"
OVERVIEW_MAX = 300  # events or demands on one overview page; more are split into one page per year  # cannot occur in escaped data: '<' is always escaped


@dataclass
class Page:
    path: str
    title: str
    template: str
    vars: dict[str, Any] = field(default_factory=dict)
    own: str | None = None  # key of the term or actor this page is about: never linked to itself
    description: str = ""
    listing: bool = False  # an index that links every term or actor: its links are no "mentions"
    make_jsonld: Callable[[], str] | None = None  # its schema.org data, as its front matter holds it (structured.py), made only when the page is rendered
    og_type: str = "website"
    # the records the page shows ("terms/waffenruhe", "stories/*" for all stories): a change to one
    # of them re-renders the page in `explainer serve` (incremental.py); links add theirs while rendering
    deps: set[str] = field(default_factory=set)
    # filled while rendering
    # the sources cited on the page, in the order of their first mark, each with its passages
    footnotes: dict[str, tuple[int, dict[str, None]]] = field(default_factory=dict)  # source id -> (number, passages)
    linked: set[str] = field(default_factory=set)  # the terms and actors whose tooltip the page already gave
    section: set[str] = field(default_factory=set)  # those linked in the current "##" section (see Renderer._section)
    # the terms and actors it mentions, for their "Erwähnt in" (Renderer.mentions, recorded after the page)
    mentioned: set[str] = field(default_factory=set)

    def start(self) -> None:
        """Forget what an earlier rendering of this page filled in, so every path renders it alike."""
        self.footnotes, self.linked, self.section, self.mentioned = {}, set(), set(), set()

    @cached_property
    def folder(self) -> str:
        return posixpath.dirname(self.path) or "."

    @cached_property
    def jsonld(self) -> str:
        """JSON-LD, escaped for a <script> element and written as the front matter's JSON string (structured.py)."""
        return self.make_jsonld() if self.make_jsonld else ""


def render_site(content: Content) -> dict[str, str]:
    """All pages of the site: {path of the Markdown file: its text}."""
    with collector.paused():
        return Renderer(content).render()


class Renderer(TemplateHelpers):
    def __init__(self, content: Content):
        self.c = content
        self._names: dict[str, names.Name] = {}
        self.env = _environment()
        self.env.filters.update(date=_german, status=labels.STATUS.get, kind=labels.KIND.get,
                                certainty=self._certainty, inline=lambda t: escaped(str(t)))
        self.derived = Derived(content)
        self.env.globals.update(site=content.site, c=content, d=self.derived, labels=labels, link=self._link,
                                cite=self._cite, footnotes=self._footnotes, href=self._href, entries=self._entries,
                                demand_sides=self._demand_sides, timeline_years=_timeline_years, say=self._say,
                                name_of=self._name, section=self._section)
        self.env.filters.update(linked=self._linked, paras=self._paras, url=_url, iso=_iso_day,
                                with_story=lambda event, story: (story, event),
                                capitalize_first=_capitalize_first,
                                absolute=_absolute_dates, quoted=quoted,
                                tip=lambda text: markup(title_attr(str(text))))  # a title attribute Material shows as a tooltip
        self.env.tests["imprecise"] = lambda value: dates.parse_date(value).imprecise
        # whether any of the events has an imprecise date (a test, not Jinja's map and select: a tenth as much work)
        self.env.tests["any_imprecise"] = lambda events: any(dates.parse_date(e.date).imprecise for e in events)
        # the shared macros ({{ m.timeline(...) }}), made once: `import ... with context` made them
        # anew for every page, and they were most of what the render left in reference cycles
        self.env.globals.pop("m", None)  # the last Renderer's, which the new macros would keep alive
        self.macros = self.env.globals["m"] = self.env.get_template("_macros.md.j2").make_module()
        self.linker = Linker()
        self.targets: dict[str, Target] = {}
        for term in sorted(content.terms.values(), key=lambda t: t.id):
            self._target("terms", term.id, f"{term.term}: {term.definition}", [term.term, *term.variants])
        for actor in sorted(content.actors.values(), key=lambda a: a.id):
            tip = actor.role or (actor.description or actor.name).split(". ")[0]
            self._target("actors", actor.id, f"{actor.name}: {tip}" if tip != actor.name else tip, [actor.name, *actor.aliases])
        self.mentions: dict[str, dict[str, str]] = defaultdict(dict)  # key -> {page path: title}
        self._tips: dict[tuple[str, tuple[str, ...]], str] = {}  # (source id, passages) -> a mark's preview
        self._cited: dict[int, tuple] = {}  # id(fact) -> (fact, its citations, previews): see _citations
        self._note_heads: dict[tuple[str, str], str] = {}  # (source id, folder) -> the head of its note (_footnotes)
        self._mention_items: dict[str, dict[str, tuple[str, str, str]]] = {}  # folder -> {path: (title, kind, item)}: fill_mentions
        self._phrases: dict[tuple[str, str], tuple[str, str]] = {}  # (actor id, how) -> what _say puts before the name, the name
        self.page: Page = None  # type: ignore[assignment]  # the page being rendered (set by render_pages)

    def _target(self, kind: str, id: str, tooltip: str, forms: Iterable[str]) -> None:
        # links to terms carry a class of their own: explainer.css tells them apart from actors
        target = Target(f"{kind}/{id}", page_path(kind, id), title_attr(tooltip), kind, "{: .term-link }" if kind == "terms" else "")
        self.targets[target.key] = target
        for form in forms:
            self.linker.add(form, target)

    # --- pages -----------------------------------------------------------

    def pages(self) -> list[Page]:
        c, d = self.c, self.derived
        shared = structured.Shared()  # events and quotes named by several pages' JSON-LD
        stories = sorted(c.stories.values(), key=lambda s: (dates.parse_date(s.as_of).sort_key(), s.id), reverse=True)
        pages = [
            Page("index.md", c.site.title, "index.md.j2", {"stories": stories}, description=c.site.description,
                 deps={"stories/*"}),
            *self._by_year("chronologie", "Chronologie", "chronology.md.j2", "events", d.events,
                           lambda se: se[1].date, "Alle Ereignisse in zeitlicher Reihenfolge, mit Quelle zu jedem Eintrag."),
            *self._by_year("forderungen", "Wer fordert was?", "demands.md.j2", "stories", [s for s in stories if s.demands],
                           lambda s: s.as_of, "Wer fordert was von wem: Status und Antwort der Gegenseite, mit Quellen.",
                           size=lambda s: len(s.demands)),
            Page("akteure/index.md", "Akteure", "actors.md.j2", {"groups": d.actor_groups}, listing=True,
                 description="Staaten, Organisationen und Personen, die in den Erklärstücken vorkommen.", deps={"actors/*"}),
            Page("glossar/index.md", "Glossar", "glossary.md.j2", {"letters": d.glossary_letters}, listing=True,
                 description="Begriffe von A bis Z, kurz erklärt.", deps={"terms/*"}),
            Page("quellen.md", "Quellen", "sources.md.j2", {"sources": sorted(c.sources.values(), key=lambda s: (dates.parse_date(s.date).sort_key()[0], s.title), reverse=True)},
                 description="Alle Quellen, auf denen die Fakten dieser Seite beruhen.", deps={"sources/*", "stories/*"}),
        ]
        pages += [Page(topic.path, topic.name, "topic.md.j2", {"topic": topic}, deps={"stories/*"},
                       description=f"{topic.name}: alle Erklärstücke zum Thema und ihre gemeinsame Chronologie.")
                  for topic in d.development.topics.values()]
        for page in pages:
            page.make_jsonld = lambda page=page: structured.front_matter(self._jsonld(page))
        for story in stories:
            path = page_path("stories", story.id)
            pages.append(Page(path, story.title, "story.md.j2", {"story": story}, description=story.teaser,
                              make_jsonld=lambda s=story, p=path: structured.front_matter(structured.story(c, s, p, shared), shared), og_type="article",
                              deps={f"stories/{story.id}"} | {f"stories/{s}" for s in d.development.related.get(story.id, ())}))
        for actor in c.actors.values():
            path = page_path("actors", actor.id)
            pages.append(Page(path, actor.name, "actor.md.j2", {"actor": actor}, own=f"actors/{actor.id}",
                              description=_actor_description(actor), make_jsonld=lambda a=actor, p=path: structured.front_matter(structured.actor_page(
                                  c, a, p, [q for _, q in d.quotes_by[a.id]], d.events_with[a.id], shared), shared),
                              deps={f"actors/{actor.id}"} | {f"stories/{r}" for s in d.actor_stories[actor.id]
                                                              for r in (s, *d.development.related.get(s, ()))}))
        for term in c.terms.values():
            path = page_path("terms", term.id)
            pages.append(Page(path, term.term, "term.md.j2", {"term": term}, own=f"terms/{term.id}", description=term.definition,
                              make_jsonld=lambda t=term, p=path: structured.front_matter(structured.term(c, t, p)), deps={f"terms/{term.id}"}))
        return pages

    def _by_year(self, name: str, title: str, template: str, key: str, items: list, when: Callable[[Any], str],
                 description: str, size: Callable[[Any], int] = lambda item: 1) -> list[Page]:
        """An overview (chronology, demands) as one page; on a large site one page per year, or per
        month where a year holds too much, so that no reader downloads every event at once."""
        if sum(map(size, items)) <= OVERVIEW_MAX:
            return [Page(f"{name}.md", title, template, {key: items, "years": None, "year": None}, description=description,
                         deps={"stories/*"})]
        years: dict[int, list] = defaultdict(list)
        for item in items:
            years[dates.parse_date(when(item)).sort_key()[0].year].append(item)
        parts: list[tuple[str, str, list]] = []  # (address part, label, items)
        for year, part in sorted(years.items()):
            if sum(map(size, part)) <= OVERVIEW_MAX:
                parts.append((str(year), str(year), part))
                continue
            months: dict[int, list] = defaultdict(list)
            for item in part:
                months[dates.parse_date(when(item)).sort_key()[0].month].append(item)
            parts += [(f"{year}-{month:02d}", f"{dates.MONTHS[month - 1]} {year}", items) for month, items in sorted(months.items())]
        if len(parts) == 1:  # all in one month: one page after all
            return self._by_year(name, title, template, key, items, when, description, size=lambda item: 0)
        pages = [Page(f"{name}/{slug}.md", f"{title}: {label}", template, {key: part, "years": None, "year": label},
                      description=f"{description} {label}.", deps={"stories/*"}) for slug, label, part in parts]
        index = [(label, f"{name}/{slug}.md", sum(map(size, part))) for slug, label, part in parts]
        return [Page(f"{name}.md", title, template, {key: [], "years": index, "year": None}, description=description,
                     deps={"stories/*"}), *pages]

    def _jsonld(self, page: Page) -> dict[str, Any]:
        """JSON-LD of the overview pages; stories, actors and terms get theirs where they are made."""
        c, d = self.c, self.derived
        if page.path == "index.md":
            return structured.web_page(c, page.title, page.description, page.path, "WebSite")
        if page.path.startswith("chronologie") and page.vars["events"]:
            return structured.chronology(c, [e for _, e in page.vars["events"]], page.path)
        if page.path == structured.GLOSSARY:
            return structured.glossary(c, [t for _, _, terms in d.glossary_letters for t in terms])
        return structured.web_page(c, page.title, page.description, page.path, "CollectionPage")

    def render(self) -> dict[str, str]:
        from .parallel import render_pages

        pages = self.pages()
        raw = render_pages(self, pages)
        titles = {p.path: p.title for p in pages}
        # each page's first text let go once filled: the next page's filled text takes its memory
        # instead of memory the process has never touched (a fault of the system's for every 4 KB)
        return {page.path: self.fill_mentions(page, raw.pop(page.path), self.mention_list(page, titles)) for page in pages}

    def render_pages(self, pages: Iterable[Page]) -> dict[str, str]:
        """Each page's Markdown, with the placeholder where its "Erwähnt in" list goes."""
        out, mentions, templates = {}, self.mentions, {}
        for page in pages:
            page.start()
            self.page = page  # the page the helpers work for (links, marks and notes on it)
            template = templates.get(page.template)
            if template is None:  # Jinja's own look-up is a dozen calls, for a handful of templates
                template = templates[page.template] = self.env.get_template(page.template)
            out[page.path] = template.render(page.vars, page=page)
            for key in page.mentioned:  # once per page, not per mention: a term's list of pages grows long
                mentions[key][page.path] = page.title
        return out

    def mention_list(self, page: Page, titles: dict[str, str]) -> tuple[tuple[str, str], ...]:
        """The pages (path, title) that mention the term or actor of `page`: the overview first, then by title."""
        if not page.own:
            return ()
        order = self._mention_order(titles)
        found = sorted((p for p in self.mentions[page.own] if p != page.path), key=order.__getitem__)
        return tuple((p, titles[p]) for p in found)

    def _mention_order(self, titles: dict[str, str]) -> dict[str, int]:
        # each page's place in that order, found once per render: sorting by a number is quick, by
        # (bool, title, path) was a twentieth of the render at 10,000 facts (a term is listed on many pages)
        if getattr(self, "_order", (None,))[0] is not titles:
            ranked = sorted(titles, key=lambda p: (p != "index.md", titles[p].casefold(), p))
            self._order = (titles, {p: n for n, p in enumerate(ranked)})
        return self._order[1]

    def fill_mentions(self, page: Page, raw: str, mentions: tuple[tuple[str, str], ...]) -> str:
        # the placeholder is near the end (only the notes follow): searched from there, and only once
        at = raw.rfind(MENTIONS) if page.own else -1
        if at < 0:
            return raw
        # the list is made here, not in the template: a term on a large site has long lists
        folder = page.folder
        items = self._mention_items.get(folder)  # each page is listed on many, most of them in the same few folders
        if items is None:
            items = self._mention_items[folder] = {}
        groups: dict[str, list[str]] = defaultdict(list)  # kind of page -> its list items, in the order given
        for path, title in mentions:
            found = items.get(path)
            if found is None or found[0] != title:
                found = items[path] = (title, _MENTION_KINDS.get(path.split("/", 1)[0], "Übersichten"),
                                       f"    - [{_link_text(title)}]({_relative(path, folder)})")
            groups[found[1]].append(found[2])
        links = markup("\n".join(f"- **{kind}**\n" + "\n".join(groups[kind]) for kind in _MENTION_ORDER if kind in groups))
        return f"{raw[:at]}{self.macros.mentions(links)}{raw[at + len(MENTIONS):]}"


def _capitalize_first(text: object) -> Markup:
    """The text (escaped, if it is data) with its first letter capitalised: a name starting a sentence."""
    text = str(escape(text))  # string methods: Markup's own make a Markup of each part and escape it again
    return markup(text[:1].upper() + text[1:])


# so is a demand or key fact, its relative dates put into words from its story's date each time
_absolute_dates = lru_cache(maxsize=65536)(with_absolute_dates)


_MENTION_KINDS = {"geschichten": "Geschichten", "akteure": "Akteure", "glossar": "Begriffe"}  # "Erwähnt in", grouped
_MENTION_ORDER = (*_MENTION_KINDS.values(), "Übersichten")


def _timeline_years(pairs: Iterable[tuple[Story, Any]]) -> list[tuple[int, list[tuple[Story, Any, bool]]]]:
    """Events (in date order) grouped by the year they start in; each entry says whether it is the
    first of its story in a run, so that a page names the story once, not under every entry."""
    years: list[tuple[int, list[tuple[Story, Any, bool]]]] = []
    for story, event in pairs:
        year = dates.parse_date(event.date).lower.year
        if not years or years[-1][0] != year:
            years.append((year, []))
        entries = years[-1][1]
        entries.append((story, event, not entries or entries[-1][0] is not story))
    return years


@lru_cache(maxsize=16384)  # an event's date is shown on its story's page, the chronology and its actors' pages
def _iso_day(value: str) -> str:
    """A `<time datetime>` value for an EDTF date: its first day, month or year, as precise as it is known."""
    d = dates.parse_date(value)
    point = d.start or d.end
    first = point.lower.isoformat()  # type: ignore[union-attr]
    return {"day": first, "month": first[:7]}.get(point.precision, first[:4])  # type: ignore[union-attr]


def _actor_description(actor: Actor) -> str:
    head = f"{actor.name}: {actor.role}." if actor.role else f"{actor.name} ({labels.KIND[actor.kind]})."
    if not actor.description:
        return head
    # search engines show about 160 characters: add the description, cut at a word
    text = f"{head} {' '.join(actor.description.split())}"
    return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + " …"
