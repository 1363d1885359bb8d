"""The serial number types the emulator hands out, and their text formats.

Every serial number of a type is the text form of an integer *address* (``SN00000042`` is
address 42, MAC ``0250C200002A`` is the MAC as a number, an IMEI is TAC + 6-digit serial + Luhn
digit). Pools, ranges and ``startAddress``/``endAddress`` work on addresses; users see text.

The types are fixed reference data (like the process table): WATS offers no endpoint to create
one, and a fixed list keeps ``POST /_emulator/reset`` from deleting them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = [
    "SERIAL_NUMBER_TYPES",
    "Identifier",
    "SerialNumberType",
    "find_type",
    "luhn_check_digit",
    "parse_bound",
    "type_names",
]


class Identifier(enum.IntEnum):
    """``identifier`` of a type (wats-api.md §2.5)."""

    SERIAL_NUMBER = 0
    MAC_ADDRESS = 1
    IMEI = 2


class _Format(Protocol):
    @property
    def pattern(self) -> str: ...

    @property
    def reg_ex(self) -> str: ...

    @property
    def max_address(self) -> int: ...

    def format(self, address: int) -> str: ...

    def parse(self, text: str) -> int: ...


@dataclass(frozen=True)
class _DecimalFormat:
    prefix: str
    width: int

    @property
    def pattern(self) -> str:
        return self.prefix + "#" * self.width

    @property
    def reg_ex(self) -> str:
        return f"^{re.escape(self.prefix)}\\d{{{self.width}}}$"

    @property
    def max_address(self) -> int:
        return int(10**self.width) - 1

    def format(self, address: int) -> str:
        return f"{self.prefix}{address:0{self.width}d}"

    def parse(self, text: str) -> int:
        if not re.fullmatch(self.reg_ex, text):
            raise ValueError(f"expected {self.pattern} (# = digit)")
        return int(text[len(self.prefix) :])


@dataclass(frozen=True)
class _MacFormat:
    pattern = "HHHHHHHHHHHH"
    reg_ex = "^[0-9A-F]{12}$"
    max_address = 2**48 - 1

    def format(self, address: int) -> str:
        return f"{address:012X}"

    def parse(self, text: str) -> int:
        compact = re.sub(r"[:\-.]", "", text).upper()
        if not re.fullmatch(self.reg_ex, compact):
            raise ValueError("expected 12 hex digits, optionally separated by ':' or '-'")
        return int(compact, 16)


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit for ``digits`` (the last digit of an IMEI)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:  # doubled: every second digit from the right of the payload
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return (10 - total % 10) % 10


@dataclass(frozen=True)
class _ImeiFormat:
    tac: str  # type allocation code: 8 digits

    @property
    def pattern(self) -> str:
        return f"{self.tac}SSSSSSC"

    reg_ex = "^\\d{15}$"
    max_address = 999_999

    def format(self, address: int) -> str:
        body = f"{self.tac}{address:06d}"
        return f"{body}{luhn_check_digit(body)}"

    def parse(self, text: str) -> int:
        if not re.fullmatch(r"\d{15}", text) or not text.startswith(self.tac):
            raise ValueError(f"expected 15 digits starting with {self.tac}")
        if int(text[-1]) != luhn_check_digit(text[:-1]):
            raise ValueError("wrong check digit (Luhn)")
        return int(text[8:14])


@dataclass(frozen=True)
class SerialNumberType:
    """One type: its public description and the default pool a fresh emulator offers."""

    name: str
    description: str
    identifier: Identifier
    text_format: _Format
    first_address: int
    last_address: int

    @property
    def reg_ex(self) -> str:
        return self.text_format.reg_ex

    def format_address(self, address: int) -> str:
        return self.text_format.format(address)

    def parse(self, text: str) -> int:
        """The address of a serial number of this type.

        Raises:
            ValueError: the text is not in this type's format.
        """
        return self.text_format.parse(text.strip())

    def to_public(self) -> dict[str, Any]:
        """A row of ``GET /api/Production/SerialNumbers/Types``."""
        return {
            "name": self.name,
            "description": self.description,
            "format": self.text_format.pattern,
            "regEx": self.reg_ex,
            "identifier": int(self.identifier),
            "identifierName": self.identifier.name,
        }


SERIAL_NUMBER_TYPES: tuple[SerialNumberType, ...] = (
    SerialNumberType(
        "SerialNumber",
        "Unit serial numbers",
        Identifier.SERIAL_NUMBER,
        _DecimalFormat("SN", 8),
        1,
        99_999_999,
    ),
    SerialNumberType(
        "MACAddress",
        "Ethernet MAC addresses (a locally administered block)",
        Identifier.MAC_ADDRESS,
        _MacFormat(),
        0x0250C2000000,
        0x0250C2FFFFFF,
    ),
    SerialNumberType(
        "IMEI",
        "IMEI numbers of cellular modules",
        Identifier.IMEI,
        _ImeiFormat("35693800"),
        1,
        999_999,
    ),
)

_BY_NAME = {t.name.casefold(): t for t in SERIAL_NUMBER_TYPES}


def find_type(name: str) -> SerialNumberType | None:
    """A type by name, case-insensitively."""
    return _BY_NAME.get(name.strip().casefold())


def type_names() -> str:
    """The known type names, for error messages."""
    return ", ".join(t.name for t in SERIAL_NUMBER_TYPES)


def parse_bound(serial_type: SerialNumberType, value: str | int) -> int:
    """A range bound: a serial number of the type, or a plain address (integer or digits).

    Raises:
        ValueError: neither form, or outside the type's address space.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a {serial_type.name} serial number or address: {value!r}")
    if isinstance(value, int):
        address = value
    else:
        try:
            address = serial_type.parse(value)
        except ValueError:
            if not value.strip().isdigit():
                raise ValueError(
                    f"not a {serial_type.name} serial number ({serial_type.text_format.pattern})"
                    f" or address: {value!r}"
                ) from None
            address = int(value)
    if not 0 <= address <= serial_type.text_format.max_address:
        raise ValueError(
            f"address {address} is outside {serial_type.name}'s space "
            f"0..{serial_type.text_format.max_address}"
        )
    return address
