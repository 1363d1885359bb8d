"""The asset log: one row per event, typed as in wats-api.md §2.4.

Which operation writes which type (the emulator's choice, see ``docs/emulator.md``):
create → 1 register, save of an existing asset → 2 update, count resets and set counts →
3 reset count, calibration → 4, maintenance → 5, any change of state → 6, and
``POST /api/Asset/Message`` → 0 message. Count increments are not logged (they happen on
every test).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from enum import IntEnum

from pywats_emulator.asset.dates import to_key

__all__ = ["DEFAULT_USER", "LogType", "add_log"]

DEFAULT_USER = "API"
"""The ``user`` of entries the emulator writes itself (its one token has no user name)."""


class LogType(IntEnum):
    MESSAGE = 0
    REGISTER = 1
    UPDATE = 2
    RESET_COUNT = 3
    CALIBRATION = 4
    MAINTENANCE = 5
    STATE_CHANGE = 6


def add_log(
    conn: sqlite3.Connection,
    asset_id: str,
    serial_number: str,
    log_type: LogType,
    comment: str | None,
    user: str | None,
    now: datetime,
) -> None:
    """Append one log entry (the serial number is kept as it was at the time)."""
    conn.execute(
        "INSERT INTO asset_log (asset_id, serial_number, date, user, type, comment)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (asset_id, serial_number, to_key(now), user, int(log_type), comment),
    )
