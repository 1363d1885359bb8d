"""The blocking bridge: run async pyWATS code from ordinary (threaded) Python.

One :class:`SyncPortal` owns one background thread running one event loop (an anyio
blocking portal). Every sync call is scheduled onto that loop and the calling thread waits
for the result. Consequences, by design:

- one connection pool and one set of async objects, created and used on one loop, so a
  ``pyWATS`` shared by many threads never hits "bound to a different event loop";
- works from a thread that is itself running an event loop (no ``asyncio.run`` per call);
- the cost per call is a thread hand-off (microseconds), not a new loop.

The only thing that cannot work is calling the portal from its own loop thread (it would
wait for itself); that raises ``RuntimeError`` instead of deadlocking.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from types import TracebackType
from typing import ParamSpec, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

__all__ = ["SyncPortal"]

P = ParamSpec("P")
T = TypeVar("T")


class SyncPortal:
    """A background event-loop thread that runs coroutine functions for blocking callers.

    Example:
        >>> import anyio.lowlevel
        >>> async def add(a: int, b: int) -> int:
        ...     await anyio.lowlevel.checkpoint()
        ...     return a + b
        >>> with SyncPortal() as portal:
        ...     portal.call(add, 1, b=2)
        3
    """

    def __init__(self, *, name: str = "pywats-portal") -> None:
        self._lock = threading.Lock()
        self._closed = False
        self._cm: AbstractContextManager[BlockingPortal] = start_blocking_portal(
            "asyncio", name=name
        )
        self._portal = self._cm.__enter__()
        self._loop_thread_id = self._portal.call(threading.get_ident)

    def __repr__(self) -> str:
        return f"SyncPortal(closed={self._closed})"

    def __enter__(self) -> SyncPortal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def in_loop_thread(self) -> bool:
        """Whether the current thread is the portal's own loop thread."""
        return threading.get_ident() == self._loop_thread_id

    def call(self, func: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``await func(*args, **kwargs)`` on the portal loop and return its result.

        Exceptions propagate to the caller unchanged. If the waiting thread is interrupted
        (e.g. Ctrl+C), the task on the loop is cancelled too.
        """
        if self._closed:
            raise RuntimeError("this pyWATS client is closed")
        if self.in_loop_thread:
            raise RuntimeError(
                "a sync pyWATS call was made from its own event loop thread; "
                "use the async client (AsyncWATS) from async code running on that loop"
            )
        future = self._portal.start_task_soon(functools.partial(func, *args, **kwargs))
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    def close(self) -> None:
        """Stop the loop and join its thread (idempotent); calls in flight finish first."""
        with self._lock:
            if self._closed:
                return
            if self.in_loop_thread:
                raise RuntimeError("the portal cannot be closed from its own loop thread")
            self._closed = True
        self._cm.__exit__(None, None, None)
