"""Serial number operations of the production service: take, look up, load, free, export."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pywats.domains.production._args import bodies_of, require_text, utc_param
from pywats.domains.production.repository import INTERNAL, AsyncProductionRepository
from pywats.domains.production.serial_numbers import (
    SerialNumber,
    SerialNumberFileFormat,
    SerialNumberRange,
    SerialNumberStatistics,
    SerialNumberType,
)

__all__ = ["SerialNumberOperations"]

BY_RANGE_PATH = "/api/Production/SerialNumbers/ByRange"
BY_REFERENCE_PATH = "/api/Production/SerialNumbers/ByReference"


def _address(value: str | int | None, name: str) -> str | int | None:
    if isinstance(value, bool) or not (value is None or isinstance(value, (str, int))):
        raise ValueError(f"{name} must be a serial number or an address, not {value!r}")
    return value


class SerialNumberOperations:
    """Serial numbers handed out by the server, unique per type for ever."""

    _repository: AsyncProductionRepository

    async def get_serial_number_types(self) -> list[SerialNumberType]:
        """The kinds of serial number the server hands out (name, format, regex...)."""
        return await self._repository.get_serial_number_types()

    async def allocate_serial_numbers(
        self,
        serial_number_type: str,
        quantity: int = 1,
        *,
        reference_serial_number: str | None = None,
        reference_part_number: str | None = None,
        station_name: str | None = None,
    ) -> list[str]:
        """Take new serial numbers of a type; no number is ever handed out twice.

        The call is not retried on a lost answer (it is a POST): retrying could take a second
        set. Numbers taken but not used stay taken.

        Args:
            serial_number_type: Type name, e.g. ``"SerialNumber"`` or ``"MACAddress"``.
            quantity: How many numbers (at least 1).
            reference_serial_number: Serial number of the unit they are for (``refSN``).
            reference_part_number: Part number of that unit (``refPN``).
            station_name: The station asking.

        Returns:
            The numbers, in order.

        Raises:
            NotFoundError: Unknown type (the message lists the known ones).
            ConflictError: Not enough free numbers left.
        """
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ValueError(f"quantity must be a whole number >= 1, got {quantity!r}")
        params = {
            "serialNumberType": require_text(serial_number_type, "serial_number_type"),
            "quantity": quantity,
            "refSN": reference_serial_number,
            "refPN": reference_part_number,
            "stationName": station_name,
        }
        return await self._repository.take_serial_numbers(params)

    take_serial_numbers = allocate_serial_numbers

    async def get_serial_numbers_by_range(
        self, type_name: str, from_serial_number: str | int, to_serial_number: str | int
    ) -> list[SerialNumber]:
        """Taken numbers of a type between two numbers (serial numbers or addresses)."""
        params = {
            "typeName": require_text(type_name, "type_name"),
            "from": _address(from_serial_number, "from_serial_number"),
            "to": _address(to_serial_number, "to_serial_number"),
        }
        return await self._repository.get_serial_numbers(
            BY_RANGE_PATH, "get_serial_numbers_by_range", params
        )

    async def get_serial_numbers_by_reference(
        self,
        type_name: str,
        *,
        reference_serial_number: str | None = None,
        reference_part_number: str | None = None,
    ) -> list[SerialNumber]:
        """Taken numbers of a type that were taken for a unit (serial and/or part number)."""
        if reference_serial_number is None and reference_part_number is None:
            raise ValueError("give reference_serial_number, reference_part_number or both")
        params = {
            "typeName": require_text(type_name, "type_name"),
            "referenceSerialNumber": reference_serial_number,
            "referencePartNumber": reference_part_number,
        }
        return await self._repository.get_serial_numbers(
            BY_REFERENCE_PATH, "get_serial_numbers_by_reference", params
        )

    async def upload_serial_numbers(
        self, content: bytes | str, *, file_format: SerialNumberFileFormat | str = "csv"
    ) -> Any:
        """Load serial numbers from a CSV or XML file (the :meth:`export_serial_numbers`
        format): ``Free`` rows join the pool, ``Taken`` rows are recorded as taken.

        Returns:
            The server's answer (the pyWATS emulator: ``{"free": n, "taken": m}``).

        Raises:
            ValidationError: The file is malformed or a number does not fit its type.
        """
        chosen = SerialNumberFileFormat(file_format)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not data.strip():
            raise ValueError("content is empty: give the CSV or XML text of the serial numbers")
        return await self._repository.upload_serial_numbers(data, chosen.media_type)

    async def export_serial_numbers(
        self,
        type_name: str,
        *,
        state: str | None = None,
        file_format: SerialNumberFileFormat | str = "csv",
    ) -> bytes:
        """A type's numbers as a CSV or XML file.

        Args:
            type_name: The serial number type.
            state: ``"Taken"``, ``"Free"``, or ``None`` for both.
            file_format: ``"csv"`` or ``"xml"``.
        """
        params = {
            "typeName": require_text(type_name, "type_name"),
            "state": state,
            "format": SerialNumberFileFormat(file_format).value,
        }
        return await self._repository.export_serial_numbers(params)

    async def find_serial_numbers(
        self,
        serial_number_type: str,
        *,
        start_address: str | int | None = None,
        end_address: str | int | None = None,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
    ) -> list[SerialNumber]:
        """Taken numbers of a type by address range and when they were taken (internal API).

        Args:
            serial_number_type: The type.
            start_address: Lowest number (a serial number of the type or an address).
            end_address: Highest number.
            start_date: Taken at or after (timezone-aware).
            end_date: Taken at or before (timezone-aware).
        """
        params = {
            "serialNumberType": require_text(serial_number_type, "serial_number_type"),
            "startAddress": _address(start_address, "start_address"),
            "endAddress": _address(end_address, "end_address"),
            "startDate": utc_param(start_date, "start_date"),
            "endDate": utc_param(end_date, "end_date"),
        }
        return await self._repository.get_serial_numbers(
            INTERNAL + "/SerialNumbers", "find_serial_numbers", params
        )

    async def get_serial_number_count(
        self,
        serial_number_type: str,
        *,
        start_address: str | int | None = None,
        end_address: str | int | None = None,
        from_date: datetime | None = None,
        to_date: datetime | None = None,
    ) -> int:
        """How many numbers :meth:`find_serial_numbers` would list (internal API)."""
        params = {
            "serialNumberType": require_text(serial_number_type, "serial_number_type"),
            "startAddress": _address(start_address, "start_address"),
            "endAddress": _address(end_address, "end_address"),
            "fromDate": utc_param(from_date, "from_date"),
            "toDate": utc_param(to_date, "to_date"),
        }
        return await self._repository.get_serial_number_count(params)

    async def free_serial_numbers(
        self,
        ranges: Sequence[SerialNumberRange | Mapping[str, Any]],
        *,
        serial_number_type: str | None = None,
    ) -> int | None:
        """Add ranges of numbers to the free pool; numbers ever taken stay taken.

        Args:
            ranges: ``SerialNumberRange(from_serial_number=..., to_serial_number=...)`` or
                ``{"from": ..., "to": ...}`` items; each may name its ``typeName``.
            serial_number_type: The type of ranges that do not name one.

        Returns:
            How many numbers became free, when the server tells.
        """
        return await self._repository.change_free_serial_numbers(
            "PUT",
            bodies_of(ranges, "range"),
            {"serialNumberType": serial_number_type},
            "free_serial_numbers",
        )

    async def delete_free_serial_numbers(
        self,
        ranges: Sequence[SerialNumberRange | Mapping[str, Any]],
        *,
        serial_number_type: str | None = None,
    ) -> int | None:
        """Remove free (never taken) numbers in the ranges from the pool.

        Returns:
            How many numbers were removed, when the server tells.
        """
        return await self._repository.change_free_serial_numbers(
            "DELETE",
            bodies_of(ranges, "range"),
            {"serialNumberType": serial_number_type},
            "delete_free_serial_numbers",
        )

    async def get_serial_number_ranges(self, serial_number_type: str) -> list[SerialNumberRange]:
        """The free ranges of a type's pool, lowest first."""
        params = {"serialNumberType": require_text(serial_number_type, "serial_number_type")}
        return await self._repository.get_serial_number_ranges(params)

    async def get_serial_number_statistics(
        self, serial_number_type: str
    ) -> SerialNumberStatistics | None:
        """Free and taken counts of a type, and the next number a take would hand out."""
        params = {"serialNumberType": require_text(serial_number_type, "serial_number_type")}
        return await self._repository.get_serial_number_statistics(params)
