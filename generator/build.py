# Building the site atomically: the new site is built next to the old one (by MkDocs with the
# plugin, or by another engine over the exported folder), its search index and its pages checked,
# and swapped in only when the whole build succeeded, so a failed or killed build never leaves a
# half-published site behind. The output folder must be one the build owns; one build at a time.
from __future__ import annotations

import errno
import gc
import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .fsutil import atomic_write, clean_stale, folder_lock, libc, swap_in

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


# Written into every site this generator builds: a folder that holds it may be replaced by a build.
MARKER = ".explainer-site"
_MARKER_TEXT = "Built by explainer (`explainer build`); the next build replaces this whole folder.\n"


class BuildError(Exception):
    pass


class UnsafeTarget(BuildError):
    """The output folder is one the build does not own: nothing was done."""


def build_site(config_file: Path, site_dir: Path, content_dir: Path | None = None, keep_state: bool = True,
               engine: str = "mkdocs", content=None) -> None:
    """Build strictly into a fresh folder beside `site_dir`, then swap it in. `keep_state`: start
    from the last build's render and keep this one's for the next (persist.py). `engine`: MkDocs
    with this project's plugin, or another engine over the exported folder (engine.py), from
    `content` if it was just checked (else it is loaded again)."""
    if content_dir is not None:
        os.environ["EXPLAINER_CONTENT"] = str(content_dir.resolve())
    site_dir = site_dir.resolve()
    check_target(site_dir, config_file, content_dir)
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BuildError(_os_message(e)) from None
    with build_lock(site_dir):
        clean_stale(site_dir)  # under the lock: a staging folder now is a killed build's, never a running one's
        check_target(site_dir, config_file, content_dir)  # again: the build we waited for may have made it
        _build_locked(config_file, site_dir, keep_state, engine, content_dir or config_file.parent / "content", content)


def _build_locked(config_file: Path, site_dir: Path, keep_state: bool, engine: str, content_dir: Path, content=None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .search_index import SearchIndexError, index_site

    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    except OSError as e:
        raise BuildError(_os_message(e)) from None
    from .engine import EngineError
    from .export import ExportError
    from .load import ContentError

    try:
        if engine != "mkdocs":
            pages = _exported_build(engine, config_file, content_dir, staging, site_dir, keep_state, content)
            _complete(staging, pages, engine)
            index_site(staging, last_site=site_dir)
            _verify(staging)
            (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
            readable(staging)
            swap_in(staging, site_dir)
            from . import persist  # what the next build may start from

            atomic_write(persist.folder_for(config_file) / f"export-{engine}" / LAST_BUILD, f"{site_dir}\n{os.stat(site_dir).st_ino}\n")
            return
        config = load_config(str(config_file), site_dir=str(staging), strict=True)
        plugin = config.plugins.get("explainer")
        if plugin is not None:
            plugin.search.after_build, plugin.keep_state, plugin.one_shot = True, keep_state, True
        try:
            build(config)
        finally:
            gc.unfreeze()  # what the build froze for its own time (plugin.py, persist.py) is collected again
            if plugin is not None:  # MkDocs keeps the instance for later builds in this process
                plugin.search.after_build, plugin.content, plugin.keep_state, plugin.one_shot = False, None, False, False
        if plugin is not None:
            pages = list(plugin.generated) + _sources(Path(config.docs_dir))
            del config, plugin
            _free_memory()
            _complete(staging, pages, engine)
            index_site(staging, last_site=site_dir)
        _verify(staging)
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    except (MkDocsException, SystemExit) as e:  # mkdocs' Abort is a ClickException (a MkDocsException)
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(getattr(e, "message", e)) or "MkDocs build failed") from None
    except (SearchIndexError, EngineError, ExportError, ContentError) as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(e)) from None
    except OSError as e:  # a full disk, a read-only folder: the staging folder goes, the old site stays
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(_os_message(e)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        readable(staging)
        swap_in(staging, site_dir)
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(_os_message(e)) from None


def _exported_build(engine: str, config_file: Path, content_dir: Path, staging: Path, site_dir: Path, keep_state: bool,
                    content=None) -> list[str]:
    """Export -> the engine's own build -> what the plugin would have done in the HTML. After an
    edit, the engine starts from a copy of the last site it built and rebuilds only the pages
    whose exported Markdown changed (the export writes only those). Returns the exported pages."""
    from . import persist
    from .engine import DIRTY, run
    from .export import export
    from .load import load_content
    from .postbuild import finish

    content = content if content is not None else load_content(content_dir)
    state = persist.folder_for(config_file)
    folder = state / f"export-{engine}"  # kept: the next export writes only what changed
    last = _last_built(folder, site_dir)
    # the last build's render (as the plugin's build): only pages that show a changed record are rendered
    preview = persist.restore(state) if keep_state else None
    try:
        _, changed = export(content, config_file, folder, preview.render(content) if preview else None)
        (folder / LAST_BUILD).unlink(missing_ok=True)  # until this build is in place
        dirty = engine in DIRTY and last and not [c for c in changed if c == "mkdocs.yml" or c.startswith("overrides/")]
        if dirty:  # the settings and the theme are as the last site was built with: only pages changed
            _stage_from(site_dir, staging, folder / "docs", changed)
            for gone in (c for c in changed if c.startswith("docs/") and not (folder / c).exists()):
                _output_of(staging, gone.removeprefix("docs/")).unlink(missing_ok=True)
        started = time.time_ns() - 2_000_000_000  # a margin for file systems with coarse times
        run(engine, folder / "mkdocs.yml", staging, dirty=bool(dirty))
        finish(staging, content, since=started if dirty else 0)
        if preview is not None:
            persist.save(state, preview)
        return _sources(folder / "docs")
    finally:
        gc.unfreeze()  # what restoring the state froze


LAST_BUILD = ".last-build"  # in the export folder: which site was built from it last


def _last_built(folder: Path, site_dir: Path) -> bool:
    """Whether `site_dir` is still the site the last build from `folder` put there."""
    try:
        return (folder / LAST_BUILD).read_text(encoding="utf-8") == f"{site_dir}\n{os.stat(site_dir).st_ino}\n"
    except OSError:
        return False


def _stage_from(site_dir: Path, staging: Path, docs: Path, changed: list[str]) -> None:
    """The last site as the engine's dirty build starts from, without its search index. A page the
    engine will not write again is hard-linked: its Markdown is unchanged and older than its HTML,
    which is the engine's own test (`File.is_modified`) for leaving a page alone. Everything else
    (changed pages, assets, sitemap, 404) is copied with its times, so what the engine writes in
    place never reaches the live site. Where links fail (another file system), everything is copied."""
    changed_set = set(changed)
    kept = {str(_output_of(site_dir, rel)): docs / rel for rel in _sources(docs) if f"docs/{rel}" not in changed_set}

    def link_or_copy(src: str, dst: str) -> str:
        source = kept.get(src)
        if source is not None:
            try:
                if os.path.getmtime(source) < os.path.getmtime(src):
                    os.link(src, dst)
                    return dst
            except OSError:
                pass
        return shutil.copy2(src, dst)

    shutil.copytree(site_dir, staging, symlinks=True, dirs_exist_ok=True, copy_function=link_or_copy,
                    ignore=lambda d, names: ["pagefind"] if Path(d) == site_dir else [])


def _output_of(site: Path, source: str) -> Path:
    """Where a file of the exported docs/ lands in the site (pages in a folder of their own)."""
    if not source.endswith(".md"):
        return site / source
    stem = source[:-3]
    return site / (stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html")


def _sources(docs: Path) -> list[str]:
    """The Markdown pages of a docs folder, relative to it."""
    return [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")] if docs.is_dir() else []


def _complete(staging: Path, pages: list[str], engine: str) -> None:
    """Every page the content makes has its HTML: an engine that reports success on a site it did
    not finish (one that ignores plugins builds only the free pages) must not replace the last one."""
    missing = sorted(p for p in pages if not (out := _output_of(staging, p)).is_file() or out.stat().st_size == 0)
    if missing:
        shown = ", ".join(_output_of(Path(), p).as_posix() for p in missing[:3])
        raise BuildError(f"{engine} reported success, but {len(missing)} of {len(pages)} pages are missing or empty "
                         f"(e.g. {shown}); nothing was published")


def _os_message(e: OSError) -> str:
    target = e.filename2 or e.filename  # a copy that fails names its source first, then its target
    where = f" {target}" if target else ""
    hint = {errno.ENOSPC: "free some disk space and build again", errno.EDQUOT: "free some disk space and build again",
            errno.EACCES: "check the folder's permissions", errno.EPERM: "check the folder's permissions",
            errno.EROFS: "the folder is read-only: build into another one with -d"}.get(e.errno or 0, "")
    return f"could not write{where}: {e.strerror or e}" + (f"; {hint}" if hint else "")


def _verify(staging: Path) -> None:
    """What every site has: a build that lacks it must not replace the last good one."""
    for name in ("index.html", "404.html", "sitemap.xml"):
        path = staging / name
        if not path.is_file() or path.stat().st_size == 0:
            raise BuildError(f"the built site lacks {name} (or it is empty); nothing was published")


def check_target(site_dir: Path, config_file: Path, content_dir: Path | None, marker: str = MARKER) -> None:
    """Refuse an output folder the build does not own: the whole folder is replaced by the new site."""
    project = config_file.resolve().parent
    content = (content_dir or project / "content").resolve()
    kept = {"the project folder": project, "the content folder": content, "seeds/": project / "seeds",
            "theme_overrides/": project / "theme_overrides", ".git/": project / ".git", ".cache/": project / ".cache"}
    for what, folder in kept.items():
        if site_dir == folder or folder.is_relative_to(site_dir):
            raise UnsafeTarget(f"refusing to build into {site_dir}: it is or contains {what}, which the build would replace; "
                             "choose a new folder, e.g. -d site")
        if what != "the project folder" and site_dir.is_relative_to(folder):
            raise UnsafeTarget(f"refusing to build into {site_dir}: it lies inside {what}; choose a folder outside it, e.g. -d site")
    if site_dir.is_symlink() or (site_dir.exists() and not site_dir.is_dir()):
        raise UnsafeTarget(f"refusing to build into {site_dir}: it is not a folder; choose a new folder, e.g. -d site")
    if site_dir.is_dir() and not _is_ours(site_dir, marker):
        raise UnsafeTarget(f"refusing to build into {site_dir}: it holds files that explainer did not write ({marker} "
                           "is missing), and they would be replaced; empty it, or choose a new folder")


def _is_ours(folder: Path, marker: str) -> bool:
    try:
        if (folder / marker).is_file() or not any(folder.iterdir()):
            return True
    except OSError:
        return False
    # a site built before sites were marked: its sitemap and search index
    return marker == MARKER and (folder / "sitemap.xml").is_file() and (folder / "pagefind" / "pagefind.js").is_file()


@contextmanager
def build_lock(site_dir: Path):
    """One build per output folder at a time: a second one says so and waits for the first."""
    def waiting(pid: str) -> None:
        log.warning("another build into %s is running (process %s); waiting for it to finish", site_dir, pid)
    try:
        with folder_lock(site_dir, waiting):
            yield
    except OSError as e:  # the lock file cannot be made (a read-only folder); the build's own errors are BuildErrors
        raise BuildError(_os_message(e)) from None


def readable(folder: Path) -> None:
    """Folders 0755, files 0644, whatever the umask: mkdtemp makes the staging folder 0700, and a web
    server running as another user, or `rsync -a` to a host, must be able to read the site."""
    os.chmod(folder, 0o755)
    for parent, dirs, files in os.walk(folder):
        for names, mode in ((dirs, 0o755), (files, 0o644)):
            for name in names:
                if not os.path.islink(path := os.path.join(parent, name)):  # a link's mode is its target's
                    os.chmod(path, mode)


def _free_memory() -> None:
    """Hand the finished build's memory back to the system before Pagefind starts (at 10,000
    facts both would otherwise hold about half a gigabyte at the same time)."""
    gc.collect()
    trim = getattr(libc(), "malloc_trim", None)
    if trim is not None:  # glibc: return freed heap pages, not only keep them for reuse
        trim(0)
