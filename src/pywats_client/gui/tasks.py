"""Starting coroutines from Qt slots on the qasync loop, without losing them or their errors.

asyncio keeps only weak references to tasks, so a task started from a button click could be
garbage-collected mid-flight; :func:`spawn` holds a strong reference until it ends and logs an
exception nobody awaited (controllers catch the errors they show to the user themselves).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["cancel_all", "running_tasks", "spawn"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

_tasks: set[asyncio.Task[Any]] = set()


def _done(task: asyncio.Task[Any]) -> None:
    _tasks.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        logger.error("GUI task %s failed", task.get_name(), exc_info=exc)


def spawn(coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """Schedule ``coro`` on the running loop and keep it alive until it finishes."""
    task = asyncio.get_running_loop().create_task(coro)
    _tasks.add(task)
    task.add_done_callback(_done)
    return task


def running_tasks() -> int:
    """How many spawned tasks have not finished (tests wait for 0)."""
    return len(_tasks)


async def cancel_all() -> None:
    """Cancel every spawned task and wait for them (window close, test teardown)."""
    tasks = [task for task in _tasks if not task.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
