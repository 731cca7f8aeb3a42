"""What every reader of large inputs shares: the size limit and the garbage-collector pause.

Kept apart from the YAML loader so that code which only reads a cached framework does not pay
for importing PyYAML.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

MAX_FILE_BYTES = 256 * 1024 * 1024


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the garbage collector: it makes large loads super-linear (PERFORMANCE.md).

    A load makes millions of objects and almost no cycles; with the collector running, every
    few thousand allocations it rescans all of them. Rosters of thousands of people are the same.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
