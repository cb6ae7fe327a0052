# Rendering a large site on two cores: a forked worker renders pages from the end
# of the list while this process renders from the start. The worker starts as a copy of this
# process (fork), so the content and the templates need no pickling; only its
# pages' Markdown, the mentions and the records each page showed come back.
# Only a very large site is worth a worker (MIN_PAGES); a process with other threads
# (`mkdocs serve`) renders alone.
from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import Page, Renderer

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

# Two processes on two cores each run slower per instruction than one alone: at 10,000 facts (3,571
# pages) a render of 2.0 s of CPU took 2.3-2.45 s of CPU on two, for 0.35-0.5 s less wall time,
# 1-2% of that site's cold build; a single-process render there took 2.5-2.8 s of CPU with a busy
# loop on the other core. Load + render then stay within 5% of a plain build's CPU on one process,
# and not on two (docs/performance.md). At 1,000 facts (356 pages) the worker's own start (its copies
# of what it touches, its pages pickled back) cost a third more CPU than rendering alone.
MIN_PAGES = 10_000

_job: tuple[Renderer, list[Page], Any] | None = None  # what the forked worker renders, and the shared bounds


def worker_init() -> None:
    """Run first in every forked worker: it dies with the process that forked it (also one killed
    with SIGKILL, which can clean nothing up), and leaves Ctrl-C and SIGTERM to that process."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent = parent_death_signal(os.getppid())
    if die_with_parent is not None:
        die_with_parent()


def parent_death_signal(parent: int | None = None):
    """On Linux: a function that has the calling (child) process killed when the thread that
    started it ends, also when that process is killed without cleaning up; else None.
    `parent`: the process the child belongs to (default: the caller of this function)."""
    import ctypes
    import signal

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent, PR_SET_PDEATHSIG = parent or os.getpid(), 1

    def die_with_parent() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent ended before the request took effect
            os._exit(1)
    return die_with_parent


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

    # Each process takes a few pages at a time, this one from the front and the worker from the
    # back, until they meet: the one that is slower (the worker first copies what it touches)
    # simply renders fewer, where halves fixed in advance left this one waiting 0.3 s at 10,000 facts.
    context = multiprocessing.get_context("fork")
    bounds = context.Array("l", [0, len(pages)])  # [next page from the front, first page taken from the back]
    _job, raw = (renderer, pages, bounds), {}
    try:
        with ProcessPoolExecutor(1, mp_context=context, initializer=worker_init) as pool:
            future = pool.submit(_render_job)
            while chunk := _take(bounds, front=True):
                raw.update(renderer.render_pages(pages[chunk.start:chunk.stop]))
            their_raw, mentions, deps, worker = future.result()
    except BrokenProcessPool:  # the worker died (out of memory, killed): the pages it took are rendered here
        # info, not a warning: strict mode would abort a build that still comes out right
        log.info("the second rendering process stopped; rendering its pages in this one")
        while chunk := _take(bounds, front=True):  # none left to take, unless this process was the one stopped
            raw.update(renderer.render_pages(pages[chunk.start:chunk.stop]))
        return {**raw, **renderer.render_pages([p for p in pages if p.path not in raw])}
    finally:
        _job = None
    log.debug("rendered %d pages in process %d and %d in process %d", len(raw), os.getpid(), len(their_raw), worker)
    raw.update(their_raw)
    for key, found in mentions.items():
        renderer.mentions[key].update(found)
    for page in pages:
        if page.path in deps:
            page.deps |= deps[page.path]
    return raw


CHUNK = 4  # pages taken at a time: taking costs 3 µs (measured, uncontended), a page 0.5-50 ms


def _take(bounds, front: bool) -> range | None:  # type: ignore[no-untyped-def]
    """The next few pages still free, from the front or the back, or None when none are left."""
    with bounds.get_lock():
        first, end = bounds[0], bounds[1]
        if first >= end:
            return None
        if front:
            bounds[0] = min(first + CHUNK, end)
            return range(first, bounds[0])
        bounds[1] = max(end - CHUNK, first)
        return range(bounds[1], end)


def _render_job() -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, set[str]], int]:
    assert _job is not None
    renderer, pages, bounds = _job
    raw: dict[str, str] = {}
    mine: list[Page] = []
    while chunk := _take(bounds, front=False):
        mine += pages[chunk.start:chunk.stop]
        raw.update(renderer.render_pages(pages[chunk.start:chunk.stop]))
    return raw, dict(renderer.mentions), {p.path: p.deps for p in mine}, os.getpid()
