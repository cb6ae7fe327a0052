# What is finished in the built HTML, whichever engine built it: the permalink and footnote-return
# links named by an aria-label instead of a title (Material would make each a tooltip), and the
# sitemap's dates taken from the content, so two builds of the same content are byte for byte the
# same. The MkDocs plugin does both while MkDocs builds; after another engine, `finish` does them.
from __future__ import annotations

import gzip
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from . import dates
from .fsutil import atomic_file, atomic_write
from .load.model import Content
from .render.feeds import page_url

# Permalink and footnote-return links say the same on every use: an aria-label names them for
# screen readers, where a title would become one of Material's tooltips, set up by script (a
# long explainer has dozens of them).
FIXED_TITLES = re.compile(r'(<a class="(?:headerlink|footnote-backref)" href="[^"]*") title=')
_ENTRY = re.compile(r"(<loc>([^<]*)</loc>\s*<lastmod>)([^<]*)(</lastmod>)")
_UNDATED = re.compile(r"<loc>([^<]*)</loc>(?!\s*<lastmod>)")  # Zensical's sitemap has no dates


def fixed_titles(html: str) -> str:
    return FIXED_TITLES.sub(r"\1 aria-label=", html)


def page_dates(content: Content) -> tuple[dict[str, str], str | None]:
    """The sitemap date of each story page (its `as_of`, last day) and of every other page (the newest)."""
    by_page = {f"geschichten/{s.id}.md": _last_day(s.as_of) for s in content.stories.values()}
    return by_page, max(by_page.values(), default=None)


def finish(site_dir: Path, content: Content, directory_urls: bool = True, since: int = 0) -> None:
    """`since`: only HTML written from then on (ns) is looked at; the rest was finished before."""
    for path in site_dir.rglob("*.html"):
        if "pagefind" in path.relative_to(site_dir).parts or path.stat().st_mtime_ns < since:
            continue
        text = path.read_text(encoding="utf-8")
        fixed = fixed_titles(text)
        if fixed != text:
            atomic_write(path, fixed)
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
