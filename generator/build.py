# Building the site in three steps, atomically: export (export.py) writes the site's source into a
# folder kept between builds, the engine (engine/) builds it into a staging folder next to the
# old site, then Pagefind indexes it (index/); the pages and the index are checked and the
# staging folder swapped in only when every step succeeded, so a failed or killed build never
# leaves a half-published site behind. The output folder must be one the build owns; one at a time.
from __future__ import annotations

import errno
import gc
import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from . import collector
from .fsutil import atomic_write, clean_stale, folder_lock, libc, swap_in
from .engine.staging import output_of

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
    from the last build's render and keep this one's for the next (persist.py). `engine`: which
    engine builds the exported folder (engine.py), from `content` if it was just checked (else it
    is loaded from `content_dir`)."""
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
    from . import persist
    from .engine import EngineError
    from .export import ExportError
    from .load import ContentError
    from .index import SearchIndexError, index_site

    folder = persist.folder_for(config_file) / f"export-{engine}"  # kept: the next export writes only what changed
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    except OSError as e:
        raise BuildError(_os_message(e)) from None
    try:
        with folder_lock(folder):  # builds into other folders wait: they share the export
            pages, dirty, keep = _exported_build(engine, config_file, content_dir, folder, staging, site_dir, keep_state, content)
            if len(pages) >= FREE_FROM_PAGES:  # the build's memory goes back before Pagefind starts
                # after an edit without a pass of the cycle collector: it would walk the whole content
                _free_memory(collect=not dirty)
            _complete(staging, pages, engine)
            index_site(staging, last_site=site_dir, meanwhile=keep)
            _verify(staging)
            (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
            readable(staging)
            swap_in(staging, site_dir, detach=True)  # the old site is removed after the command has returned
            atomic_write(folder / LAST_BUILD, _identity(site_dir))  # what the next build may start from
    except (SearchIndexError, EngineError, ExportError, ContentError) as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(e)) from None
    except OSError as e:  # a full disk, a read-only folder: the staging folder goes, the old site stays
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(_os_message(e)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _exported_build(engine: str, config_file: Path, content_dir: Path, folder: Path, staging: Path, site_dir: Path,
                    keep_state: bool, content=None) -> tuple[list[str], bool, Callable[[], None] | None]:
    """Export into `folder` -> the engine's build -> the sitemap's dates. After an edit, the engine
    starts from a copy of the last site it built and rebuilds only the pages whose exported Markdown
    changed (the export writes only those). Returns the exported pages, whether only those were built,
    and, after such a build, what keeps this build's state on disk (for the caller to run while
    Pagefind works on the other core; a whole site's build keeps it before its engine needs the memory)."""
    from . import persist
    from .engine import rebuilds_dirty, run
    from .export import export
    from .load import load_content
    from .engine.postbuild import finish
    from .engine.staging import Staging, theme_folders

    content = content if content is not None else load_content(content_dir)
    # the content lives as long as the build: the cycle collector need not walk its million objects
    # each time the build makes new ones, nor touch the pages forked workers share
    collector.freeze()
    copy = None
    try:
        state = persist.folder_for(config_file)
        # `keep_state` off (--no-cache): a build from nothing, also for the engine
        last = keep_state and rebuilds_dirty(engine) and _last_built(folder, site_dir)
        (folder / LAST_BUILD).unlink(missing_ok=True)  # until this build is in place: a killed export is never "the last"
        # the last build's render: only pages that show a changed record are rendered
        preview = persist.restore(state) if keep_state else None
        pages = preview.render(content) if preview else None
        copy = Staging(site_dir, staging) if last else None  # (after the render: it forks only with no thread running)
        files, changed = export(content, config_file, folder, pages)
        sources = [f[5:] for f in files if f.startswith("docs/") and f.endswith(".md")]
        # the settings and the theme as the last site was built with: only pages changed
        dirty = copy is not None and not [c for c in changed if c == "mkdocs.yml" or c.startswith(("overrides/", "hooks/"))]
        keep = None
        if preview is not None and dirty:  # a small build: the state can wait for Pagefind's run
            keep = _KeepLater(state, preview)
        elif preview is not None:  # kept on disk and let go before the engine needs the memory
            persist.save(state, preview)
        del preview, pages
        if dirty:
            copy.fill(folder / "docs", sources, changed, theme_folders(folder))
            for gone in (c for c in changed if c.startswith("docs/") and c not in files):
                (staging / output_of(gone.removeprefix("docs/"))).unlink(missing_ok=True)
        elif copy is not None:
            copy.cancel()
            _empty(staging)
        copy = None
        if not dirty and len(sources) >= FREE_FROM_PAGES:  # the render's memory goes back before the engine forks
            _free_memory()
        run(engine, folder / "mkdocs.yml", staging, dirty=dirty, cache=state if keep_state else None)
        finish(staging, content)
        return sources, dirty, keep
    finally:
        if copy is not None:  # the build failed while the folders were being made
            copy.cancel()
        collector.thaw()  # what this build, restoring the state, loading and rendering froze


class _KeepLater:
    """Keeps this build's state on disk when called (while Pagefind runs), then lets it go: held
    through Pagefind's run, it and Pagefind together passed 800 MB at 10,000 facts."""

    def __init__(self, state: Path, preview) -> None:
        self._args = (state, preview)

    def __call__(self) -> None:
        from . import persist

        state, preview = self._args
        self._args = None
        persist.save(state, preview)
        del preview
        _free_memory(collect=False)


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


LAST_BUILD = ".last-build"  # in the export folder: which site was built from it last


def _last_built(folder: Path, site_dir: Path) -> bool:
    """Whether `site_dir` is still the site the last build from `folder` put there."""
    try:
        return (folder / LAST_BUILD).read_text(encoding="utf-8") == _identity(site_dir)
    except OSError:
        return False


def _identity(site_dir: Path) -> str:
    """The site now in `site_dir`: its folder's inode number alone may be reused by a later build's
    folder (another engine's), so the time its marker was written (each build writes it) goes with it.
    Its modification time, not its change time: a hard link to the marker (a backup of the site made
    with links) changes the latter, which would cost the next build its dirty start."""
    return f"{site_dir}\n{os.stat(site_dir).st_ino}\n{os.stat(site_dir / MARKER).st_mtime_ns}\n"


def _complete(staging: Path, pages: list[str], engine: str) -> None:
    """Every page the content makes has its HTML: an engine that reports success on a site it did
    not finish (one that ignores plugins builds only the free pages) must not replace the last one."""
    missing = sorted(p for p in pages if not (out := staging / output_of(p)).is_file() or out.stat().st_size == 0)
    if missing:
        shown = ", ".join(output_of(p) for p in missing[:3])
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


# Below this many pages the memory is not worth handing back: a pass of the cycle collector over
# everything the build imported took 35-55 ms of a 1.2 s build at 100 facts.
FREE_FROM_PAGES = 1000


def _free_memory(collect: bool = True) -> None:
    """Hand the build's memory back to the system before Pagefind starts, and the render's before
    the engine forks its worker, which would share (and count) every page of it: at 10,000 facts
    the processes together held 805 MB at the peak without, 640-740 MB with (docs/performance.md).
    `collect`: run the cycle collector first (after an edit, only the trim: 0.03 s)."""
    if collect:
        gc.collect()
    trim = getattr(libc(), "malloc_trim", None)
    if trim is not None:  # glibc: return freed heap pages, not only keep them for reuse
        trim(0)
