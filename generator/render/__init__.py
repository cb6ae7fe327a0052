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

from jinja2 import pass_context
from markupsafe import Markup

from .. import dates
from ..load.model import Actor, Content, Story, Term
from . import labels, names, structured
from .derived import Derived
from .environment import _environment, bytecode_cache  # noqa: F401 (bytecode_cache: for the engines)
from .relative_dates import with_absolute_dates
from .typography import quoted
from .links import Linker, Target
from .markdown import escape, escaped, escape_inline, escape_line_start as _line_start, paragraphs, title_attr

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
    make_jsonld: Callable[[], str] | None = None  # its schema.org data as JSON (structured.py), made only when the page is rendered
    og_type: str = "website"
    # the records the page shows ("terms/waffenruhe", "stories/*" for all stories): a change to one
    # of them re-renders the page in `explainer serve` (incremental.py); links add theirs while rendering
    deps: set[str] = field(default_factory=set)
    # filled while rendering
    # the sources cited on the page, in the order of their first mark, each with its passages
    footnotes: dict[str, tuple[int, dict[str, None]]] = field(default_factory=dict)  # source id -> (number, passages)
    linked: set[str] = field(default_factory=set)  # the terms and actors whose tooltip the page already gave
    section: set[str] = field(default_factory=set)  # those linked in the current "##" section (see Renderer._section)

    def start(self) -> None:
        """Forget what an earlier rendering of this page filled in, so every path renders it alike."""
        self.footnotes, self.linked, self.section = {}, set(), set()

    @cached_property
    def folder(self) -> str:
        return posixpath.dirname(self.path) or "."

    @cached_property
    def jsonld(self) -> str:
        """JSON-LD, already escaped for a <script> element (structured.py)."""
        return self.make_jsonld() if self.make_jsonld else ""


def render_site(content: Content) -> dict[str, str]:
    """All pages of the site: {path of the Markdown file: its text}."""
    return Renderer(content).render()


def page_path(kind: str, id: str) -> str:
    return {"stories": "geschichten", "actors": "akteure", "terms": "glossar"}[kind] + f"/{id}.md"


class Renderer:
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
                                capitalize_first=lambda text: Markup(text[:1].upper()) + text[1:],
                                absolute=_absolute_dates, quoted=quoted,
                                tip=lambda text: Markup(title_attr(str(text))))  # a title attribute Material shows as a tooltip
        self.env.tests["imprecise"] = lambda value: dates.parse_date(value).imprecise
        # whether any of the events has an imprecise date (a test, not Jinja's map and select: a tenth as much work)
        self.env.tests["any_imprecise"] = lambda events: any(dates.parse_date(e.date).imprecise for e in events)
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
        self._mention_items: dict[tuple[str, str, str], tuple[str, str]] = {}  # see fill_mentions
        self._phrases: dict[tuple[str, str], tuple[str, str]] = {}  # (actor id, how) -> what _say puts before the name, the name

    def _target(self, kind: str, id: str, tooltip: str, forms: Iterable[str]) -> None:
        target = Target(f"{kind}/{id}", page_path(kind, id), title_attr(tooltip))
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
            page.make_jsonld = lambda page=page: structured.dump(self._jsonld(page))
        for story in stories:
            path = page_path("stories", story.id)
            pages.append(Page(path, story.title, "story.md.j2", {"story": story}, description=story.teaser,
                              make_jsonld=lambda s=story, p=path: structured.dump(structured.story(c, s, p, shared), shared), og_type="article",
                              deps={f"stories/{story.id}"} | {f"stories/{s}" for s in d.development.related.get(story.id, ())}))
        for actor in c.actors.values():
            path = page_path("actors", actor.id)
            pages.append(Page(path, actor.name, "actor.md.j2", {"actor": actor}, own=f"actors/{actor.id}",
                              description=_actor_description(actor), make_jsonld=lambda a=actor, p=path: structured.dump(structured.actor_page(
                                  c, a, p, [q for _, q in d.quotes_by[a.id]], d.events_with[a.id], shared), shared),
                              deps={f"actors/{actor.id}"} | {f"stories/{r}" for s in d.actor_stories[actor.id]
                                                              for r in (s, *d.development.related.get(s, ()))}))
        for term in c.terms.values():
            path = page_path("terms", term.id)
            pages.append(Page(path, term.term, "term.md.j2", {"term": term}, own=f"terms/{term.id}", description=term.definition,
                              make_jsonld=lambda t=term, p=path: structured.dump(structured.term(c, t, p)), deps={f"terms/{term.id}"}))
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
        return {page.path: self.fill_mentions(page, raw[page.path], self.mention_list(page, titles)) for page in pages}

    def render_pages(self, pages: Iterable[Page]) -> dict[str, str]:
        """Each page's Markdown, with the placeholder where its "Erwähnt in" list goes."""
        out = {}
        for page in pages:
            page.start()
            out[page.path] = self.env.get_template(page.template).render(page.vars, page=page)
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
        if not page.own or MENTIONS not in raw:
            return raw
        # the list is made here, not in the template: a term on a large site has long lists
        folder, items = page.folder, self._mention_items
        groups: dict[str, list[str]] = defaultdict(list)  # kind of page -> its list items, in the order given
        for path, title in mentions:
            found = items.get((path, title, folder))
            if found is None:  # each page is listed on many, most of them in the same few folders
                found = items[path, title, folder] = (_MENTION_KINDS.get(path.split("/", 1)[0], "Übersichten"),
                                                      f"    - [{_link_text(title)}]({_relative(path, folder)})")
            groups[found[0]].append(found[1])
        links = Markup("\n".join(f"- **{kind}**\n" + "\n".join(groups[kind]) for kind in _MENTION_ORDER if kind in groups))
        return raw.replace(MENTIONS, self.env.get_template("_mentions.md.j2").render(page=page, links=links))

    # --- helpers the templates call ------------------------------------------

    @pass_context
    def _href(self, ctx: Any, path: str, anchor: str = "") -> str:
        rel = _relative(path, ctx["page"].folder)
        return rel + (f"#{anchor}" if anchor else "")

    @pass_context
    def _link(self, ctx: Any, kind: str, id: str, text: str | None = None) -> Markup:
        """A link to a term or actor page, with its short definition as tooltip."""
        page: Page = ctx["page"]
        target = self.targets[f"{kind}/{id}"]
        page.deps.add(target.key)
        if not page.listing:
            self.mentions[target.key][page.path] = page.title
        if text is None:
            text = self.c.terms[id].term if kind == "terms" else self.c.actors[id].name
        if target.key == page.own:
            return escape(text)
        page.section.add(target.key)
        return Markup(f'[{escape_inline(text)}]({_relative(target.path, page.folder)}{self._tip(page, target)}){_link_class(target.key)}')

    @staticmethod
    def _tip(page: Page, target: Target) -> str:
        """The link's title, its tooltip: once per page, as each one costs the reader's browser work."""
        if target.key in page.linked:
            return ""
        page.linked.add(target.key)
        return f' "{target.title}"'

    @pass_context
    def _section(self, ctx: Any) -> str:
        """Called by the templates at each "##" heading: a reader who jumps to a section (from the
        table of contents, a search result) finds its first mentions linked again; tooltips stay once per page."""
        ctx["page"].section.clear()
        return ""

    @pass_context
    def _linked(self, ctx: Any, text: str, repeated: bool = False, kinds: tuple[str, ...] = ("terms", "actors")) -> Markup:
        """Escape running text and link the first mention of each term and actor in the page's section
        (`repeated`: a fact told elsewhere, shown plainly; see _macros.md.j2; `kinds`: which are linked)."""
        if repeated:
            return _plain(str(text))
        page: Page = ctx["page"]
        text = " ".join(str(text).split())
        out, pos = [], 0
        for match in self.linker.find(text):
            key = match.target.key
            self.mentions[key][page.path] = page.title
            page.deps.add(key)
            if key == page.own or key in page.section or key.split("/")[0] not in kinds:
                continue
            page.section.add(key)
            out.append(escape_inline(text[pos:match.start]))
            out.append(f'[{escape_inline(text[match.start:match.end])}]'
                       f'({_relative(match.target.path, page.folder)}{self._tip(page, match.target)}){_link_class(key)}')
            pos = match.end
        out.append(escape_inline(text[pos:]))
        return Markup(_line_start("".join(out)))

    @pass_context
    def _paras(self, ctx: Any, text: str, kinds: tuple[str, ...] = ("terms", "actors")) -> Markup:
        return paragraphs(text, lambda p: self._linked(ctx, p, kinds=kinds))

    @pass_context
    def _entries(self, ctx: Any, terms: list[Term]) -> Markup:
        """The glossary's list items, "- **[Term](link)**: definition": made here, not in the template,
        as the overview of a large glossary is re-rendered whenever a definition changes."""
        folder = ctx["page"].folder
        return Markup("\n".join(f"- **[{_line_start(escape_inline(t.term))}]({_relative(page_path('terms', t.id), folder)})**: "
                                f"{escape(t.definition)}" for t in terms))

    @pass_context
    def _cite(self, ctx: Any, fact: Any) -> Markup:
        """Marks for the sources of a fact: one number per source on the page, reused by every fact it
        backs (as Wikipedia's named references), in ascending order; each mark links to the source's
        note and previews the passages this fact rests on (Material's tooltip, on hover and on focus)."""
        page: Page = ctx["page"]
        citations, tips = self._citations(fact)
        footnotes = page.footnotes
        for source_id, dep, evidence in citations:
            page.deps.add(dep)
            footnotes.setdefault(source_id, (len(footnotes) + 1, {}))[1][evidence] = None
        # the preview is plain HTML and CSS (explainer.css, "Source marks"): no script per mark
        if len(tips) == 1:  # most facts rest on one source
            n = footnotes[tips[0][0]][0]
            return Markup(f'<sup class="footnote-ref"><a class="cite" href="#beleg-{n}">{n}<span class="cite__tip">{tips[0][1]}</span></a></sup>')
        marks = ", ".join(f'<a class="cite" href="#beleg-{n}">{n}<span class="cite__tip">{tip}</span></a>'
                          for n, tip in sorted((footnotes[source_id][0], tip) for source_id, tip in tips))
        return Markup(f'<sup class="footnote-ref">{marks}</sup>')

    def _citations(self, fact: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
        """A fact's citations (source id, its record's key, passage) and a preview per source, made
        once: a fact is cited on each page that shows it."""
        found = self._cited.get(id(fact))
        if found is None or found[0] is not fact:
            passages: dict[str, list[str]] = {}
            for citation in fact.source:
                passages.setdefault(citation.id, []).append(citation.evidence)
            found = self._cited[id(fact)] = (fact, [(c.id, f"sources/{c.id}", c.evidence) for c in fact.source],
                                             [(s, self._cite_tip(s, tuple(p))) for s, p in passages.items()])
        return found[1], found[2]

    def _cite_tip(self, source_id: str, passages: tuple[str, ...]) -> str:
        """A mark's preview, made once: a fact is cited on each page that shows it."""
        tip = self._tips.get((source_id, passages))
        if tip is None:
            source = self.c.sources[source_id]
            tip = escape_inline(f"{source.publisher or source.title}, {_german(source.date)}: " + " … ".join(map(quoted, passages)))
            self._tips[source_id, passages] = tip
        return tip

    @pass_context
    def _footnotes(self, ctx: Any, heading: str = "Belege", also: Iterable[str] = ()) -> Markup:
        """One note per source cited on the page, with the passages quoted from it; `also`: sources to
        list after them although no mark names them (a story's further sources)."""
        page: Page = ctx["page"]
        for source_id in also:
            page.footnotes.setdefault(source_id, (len(page.footnotes) + 1, {}))
        if not page.footnotes:
            return Markup("")
        lines = [f"## {heading} {{: #belege }}\n" if heading else "", '<div class="footnote sources-notes" markdown>',
                 '<ol markdown>']
        for source_id, (number, passages) in page.footnotes.items():
            head = self._note_heads.get((source_id, page.folder))
            if head is None:  # a source is noted on many pages, most of them in the same few folders
                source = self.c.sources[source_id]
                head = f"[{escape_inline(source.title)}]({self._href(ctx, 'quellen.md', 'quelle-' + source_id)})"
                head += "".join(f", {escape_inline(part)}" for part in (source.publisher, _german(source.date)) if part)
                if source.url:
                    head += f" · [Original]({_url(source.url)})"
                if source_id not in self.c.source_texts:
                    head += " · nicht mit archiviertem Text abgeglichen"
                self._note_heads[source_id, page.folder] = head
            shown = "\n".join(map(_passage_item, passages))
            lines.append(f'<li id="beleg-{number}" markdown="block">{head}\n\n{shown}\n</li>' if passages
                         else f'<li id="beleg-{number}" markdown="span">{head}</li>')
        lines += ["</ol>", "</div>"]
        return Markup("\n".join(lines))

    def _name(self, actor_id: str) -> names.Name:
        # kept per Renderer, not in an lru_cache on the method: that would keep every Renderer, and
        # the content it renders, alive as long as the process (one per save in `explainer serve`)
        name = self._names.get(actor_id)
        if name is None:
            a = self.c.actors[actor_id]
            name = self._names[actor_id] = names.inflect(a.name, a.kind, a.article, a.number,
                                                         a.forms.model_dump() if a.forms else None)
        return name

    @pass_context
    def _say(self, ctx: Any, actor_id: str, how: str, link: bool = True) -> Markup:
        """An actor's name as a sentence needs it: `how` is a case ("genitive"), a preposition ("zu":
        "zur Ukraine") or "possessor" ("Forderungen des Kremls"); only the name itself is linked."""
        found = self._phrases.get((actor_id, how))
        if found is None:
            name = self._name(actor_id)
            phrase = (name.possessor() if how == "possessor" else name.case(how) if how in names.CASES  # type: ignore[arg-type]
                      else name.after(how))
            found = self._phrases[actor_id, how] = (escape_inline(phrase.lead), phrase.name)
        lead, text = found
        # joined as strings: Markup's + escapes its right side again, which costs more than the rest here
        return Markup(f"{lead}{self._link(ctx, 'actors', actor_id, text) if link else escape(text)}")

    def _demand_sides(self, pairs: Iterable[tuple[Story, Any]]) -> list[tuple[str, list[tuple[Story, Any]]]]:
        """Demands grouped by the side that makes them: a person or body counts for the state or
        organisation it belongs to (the Kreml for Russland), sides in the order they first demand."""
        sides: dict[str, list[tuple[Story, Any]]] = {}
        for story, demand in pairs:
            sides.setdefault(self.derived.side(demand.by), []).append((story, demand))
        return list(sides.items())

    def _certainty(self, fact: Any) -> Markup:
        if fact.certainty == "reported":
            return Markup("")
        label, tip = labels.CERTAINTY[fact.certainty]
        return Markup(f' <span class="certainty certainty--{fact.certainty}" title="{tip}">{label}</span>')


@lru_cache(maxsize=65536)
def _relative(path: str, start: str) -> str:
    """posixpath.relpath for page paths (relative, normalised): string work only, where relpath
    makes both paths absolute (two getcwd calls each time, 75 µs)"""
    if path.startswith("/") or ".." in path.split("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to, here = path.split("/"), [] if start == "." else start.split("/")
    n = 0
    while n < len(to) and n < len(here) and to[n] == here[n]:
        n += 1
    return "/".join([".."] * (len(here) - n) + to[n:]) or "."


@lru_cache(maxsize=65536)
def _plain(text: str) -> Markup:
    """Running text shown unlinked (a fact repeated from its story page): the same on every page."""
    return Markup(_line_start(escape_inline(" ".join(text.split()))))


@lru_cache(maxsize=65536)
def _passage_item(passage: str) -> str:
    """A passage in a source's note: listed on every page that cites it for a fact it shows."""
    return f"- {escape_inline(quoted(passage))}"


@lru_cache(maxsize=65536)
def _link_text(title: str) -> str:
    """A page title as the text of a link to it (one page is listed on many)."""
    return _line_start(escape_inline(title))


# dates are shown many times over (an event on its story, the chronology, each actor's page)
_german = lru_cache(maxsize=16384)(dates.german)
# so is a demand or key fact, its relative dates put into words from its story's date each time
_absolute_dates = lru_cache(maxsize=65536)(with_absolute_dates)


def _url(value: str) -> Markup:
    """A validated http(s) address as a Markdown link target: brackets and spaces encoded."""
    return Markup(value.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E"))


def _link_class(key: str) -> str:
    """Links to terms carry a class of their own (explainer.css tells them apart from actors)."""
    return "{: .term-link }" if key.startswith("terms/") else ""


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
