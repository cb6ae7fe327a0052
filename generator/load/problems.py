# What went wrong in the editors' files, and where. Every check in `load`
# reports `Problem`s instead of raising, so that one run shows all of them.
from __future__ import annotations

from dataclasses import dataclass
import os
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class ContentError(Exception):
    """Raised by `load_content` when the content has one or more problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as an editor would type it: relative to the working directory if possible."""
    # resolve and compare the folder once, not every file (~0.1 ms each, x 10,000 files); a linked file shows where it is linked
    for rel, child in _relative_folder(os.path.abspath(path.parent), os.getcwd(), None if root is None else str(root)):
        if rel is not None:  # as str(rel / path.name), without making a Path per file
            return rel if not path.name else path.name if rel == "." else os.path.join(rel, path.name)
        if child == path.name:  # the path is the base folder itself
            return "."
    return str(path)


@lru_cache(maxsize=256)
def _relative_folder(folder: str, *bases: str | None) -> tuple[tuple[str | None, str | None], ...]:
    """For each base in turn: `folder` (resolved) relative to it, or None if outside it; and the
    base's name if the base lies directly in `folder`, i.e. is a path there."""
    resolved = _resolved(folder)
    out = []
    for base in bases:
        if base is None:
            continue
        resolved_base = _resolved(os.path.abspath(base))
        try:
            rel = str(resolved.relative_to(resolved_base))
        except ValueError:
            rel = None
        out.append((rel, resolved_base.name if resolved_base.parent == resolved else None))
    return tuple(out)


@lru_cache(maxsize=256)
def _resolved(base: str) -> Path:
    return Path(base).resolve()
