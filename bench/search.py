# The search's share of a publish, for bench/publish.py: the index step (generator/index/__init__.py)
# timed alone on copies of built sites (cold, after an edit, with no indexed text changed), and the
# bytes a reader's browser fetches for one query in the real search box, pasted and typed (chromium; every
# file the server sends under pagefind/ counted as sent, uncompressed, as `python -m http.server`
# serves it; the first ten results' excerpts included, as the box shows them).
from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from statistics import median

from generator.index import BUNDLE, index_site

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def link_copy(site: Path, dest: Path) -> Path:
    """`site` without its search index, its files hard-linked (as a dirty build stages unchanged pages)."""
    shutil.copytree(site, dest, copy_function=os.link, ignore=lambda d, names: [BUNDLE] if Path(d) == site else [])
    return dest


def index_times(before: Path, after: Path) -> dict[str, float]:
    """Seconds of the index step over `after`: from nothing; with `before` (the site before the edit)
    as the last site; and with `after` itself as the last site (no page's indexed text changed)."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="explainer-index-", dir=after.parent) as tmp:
        for name, last in (("cold", None), ("edit", before), ("unchanged", after)):
            site = link_copy(after, Path(tmp) / name)
            started = time.monotonic()
            index_site(site, last_site=last)
            out[name] = time.monotonic() - started
    return out


class _Counting(http.server.SimpleHTTPRequestHandler):
    sent: list[tuple[str, int]] = []

    def log_message(self, *args) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        outputfile.write(data)
        _Counting.sent.append((self.path, len(data)))


def query_bytes(site: Path, queries: list[str], typed: bool = False) -> list[dict]:
    """Per query: KB and requests under pagefind/, the result count the box shows. `typed`: letter
    by letter (the box searches after each one), else pasted at once."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Counting, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for query in queries:
                context = browser.new_context(viewport={"width": 1280, "height": 900})  # a fresh reader: nothing cached
                page = context.new_page()
                page.goto(url, wait_until="load")
                _Counting.sent.clear()
                page.locator("input[data-ex-search-input]").click()
                box = page.locator("input[data-ex-search-input]")
                box.type(query, delay=30) if typed else box.fill(query)
                page.wait_for_function("q => /Treffer/.test(document.querySelector('[data-ex-search-meta]').textContent)"
                                       " && document.querySelector('[data-ex-search-input]').value === q", arg=query, timeout=30000)
                page.wait_for_timeout(300)  # the excerpts' fragments arrive with the results; nothing more comes
                fetched = [n for path, n in _Counting.sent if "/pagefind/" in path]
                out.append({"query": query, "kb": sum(fetched) / 1024, "requests": len(fetched),
                            "meta": page.locator("[data-ex-search-meta]").inner_text()})
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return out


def summary(per_query: list[dict]) -> str:
    kb = [q["kb"] for q in per_query]
    files = [q["requests"] for q in per_query]
    return f"median {median(kb):.0f} KB, max {max(kb):.0f} KB ({min(files)}-{max(files)} files)"
