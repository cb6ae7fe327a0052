# The last bundle's page fragments carried into the new one, so that Pagefind writes only the
# fragments of pages whose indexed text changed.
#
# Pagefind names each page's fragment after a hash of its content and does not write (nor compress)
# a hashed file that already exists in its output folder. Before it runs, the last bundle's fragments
# are hard-linked into the new bundle's folder; Pagefind then writes only the fragments it has no
# file for (after a one-term edit, a dozen of 3,571 at 10,000 facts: each new file costs this
# machine's file system about half a millisecond, and its compression more). The files it writes
# anew (pagefind.js, the entry, the metadata, the index chunks) are never linked, so the live
# bundle is never written into.
#
# Afterwards the metadata says which fragments the new index uses; the carried ones it does not
# use are removed, so the bundle holds exactly the files a run into an empty folder writes. A
# carried file is right only for the page it was written for: Pagefind names fragments by the
# first 7 hex digits of their hash, so a changed page could be given the name of a carried
# fragment and keep its old content. Each page's fragment is kept in FRAGMENTS (read from the
# fragments themselves); when a page that got no new fragment does not keep its own, the bundle
# is made again in an empty folder.
from __future__ import annotations

import gzip
import json
import os
import struct
import zlib
from pathlib import Path
from urllib.parse import unquote

from .reuse import read_pairs, write_pairs

FRAGMENTS = "explainer-fragments.txt"  # in the bundle: "<fragment file> <page address>" per line, sorted
_FOLDER = "fragment"
_PREFIX = b"pagefind_dcd"
_URL = _PREFIX + b'{"url":'
_JSON = json.JSONDecoder()


def read_fragments(bundle: Path) -> dict[str, str] | None:
    """Page address -> its fragment's file name, as kept beside the last bundle."""
    return read_pairs(bundle / FRAGMENTS)


def write_fragments(bundle: Path, fragments: dict[str, str]) -> None:
    write_pairs(bundle / FRAGMENTS, fragments)


def link_fragments(last: Path, bundle: Path) -> set[str]:
    """Hard-link the last bundle's fragments into `bundle`; their names (none where links fail)."""
    linked: set[str] = set()
    try:
        (bundle / _FOLDER).mkdir(parents=True, exist_ok=True)
        with os.scandir(last / _FOLDER) as entries:
            for entry in entries:
                os.link(entry.path, bundle / _FOLDER / entry.name)
                linked.add(entry.name)
    except OSError:  # another file system, a damaged last bundle: Pagefind writes what is missing
        pass
    return linked


def settle(bundle: Path, linked: set[str], last: dict[str, str], pages: set[str]) -> dict[str, str] | None:
    """After Pagefind wrote into `bundle` with `linked` fragments carried over (`last`: each page's
    fragment in the last bundle; `pages`: the addresses of the site's pages): remove the carried fragments the index does not use; each page's
    fragment, or None when a carried fragment may stand for the wrong page (the bundle must then
    be made anew)."""
    used = used_fragments(bundle)
    fresh = used - linked
    found = {fragment_url(bundle / _FOLDER / name): name for name in fresh}
    kept = {url: name for url, name in last.items() if url not in found and name in used and name in linked}
    fragments = found | kept
    if {unquote(url) for url in fragments} != pages or len(used) != len(pages) or set(fragments.values()) != used:
        return None
    for name in linked - used:
        os.unlink(bundle / _FOLDER / name)
    return fragments


def all_fragments(bundle: Path) -> dict[str, str]:
    """Each page's fragment in a bundle Pagefind wrote into an empty folder."""
    return {fragment_url(bundle / _FOLDER / name): name for name in used_fragments(bundle)}


def fragment_url(path: Path) -> str:
    """The page address a fragment is for. Its JSON starts with the address: only the start is
    unpacked (the whole page text would make this a second at 10,000 facts, not 0.2 s)."""
    data = path.read_bytes()
    head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 4096)
    if head.startswith(_URL):
        try:
            url, _ = _JSON.raw_decode(head[len(_URL):].decode("utf-8", "ignore"))
            if isinstance(url, str):
                return url
        except ValueError:
            pass
    return json.loads(gzip.decompress(data).removeprefix(_PREFIX))["url"]


def used_fragments(bundle: Path) -> set[str]:
    """The fragment files the bundle's metadata (every language's) names."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    used = set()
    for language in entry["languages"].values():
        meta = gzip.decompress((bundle / f"pagefind.{language['hash']}.pf_meta").read_bytes()).removeprefix(_PREFIX)
        pages = _cbor(meta, 0)[0][1]  # [version, pages: [[hash, word count], ...], index chunks, filters, sorts]
        used.update(f"{page[0]}.pf_fragment" for page in pages)
    return used


def _cbor(data: bytes, at: int):
    """(value, next offset) of the CBOR item at `at`: the kinds Pagefind's metadata uses."""
    head = data[at]
    kind, info = head >> 5, head & 31
    at += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[at:at + size], "big")
        if kind == 7:  # a float: not in the metadata's pages, but skipped correctly
            value = struct.unpack(">" + {2: "e", 4: "f", 8: "d"}[size], data[at:at + size])[0] if size > 1 else n
            return value, at + size
        at += size
    else:
        raise ValueError(f"unsupported CBOR item {head:#x}")
    if kind == 0:
        return n, at
    if kind == 1:
        return -1 - n, at
    if kind in (2, 3):
        raw = data[at:at + n]
        return (raw.decode("utf-8") if kind == 3 else raw), at + n
    if kind == 4:
        items = []
        for _ in range(n):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if kind == 5:
        mapping = {}
        for _ in range(n):
            key, at = _cbor(data, at)
            mapping[key], at = _cbor(data, at)
        return mapping, at
    if kind == 6:
        return _cbor(data, at)
    return n, at  # simple values
