# The site's search index: Pagefind, run over the built HTML after every build.
#
# Pagefind splits the index into small chunks, so a reader's browser fetches only
# what one query needs (a few hundred KB even at 10,000 facts), and it stems
# German because Material writes <html lang="de">. It runs on the folder MkDocs
# just built, so `explainer build` (staging folder), `mkdocs build` and
# `mkdocs serve` all get the same index.
from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

# Only the article is indexed; permalink marks and source footnotes (evidence passages
# quoted from articles) would bury the page a reader looks for under pages that cite it.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE = ".headerlink, .footnote, .footnote-ref, .md-source-file"


class SearchIndexError(Exception):
    pass


def index_site(site_dir: Path) -> None:
    """Write the Pagefind bundle into `site_dir/pagefind/`; SearchIndexError if Pagefind fails."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", "**/index.html",
               "--root-selector", ROOT_SELECTOR, "--exclude-selectors", EXCLUDE, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SearchIndexError(f"could not run Pagefind ({e}); is `pagefind[extended]` installed (make setup)?") from None
    if done.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").exists():
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("Pagefind could not index the site: " + " | ".join(detail))
    for line in (done.stdout + done.stderr).strip().splitlines():
        log.debug("pagefind: %s", line)
