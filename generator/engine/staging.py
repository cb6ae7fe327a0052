# The folder an engine's dirty build starts from: the last site, without its search index, in a
# new folder beside it. A page the engine will not write again is hard-linked: its Markdown is
# unchanged and older than its HTML, which is the engine's own test (`File.is_modified`) for
# leaving a page alone. Everything else (changed pages, assets, sitemap, 404) is copied with its
# times, so what the engine writes in place never reaches the live site. Where links fail
# (another file system), files are copied.
#
# Making the folders (one per page: 3,582 at 10,000 facts) is the kernel's work, about a second;
# it starts in a thread while the content is exported, and the files follow once the export has
# said which pages changed.
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

SKIPPED = ("pagefind",)  # made anew by every build


class Staging:
    def __init__(self, site_dir: Path, staging: Path) -> None:
        self._site, self._staging = str(site_dir), str(staging)
        self._files: list[tuple[str, str]] = []  # (in the last site, in the staging folder)
        self._error: OSError | None = None
        self._stop = False
        self._thread = threading.Thread(target=self._folders, name="staging", daemon=True)
        self._thread.start()

    def _folders(self) -> None:
        try:
            self._walk(self._site, self._staging, top=True)
        except OSError as e:
            self._error = e

    def _walk(self, src: str, dst: str, top: bool = False) -> None:
        if self._stop:
            return
        with os.scandir(src) as entries:
            for entry in entries:
                target = os.path.join(dst, entry.name)
                if entry.is_symlink():
                    os.symlink(os.readlink(entry.path), target)
                elif entry.is_dir():
                    if not (top and entry.name in SKIPPED):
                        os.mkdir(target)
                        self._walk(entry.path, target)
                else:
                    self._files.append((entry.path, target))

    def fill(self, docs: Path, pages: list[str], changed: list[str]) -> None:
        """Link or copy the last site's files, once the export (into `docs`, its `pages`) is done."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        changed_set = set(changed)
        kept = {os.path.join(self._site, output_of(rel)): os.path.join(docs, rel) for rel in pages
                if f"docs/{rel}" not in changed_set}
        for src, dst in self._files:
            source = kept.get(src)
            if source is not None:
                try:
                    if os.stat(source).st_mtime < os.stat(src).st_mtime:
                        os.link(src, dst)
                        continue
                except OSError:
                    pass
            shutil.copy2(src, dst)

    def cancel(self) -> None:
        """Stop making folders (the build will not use them); returns once the thread has ended."""
        self._stop = True
        self._thread.join()


def output_of(source: str) -> str:
    """Where a file of the exported docs/ lands in the site (pages in a folder of their own)."""
    if not source.endswith(".md"):
        return source
    stem = source[:-3]
    return stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html"
