# What is finished in the built site, whichever engine built it: the sitemap's dates taken from
# the content (each story's "Stand"), not from the day of the build, so two builds of the same
# content are byte for byte the same. (The one rewrite inside the pages, aria-labels for
# permalinks, is done while converting: aria_labels.py.) The MkDocs plugin sets the same dates
# while `mkdocs build` runs on the project's own mkdocs.yml.
from __future__ import annotations

import gzip
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from .. import dates
from ..fsutil import atomic_file, atomic_write
from ..load.model import Content
from ..render.feeds import page_url

_ENTRY = re.compile(r"(<loc>([^<]*)</loc>\s*<lastmod>)([^<]*)(</lastmod>)")
_UNDATED = re.compile(r"<loc>([^<]*)</loc>(?!\s*<lastmod>)")  # Zensical's sitemap has no dates


def page_dates(content: Content) -> tuple[dict[str, str], str | None]:
    """The sitemap date of each story page (its `as_of`, last day) and of every other page (the newest)."""
    by_page = {f"geschichten/{s.id}.md": _last_day(s.as_of) for s in content.stories.values()}
    return by_page, max(by_page.values(), default=None)


def finish(site_dir: Path, content: Content, directory_urls: bool = True) -> None:
    if "SOURCE_DATE_EPOCH" not in os.environ:  # an explicit one (MkDocs' own mechanism) wins
        _sitemap_dates(site_dir, content, directory_urls)


def _sitemap_dates(site_dir: Path, content: Content, directory_urls: bool) -> None:
    sitemap = site_dir / "sitemap.xml"
    by_page, newest = page_dates(content)
    if newest is None or not sitemap.is_file():
        return
    base = content.site.base_url.rstrip("/") + "/"
    by_url = {base + page_url(path, directory_urls): day for path, day in by_page.items()}
    xml = _ENTRY.sub(lambda m: m.group(1) + by_url.get(m.group(2), newest) + m.group(4), sitemap.read_text(encoding="utf-8"))
    xml = _UNDATED.sub(lambda m: f"{m.group(0)}<lastmod>{by_url.get(m.group(1), newest)}</lastmod>", xml)
    atomic_write(sitemap, xml)
    # as MkDocs writes it: the newest page's day as the archive's time, the same bytes for the same content
    stamp = int(datetime.fromisoformat(newest).replace(tzinfo=timezone.utc).timestamp())
    gz_path = site_dir / "sitemap.xml.gz"
    with atomic_file(gz_path, 0o644) as f:
        with gzip.GzipFile(fileobj=f, filename=str(gz_path), mode="wb", mtime=stamp) as gz:
            gz.write(xml.encode("utf-8"))


def _last_day(value: str) -> str:
    first, last = dates.iso_bounds(value)
    return last or first
