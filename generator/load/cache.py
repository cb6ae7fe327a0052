# Results of reading files, kept between loads and reused while a file's stamp
# (size, modification and change time, inode) stays the same. `explainer build`
# checks the content and then MkDocs loads it again, and `explainer serve`
# reloads it after every save: both then parse only the files that changed.
# generator/persist.py keeps the entries on disk for the next build.
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Callable

_lock = threading.Lock()
_entries: dict[tuple, tuple[tuple[int, ...], Any]] = {}
_MAX = 100_000  # entries; far above any newsroom's file count, only a guard against unbounded growth


def cached(path: Path, key: tuple, compute: Callable[[], Any], st: os.stat_result | None = None) -> Any:
    """`compute()`'s result for `path` (plus `key`), recomputed when the file's stamp changes.
    `st`: the file's stat, if the caller has it already."""
    try:
        st = st or os.stat(path)
        # the change time too: a file put back with its old size and modification time (cp -p,
        # rsync, tar) still gets a new one
        stamp = (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)
    except OSError:
        return compute()
    full = (os.path.abspath(path),) + key  # the CLI passes content/ relative, the plugin absolute
    with _lock:
        hit = _entries.get(full)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    value = compute()
    with _lock:
        if len(_entries) >= _MAX:
            _entries.clear()
        _entries[full] = (stamp, value)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()


def entries() -> dict[tuple, tuple[tuple[int, ...], Any]]:
    with _lock:
        return dict(_entries)


def restore(kept: dict[tuple, tuple[tuple[int, ...], Any]]) -> None:
    """Put back entries kept from an earlier process; an entry whose file changed is simply not used."""
    with _lock:
        for key, entry in kept.items():
            _entries.setdefault(key, entry)
