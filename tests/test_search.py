# The search index (generator/index/__init__.py): every page but 404.html, German stemming, only the
# article; a Pagefind that fails or hangs ends the build with a clear message, never a traceback or a
# wait; the background indexing of `serve` can be cancelled (the serve tests run it for real).
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import index
from generator.build import BuildError, build_site
from generator.index import BackgroundIndex, SiteSearch
from test_site import built  # noqa: F401  (module fixture: the built site)


def indexed(bundle: Path) -> dict[str, str]:
    """Address -> indexed text of every page in a Pagefind bundle (from its fragment files)."""
    pages = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data["content"]
    return pages


def site_pages(site: Path) -> set[str]:
    return {"/" + "".join(f"{part}/" for part in page.relative_to(site).parent.parts) for page in site.rglob("index.html")
            if "pagefind" not in page.parts}


def fake_pagefind(folder: Path, script: str) -> str:
    """A stand-in for the Pagefind binary (PAGEFIND_BINARY_PATH); it writes its process id to folder/pids."""
    path = folder / "fake-pagefind"
    path.write_text(f'#!/bin/sh\necho $$ >> "{folder}/pids"\n{script}\n', encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_index_covers_every_page_but_404_in_german_and_only_the_article(built: Path) -> None:
    site = built / "site"
    pages = indexed(site / "pagefind")
    assert set(pages) == site_pages(site) and len(pages) > 40
    assert not any("404" in url for url in pages)
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]  # detected from <html lang="de">: German stemming
    # no permalink marks, no footnotes with their quoted evidence
    story = pages["/geschichten/ukraine-russland-verhandlungen-juli-2025/"]
    assert "Link zu diesem Abschnitt" not in story and "Zurück zum Text" not in story


@pytest.mark.browser
def test_built_index_finds_inflected_words_and_never_the_404_page(built: Path, browser, serve_site) -> None:
    server = serve_site(built / "site")
    page = browser.new_page()
    try:
        page.goto(server.url)
        found = page.evaluate("""async queries => {
            const pagefind = await import('./pagefind/pagefind.js');
            const out = {};
            for (const q of queries) {
                const search = await pagefind.search(q);
                out[q] = await Promise.all(search.results.map(r => r.data().then(d => d.url)));
            }
            return out;
        }""", ["Waffenruhen", "Verhandlung", "Sanktion", "Unter dieser Adresse gibt es keine Seite"])
    finally:
        page.close()
    assert "/glossar/waffenruhe/" in found["Waffenruhen"][:3]
    assert "/glossar/direkte-verhandlungen/" in found["Verhandlung"]
    assert "/glossar/sanktionen/" in found["Sanktion"][:3]
    assert not any("404" in url for urls in found.values() for url in urls)


# MkDocs logs a plugin's error and then aborts with "Aborted with a BuildError!"

def test_pagefind_that_ends_at_once_fails_the_build_clearly(project: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exit 3"))
    with pytest.raises(BuildError, match="Pagefind could not index the site: exit code 3"):
        build_site(project / "mkdocs.yml", project / "site", project / "content")
    assert not (project / "site").exists()


def test_pagefind_that_never_answers_times_out_and_is_stopped(project: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exec sleep 60"))
    monkeypatch.setattr(index, "TIMEOUT", 1)
    started = time.monotonic()
    with pytest.raises(BuildError) as failed:
        build_site(project / "mkdocs.yml", project / "site", project / "content")
    assert "could not run Pagefind" in str(failed.value) and "timed out after 1 second" in str(failed.value)
    assert time.monotonic() - started < 30
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert pids and all(gone(pid) for pid in pids)


def test_the_explainer_command_reports_a_failing_pagefind_in_one_line(project: Path, tmp_path: Path) -> None:
    env = os.environ | {"PAGEFIND_BINARY_PATH": fake_pagefind(tmp_path, "exit 3")}
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "build failed:" in done.stderr and "Pagefind could not index the site: exit code 3" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_callers_work_runs_while_pagefind_indexes(built: Path, tmp_path: Path, monkeypatch) -> None:
    """`meanwhile` (a build keeping its state) is done while Pagefind runs, and the bundle is as without it."""
    site = tmp_path / "site"
    shutil.copytree(built / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    real = index._executable()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, f'sleep 1; exec "{real}" "$@"'))
    seen = []

    def meanwhile() -> None:
        deadline = time.monotonic() + 10  # Pagefind started: its stand-in writes its pid, then waits a second
        while not (tmp_path / "pids").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(not gone(int((tmp_path / "pids").read_text().split()[0])))

    index.index_site(site, meanwhile=meanwhile)
    assert seen == [True]
    assert indexed(site / "pagefind") == indexed(built / "site/pagefind")


def test_an_interrupted_callers_work_stops_pagefind(built: Path, tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(built / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exec sleep 60"))

    def meanwhile() -> None:
        deadline = time.monotonic() + 10
        while not (tmp_path / "pids").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        index.index_site(site, meanwhile=meanwhile)
    assert time.monotonic() - started < 15
    assert all(gone(int(pid)) for pid in (tmp_path / "pids").read_text().split())


def test_a_cancelled_background_indexing_ends_pagefind_and_keeps_the_bundle(built: Path, tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    before = sorted(p.name for p in (site / "pagefind/fragment").iterdir())
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", fake_pagefind(tmp_path, "exec sleep 60"))  # never done
    job = BackgroundIndex(site)
    deadline = time.monotonic() + 10
    while not (tmp_path / "pids").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    job.cancel()
    assert time.monotonic() - started < 5 and not job.running()
    assert all(gone(int(pid)) for pid in (tmp_path / "pids").read_text().split())
    assert sorted(p.name for p in (site / "pagefind/fragment").iterdir()) == before
    assert not list(site.glob(".pagefind-new-*"))


def test_serve_indexes_in_the_background_only_after_its_first_build(built: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    search = SiteSearch()
    search.startup("serve", True)
    search.post_build(site)  # the first build: the preview starts with its search
    assert (site / "pagefind/pagefind.js").is_file()
    shutil.rmtree(site / "pagefind")
    search.post_build(site)  # a rebuild: returns before Pagefind is done
    assert search._background is not None
    search.pre_build()  # the next rebuild cancels it
    assert search._background is None
    search.shutdown()
    search.post_build(site)  # a later build in the same process (MkDocs keeps the plugin) indexes at once
    assert (site / "pagefind/pagefind.js").is_file()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["Waffenruhen", "Verhandlung", "Selensky"])
def test_one_query_typed_into_the_search_box_downloads_at_most_300_kb(built: Path, browser, serve_site, query: str) -> None:
    """Everything under pagefind/ a fresh reader's browser fetches for one query typed letter by letter
    (a search per letter), up to the first ten results with their excerpts; issue 15's limit."""
    server = serve_site(built / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url, wait_until="load")
        server.served.clear()
        page.locator("input[data-ex-search-input]").click()
        page.locator("input[data-ex-search-input]").type(query, delay=30)
        page.wait_for_function("q => document.querySelector('[data-ex-search-meta]').textContent.includes('Treffer')"
                               " && document.querySelector('[data-ex-search-input]').value === q", arg=query, timeout=10000)
        page.wait_for_timeout(300)  # the last excerpts
        shown = page.locator("[data-ex-search-results] .ex-search__title").count()
    finally:
        context.close()
    fetched = [(path, size) for path, size in server.served if "/pagefind/" in path]
    assert shown > 0 and any("pf_fragment" in path for path, _ in fetched)
    print(f"{query}: {sum(size for _, size in fetched) / 1024:.0f} KB in {len(fetched)} files")
    assert sum(size for _, size in fetched) <= 300 * 1024, sorted(fetched, key=lambda f: -f[1])[:5]
