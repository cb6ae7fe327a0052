# Rendering a large site on two cores: a forked worker renders every other page
# while this process renders the rest. The worker starts as a copy of this
# process (fork), so the content and the templates need no pickling; only its
# pages' Markdown, the mentions and the records each page showed come back.
# Below a few hundred pages a worker costs more than it saves; a process with
# other threads (`mkdocs serve`) renders alone.
from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Page, Renderer

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

MIN_PAGES = 150  # 1,000 facts (356 pages), five runs each: median 0.85 s alone, 0.61 s on two processes

_job: tuple[Renderer, list[Page]] | None = None  # what the forked worker renders


def may_fork() -> bool:
    """Whether a forked worker can help: a second core, `fork` available, and no other thread
    (a fork copies no other thread, but may copy a lock one of them holds)."""
    if (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return False
    import multiprocessing  # here, not above: 18 ms of every small site's render otherwise

    return "fork" in multiprocessing.get_all_start_methods()


def render_pages(renderer: Renderer, pages: list[Page]) -> dict[str, str]:
    """`renderer.render_pages(pages)`, split over two processes where that pays."""
    global _job
    if len(pages) < MIN_PAGES or not may_fork():
        return renderer.render_pages(pages)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # interleaved halves: the few long overview pages and the many short ones spread evenly
    mine, theirs = pages[0::2], pages[1::2]
    _job, raw = (renderer, theirs), None
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(_render_job)
            raw = renderer.render_pages(mine)
            their_raw, mentions, deps, worker = future.result()
    except BrokenProcessPool:  # the worker died (out of memory, killed): render its half here
        # info, not a warning: strict mode would abort a build that still comes out right
        log.info("the second rendering process stopped; rendering its pages in this one")
        return {**(raw if raw is not None else renderer.render_pages(mine)), **renderer.render_pages(theirs)}
    finally:
        _job = None
    log.debug("rendered %d pages in process %d and %d in process %d", len(mine), os.getpid(), len(theirs), worker)
    raw.update(their_raw)
    for key, found in mentions.items():
        renderer.mentions[key].update(found)
    for page in theirs:
        page.deps |= deps[page.path]
    return raw


def _render_job() -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, set[str]], int]:
    assert _job is not None
    renderer, pages = _job
    raw = renderer.render_pages(pages)
    return raw, dict(renderer.mentions), {p.path: p.deps for p in pages}, os.getpid()
