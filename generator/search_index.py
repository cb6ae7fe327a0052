# The site's search index: Pagefind, fed with the built HTML.
#
# Pagefind splits the index into small chunks, so a reader's browser fetches only
# what one query needs (a few hundred KB even at 10,000 facts), and it stems
# German because Material writes <html lang="de">.
#
# A full build hands each page to Pagefind as soon as MkDocs has rendered it
# (search_feed.py), so the second core indexes while the first renders and only
# the bundle is written at the end. A dirty build renders only the changed pages:
# there the whole site folder is indexed, in `serve` in the background after the
# build has returned, so the preview never waits for the search. Both talk to
# Pagefind's service process (`pagefind --service`) through its Python package.
from __future__ import annotations

import asyncio
import base64
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
SLOT_TIMEOUT = 120     # s: one page, while a full build streams them
FINISH_TIMEOUT = 600   # s: a whole folder, or the bundle


class SearchIndexError(Exception):
    pass


def is_page(dest_uri: str) -> bool:
    """True for the files the index covers, as the glob PAGES selects them."""
    return dest_uri == "index.html" or dest_uri.endswith("/index.html")


class _Service(PagefindService):
    """Pagefind's Python service client (pagefind 1.5.2) with a reader of our own. Pagefind's sleeps
    0.1 s before it reads each answer: at most 10 pages a second (measured: 0.10 s per page, sent one
    by one or all at once), 6 minutes for the 3,500 pages of 10,000 facts. It also reads one answer of
    at most 2 MiB, too little for the bundle (see `write_bundle`), and leaves every request waiting for
    ever when the process ends; this one fails them."""

    broken: Exception | None = None

    async def _wait_for_responses(self) -> None:
        buffer, scanned = bytearray(), 0
        try:
            while True:
                assert self._backend.stdout is not None
                chunk = await self._backend.stdout.read(1 << 20)
                if not chunk:
                    raise EOFError("its output ended")
                buffer += chunk
                while (end := buffer.find(b",", scanned)) >= 0:  # answers are base64, ended by a comma
                    self._answer(bytes(buffer[:end]))
                    del buffer[:end + 1]
                    scanned = 0
                scanned = len(buffer)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # the process ended, or wrote something else than an answer
            self.broken = SearchIndexError(f"Pagefind stopped unexpectedly ({type(e).__name__}: {e})")
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(self.broken)
                    future.exception()  # marks it seen: the send that made it may have failed already

    def _answer(self, encoded: bytes) -> None:
        answer = json.loads(base64.b64decode(encoded))
        if answer is None:
            return
        message_id, payload = answer.get("message_id"), answer["payload"]
        if message_id is None and payload.get("original_message"):  # it could not parse our message
            message_id = json.loads(payload["original_message"]).get("message_id")
        future = self._responses.pop(message_id, None)  # the original keeps every answer until the end
        if future is None or future.done():
            return
        if payload["type"] == "Error":
            future.set_exception(SearchIndexError(f"Pagefind: {payload['message']}"))
        else:
            future.set_result(payload)

    async def send(self, payload):
        if self.broken is not None:  # no answer would ever come
            raise self.broken
        try:
            return await super().send(payload)
        except (ConnectionError, BrokenPipeError) as e:  # its stdin closed: the process has ended
            raise SearchIndexError(f"Pagefind stopped unexpectedly ({type(e).__name__}: {e})") from None

    async def stop(self) -> None:
        """End the process now (also while it starts); what still waits for it fails."""
        if getattr(self, "_poll_task", None) is not None:
            self._poll_task.cancel()
        backend = getattr(self, "_backend", None)
        if backend is not None:
            if backend.returncode is None:
                backend.kill()
            await backend.wait()


async def within(seconds: float, what: str, step):
    try:
        return await asyncio.wait_for(step, seconds)
    except asyncio.TimeoutError:
        raise SearchIndexError(f"Pagefind did not finish ({what}) within {seconds:g} s") from None


async def open_index(start_timeout: float | None = None):
    """A started service and a new, empty index in it (call `service.stop()` in the end)."""
    try:
        service = _Service()  # looks for the binary first
    except FileNotFoundError as e:
        raise SearchIndexError(f"{e}; is `pagefind[extended]` installed (make setup)?") from None
    try:
        await service.launch()
        index = await within(start_timeout or START_TIMEOUT, "start", service.create_index(CONFIG))
    except BaseException:
        await service.stop()
        raise
    return service, index


async def write_bundle(index, output: Path, timeout: float | None = None) -> None:
    """Write the bundle into the new folder `output`. Pagefind's own writing (WriteFiles) answers
    before its last writes are done (tokio files, never flushed): stopping the process then left
    files empty (seen: pagefind-entry.json, 1 build in 4). So it hands the files over, and we write."""
    files = await within(timeout or FINISH_TIMEOUT, "writing the bundle", index.get_files())
    for file in files:
        path = output / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file["content"])
    if not (output / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind gave no bundle for {output}")


async def index_folder_async(site_dir: Path, output: Path) -> int:
    """Index every page in `site_dir` and write the bundle into `output`; the number of pages."""
    service, index = await open_index()
    try:
        found = await within(FINISH_TIMEOUT, "reading the site", index.add_directory(str(site_dir), glob=PAGES))
        await write_bundle(index, output)
        return found["page_count"]
    finally:
        await service.stop()


def _new_bundle_dir(site_dir: Path) -> Path:
    new = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-new-", dir=site_dir))
    new.chmod(0o755)  # mkdtemp's 0700 would hide the bundle from a web server running as another user
    return new


def index_folder(site_dir: Path) -> int:
    """Index every page in `site_dir` now; the bundle replaces `site_dir/pagefind/` whole."""
    new = _new_bundle_dir(site_dir)
    try:
        pages = asyncio.run(index_folder_async(site_dir, new))
        swap_in(new, site_dir / BUNDLE)
        return pages
    finally:
        shutil.rmtree(new, ignore_errors=True)


class BackgroundIndex:
    """`index_folder` in a thread of its own, for `serve`: the build returns at once and the search
    catches up a moment later. `cancel` stops it; the bundle then stays as it was."""

    def __init__(self, site_dir: Path) -> None:
        self._lock = threading.Lock()  # held while cancelling, and while the new bundle is swapped in
        self._cancelled = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._thread = threading.Thread(target=self._run, args=(site_dir,), name="pagefind-serve", daemon=True)
        self._thread.start()

    def _run(self, site_dir: Path) -> None:
        started = time.monotonic()
        new = _new_bundle_dir(site_dir)
        try:
            pages = asyncio.run(self._index(site_dir, new))
            with self._lock:
                if self._cancelled:
                    return
                swap_in(new, site_dir / BUNDLE)  # a browser never sees a half-written bundle
            log.info("Search index updated: %d pages in %.1f s", pages, time.monotonic() - started)
        except BaseException as e:  # also the cancellation
            if not self._cancelled:
                background_log.warning("The preview's search index was not updated (%s); it shows the last version.", e)
        finally:
            shutil.rmtree(new, ignore_errors=True)

    async def _index(self, site_dir: Path, new: Path) -> int:
        with self._lock:
            if self._cancelled:
                raise asyncio.CancelledError
            self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
        return await index_folder_async(site_dir, new)

    def running(self) -> bool:
        return self._thread.is_alive()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._loop is not None and self._task is not None:
                try:  # the task ends Pagefind's process on its way out
                    self._loop.call_soon_threadsafe(self._task.cancel)
                except RuntimeError:  # its loop has already closed
                    pass
        self._thread.join(15)


class SiteSearch:
    """The search index over one MkDocs session (a build, or `serve` with its rebuilds), hook by hook."""

    def __init__(self) -> None:
        self.command, self.dirty = "build", False
        self._streaming = False
        self._site_dir = Path("site")
        self._stream = None  # a search_feed.PageStream while a full build streams its pages
        self._background: BackgroundIndex | None = None

    def startup(self, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def pre_build(self, site_dir: Path) -> None:
        self._stop_background()  # this build changes the pages it reads
        self._close_stream()
        self._site_dir = site_dir
        # Streamed pages make the whole index only if this build writes every page: a clean build,
        # or a dirty one into an empty folder (the first build of `serve`)
        self._streaming = not self.dirty or not (site_dir.is_dir() and any(site_dir.iterdir()))

    def post_page(self, html: str, dest_uri: str) -> None:
        if not self._streaming or not is_page(dest_uri) or not html.strip():  # MkDocs writes no empty page
            return
        if self._stream is None:
            from .search_feed import PageStream  # (that module builds on this one)

            self._stream = PageStream(self._site_dir / BUNDLE)
        self._stream.add(html, dest_uri)

    def post_build(self, site_dir: Path) -> None:
        if self._streaming and self._stream is not None:
            stream, self._stream = self._stream, None
            stream.finish()
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
