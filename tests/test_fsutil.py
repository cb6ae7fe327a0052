# generator/fsutil.py: a file is replaced whole or not at all, a folder is swapped in one step,
# and one holder per folder owns its lock (a second waits until the first lets go).
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator.fsutil import atomic_file, atomic_write, clean_stale, folder_lock, read_whole, swap_in


@pytest.mark.parametrize("size", [0, 1, 65_535, 65_536, 65_537, 3 * 1024 * 1024 + 7])
def test_read_whole_gives_every_byte(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    (tmp_path / "f").write_bytes(data)
    assert read_whole(tmp_path / "f") == data


def test_read_whole_raises_what_open_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_whole(tmp_path / "missing")
    with pytest.raises(IsADirectoryError):
        read_whole(tmp_path)


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "state.bin"
    atomic_write(path, b"old")
    os.chmod(path, 0o640)
    with pytest.raises(RuntimeError):
        with atomic_file(path) as f:
            f.write(b"half")
            raise RuntimeError("disk full")
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["state.bin"]
    atomic_write(path, "neu")
    assert path.read_text() == "neu" and path.stat().st_mode & 0o777 == 0o640  # its permissions kept


def test_swap_in_replaces_the_folder_whole(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site/a").write_text("alt")
    (tmp_path / ".site-new-1").mkdir()
    (tmp_path / ".site-new-1/b").write_text("neu")
    swap_in(tmp_path / ".site-new-1", tmp_path / "site")
    assert sorted(os.listdir(tmp_path / "site")) == ["b"] and not (tmp_path / ".site-new-1").exists()


def test_swap_in_can_leave_the_old_folder_to_a_process_of_its_own(tmp_path: Path) -> None:
    """The old site (thousands of files at newsroom scale) is removed after the swap has returned,
    by a process that outlives the build; the new site is in place at once."""
    (tmp_path / "site/sub").mkdir(parents=True)
    for i in range(200):
        (tmp_path / f"site/sub/{i}.html").write_text("alt")
    (tmp_path / ".site-new-1").mkdir()
    (tmp_path / ".site-new-1/b").write_text("neu")
    swap_in(tmp_path / ".site-new-1", tmp_path / "site", detach=True)
    assert os.listdir(tmp_path / "site") == ["b"]
    deadline = time.monotonic() + 10
    while len(os.listdir(tmp_path)) > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.listdir(tmp_path) == ["site"]


def test_the_lock_has_one_holder_and_stale_folders_go_under_it(tmp_path: Path) -> None:
    site, order, waited = tmp_path / "site", [], []
    (tmp_path / ".site-new-killed").mkdir()

    def second() -> None:
        with folder_lock(site, waited.append):
            order.append("second")
    with folder_lock(site):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)
        order.append("first")  # the second is still waiting
        clean_stale(site)
    thread.join(5)
    assert order == ["first", "second"] and waited == [str(os.getpid())]
    assert not (tmp_path / ".site-new-killed").exists()


def test_stale_folders_are_out_of_the_way_at_once_and_removed_by_another_process(tmp_path: Path) -> None:
    """A build right after another does not wait for the last site's removal (clean_stale)."""
    site = tmp_path / "site"
    for name in (".site-new-killed", ".site-old-1-2"):
        for i in range(200):
            (tmp_path / name / str(i)).mkdir(parents=True)
            (tmp_path / name / str(i) / "index.html").write_text("x", encoding="utf-8")
    clean_stale(site)
    assert not (tmp_path / ".site-new-killed").exists()  # renamed away before clean_stale returned
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".site-*")) == []
