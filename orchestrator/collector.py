"""The cyclic garbage collector, paused where it would only walk objects that live on.

Importing pydantic and building the state models creates some 40,000 objects that live
as long as the process, and the collector walks them again and again while they are
made: about 5% of `sprint status`'s time on a big board, which is nearly all start-up.
Start-up creates no garbage cycles worth finding, so the collector waits until a
command is known. A short read-only answer (a
state view, a consult) finishes without it; any other command gets it back with the
start-up's objects frozen, so that its passes skip them from then on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def pause() -> None:
    gc.disable()


def resume() -> None:
    """The collector back on, ignoring what exists now (start-up's modules and classes)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block and then as it was: for work that makes many
    objects and frees them by reference counting (building or decoding an index), where a
    pass over the growing heap finds nothing to free."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
