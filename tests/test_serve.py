# Live preview: `explainer serve` (and `mkdocs serve`) rebuild when a YAML file
# under content/ changes; an invalid edit prints the problems and the last good
# site stays served; the fix brings the new page; nothing rebuilds by itself.
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pagefind.service import get_executable

from test_search import gone, indexed


BIN = Path(sys.executable).parent
ACTOR = "content/actors/ukraine.yml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    """A serve subprocess, its terminal output (in a file) and its address."""

    def __init__(self, project: Path, command: list[str], env: dict[str, str] | None = None):
        self.project = project
        self.port = free_port()
        self.log = project / "serve.log"
        env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"} | (env or {})
        self.proc = subprocess.Popen([*command, "-a", f"127.0.0.1:{self.port}"], cwd=project, env=env,
                                     stdout=self.log.open("wb"), stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as r:
                return r.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, what, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.output()
            if what():
                return
            time.sleep(0.2)
        raise AssertionError(f"timed out; terminal said:\n{self.output()}")

    def builds(self) -> int:
        return self.output().count("Building documentation")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def line_of(project: Path, start: str) -> int:
    lines = (project / ACTOR).read_text(encoding="utf-8").split("\n")
    return next(i for i, text in enumerate(lines, 1) if text.startswith(start))


def edit(project: Path, old: str, new: str) -> None:
    path = project / ACTOR
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("command", [[str(BIN / "explainer"), "serve"], [str(BIN / "mkdocs"), "serve"]], ids=["explainer", "mkdocs"])
def test_serve_rebuilds_keeps_last_good_site_and_recovers(project: Path, command: list[str]) -> None:
    preview = Preview(project, command)
    try:
        preview.wait_for(lambda: "Waffenruhe" in (preview.get("akteure/ukraine/") or ""))
        time.sleep(1.5)  # let the watcher settle before counting
        first = preview.builds()

        edit(project, "Wird seit", "Erste Änderung: Wird seit")
        preview.wait_for(lambda: "Erste Änderung" in (preview.get("akteure/ukraine/") or ""))

        edit(project, "kind: state", "kind: state\nkind: person")  # a duplicate key
        line = line_of(project, "kind: person")
        preview.wait_for(lambda: "duplicate key 'kind'" in preview.output())
        assert f"{ACTOR}:{line}:1: duplicate key 'kind'" in preview.output()
        assert "Traceback" not in preview.output()
        page = preview.get("akteure/ukraine/")
        assert page is not None and "Erste Änderung" in page  # the last good site is still served

        edit(project, "kind: state\nkind: person", "kind: state")
        edit(project, "Erste Änderung", "Zweite Änderung")
        preview.wait_for(lambda: "Zweite Änderung" in (preview.get("akteure/ukraine/") or ""))

        # Three edits (the fix may come as one or two saves), each with at most a second rebuild
        # for the pages that show the edited record: a handful of builds, then quiet.
        # Generated pages live in memory, so building never retriggers the watcher.
        time.sleep(3)
        settled = preview.builds()
        assert 3 <= settled - first <= 8, preview.output()
        time.sleep(3)
        assert preview.builds() == settled, "the site rebuilds by itself: the watcher sees the build's own writes"
    finally:
        preview.stop()
    assert "Traceback" not in preview.output()


def test_serve_with_another_content_folder_serves_and_watches_that_one(project: Path) -> None:
    """`--content DIR` reaches the plugin as its `content` option (no hidden channel): the preview
    shows DIR's facts, and a save in DIR is rebuilt."""
    import shutil

    shutil.copytree(project / "content", project / "andere")
    other = project / "andere" / ACTOR.removeprefix("content/")
    other.write_text(other.read_text(encoding="utf-8").replace("Wird seit", "Anderer Ordner: Wird seit", 1), encoding="utf-8")
    preview = Preview(project, [str(BIN / "explainer"), "serve", "--content", "andere"])
    try:
        preview.wait_for(lambda: "Anderer Ordner" in (preview.get("akteure/ukraine/") or ""))
        other.write_text(other.read_text(encoding="utf-8").replace("Anderer Ordner", "Gespeichert", 1), encoding="utf-8")
        preview.wait_for(lambda: "Gespeichert" in (preview.get("akteure/ukraine/") or ""))
    finally:
        preview.stop()
    assert "Traceback" not in preview.output()


def test_serve_waits_for_invalid_content_to_be_fixed(project: Path) -> None:
    good = (project / ACTOR).read_text(encoding="utf-8")
    (project / ACTOR).write_text(good.replace("name: Ukraine", "nmae: Ukraine"), encoding="utf-8")
    preview = Preview(project, [str(BIN / "explainer"), "serve"])
    try:
        preview.wait_for(lambda: "Waiting for the content to be fixed" in preview.output())
        assert f"{ACTOR}:{line_of(project, 'nmae:')}:1: unknown key 'nmae'; did you mean 'name'?" in preview.output()
        (project / ACTOR).write_text(good, encoding="utf-8")
        preview.wait_for(lambda: "Waffenruhe" in (preview.get("akteure/ukraine/") or ""))
    finally:
        preview.stop()
    assert "Traceback" not in preview.output()


def test_serve_shows_the_edited_page_first_then_every_page_that_shows_it(project: Path) -> None:
    term = project / "content/terms/waffenruhe.yml"
    story = "geschichten/ukraine-russland-verhandlungen-juli-2025/"
    preview = Preview(project, [str(BIN / "explainer"), "serve"])
    try:
        preview.wait_for(lambda: "Waffenruhe" in (preview.get("glossar/waffenruhe/") or ""))
        term.write_text(term.read_text(encoding="utf-8").replace("definition: Meist", "definition: Neuerdings meist"), encoding="utf-8")
        preview.wait_for(lambda: "Neuerdings meist" in (preview.get("glossar/waffenruhe/") or ""))
        # the tooltip of every link to the term, on the story page too, follows in a second rebuild
        preview.wait_for(lambda: "Neuerdings meist" in (preview.get(story) or ""))
        assert "content pages changed; " in preview.output() and "more follow at once" in preview.output()
    finally:
        preview.stop()
    assert "Traceback" not in preview.output()


def test_theme_listing_is_kept_between_rebuilds_until_the_overrides_change(project: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from generator import theme_files

    def listed() -> set[str]:
        config = load_config(str(project / "mkdocs.yml"))
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return {f.src_uri for f in files}

    theme_files.keep_listing()
    try:
        before = listed()
        assert "assets/explainer.css" in before and listed() == before
        (project / "theme_overrides/assets/neu.css").write_text("p {}", encoding="utf-8")
        assert listed() == before | {"assets/neu.css"}
    finally:
        theme_files.list_anew()
    assert Files.add_files_from_theme is theme_files._original


def test_serve_answers_at_once_and_the_search_catches_up_in_the_background(project: Path, tmp_path: Path) -> None:
    """After the first build, Pagefind indexes the preview's folder after each rebuild has returned: the
    changed page is served at once, the search follows. Here every Pagefind after the first starts 5 s
    late, so the order is certain; a newer rebuild replaces an indexing still running; stopping the
    server stops Pagefind."""
    tools = tmp_path / "tools"
    tools.mkdir()
    slow = tools / "pagefind"
    slow.write_text(f'#!/bin/sh\necho $$ >> "{tools}/pids"\n[ -e "{tools}/started" ] && sleep 5\n'
                    f'touch "{tools}/started"\nexec "{get_executable()}" "$@"\n', encoding="utf-8")
    slow.chmod(0o755)
    # MkDocs builds the preview into a temporary folder: made here, so the test can read the index
    temp = tmp_path / "temp"
    temp.mkdir()
    preview = Preview(project, [str(BIN / "explainer"), "serve"], env={"PAGEFIND_BINARY_PATH": str(slow), "TMPDIR": str(temp)})
    try:
        preview.wait_for(lambda: "Waffenruhe" in (preview.get("akteure/ukraine/") or ""))
        bundle = next(temp.glob("mkdocs_*")) / "pagefind"
        assert "/akteure/ukraine/" in indexed(bundle)  # the first build indexed before the preview started

        def ukraine() -> str:
            try:
                return indexed(bundle).get("/akteure/ukraine/", "")
            except FileNotFoundError:  # the bundle was swapped for a newer one while being read: read again
                return ""

        edit(project, "Wird seit", "Suchprobe eins: Wird seit")
        preview.wait_for(lambda: "Suchprobe eins" in (preview.get("akteure/ukraine/") or ""))
        assert "Suchprobe" not in ukraine(), "the rebuild waited for the search index"

        edit(project, "Suchprobe eins", "Suchprobe zwei")  # while the first indexing still waits to start
        preview.wait_for(lambda: "Suchprobe zwei" in (preview.get("akteure/ukraine/") or ""))
        preview.wait_for(lambda: "Suchprobe zwei" in ukraine())
        assert not any("Suchprobe eins" in text for text in indexed(bundle).values())
        time.sleep(1)
        assert preview.output().count("Search index updated") == 1, "the replaced indexing went on"
        assert not list(bundle.parent.glob(".pagefind-new-*"))

        edit(project, "Suchprobe zwei", "Suchprobe drei")
        preview.wait_for(lambda: "Suchprobe drei" in (preview.get("akteure/ukraine/") or ""))
    finally:
        preview.stop()  # while the last indexing runs
    pids = [int(pid) for pid in (tools / "pids").read_text().split()]
    deadline = time.monotonic() + 15
    while not all(gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(gone(pid) for pid in pids), "Pagefind outlived the server"
    assert "Traceback" not in preview.output()
