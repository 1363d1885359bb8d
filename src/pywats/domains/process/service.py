"""Process service (wats-api.md §2.8): processes with a local cache, repair configurations.

Reports name their operation by process code, and converters and station scripts check codes
and names many times; the service therefore keeps the process list in memory. The first
lookup loads it, :meth:`AsyncProcessService.refresh` reloads it, and an optional maximum age
makes lookups reload a list that has grown old. The internal endpoints (detailed processes,
repair configurations) are always asked directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from uuid import UUID

import anyio

from pywats.core.errors import ErrorMode
from pywats.domains.analytics.models import ProcessInfo
from pywats.domains.process.cache import ProcessCatalog, check_max_age, needs_reload
from pywats.domains.process.models import ProcessDetail, ProcessKind, RepairOperationConfig
from pywats.domains.process.repository import AsyncProcessRepository

__all__ = ["AsyncProcessService"]

_REFRESH_HINT = "if it was added on the server since the list was loaded, call refresh()"


class AsyncProcessService:
    """Processes (test, repair, WIP operations) with a local cache (§2.8).

    Args:
        repository: The HTTP calls.
        max_age_s: Age after which a lookup reloads the cached list; ``None`` keeps it until
            :meth:`refresh`. Change it later with :meth:`set_max_age`.
        clock: Monotonic clock in seconds (tests pass a fake one).
    """

    def __init__(
        self,
        repository: AsyncProcessRepository,
        *,
        max_age_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._repository = repository
        self._max_age_s = check_max_age(max_age_s)
        self._clock = clock
        self._catalog: ProcessCatalog | None = None
        self._load_lock = anyio.Lock()

    # -- cache ------------------------------------------------------------------------------

    async def refresh(self) -> list[ProcessInfo]:
        """Load the process list from the server and replace the cached one.

        ``get_processes`` is the same method: it always asks the server. Every kind of process
        is loaded (test, repair and WIP operations); inactive ones as the server decides.

        Returns:
            The processes, in the server's order.

        Raises:
            PyWATSError: The server could not be asked (the previous list stays cached).
        """
        async with self._load_lock:
            return list(await self._load())

    get_processes = refresh

    async def set_max_age(self, max_age_s: float | None) -> None:
        """Set how old the cached list may get before a lookup reloads it.

        Args:
            max_age_s: Seconds (``0`` reloads on every lookup), or ``None`` to keep the list
                until :meth:`refresh`.

        Raises:
            ValueError: ``max_age_s`` is negative, NaN or infinite.
        """
        self._max_age_s = check_max_age(max_age_s)

    async def list_processes(self, *, kind: ProcessKind | None = None) -> list[ProcessInfo]:
        """The cached processes (loaded on first use), all or only one kind.

        Args:
            kind: ``ProcessKind.TEST``, ``REPAIR`` or ``WIP``; ``None`` for every process.
        """
        catalog = await self._current()
        return catalog.of_kind(kind)

    async def get_process_by_code(self, code: int) -> ProcessInfo | None:
        """The process with this code, from the cache.

        Args:
            code: Process code, e.g. ``100``.

        Returns:
            The process; ``None`` in LENIENT mode when no process has this code.

        Raises:
            UnknownProcessError: No process has this code (a NotFoundError; the message lists
                the known processes).
        """
        catalog = await self._current()
        process = catalog.by_code(code)
        if process is None:
            message = (
                f"process code {code} is not defined on the server; known processes: "
                f"{catalog.describe_known()}; {_REFRESH_HINT}"
            )
            self._missing("get_process_by_code", message)
        return process

    async def get_process_by_name(self, name: str) -> ProcessInfo | None:
        """The process with this name (exact, else ignoring case), from the cache.

        Args:
            name: Process name, e.g. ``"End of line test"``.

        Returns:
            The process; ``None`` in LENIENT mode when no process has this name.

        Raises:
            UnknownProcessError: No process has this name (a NotFoundError; the message lists
                the known processes).
        """
        catalog = await self._current()
        process = catalog.by_name(name)
        if process is None:
            message = (
                f"process name {name!r} is not defined on the server; known processes: "
                f"{catalog.describe_known()}; {_REFRESH_HINT}"
            )
            self._missing("get_process_by_name", message)
        return process

    async def is_test_operation(self, code: int) -> bool:
        """Whether the process with this code is a test operation (from the cache).

        Raises:
            NotFoundError: No process has this code (in LENIENT mode the answer is ``False``).
        """
        return await self._is_kind(code, ProcessKind.TEST)

    async def is_repair_operation(self, code: int) -> bool:
        """Whether the process with this code is a repair operation (from the cache).

        Raises:
            NotFoundError: No process has this code (in LENIENT mode the answer is ``False``).
        """
        return await self._is_kind(code, ProcessKind.REPAIR)

    async def is_wip_operation(self, code: int) -> bool:
        """Whether the process with this code is a WIP operation (from the cache).

        Raises:
            NotFoundError: No process has this code (in LENIENT mode the answer is ``False``).
        """
        return await self._is_kind(code, ProcessKind.WIP)

    # -- internal API (never cached) ---------------------------------------------------------

    async def get_processes_detailed(self) -> list[ProcessDetail]:
        """Every process with its GUID and properties (internal API, PascalCase)."""
        return await self._repository.get_processes_detailed()

    async def get_process(self, process_id: str | int | UUID) -> ProcessDetail | None:
        """One process from the internal API.

        Args:
            process_id: The process GUID (``ProcessID``); the emulator also accepts the code.

        Returns:
            The process; ``None`` in LENIENT mode when it does not exist.

        Raises:
            NotFoundError: No such process.
        """
        return await self._repository.get_process(process_id)

    async def get_repair_operations(self) -> dict[str, RepairOperationConfig]:
        """Repair configurations (fail-code trees), keyed by process code string (``"500"``)."""
        return await self._repository.get_repair_operations()

    async def get_repair_operation(
        self, operation_id: str | int | UUID, *, process_code: int | None = None
    ) -> RepairOperationConfig | None:
        """One repair configuration.

        Args:
            operation_id: Id of the repair operation (its process GUID, or its code).
            process_code: Process code to send as ``processCode`` (optional).

        Returns:
            The configuration; ``None`` in LENIENT mode when it does not exist.

        Raises:
            NotFoundError: No such repair operation.
            ValidationError: The server rejected the combination of id and process code.
        """
        return await self._repository.get_repair_operation(operation_id, process_code=process_code)

    # -- helpers ------------------------------------------------------------------------------

    async def _load(self) -> tuple[ProcessInfo, ...]:
        processes = await self._repository.get_processes(
            include_test_operations=True,
            include_repair_operations=True,
            include_wip_operations=True,
        )
        self._catalog = ProcessCatalog.build(processes, self._clock())
        return self._catalog.processes

    async def _current(self) -> ProcessCatalog:
        """The cached list, loaded first if missing or too old (one load for many waiters)."""
        if not needs_reload(self._catalog, self._clock(), self._max_age_s):
            assert self._catalog is not None
            return self._catalog
        async with self._load_lock:
            # Another task may have loaded it while this one waited for the lock.
            if needs_reload(self._catalog, self._clock(), self._max_age_s):
                await self._load()
            assert self._catalog is not None
            return self._catalog

    def _missing(self, operation: str, message: str) -> None:
        """Raise the "not found" error, except in LENIENT mode (the caller returns ``None``)."""
        if self._repository.error_mode is not ErrorMode.LENIENT:
            raise self._repository.lookup_error(operation, message)

    async def _is_kind(self, code: int, kind: ProcessKind) -> bool:
        process = await self.get_process_by_code(code)
        return process is not None and kind.matches(process)
