# The folder an engine's dirty build starts from: the last site, without its search index, in a
# new folder beside it. A file the engine will not write again is hard-linked: a page whose
# Markdown is unchanged and older than its HTML, a feed or an asset whose every possible source
# (in docs/, the overrides, the theme's folders) is older than it, which is the engine's own test
# (`File.is_modified`) for leaving a file alone. Everything else (changed pages and files, the
# sitemap, 404, what has no source) is copied with its times, so what the engine writes in place
# never reaches the live site. Where links fail (another file system), files are copied. (A new
# file costs this machine's file system about half a millisecond, a link a hundredth of that.)
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
TEMPLATES = ("404.html", "sitemap.xml", "sitemap.xml.gz")  # written by the engine on every build


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

    def fill(self, docs: Path, pages: list[str], changed: list[str], themes: list[Path]) -> None:
        """Link or copy the last site's files, once the export (into `docs`, its `pages`) is done.
        `themes`: the folders the engine takes the theme's files from."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        changed_set = set(changed)
        kept = {os.path.join(self._site, output_of(rel)): [os.path.join(docs, rel)] for rel in pages
                if f"docs/{rel}" not in changed_set}
        page_outputs = {os.path.join(self._site, output_of(rel)) for rel in pages}
        top = len(self._site) + 1
        for src, dst in self._files:
            sources = kept.get(src)
            if sources is None and src not in page_outputs:
                rel = src[top:]
                if rel not in TEMPLATES:
                    sources = [found for folder in (docs, *themes) if os.path.isfile(found := os.path.join(folder, rel))]
            if sources and _older(sources, src):
                try:
                    os.link(src, dst)
                    continue
                except OSError:
                    pass
            shutil.copy2(src, dst)

    def cancel(self) -> None:
        """Stop making folders (the build will not use them); returns once the thread has ended."""
        self._stop = True
        self._thread.join()


def _older(sources: list[str], built: str) -> bool:
    try:
        made = os.stat(built).st_mtime
        return all(os.stat(source).st_mtime < made for source in sources)
    except OSError:
        return False


def theme_folders(export: Path) -> list[Path]:
    """Where MkDocs and ProperDocs may take a theme file from: the exported overrides, Material's
    package and the engines' own templates (every one that exists: a link needs all to be older)."""
    import importlib.util

    folders = [export / "overrides"]
    for package, sub in (("material", "templates"), ("mkdocs", "templates"), ("properdocs", "templates")):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            folders += [Path(location) / sub for location in spec.submodule_search_locations]
    return [folder for folder in folders if folder.is_dir()]


def output_of(source: str) -> str:
    """Where a file of the exported docs/ lands in the site (pages in a folder of their own)."""
    if not source.endswith(".md"):
        return source
    stem = source[:-3]
    return stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html"
