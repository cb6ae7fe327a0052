# Handing each page of a full build to Pagefind as soon as MkDocs has rendered it, through a feeder
# process: MkDocs' process only writes the page's bytes into a pipe (about 30 µs a page), while the
# feeder (on the second core, beside Pagefind) does the Python work of Pagefind's service protocol,
# about 1.1 ms a page measured. In a thread of MkDocs' own process that work took the lock every
# Python thread shares and cost the build more than indexing the finished folder afterwards.
#
# On the feeder's stdin: frames of a 4-byte big-endian length and that many bytes, alternately a
# page's path in the site and its HTML (UTF-8); an empty path ends the input. The feeder then writes
# the bundle into the folder named on its command line and exits with 0; on any problem it writes
# one line to stderr and exits with 1.
from __future__ import annotations

import asyncio
import fcntl
import os
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import search_index
from .search_index import SearchIndexError, open_index, within, write_bundle


PIPE_BYTES = 1 << 20


def _frame(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


class PageStream:
    """The build's end of the feeder: `add` each page, then `finish` (or `close` to give up)."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.pages = 0
        self._errors = tempfile.TemporaryFile()  # not a pipe: nobody reads it before the end
        limits = [str(t) for t in (search_index.START_TIMEOUT, search_index.SLOT_TIMEOUT, search_index.FINISH_TIMEOUT)]
        self._proc = subprocess.Popen([sys.executable, "-m", "generator.search_feed", str(output), *limits],
                                      stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._errors)
        self._fd = self._proc.stdin.fileno()
        os.set_blocking(self._fd, False)  # a full pipe must not stall the build for ever
        try:  # room for some 30 pages instead of 2, so a moment the feeder waits for a core does not stall the build
            fcntl.fcntl(self._fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (AttributeError, OSError):  # not Linux, or above the system's limit: the default pipe works too
            pass

    def add(self, html: str, dest_uri: str) -> None:
        # the bytes MkDocs writes into the file (utils.write_file)
        self._send(_frame(dest_uri.encode()) + _frame(html.encode("utf-8", errors="xmlcharrefreplace")))
        self.pages += 1

    def finish(self) -> None:
        """Wait until the bundle is written into `output`; SearchIndexError if it is not."""
        try:
            self._send(_frame(b""))
            self._proc.stdin.close()
            try:
                code = self._proc.wait(search_index.FINISH_TIMEOUT + 30)  # the feeder's own limit comes first
            except subprocess.TimeoutExpired:
                raise SearchIndexError(f"Pagefind did not finish within {search_index.FINISH_TIMEOUT} s") from None
            if code != 0 or not (self.output / "pagefind.js").is_file():
                raise self._failure()
        finally:
            self.close()

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()  # Pagefind, its child, then sees its stdin close and ends too
            self._proc.wait()
        if not self._proc.stdin.closed:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
        self._errors.close()

    def _send(self, data: bytes) -> None:
        view = memoryview(data)
        deadline = time.monotonic() + search_index.SLOT_TIMEOUT
        while view:
            try:
                view = view[os.write(self._fd, view):]
            except BlockingIOError:
                if not select.select([], [self._fd], [], max(0.0, deadline - time.monotonic()))[1]:
                    raise SearchIndexError(f"Pagefind took no page within {search_index.SLOT_TIMEOUT} s") from None
            except BrokenPipeError:  # the feeder has ended: it said why
                self._proc.wait()
                raise self._failure() from None

    def _failure(self) -> SearchIndexError:
        self._errors.seek(0)
        said = self._errors.read().decode("utf-8", "replace").strip().splitlines()
        return SearchIndexError(said[-1] if said else f"Pagefind's feeder ended with code {self._proc.poll()}")


# --- the feeder process ------------------------------------------------------------

async def _feed(output: Path, start: float, slot: float, finish: float) -> int:
    loop = asyncio.get_running_loop()
    source = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(source), sys.stdin.buffer)

    async def frame() -> bytes:
        size = int.from_bytes(await source.readexactly(4), "big")
        return await source.readexactly(size)

    service, index = await open_index(start)
    try:
        pages = 0
        while path := (await frame()).decode():
            html = (await frame()).decode()
            # One page at a time, in MkDocs' order: Pagefind numbers the pages in the order they come,
            # and two builds must be identical. Pagefind makes the address from the path.
            await within(slot, f"indexing {path}", index.add_html_file(content=html, source_path=path))
            pages += 1
        output.mkdir(exist_ok=True)
        await write_bundle(index, output, finish)
        return pages
    finally:
        await service.stop()


def main(argv: list[str]) -> int:
    try:
        asyncio.run(_feed(Path(argv[0]), *map(float, argv[1:4])))
    except SearchIndexError as e:
        print(e, file=sys.stderr)
        return 1
    except asyncio.IncompleteReadError:
        print("Pagefind's feeder: the build stopped sending pages", file=sys.stderr)
        return 1
    except Exception as e:
        print(f"Pagefind could not index the site ({type(e).__name__}: {e})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
