# Whether the last site's search index still fits the new site's pages, so that a build can take it
# over instead of running Pagefind again (Pagefind has no incremental mode: any run reads every page).
#
# Each page gets a key: a hash of what Pagefind can read from it (the <html> tag with its language,
# the <title>, and the article, Pagefind's root selector) with every `title` attribute taken out,
# because Pagefind does not index those: they are the tooltips of term and actor links, and a
# changed definition changes them on every page that links the term. The keys of the indexed pages
# are written beside the bundle (KEYS), with one for Pagefind's version and options (RECIPE). When a
# new build's pages have the same keys, the bundle is the one Pagefind would write (tests compare them
# byte for byte) and is hard-linked into the new site. One changed key means a full Pagefind run:
# an index split in parts finds other pages than one index (docs/performance.md), so there is one.
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

KEYS = "explainer-pages.txt"  # in the bundle: "<key> <page>" per line, sorted by page
RECIPE = ":pagefind"  # the line (no page's name) for how the bundle was made: Pagefind's version and options
_ARTICLE = b'<article class="md-content__inner'


def page_key(html: bytes) -> str:
    """What Pagefind indexes of one page, as a hash. A page without the article (no Material page)
    is keyed by all of its bytes: any change re-indexes it."""
    start, end = html.find(_ARTICLE), html.rfind(b"</article>")
    if start < 0 or end < start:
        return hashlib.sha256(html).hexdigest()[:32]
    head = html[:start]
    tag = head[head.find(b"<html"):head.find(b">", head.find(b"<html")) + 1]
    title = head[head.find(b"<title>"):head.find(b"</title>")]
    parts = html[start:end].split(b' title="')  # our HTML quotes every attribute value with "
    article = [parts[0]]
    for before, part in zip(parts, parts[1:]):
        # an attribute if it stands inside a tag (text has its "<" escaped); else text, which is indexed
        article.append(part[part.find(b'"') + 1:] if before.rfind(b"<") > before.rfind(b">") else b' title="' + part)
    return hashlib.sha256(b"\0".join((tag, title, b"".join(article)))).hexdigest()[:32]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def pages_of(site: Path) -> list[str]:
    """The pages Pagefind indexes (its --glob), relative to the site."""
    return sorted(p.relative_to(site).as_posix() for p in site.glob("**/index.html"))


def read_keys(bundle: Path) -> dict[str, str] | None:
    return read_pairs(bundle / KEYS)


def write_keys(bundle: Path, keys: dict[str, str]) -> None:
    write_pairs(bundle / KEYS, keys)


def read_pairs(path: Path) -> dict[str, str] | None:
    """A file of "<value> <name>" lines (sorted by name) as name -> value; None if unreadable."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return {name: value for value, name in (line.split(" ", 1) for line in lines)}
    except (OSError, ValueError):
        return None


def write_pairs(path: Path, values: dict[str, str]) -> None:
    path.write_text("".join(f"{values[name]} {name}\n" for name in sorted(values)), encoding="utf-8")


def current_keys(site: Path, pages: list[str], last_site: Path | None, last_keys: dict[str, str] | None) -> dict[str, str]:
    """The key of every page. A page that is the very file the last site had (the engine's dirty
    build hard-links the pages it left alone), unchanged since that site was indexed, keeps its
    key without being read."""
    since = _mtime(last_site / "pagefind" / KEYS) if last_site is not None and last_keys else None
    keys = {}
    for page in pages:
        path = site / page
        if since is not None and page in last_keys:
            try:
                new, old = os.stat(path), os.stat(last_site / page)
                if (new.st_ino, new.st_dev) == (old.st_ino, old.st_dev) and new.st_mtime_ns <= since:
                    keys[page] = last_keys[page]
                    continue
            except OSError:
                pass
        keys[page] = page_key(path.read_bytes())
    return keys


def _mtime(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def take_over(bundle: Path, target: Path) -> None:
    """The last site's bundle into the new site: hard links (bundles are written whole into new
    folders and never changed in place, so the two sites may share the files), copies where the
    file system has no links."""
    def link_or_copy(src: str, dst: str) -> str:
        try:
            os.link(src, dst)
            return dst
        except OSError:
            return shutil.copy2(src, dst)

    shutil.rmtree(target, ignore_errors=True)  # what an engine may have left there is not the index
    shutil.copytree(bundle, target, copy_function=link_or_copy)
