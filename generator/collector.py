# Python's cycle collector, paused while the generator makes many objects and few reference cycles.
#
# Every 700 allocations of container objects start a collection, and the older generations walk
# everything alive: the content loaded (about a million objects per 10,000 facts), and, while
# rendering, the views and caches the render keeps. Loading makes no cycles to collect (reference
# counting frees all it drops); rendering makes a few thousand per 10,000 facts. In a fresh process
# a load took 5% fewer instructions without the collector; a render at 10,000 facts 2% fewer, but
# 15-20% less time: the walks miss the processor's cache (docs/performance.md).
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

_frozen = False  # whether freeze() froze objects that thaw() has not thawed yet


def freeze() -> None:
    """Every object alive now out of the collector's sight (gc.freeze), until thaw(): for what lives
    as long as a build (its content, a restored state), which collections would walk again and again."""
    global _frozen
    gc.freeze()
    _frozen = True


def thaw() -> None:
    """Back into the collector's sight: all that freeze() and paused() froze."""
    global _frozen
    gc.unfreeze()
    _frozen = False


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside; the collector switched back on after, as it was.

    What was made inside and is still alive is then moved out of the young generation: else the
    first allocation after the collector is back walks all of it at once (0.17-0.20 s after a
    load at 10,000 facts, a fifth of it). With nothing frozen, it goes to the oldest generation
    (frozen and thawed at once, nothing stays frozen). If the caller froze objects with freeze()
    (the loaded content during a build, a restored state), it is frozen with them and thawed with
    them. A flag tells, not gc.get_freeze_count(): that walks every frozen object (10-40 ms at
    10,000 facts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()  # every tracked object into the permanent generation, the young count reset
        if not _frozen:
            gc.unfreeze()  # and back into the oldest one
        if enabled:
            gc.enable()
