# Rendering again after an editor's save, touching only what the save changed.
#
# `explainer serve` keeps one `Preview` between saves. Each page notes the
# records it shows (`Page.deps`: the story it is about, every term, actor and
# source it links or cites). After a save, the records that differ from the last
# render are found; only the pages that show one of them are rendered again, and
# the "Erwähnt in" lists are filled anew where the pages mentioning a term or
# actor changed. Changes that move links or addresses across the whole site (a
# record added or removed, a new name or spelling, site settings, sources) take
# a full render: they are rare, and a full render is always right.
from __future__ import annotations

import logging
from typing import Any

from .. import collector
from ..load.model import Content
from . import Page, Renderer, page_path
from .parallel import render_pages

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

KINDS = ("stories", "actors", "terms", "sources")


class Preview:
    def __init__(self) -> None:
        self.content: Content | None = None
        self.raw: dict[str, str] = {}  # page path -> Markdown before "Erwähnt in" was filled
        self.out: dict[str, str] = {}  # page path -> finished Markdown
        self.deps: dict[str, set[str]] = {}
        self.mentions: dict[str, dict[str, str]] = {}
        self.listed: dict[str, tuple] = {}  # page path -> its "Erwähnt in" entries
        self.changed: set[str] | None = None  # keys of the records the last save changed; None: all
        self.pending: set[str] = set()  # pages left for the next call (see `render(first=True)`)

    def render(self, content: Content, first: bool = False) -> dict[str, str]:
        """All pages of the site, as `render_site` gives them, rendering only what changed since last time.

        With `first`, only the pages of the changed records themselves are rendered now; the others
        that show them (a changed tooltip, say) keep their last text and are left in `pending` for
        the next call, so a preview can show the edited page at once."""
        try:
            with collector.paused():
                return self._render(content, first)
        except BaseException:
            self.content = None  # the state may be half updated: render everything next time
            raise

    def _render(self, content: Content, first: bool) -> dict[str, str]:
        renderer = Renderer(content)
        pages = renderer.pages()
        changed = self.changed = None if self.content is None else changed_keys(self.content, content)
        if changed is None:
            redo, self.pending = pages, set()
        else:
            redo = [p for p in pages if p.path in self.pending or self._shows(p, changed)]
            own = {page_path(*key.split("/")) for key in changed}  # the pages of the changed records themselves
            self.pending = {p.path for p in redo if p.path not in own} if first and own else set()
            redo = [p for p in redo if p.path not in self.pending]
        redone = {p.path for p in redo}
        if changed is not None:
            for found in self.mentions.values():  # mentions from the pages rendered again are recorded anew
                for path in redone & found.keys():
                    del found[path]
            renderer.mentions.update(self.mentions)
        raw = self.raw if changed is not None else {}
        raw.update(render_pages(renderer, redo))
        titles = {p.path: p.title for p in pages}
        out: dict[str, str] = {}
        for page in pages:
            listed = renderer.mention_list(page, titles)
            if page.path in redone or listed != self.listed.get(page.path):
                out[page.path] = renderer.fill_mentions(page, raw[page.path], listed)
            else:
                out[page.path] = self.out[page.path]
            self.listed[page.path] = listed
        self.content, self.raw, self.out = content, raw, out
        self.deps.update((p.path, p.deps) for p in redo)
        self.mentions = renderer.mentions
        log.debug("rendered %d of %d pages", len(redo), len(pages))
        return out

    def state(self) -> tuple:
        """What the next render builds on, for keeping it on disk (generator/persist.py)."""
        return (self.content, self.raw, self.out, self.deps, dict(self.mentions), self.listed) if self.content else ()

    def restore(self, state: tuple) -> None:
        if state:
            self.content, self.raw, self.out, self.deps, self.mentions, self.listed = state
            self.changed, self.pending = None, set()

    def _shows(self, page: Page, changed: set[str]) -> bool:
        # what the page showed last time, and what it will show now (an actor newly part of a story)
        deps = self.deps.get(page.path, set()) | page.deps
        return bool(deps & changed) or any(f"{key.split('/')[0]}/*" in deps for key in changed)


def changed_keys(old: Content, new: Content) -> set[str] | None:
    """Keys ("terms/waffenruhe") of the records that differ, or None when everything must be rendered."""
    if old.site != new.site or old.source_texts.keys() != new.source_texts.keys():
        return None
    changed = set()
    for kind in KINDS:
        before, after = getattr(old, kind), getattr(new, kind)
        if before.keys() != after.keys():
            return None
        for id, record in after.items():
            if record is before[id] or record == before[id]:
                continue
            if kind == "sources" or _shape(kind, record) != _shape(kind, before[id]):
                return None
            changed.add(f"{kind}/{id}")
    return changed


def _shape(kind: str, record: Any) -> tuple:
    """What other pages use of a term or actor besides its tooltip: the words that link to it,
    the name shown, the grouping. A change here moves links all over the site."""
    if kind == "terms":
        return (record.term, tuple(record.variants))
    if kind == "actors":
        return (record.name, tuple(record.aliases), record.kind, record.affiliation)
    return ()
