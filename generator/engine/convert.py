# Converting the content pages' Markdown to HTML on two cores.
#
# MkDocs converts the Markdown of one page after the other, in one process: three
# quarters of the build of a large site. Where that pays, a forked worker converts
# content pages with MkDocs' own `_populate_page` from the end of the list while
# MkDocs works from the start; a shared counter hands each page to exactly one of
# them, so they meet wherever their speeds make them meet. For the worker's pages
# the plugin hands MkDocs empty Markdown and puts the worker's HTML, table of
# contents and anchors back in `on_page_content`; the worker's log records are
# replayed here, so strict mode still counts its warnings. Only when no other
# plugin handles pages (it would see empty Markdown) and no other thread runs
# (`serve`: a fork may copy a lock one holds); a worker that fails leaves its
# pages to MkDocs.
from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from .. import collector
from ..render.parallel import may_fork, worker_init

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

MIN_PAGES = 40  # below this a worker costs more than it saves
PAGE_EVENTS = ("pre_page", "page_markdown", "page_content")

_job: tuple[Any, Any, list[str], Any] | None = None  # (config, files, paths, bounds) for the forked worker


@dataclass
class Converted:
    html: str
    toc: Any
    title: str | None
    anchors: set[str]
    links: dict[str, dict[str, str]] | None  # linked file's src_uri -> {anchor: link}
    records: list[logging.LogRecord]


class SplitConversion:
    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future | None = None
        self._index: dict[str, int] = {}  # page -> its place in the list both processes work on
        self._bounds: Any = None  # shared [next page this process takes, first page the worker took]
        self._done: dict[str, Converted] | None = None

    def start(self, config: Any, files: Any, paths: list[str], own: Any) -> None:
        """Start the worker on `paths` (content pages, in the order MkDocs converts them), if that pays."""
        global _job
        self.stop()
        if len(paths) < MIN_PAGES or not may_fork() or not _only_plugin(config, own):
            return
        bounds = multiprocessing.get_context("fork").Array("l", [0, len(paths)])
        _job = (config, files, paths, bounds)
        collector.freeze()  # the worker's collections then leave the shared heap alone (no copy-on-write)
        try:
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=worker_init)
            self._future = self._pool.submit(_convert_job)  # forks here: the worker's copy has no `_index`
        finally:
            collector.thaw()
            _job = None
        self._index, self._bounds, self._done = {path: i for i, path in enumerate(paths)}, bounds, None

    def result(self, page: Any) -> Converted | None:
        """The worker's conversion of `page` (waiting for it), or None: this process converts it."""
        i = self._index.get(page.file.src_uri)
        if i is None:
            return None
        if self._done is None:
            with self._bounds.get_lock():
                if i < self._bounds[1]:  # not taken by the worker yet: it is ours
                    self._bounds[0] = i + 1
                    return None
            assert self._future is not None
            try:
                self._done = self._future.result()
            except Exception as e:  # the worker died or failed: convert its pages here
                # info, not a warning: strict mode would abort a build that still comes out right
                log.info("the second process converting pages stopped (%s); converting its pages in this one", e)
                self._done = {}
            log.debug("%d of %d content pages converted in a second process", len(self._done), len(self._index))
            self._shutdown()
        return self._done.get(page.file.src_uri)

    def apply(self, page: Any, files: Any) -> str:
        done = self.result(page)
        assert done is not None
        for record in done.records:  # in order, as if this process had converted the page
            logging.getLogger(record.name).handle(record)
        page.toc, page._title_from_render, page.present_anchor_ids = done.toc, done.title, done.anchors
        if done.links is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in done.links.items()}
        return done.html

    def stop(self) -> None:
        self._shutdown()
        self._index, self._bounds, self._done = {}, None, None

    def _shutdown(self) -> None:
        if self._pool is not None:
            if self._bounds is not None:  # a failed build: the worker stops after its current page
                with self._bounds.get_lock():
                    self._bounds[0] = len(self._index)
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._future = None, None


def _only_plugin(config: Any, own: Any) -> bool:
    """True when every page hook registered belongs to `own` (the explainer plugin)."""
    return all(getattr(method, "__self__", None) is own for event in PAGE_EVENTS for method in config.plugins.events[event])


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if self.records and self.records[-1] is record:  # met again on a parent logger
            return
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def _convert_job() -> dict[str, Converted]:
    from mkdocs.commands.build import _populate_page
    from mkdocs.structure.pages import Page

    assert _job is not None
    config, files, paths, bounds = _job
    # this process only converts: its records go back to the parent instead of to the terminal
    collect = _Collect()
    for logger in [logging.getLogger(), *(l for l in logging.Logger.manager.loggerDict.values() if isinstance(l, logging.Logger))]:
        if logger.handlers or logger is logging.getLogger():
            logger.handlers = [collect]
    out: dict[str, Converted] = {}
    while True:
        with bounds.get_lock():
            if bounds[1] - 1 < bounds[0]:  # the next page from the end is taken: the two have met
                return out
            bounds[1] -= 1
            path = paths[bounds[1]]
        collect.records = []
        file = files.get_file_from_path(path)
        page = file.page or Page(None, file, config)
        try:
            _populate_page(page, config, files)
        except Exception:  # MkDocs reports it when it converts the page itself
            continue
        links = page.links_to_anchors
        out[path] = Converted(page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                              None if links is None else {f.src_uri: v for f, v in links.items()}, collect.records)
