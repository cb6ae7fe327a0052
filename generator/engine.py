# The engine step for engines other than MkDocs with this project's plugin: the exported folder
# (export.py) is built by the engine's own command, in a process of its own, strictly; what the
# plugin would have done in the HTML is then done by postbuild.py. Nothing of the engine is
# imported here: an engine that is missing or fails is a BuildError with its last lines.
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .render.parallel import parent_death_signal

# engine -> its command line to build the folder of `config` into `site`; no --quiet: it drops the
# warnings before strict mode counts them, and a broken link would pass
ENGINES = {
    "properdocs": lambda exe, config, site: [exe, "build", "--strict", "-f", str(config), "-d", str(site)],
}
# ... and to rebuild into `site` (a copy of the last site) only the pages whose Markdown is newer
# than their HTML. Strict mode would count the engine's own notice about dirty builds as a warning,
# so the warnings are counted here instead (`run`), that notice left out.
DIRTY = {
    "properdocs": lambda exe, config, site: [exe, "build", "--dirty", "--no-strict", "-f", str(config), "-d", str(site)],
}
DIRTY_NOTICE = "A 'dirty' build is being performed"
TIMEOUT = 1800  # s


class EngineError(Exception):
    pass


def executable(engine: str) -> str:
    """The engine's command, from this Python's environment first (the venv), else from PATH."""
    beside = Path(sys.executable).parent / engine
    found = str(beside) if beside.is_file() else shutil.which(engine)
    if found is None:
        raise EngineError(f"the engine {engine!r} is not installed; `pip install {engine}` (make setup installs it)")
    return found


def run(engine: str, config: Path, site: Path, dirty: bool = False) -> None:
    command = (DIRTY if dirty else ENGINES)[engine](executable(engine), config, site)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                              preexec_fn=parent_death_signal())  # a killed build leaves no engine behind
    except (OSError, subprocess.TimeoutExpired) as e:
        raise EngineError(f"could not run {engine} ({e})") from None
    output = (done.stderr or done.stdout).strip().splitlines()
    warnings = [line for line in output if line.startswith("WARNING") and DIRTY_NOTICE not in line] if dirty else []
    if done.returncode != 0 or warnings:
        lines = (warnings or output)[-8:] or [f"exit code {done.returncode}"]
        raise EngineError(f"{engine} could not build the site:\n" + "\n".join(lines))
