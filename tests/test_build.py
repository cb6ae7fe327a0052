# The published site is never half-built: a failed or killed `explainer build`
# leaves the previous site/ byte for byte as it was, and two builds of the same
# content are identical. Builds run as subprocesses, as an editor runs them.
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project, snapshot

EXPLAINER = [sys.executable, "-m", "generator.cli"]


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([*EXPLAINER, *args], cwd=project, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the project, built once; tests restore whatever they change."""
    root = tmp_path_factory.mktemp("atomic")
    copy_project(root)
    result = run(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def staging_left(project: Path) -> list[str]:
    return sorted(p.name for p in project.glob(".site-*"))


def test_the_command_says_what_it_did_before_it_ends(built: Path) -> None:
    """The console script ends its process without the interpreter's teardown (cli.run): what it
    printed still reaches a pipe, and its exit code is the command's."""
    script = [str(Path(sys.executable).parent / "explainer")]
    checked = subprocess.run([*script, "check"], cwd=built, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and checked.stdout.strip() == "content: all content is valid."
    rebuilt = run(built, "build", "-d", "site")
    assert rebuilt.returncode == 0 and rebuilt.stdout.strip() == "Site built in site/", rebuilt.stderr
    refused = subprocess.run([*script, "build", "-d", "content"], cwd=built, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "refusing to build into" in refused.stderr


def test_invalid_content_leaves_the_site_untouched(built: Path) -> None:
    before = snapshot(built / "site")
    actor = built / "content/actors/ukraine.yml"
    good = actor.read_bytes()
    actor.write_bytes(good.replace(b"kind: state", b"kind: state\nkind: person"))
    try:
        result = run(built, "build")
    finally:
        actor.write_bytes(good)
    assert result.returncode == 1
    assert "content/actors/ukraine.yml:" in result.stderr and "duplicate key 'kind'" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(built / "site") == before
    assert staging_left(built) == []


def test_failure_inside_mkdocs_leaves_the_site_untouched(built: Path) -> None:
    """The content is valid, but MkDocs' strict build fails later (a broken link on a free page)."""
    before = snapshot(built / "site")
    page = built / "content/pages/kaputt.md"
    page.write_text("# Kaputt\n\n[Link ins Leere](gibt-es-nicht.md)\n", encoding="utf-8")
    try:
        result = run(built, "build")
    finally:
        page.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "gibt-es-nicht.md" in result.stderr and "unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(built / "site") == before
    assert staging_left(built) == []


def test_build_killed_midway_leaves_the_site_untouched(built: Path) -> None:
    before = snapshot(built / "site")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen([*EXPLAINER, "build"], cwd=built, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed_with: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        # MkDocs is writing pages into the staging folder: kill it right there
        written = [p for s in built.glob(".site-new-*") for p in s.rglob("index.html")]
        if len(written) >= 3:
            proc.send_signal(signal.SIGKILL)
            killed_with = [str(p) for p in written]
            break
        time.sleep(0.005)
    proc.wait(timeout=30)
    assert killed_with, "the build finished before it could be killed midway"
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(built / "site") == before
    # the half-built staging folder is left behind, and the next build clears it away
    left = staging_left(built)
    assert left
    result = run(built, "build")
    assert result.returncode == 0, result.stderr
    assert not set(left) & set(staging_left(built))
    deadline = time.monotonic() + 30  # the replaced site is removed by a process the build does not wait for
    while staging_left(built) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert staging_left(built) == []


def test_two_builds_are_identical(built: Path) -> None:
    result = run(built, "build", "-d", "site-again")
    assert result.returncode == 0, result.stderr
    try:
        first, second = snapshot(built / "site"), snapshot(built / "site-again")
        assert first.keys() == second.keys()
        assert [name for name in first if first[name] != second[name]] == []
    finally:
        shutil.rmtree(built / "site-again")


def test_sitemap_dates_come_from_the_content_not_the_build_day(built: Path) -> None:
    sitemap = (built / "site/sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates == {"2025-07-19"}  # the story's "Stand" (as_of); the build runs on another day


def test_site_is_readable_by_any_user_whatever_the_umask(built: Path) -> None:
    """Folders 0755 and files 0644: the staging folder is made 0700 (mkdtemp), and a web server running as
    another user, or `rsync -a` to a host, must be able to read the site."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([*EXPLAINER, "build", "-d", "site-umask"], cwd=built, capture_output=True, text=True, timeout=120,
                            env=env, preexec_fn=lambda: os.umask(0o077))
    assert result.returncode == 0, result.stderr
    site = built / "site-umask"
    modes = {str(p.relative_to(site)): p.stat().st_mode & 0o777 for p in [site, *site.rglob("*")]}
    assert {m for p, m in modes.items() if (site / p).is_dir()} == {0o755}
    assert {m for p, m in modes.items() if (site / p).is_file()} == {0o644}
    assert len(modes) > 50
    shutil.rmtree(site)
