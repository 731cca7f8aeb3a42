"""A Dask cluster as an engine for `planner.parallel`: chunks of work run there as tasks.

The framework is sent to every worker once (scattered, broadcast) and each task gets it from
the worker's memory; chunks are submitted a few per worker at a time and their answers are
gathered in order, so a roster of millions streams through a cluster of any size. Dask is an
optional dependency (`pathplan[dask]`): it is imported here only, when a cluster is asked for.

Files a batch names (profiles, rosters) are read where the task runs: on a real cluster they
must be at the same path on every worker (a shared filesystem), or the query fails on its own.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from types import TracebackType
from typing import Any

from pathplan.errors import ClusterError, MissingExtraError
from pathplan.model import Framework
from pathplan.planner.parallel import Work

__all__ = ["Cluster"]


class Cluster:
    """The Dask cluster whose scheduler is at `address` (tcp://HOST:PORT), as an engine.

    Use it as a context manager: it connects on entry and disconnects on exit. Raises
    MissingExtraError when dask.distributed is not installed and ClusterError when the
    scheduler cannot be reached within `timeout` seconds.
    """

    def __init__(self, address: str, framework: Framework, timeout: float = 30) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise MissingExtraError("the Dask engine", "dask") from None
        try:
            self._client: Any = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise ClusterError(address, str(e) or type(e).__name__) from None
        workers = self._client.scheduler_info().get("workers", {})
        self.workers = max(1, sum(w.get("nthreads", 1) for w in workers.values()))
        self._framework = self._client.scatter(framework, broadcast=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._client.close()

    def map(self, work: Work, chunks: Iterable[Any]) -> Iterator[Any]:
        """Each chunk's answer in order, with at most four chunks per worker thread in flight."""
        window: deque[Any] = deque()
        source = iter(chunks)

        def submit(chunk: Any) -> None:
            window.append(self._client.submit(work, self._framework, chunk, pure=False))

        for chunk in islice(source, 4 * self.workers):
            submit(chunk)
        while window:
            done = window.popleft().result()
            for chunk in islice(source, 1):
                submit(chunk)
            yield done
