# The site's search index: Pagefind, run over the built HTML.
#
# Pagefind splits the index into small chunks, so a reader's browser fetches only
# what one query needs (a few hundred KB even at 10,000 facts), and it stems
# German because Material writes <html lang="de">. It runs on the folder MkDocs
# just built, so `explainer build` (staging folder), `mkdocs build` and
# `mkdocs serve` all get the same index.
#
# A build indexes its folder before it returns. Handing each page to Pagefind while
# MkDocs renders the others (its service process, through a thread or a feeder
# process) was tried and measured on the shared 2-core machine: the builds took
# longer, not shorter (more CPU time, and the second core is not free there).
# `explainer serve` rebuilds (dirty builds) instead index the whole folder in the
# background after the build has returned: the changed page is served at once and
# the search catches up a moment later.
from __future__ import annotations

import importlib
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from . import carry, reuse
from ..fsutil import swap_in
from ..render.parallel import parent_death_signal

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
# Failures of the background indexing are reported outside MkDocs' logger: a strict build
# that starts meanwhile counts every warning on it and would abort over the search.
background_log = logging.getLogger("explainer.search")

# Only the article is indexed; permalink marks and source footnotes (evidence passages
# quoted from articles) would bury the page a reader looks for under pages that cite it.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE = ".headerlink, .footnote, .footnote-ref, .md-source-file"
BUNDLE = "pagefind"
TIMEOUT = 600  # s


class SearchIndexError(Exception):
    pass


def _options() -> list[str]:
    # only the site's pages: not 404.html, which every unknown address returns
    return ["--glob", "**/index.html", "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE, "--quiet"]


def _command(site_dir: Path, output: Path | None = None) -> list[str]:
    command = [_executable(), "--site", str(site_dir), *_options()]
    return command + ["--output-path", str(output)] if output else command


def _executable() -> str:
    """Pagefind's binary, found as `python -m pagefind` finds it (PAGEFIND_BINARY_PATH, else the
    binary of `pagefind[extended]`), but started directly: a Python started only to exec it costs
    0.1-0.5 s of every build on this machine (it imports asyncio)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return named
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return str(importlib.import_module(package).get_executable())
        except (ImportError, FileNotFoundError):
            continue
    return shutil.which("pagefind_extended") or shutil.which("pagefind") or "pagefind"


def _failure(code: int, output: str) -> SearchIndexError:
    detail = output.strip().splitlines()[-5:] or [f"exit code {code}"]
    return SearchIndexError("Pagefind could not index the site: " + " | ".join(detail))


def index_site(site_dir: Path, last_site: Path | None = None, meanwhile: Callable[[], None] | None = None) -> None:
    """Write the Pagefind bundle into `site_dir/pagefind/`; SearchIndexError if Pagefind fails.
    `last_site`: the site this build replaces; if no page's indexed text changed (reuse.py),
    its bundle is taken over and Pagefind does not run. Nothing in `last_site` is changed.
    `meanwhile`: the caller's work that needs no index, done while Pagefind runs (or at once)."""
    pages = reuse.pages_of(site_dir)
    last_keys = reuse.read_keys(last_site / BUNDLE) if last_site is not None else None
    keys = reuse.current_keys(site_dir, pages, last_site, last_keys)
    keys[reuse.RECIPE] = _recipe()
    if keys == last_keys:
        try:
            verify_bundle(last_site / BUNDLE, len(pages))
        except SearchIndexError:
            pass  # the last bundle is damaged: Pagefind writes a new one
        else:
            reuse.take_over(last_site / BUNDLE, site_dir / BUNDLE)
            verify_bundle(site_dir / BUNDLE, len(pages))
            log.debug("No page's indexed text changed: the last search index was taken over")
            if meanwhile is not None:
                meanwhile()
            return
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # what an engine may have left there is not the index
    # the last bundle's fragments carried over (carry.py), if it was made by this Pagefind, so
    last = carry.read_fragments(last_site / BUNDLE) if last_keys and last_keys.get(reuse.RECIPE) == keys[reuse.RECIPE] else None
    linked = carry.link_fragments(last_site / BUNDLE, bundle) if last is not None else set()
    _run_pagefind(site_dir, meanwhile)
    fragments = _settled(bundle, linked, last, {"/" + page.removesuffix("index.html") for page in pages}) if linked else None
    if fragments is None and linked:
        log.info("A carried search fragment may stand for another page: indexing the site again from nothing")
        shutil.rmtree(bundle)
        _run_pagefind(site_dir)
    if fragments is None:
        fragments = _settled(bundle, set(), {}, None)
        if fragments is None:
            raise SearchIndexError("the search index is incomplete (its metadata cannot be read); nothing was published")
    reuse.write_keys(bundle, keys)
    carry.write_fragments(bundle, fragments)
    verify_bundle(bundle, len(pages))


def _settled(bundle: Path, linked: set[str], last: dict[str, str] | None, pages: set[str] | None) -> dict[str, str] | None:
    """Each page's fragment (carry.py), or None if the bundle cannot say or a carried one may be wrong."""
    try:
        return carry.settle(bundle, linked, last or {}, pages) if pages is not None else carry.all_fragments(bundle)
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None


def _recipe() -> str:
    """Pagefind's version and this project's options: an index made otherwise is not taken over."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pagefind = version("pagefind")
    except PackageNotFoundError:
        pagefind = "unknown"
    return reuse.text_key(" ".join([pagefind, *_options()]))


def _run_pagefind(site_dir: Path, meanwhile: Callable[[], None] | None = None) -> None:
    # its output into files, not pipes: nobody reads them while `meanwhile` runs
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            process = subprocess.Popen(_command(site_dir), stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                       preexec_fn=parent_death_signal())  # a killed build leaves no Pagefind behind
        except OSError as e:
            raise SearchIndexError(f"could not run Pagefind ({e}); is `pagefind[extended]` installed (make setup)?") from None
        # a blocking wait (Popen.wait with a timeout polls, up to 50 ms late) and a timer for the deadline
        expired = threading.Event()
        timer = threading.Timer(TIMEOUT, lambda: (expired.set(), process.kill()))
        timer.daemon = True
        timer.start()
        try:
            if meanwhile is not None:
                meanwhile()
            code = process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:  # Ctrl-C while waiting: it goes too
                process.kill()
                process.wait()
        if expired.is_set():
            raise SearchIndexError(f"could not run Pagefind (it timed out after {TIMEOUT} seconds)")
        out.seek(0)
        err.seek(0)
        stdout, stderr = (f.read().decode("utf-8", "replace") for f in (out, err))
    if code != 0 or not (site_dir / BUNDLE / "pagefind.js").exists():
        raise _failure(code, stderr or stdout)
    for line in (stdout + stderr).strip().splitlines():
        log.debug("pagefind: %s", line)


def verify_bundle(bundle: Path, pages: int) -> None:
    """Pagefind may exit 0 with a bundle it could not write (a full disk left its files empty):
    the bundle must name every page, and none of its files may be empty."""
    import json

    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        indexed = sum(language["page_count"] for language in entry["languages"].values())
        empty = [p.name for p in bundle.rglob("*") if p.is_file() and p.stat().st_size == 0]
        chunks = {folder: any((bundle / folder).iterdir()) for folder in ("index", "fragment")}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise SearchIndexError(f"the search index is incomplete ({type(e).__name__}: {e}); nothing was published") from None
    if empty or indexed != pages or not all(chunks.values()):
        detail = f"{len(empty)} empty file(s), e.g. {empty[0]}" if empty else f"{indexed} of {pages} pages indexed"
        raise SearchIndexError(f"the search index is incomplete ({detail}); is the disk full? Nothing was published")


class BackgroundIndex:
    """Pagefind over `site_dir` in a thread of its own, for `serve`: the bundle replaces
    `site_dir/pagefind/` whole when it is done. `cancel` stops it; the bundle then stays as it was."""

    def __init__(self, site_dir: Path) -> None:
        self._lock = threading.Lock()  # held while starting, cancelling, and swapping the bundle in
        self._cancelled = False
        self._process: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._run, args=(site_dir,), name="pagefind-serve", daemon=True)
        self._thread.start()

    def _run(self, site_dir: Path) -> None:
        started = time.monotonic()
        new = Path(tempfile.mkdtemp(prefix=f".{BUNDLE}-new-", dir=site_dir))
        output = tempfile.TemporaryFile()  # not a pipe: nobody reads it while Pagefind runs
        try:
            with self._lock:
                if self._cancelled:
                    return
                # Popen from this thread: it waits for the process, so the parent-death signal fires
                # only when the whole server ends
                self._process = subprocess.Popen(_command(site_dir, new), stdin=subprocess.DEVNULL, stdout=output,
                                                 stderr=subprocess.STDOUT, preexec_fn=parent_death_signal())
            try:
                code = self._process.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process.kill()
                raise SearchIndexError(f"Pagefind did not finish within {TIMEOUT} s") from None
            with self._lock:
                if self._cancelled:
                    return
                if code != 0 or not (new / "pagefind.js").is_file():
                    output.seek(0)
                    raise _failure(code, output.read().decode("utf-8", "replace"))
                verify_bundle(new, sum(1 for _ in site_dir.glob("**/index.html")))
                new.chmod(0o755)  # mkdtemp's 0700 would hide the bundle from a web server running as another user
                swap_in(new, site_dir / BUNDLE)  # a browser never sees a half-written bundle
            log.info("Search index updated in %.1f s", time.monotonic() - started)
        except Exception as e:
            if not self._cancelled:
                background_log.warning("The preview's search index was not updated (%s); it shows the last version.", e)
        finally:
            output.close()
            shutil.rmtree(new, ignore_errors=True)

    def running(self) -> bool:
        return self._thread.is_alive()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._thread.join(15)


class SiteSearch:
    """The search index over one MkDocs session (a build, or `serve` with its rebuilds), hook by hook."""

    def __init__(self) -> None:
        self.background_rebuilds = False
        self._indexed_once = False
        self._background: BackgroundIndex | None = None

    def startup(self, command: str, dirty: bool) -> None:
        # `explainer serve`: dirty rebuilds write only the changed pages into the preview's folder
        self.background_rebuilds = command == "serve" and dirty
        self._indexed_once = False

    def pre_build(self) -> None:
        self._stop_background()  # this build changes the pages it reads

    def post_build(self, site_dir: Path) -> None:
        if self.background_rebuilds and self._indexed_once:
            self._background = BackgroundIndex(site_dir)
        else:  # a build, or the first build of `serve`: its search works from the start
            index_site(site_dir)
            self._indexed_once = True

    def shutdown(self) -> None:
        self._stop_background()
        # MkDocs keeps this plugin's instance for later builds in the same process (also ones that
        # never call on_startup, like `explainer build` and the tests): they index before returning
        self.background_rebuilds = self._indexed_once = False

    def _stop_background(self) -> None:
        if self._background is not None:
            self._background.cancel()
            self._background = None
