# The helpers the templates call ({{ link(...) }}, {{ cite(...) }}, `| linked`, ...), as a part of the
# Renderer: links to terms and actors (each recorded as a mention for "Erwähnt in"), source marks and
# notes, actors' names in the case a sentence needs. What recurs on many pages (a fact's marks, a
# source note's head per folder, an actor's phrase, escaped titles) is made once per render.
from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from markupsafe import Markup

from .. import dates
from . import labels, names
from .links import Target
from .markdown import escape, escape_inline, escape_line_start as _line_start, markup, paragraphs, plain_inline
from .typography import quoted

if TYPE_CHECKING:
    from ..load.model import Story, Term
    from . import Page


_NOTHING = Markup("")


def page_path(kind: str, id: str) -> str:
    return {"stories": "geschichten", "actors": "akteure", "terms": "glossar"}[kind] + f"/{id}.md"


class TemplateHelpers:
    """Mixed into the Renderer, whose state they use: `c`, `derived`, `targets`, `linker`,
    the per-render caches made in its __init__, and `page`, the page being rendered."""

    page: Page

    def _href(self, path: str, anchor: str = "") -> str:
        rel = _relative(path, self.page.folder)
        return rel + (f"#{anchor}" if anchor else "")

    def _link(self, kind: str, id: str, text: str | None = None) -> Markup:
        """A link to a term or actor page, with its short definition as tooltip."""
        page: Page = self.page
        target = self.targets[f"{kind}/{id}"]
        page.deps.add(target.key)
        if not page.listing:
            page.mentioned.add(target.key)
        if text is None:
            text = self.c.terms[id].term if kind == "terms" else self.c.actors[id].name
        if target.key == page.own:
            return escape(text)
        page.section.add(target.key)
        return markup(f'[{escape_inline(text)}]({_relative(target.path, page.folder)}{self._tip(page, target)}){target.attrs}')

    @staticmethod
    def _tip(page: Page, target: Target) -> str:
        """The link's title, its tooltip: once per page, as each one costs the reader's browser work."""
        if target.key in page.linked:
            return ""
        page.linked.add(target.key)
        return f' "{target.title}"'

    def _section(self) -> str:
        """Called by the templates at each "##" heading: a reader who jumps to a section (from the
        table of contents, a search result) finds its first mentions linked again; tooltips stay once per page."""
        self.page.section.clear()
        return ""

    def _linked(self, text: str, repeated: bool = False, kinds: tuple[str, ...] = ("terms", "actors")) -> Markup:
        """Escape running text and link the first mention of each term and actor in the page's section
        (`repeated`: a fact told elsewhere, shown plainly; see _macros.md.j2; `kinds`: which are linked)."""
        if repeated:
            return _plain(str(text))
        page: Page = self.page
        text = " ".join(str(text).split())
        esc = str if plain_inline(text) else escape_inline  # str() of a string is that string: nothing to escape
        out, pos = [], 0
        mentioned, deps, section, own, linked, folder = page.mentioned, page.deps, page.section, page.own, page.linked, page.folder
        for start, end, target in self.linker.find(text):
            key = target.key
            mentioned.add(key)
            deps.add(key)
            if key == own or key in section or target.kind not in kinds:
                continue
            section.add(key)
            out.append(esc(text[pos:start]))
            if key in linked:  # its tooltip once per page (_tip)
                out.append(f'[{esc(text[start:end])}]({_relative(target.path, folder)}){target.attrs}')
            else:
                linked.add(key)
                out.append(f'[{esc(text[start:end])}]({_relative(target.path, folder)} "{target.title}"){target.attrs}')
            pos = end
        if not out:
            return markup(_line_start(esc(text)))
        out.append(esc(text[pos:]))
        return markup(_line_start("".join(out)))

    def _paras(self, text: str, kinds: tuple[str, ...] = ("terms", "actors")) -> Markup:
        return paragraphs(text, lambda p: self._linked(p, kinds=kinds))

    def _entries(self, terms: list[Term]) -> Markup:
        """The glossary's list items, "- **[Term](link)**: definition": made here, not in the template,
        as the overview of a large glossary is re-rendered whenever a definition changes."""
        folder = self.page.folder
        return Markup("\n".join(f"- **[{_line_start(escape_inline(t.term))}]({_relative(page_path('terms', t.id), folder)})**: "
                                f"{escape(t.definition)}" for t in terms))

    def _cite(self, fact: Any) -> Markup:
        """Marks for the sources of a fact: one number per source on the page, reused by every fact it
        backs (as Wikipedia's named references), in ascending order; each mark links to the source's
        note and previews the passages this fact rests on (Material's tooltip, on hover and on focus)."""
        page: Page = self.page
        citations, tips = self._citations(fact)
        footnotes = page.footnotes
        for source_id, dep, evidence in citations:
            page.deps.add(dep)
            footnotes.setdefault(source_id, (len(footnotes) + 1, {}))[1][evidence] = None
        # the preview is plain HTML and CSS (explainer.css, "Source marks"): no script per mark
        if len(tips) == 1:  # most facts rest on one source
            n = footnotes[tips[0][0]][0]
            return markup(f'<sup class="footnote-ref"><a class="cite" href="#beleg-{n}">{n}<span class="cite__tip">{tips[0][1]}</span></a></sup>')
        marks = ", ".join(f'<a class="cite" href="#beleg-{n}">{n}<span class="cite__tip">{tip}</span></a>'
                          for n, tip in sorted((footnotes[source_id][0], tip) for source_id, tip in tips))
        return markup(f'<sup class="footnote-ref">{marks}</sup>')

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

    def _footnotes(self, heading: str = "Belege", also: Iterable[str] = ()) -> Markup:
        """One note per source cited on the page, with the passages quoted from it; `also`: sources to
        list after them although no mark names them (a story's further sources)."""
        page: Page = self.page
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
                head = f"[{escape_inline(source.title)}]({self._href('quellen.md', 'quelle-' + source_id)})"
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
        return markup("\n".join(lines))

    def _name(self, actor_id: str) -> names.Name:
        # kept per Renderer, not in an lru_cache on the method: that would keep every Renderer, and
        # the content it renders, alive as long as the process (one per save in `explainer serve`)
        name = self._names.get(actor_id)
        if name is None:
            a = self.c.actors[actor_id]
            name = self._names[actor_id] = names.inflect(a.name, a.kind, a.article, a.number,
                                                         a.forms.model_dump() if a.forms else None)
        return name

    def _say(self, actor_id: str, how: str, link: bool = True) -> Markup:
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
        return markup(f"{lead}{self._link('actors', actor_id, text) if link else escape(text)}")

    def _demand_sides(self, pairs: Iterable[tuple[Story, Any]]) -> list[tuple[str, list[tuple[Story, Any]]]]:
        """Demands grouped by the side that makes them: a person or body counts for the state or
        organisation it belongs to (the Kreml for Russland), sides in the order they first demand."""
        sides: dict[str, list[tuple[Story, Any]]] = {}
        for story, demand in pairs:
            sides.setdefault(self.derived.side(demand.by), []).append((story, demand))
        return list(sides.items())

    def _certainty(self, fact: Any) -> Markup:
        if fact.certainty == "reported":
            return _NOTHING
        label, tip = labels.CERTAINTY[fact.certainty]
        return markup(f' <span class="certainty certainty--{fact.certainty}" title="{tip}">{label}</span>')


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
    return markup(_line_start(escape_inline(" ".join(text.split()))))


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


def _url(value: str) -> Markup:
    """A validated http(s) address as a Markdown link target: brackets and spaces encoded."""
    return Markup(value.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E"))
