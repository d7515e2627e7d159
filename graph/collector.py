"""Pausing Python's cyclic garbage collector around stages that make millions of objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector, and restore it as it was (also on error).

    The records, quads and page data hold no reference cycles, and each automatic
    collection walks every live object: on a 10,000-article corpus the collector took
    more time than the work. Reference counting still frees everything as usual.
    Free the big structures made inside before leaving (``del``): once the collector runs
    again, the first allocation walks every object made while it was paused.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def running_gc() -> Iterator[None]:
    """Run the cyclic collector inside, even where a caller paused it (restored after).

    For stages that do make cycles (spaCy's docs) called from a paused one.
    """
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()
