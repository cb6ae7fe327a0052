# The last build's load and render, kept on disk between builds.
#
# A newsroom rebuilds after every change, and most changes touch a few files. The
# state of the last build (each file's parse and validation, the rendered pages and
# the records each page shows) is pickled into `.cache/explainer/` beside
# mkdocs.yml. The next build parses only the files whose stamp changed and renders
# only the pages those changes touch (render/incremental.py), as `explainer serve`
# does between saves; the checks across files still run every time. The state is
# tied to the generator's code and templates and to the versions of Python and the
# libraries: any change there, or a state that cannot be read, means a full build.
# `explainer build --no-cache` builds everything anew and leaves the state alone.
from __future__ import annotations

import hashlib
import logging
import pickle
import sys
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from . import collector
from .fsutil import atomic_file
from .load import cache
from .render.incremental import Preview

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

STATE = "state.pickle"
_restored: dict[Path, Preview] = {}  # folder -> its state, read once per process


def folder_for(config_file: str | Path) -> Path:
    return Path(config_file).resolve().parent / ".cache" / "explainer"


def restore(folder: Path) -> Preview:
    """The render of the last build kept in `folder` (its files' parses put back into the load
    cache), or an empty Preview: the next render is then a full one."""
    if folder in _restored:
        return _restored[folder]
    preview = Preview()
    with collector.paused():  # unpickling makes millions of objects and no cycles: the collector would only slow it
        try:
            with open(folder / STATE, "rb") as f:
                stamp, entries, state = pickle.load(f)
            if stamp == _code_stamp():
                cache.restore(entries)
                preview.restore(state)
            else:
                log.info("the generator or its libraries changed since the last build: rendering everything")
        except FileNotFoundError:
            pass
        except Exception as e:  # an unreadable state costs a full build, nothing else
            log.info("could not read the state of the last build in %s (%s): rendering everything", folder, e)
    # the state lives as long as the build: the collector need not walk its millions of objects
    # again each time the build makes new ones (0.3 s of render at 10,000 facts)
    collector.freeze()
    _restored[folder] = preview
    return preview


def save(folder: Path, preview: Preview) -> None:
    """Keep the state of this build; written whole, then renamed into place."""
    try:
        with atomic_file(folder / STATE, 0o600) as f:  # the project's own: nobody else reads it
            pickle.dump((_code_stamp(), cache.entries(), preview.state()), f, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:  # a read-only project, a full disk: the next build is a full one, nothing worse
        log.info("could not keep the state of this build in %s (%s)", folder, e)
    _restored.pop(folder, None)  # read again by the next build in this process: memory goes back now


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """What a rendered page depends on besides the content: this package's code and templates,
    and the versions of Python and of the libraries that parse, validate and render."""
    digest = hashlib.sha256(sys.version.encode())
    for name in ("pydantic", "pydantic-core", "PyYAML", "yaml-rs", "Jinja2", "MarkupSafe"):
        digest.update(f"{name}={version(name)};".encode())
    package = Path(__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".j2") and p.is_file()):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
