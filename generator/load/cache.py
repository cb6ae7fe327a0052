# Results of reading files, kept between loads in one process and reused while
# a file's size and modification time stay the same. `explainer build` checks
# the content and then MkDocs loads it again, and `explainer serve` reloads it
# after every save: both then parse only the files that changed.
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Callable

_lock = threading.Lock()
_entries: dict[tuple, tuple[tuple[int, int], Any]] = {}
_MAX = 100_000  # entries; far above any newsroom's file count, only a guard against unbounded growth


def cached(path: Path, key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`'s result for `path` (plus `key`), recomputed when the file's size or mtime changes."""
    try:
        st = os.stat(path)
        stamp = (st.st_mtime_ns, st.st_size)
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
