# The site's search index: Pagefind, fed with the built HTML.
#
# Pagefind splits the index into small chunks, so a reader's browser fetches only
# what one query needs (a few hundred KB even at 10,000 facts), and it stems
# German because Material writes <html lang="de">.
#
# MkDocs renders pages on one core. So that indexing costs (almost) no wall time,
# a full build hands each page's final HTML to a Pagefind service process as soon
# as MkDocs has rendered it (the second core indexes while the first renders), and
# only writing the bundle waits for the end of the build. A dirty build (`explainer
# serve`) renders only the changed pages: there the whole site folder is indexed,
# and in `serve` in the background after the build has returned, so the preview
# never waits for the search.
from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path

from pagefind.service import PagefindService

from .build import swap_in

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
# Failures of the background indexing in `serve` are reported outside MkDocs' logger: a strict
# build that starts meanwhile counts every warning on it and would abort over the search.
background_log = logging.getLogger("explainer.search")

# Only the article is indexed; permalink marks and source footnotes (evidence passages
# quoted from articles) would bury the page a reader looks for under pages that cite it.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE = ".headerlink, .footnote, .footnote-ref, .md-source-file"
CONFIG = {"root_selector": ROOT_SELECTOR, "exclude_selectors": [EXCLUDE]}
PAGES = "**/index.html"  # the site's pages: not 404.html, which every unknown address returns
BUNDLE = "pagefind"

START_TIMEOUT = 30     # s: starting the service process
IN_FLIGHT = 16         # pages handed over and not yet indexed; bounds the HTML held in memory
SLOT_TIMEOUT = 120     # s: how long a page may wait for a free slot before Pagefind counts as stuck
FINISH_TIMEOUT = 600   # s: the last pages, or a whole folder, and writing the bundle


class SearchIndexError(Exception):
    pass


def is_page(dest_uri: str) -> bool:
    """True for the files the index covers, as the glob PAGES selects them."""
    return dest_uri == "index.html" or dest_uri.endswith("/index.html")


class _Service(PagefindService):
    """Pagefind's Python service client (pagefind 1.5), without its 0.1 s sleep before reading each
    answer: with the sleep it indexes at most 10 pages a second (measured: 0.10 s per page, sent one by
    one or all at once), 6 minutes for the 3,500 pages of 10,000 facts. It also fails every waiting
    request when the process ends, where the original would wait for ever."""

    broken: Exception | None = None

    async def send(self, payload):
        if self.broken is not None:  # no answer would ever come
            raise self.broken
        try:
            return await super().send(payload)
        except (ConnectionError, BrokenPipeError) as e:  # its stdin closed: the process has ended
            raise SearchIndexError(f"Pagefind stopped unexpectedly ({type(e).__name__}: {e})") from None

    async def _wait_for_responses(self) -> None:
        try:
            while True:
                assert self._backend.stdout is not None
                output = await self._backend.stdout.readuntil(b",")
                answer = json.loads(base64.b64decode(output[:-1]))
                if answer is None:
                    continue
                message_id = answer.get("message_id")
                payload = answer["payload"]
                if message_id is None and payload.get("original_message"):  # it could not parse our message
                    message_id = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.pop(message_id, None)  # the original keeps every answer until the end
                if future is None or future.done():
                    continue
                if payload["type"] == "Error":
                    future.set_exception(SearchIndexError(f"Pagefind: {payload['message']}"))
                else:
                    future.set_result(payload)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # the process ended (EOF) or wrote something else than an answer
            self.broken = SearchIndexError(f"Pagefind stopped unexpectedly ({type(e).__name__}: {e})")
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(self.broken)
                    future.exception()  # marks it seen: the send that made it may have failed already


class _Indexer:
    """One Pagefind service process and one in-memory index, driven from an event loop in a thread of
    its own. `open` starts the process; `close` (from any thread, at any time) ends it."""

    def __init__(self) -> None:
        self._closing = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._service: _Service | None = None
        self._index = None

    def open(self):
        try:
            self._index = self._wait(self._start(), START_TIMEOUT, "start")
        except BaseException:
            self.close()
            raise
        return self

    async def _start(self):
        try:
            self._service = _Service()  # looks for the binary first
        except FileNotFoundError as e:
            raise SearchIndexError(f"{e}; is `pagefind[extended]` installed (make setup)?") from None
        await self._service.launch()
        return await self._service.create_index(CONFIG)

    def _submit(self, coroutine) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    def _wait(self, coroutine, timeout: float, what: str):
        future = self._submit(coroutine)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise SearchIndexError(f"Pagefind did not finish ({what}) within {timeout} s") from None
        except concurrent.futures.CancelledError:
            raise SearchIndexError(f"Pagefind was stopped ({what})") from None
        except SearchIndexError:
            raise
        except Exception as e:
            raise SearchIndexError(f"Pagefind could not index the site ({what}: {type(e).__name__}: {e})") from None

    async def _write(self, output: Path) -> None:
        await self._index.write_files(output_path=str(output))
        if not (output / "pagefind.js").is_file():
            raise SearchIndexError(f"Pagefind wrote no bundle into {output}")

    async def _stop(self) -> None:
        # the process first, then whatever still waits for it (a launch, an answer, the reader)
        backend = getattr(self._service, "_backend", None)
        if backend is not None and backend.returncode is None:
            backend.kill()
            await backend.wait()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def close(self) -> None:
        """End the process, anything waiting for it, and the thread; safe to call more than once."""
        with self._closing:
            if self._loop.is_closed():
                return
            try:
                self._submit(self._stop()).result(10)
            except Exception as e:  # not answering: the thread is a daemon and the process sees its stdin close
                log.debug("stopping pagefind: %s", e)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            if not self._thread.is_alive():
                self._loop.close()


class PageStream(_Indexer):
    """Pages are added while MkDocs renders the others; `finish` writes the bundle."""

    def __init__(self) -> None:
        super().__init__()
        self._slots = threading.BoundedSemaphore(IN_FLIGHT)
        self._order = asyncio.Lock()
        self._pending: set[concurrent.futures.Future] = set()
        self._lock = threading.Lock()
        self._error: Exception | None = None
        self.pages = 0

    def add(self, html: str, dest_uri: str) -> None:
        """Queue one page (its path in the site, e.g. `glossar/waffenruhe/index.html`); returns at once
        unless IN_FLIGHT pages are still waiting for Pagefind."""
        if self._error is not None:
            raise self._error
        if not self._slots.acquire(timeout=SLOT_TIMEOUT):
            raise SearchIndexError(f"Pagefind answered no page within {SLOT_TIMEOUT} s")
        future = self._submit(self._add(html, dest_uri))
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        self.pages += 1

    async def _add(self, html: str, dest_uri: str) -> None:
        # One page at a time, in MkDocs' order: Pagefind numbers pages in the order they arrive, and
        # requests it handles side by side could arrive in any order (two builds must be identical).
        # The lock is fair and the coroutines start in the order they were submitted.
        async with self._order:
            # Pagefind makes the page's address from its path, as when it reads the site folder
            await self._index.add_html_file(content=html, source_path=dest_uri)

    def _done(self, future: concurrent.futures.Future) -> None:
        self._slots.release()
        with self._lock:
            self._pending.discard(future)
        if not future.cancelled() and future.exception() is not None and self._error is None:
            error = future.exception()
            self._error = error if isinstance(error, SearchIndexError) else \
                SearchIndexError(f"Pagefind could not index a page ({type(error).__name__}: {error})")

    def finish(self, output: Path) -> None:
        """Wait for the pages still in flight, write the bundle into `output`, stop the process."""
        try:
            deadline = time.monotonic() + FINISH_TIMEOUT
            with self._lock:
                pending = list(self._pending)
            _, late = concurrent.futures.wait(pending, timeout=FINISH_TIMEOUT)
            if late:
                raise SearchIndexError(f"Pagefind did not index {len(late)} page(s) within {FINISH_TIMEOUT} s")
            if self._error is not None:
                raise self._error
            self._wait(self._write(output), max(1.0, deadline - time.monotonic()), "writing the bundle")
        finally:
            self.close()


class FolderIndex(_Indexer):
    """Every page of a built site folder, read from disk (a dirty build wrote only some of them)."""

    def index(self, site_dir: Path, lock: threading.Lock | None = None, wanted=lambda: True) -> int:
        """Put the bundle into `site_dir/pagefind/`, swapped in whole (under `lock`, if `wanted()` still),
        so a browser never sees a half-written bundle; returns the number of pages."""
        deadline = time.monotonic() + FINISH_TIMEOUT
        found = self._wait(self._index.add_directory(str(site_dir), glob=PAGES), FINISH_TIMEOUT, "reading the site")
        new = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-new-", dir=site_dir))
        try:
            new.chmod(0o755)  # mkdtemp's 0700 would hide the bundle from a web server running as another user
            self._wait(self._write(new), max(1.0, deadline - time.monotonic()), "writing the bundle")
            with lock or threading.Lock():
                if not wanted():
                    raise SearchIndexError("cancelled")
                swap_in(new, site_dir / BUNDLE)
        finally:
            shutil.rmtree(new, ignore_errors=True)
        return found["page_count"]


def index_folder(site_dir: Path) -> int:
    """Index every page in `site_dir` now; the bundle goes to `site_dir/pagefind/`."""
    indexer = FolderIndex().open()
    try:
        return indexer.index(site_dir)
    finally:
        indexer.close()


class BackgroundIndex:
    """`index_folder` in a thread of its own, for `serve`: the build returns at once and the search
    catches up a moment later. `cancel` stops it; the bundle then stays as it was."""

    def __init__(self, site_dir: Path) -> None:
        self._lock = threading.Lock()  # held while cancelling, and while the new bundle is swapped in
        self._cancelled = False
        self._indexer: FolderIndex | None = None
        self._thread = threading.Thread(target=self._run, args=(site_dir,), name="pagefind-serve", daemon=True)
        self._thread.start()

    def _run(self, site_dir: Path) -> None:
        started = time.monotonic()
        indexer = FolderIndex()
        try:
            with self._lock:
                if self._cancelled:
                    return
                self._indexer = indexer  # from here on `cancel` can end it, also while it starts
            pages = indexer.open().index(site_dir, self._lock, lambda: not self._cancelled)
            log.info("Search index updated: %d pages in %.1f s", pages, time.monotonic() - started)
        except Exception as e:
            if not self._cancelled:
                background_log.warning("The preview's search index was not updated (%s); it shows the last version.", e)
        finally:
            indexer.close()

    def running(self) -> bool:
        return self._thread.is_alive()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            indexer = self._indexer
        if indexer is not None:
            indexer.close()  # the process ends; the thread's waiting call fails and it returns
        self._thread.join(15)


class SiteSearch:
    """The search index over one MkDocs session (a build, or `serve` with its rebuilds), hook by hook."""

    def __init__(self) -> None:
        self.command, self.dirty = "build", False
        self._streaming = False
        self._stream: PageStream | None = None
        self._background: BackgroundIndex | None = None

    def startup(self, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def pre_build(self, site_dir: Path) -> None:
        self._stop_background()  # this build changes the pages it reads
        self._close_stream()
        # Streamed pages make the whole index only if this build writes every page: a clean build,
        # or a dirty one into an empty folder (the first build of `serve`)
        self._streaming = not self.dirty or not (site_dir.is_dir() and any(site_dir.iterdir()))

    def post_page(self, html: str, dest_uri: str) -> None:
        if not self._streaming or not is_page(dest_uri) or not html.strip():  # MkDocs writes no empty page
            return
        if self._stream is None:
            self._stream = PageStream().open()
        self._stream.add(html, dest_uri)

    def post_build(self, site_dir: Path) -> None:
        if self._streaming and self._stream is not None:
            stream, self._stream = self._stream, None
            stream.finish(site_dir / BUNDLE)
        elif self.command == "serve" and not self._streaming:
            self._background = BackgroundIndex(site_dir)
        else:  # `mkdocs build --dirty`, or a site without pages
            index_folder(site_dir)

    def build_error(self) -> None:
        self._close_stream()

    def shutdown(self) -> None:
        self._stop_background()
        self._close_stream()

    def background_running(self) -> bool:
        return self._background is not None and self._background.running()

    def _stop_background(self) -> None:
        if self._background is not None:
            self._background.cancel()
            self._background = None

    def _close_stream(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
