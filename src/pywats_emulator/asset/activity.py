"""What happens to an asset over its life: state changes, counts, calibration, maintenance.

Rules (wats-api.md gives none; ``docs/emulator.md`` lists them):

* a scrapped asset stays scrapped (409); setting the state it already has changes nothing;
* ``PUT /api/Asset/Count`` adds ``incrementBy`` (default 1, never negative) to both counts, or
  brings the total count up to ``totalCount`` (never down) and adds the same difference to the
  running count; ``incrementChildren`` (default true) does the same to every sub-asset; the
  touched assets' ``lastSeenDate`` becomes now;
* a calibration/maintenance moves the ``last*Date`` forward (an older date is logged but does
  not move it back); an external one also sets the due date to its ``toDate``.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from enum import Enum

from pywats_emulator.asset.bodies import check_state
from pywats_emulator.asset.dates import from_key, to_key
from pywats_emulator.asset.log import LogType, add_log
from pywats_emulator.asset.store import (
    check_state_change,
    descendant_ids,
    refresh_due_dates,
    state_change_comment,
)
from pywats_emulator.errors import ApiError

__all__ = [
    "Service",
    "increment_counts",
    "record_external_service",
    "record_service",
    "set_count",
    "set_state",
]


class Service(Enum):
    """Calibration or maintenance: the same rules, different columns and log type."""

    CALIBRATION = "calibration"
    MAINTENANCE = "maintenance"

    @property
    def log_type(self) -> LogType:
        return LogType.CALIBRATION if self is Service.CALIBRATION else LogType.MAINTENANCE


def set_state(
    conn: sqlite3.Connection, row: sqlite3.Row, state: int, user: str, now: datetime
) -> None:
    """``PUT /api/Asset/State``: change the state and log it (type 6)."""
    check_state(state)
    if row["state"] == state:
        return
    check_state_change(row, state)
    conn.execute("UPDATE assets SET state = ? WHERE asset_id = ?", (state, row["asset_id"]))
    comment = state_change_comment(row["state"], state)
    add_log(conn, row["asset_id"], row["serial_number"], LogType.STATE_CHANGE, comment, user, now)


def increment_counts(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    *,
    increment_by: int | None,
    total_count: int | None,
    children: bool,
    now: datetime,
) -> None:
    """``PUT /api/Asset/Count``: add usage to the asset (and its sub-assets)."""
    if increment_by is not None and total_count is not None:
        raise ApiError(400, "give incrementBy or totalCount, not both")
    if total_count is not None:
        delta = total_count - row["total_count"]
        if delta < 0:
            raise ApiError(
                400,
                f"totalCount {total_count} is below the current total count {row['total_count']};"
                " counts only go up here (correct them with PUT /api/Asset/SetTotalCount)",
            )
    else:
        delta = 1 if increment_by is None else increment_by
        if delta < 0:
            raise ApiError(
                400,
                f"incrementBy must be >= 0, got {delta} (correct counts with"
                " PUT /api/Asset/SetRunningCount or /SetTotalCount)",
            )
    ids = [row["asset_id"]]
    if children:
        ids += descendant_ids(conn, row["asset_id"], None)
    marks = ", ".join("?" * len(ids))
    conn.execute(
        "UPDATE assets SET running_count = running_count + ?, total_count = total_count + ?,"  # noqa: S608 - only placeholders
        f" last_seen_date = ? WHERE asset_id IN ({marks})",
        (delta, delta, to_key(now), *ids),
    )


def set_count(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    column: str,
    value: int,
    comment: str | None,
    user: str,
    now: datetime,
) -> None:
    """Set ``running_count`` or ``total_count`` and log it (type 3, reset count)."""
    if column not in ("running_count", "total_count"):
        raise ValueError(f"not a count column: {column!r}")
    label = column.replace("_", " ")
    if value < 0:
        raise ApiError(400, f"{label} must be >= 0, got {value}")
    conn.execute(
        f"UPDATE assets SET {column} = ? WHERE asset_id = ?",  # noqa: S608 - checked name
        (value, row["asset_id"]),
    )
    text = comment or f"{label} set to {value} (was {row[column]})"
    add_log(conn, row["asset_id"], row["serial_number"], LogType.RESET_COUNT, text, user, now)


def _move_last_date(
    conn: sqlite3.Connection, row: sqlite3.Row, service: Service, when: datetime
) -> None:
    column = f"last_{service.value}_date"
    stored = row[column]
    if stored is None or from_key(stored) < when:
        conn.execute(
            f"UPDATE assets SET {column} = ? WHERE asset_id = ?",  # noqa: S608 - enum names
            (to_key(when), row["asset_id"]),
        )


def record_service(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    service: Service,
    when: datetime,
    comment: str | None,
    user: str,
    now: datetime,
) -> None:
    """``POST /api/Asset/Calibration`` or ``/Maintenance``: log it, move the last date."""
    _move_last_date(conn, row, service, when)
    text = comment or f"{service.value} done {when:%Y-%m-%d %H:%M} UTC"
    add_log(conn, row["asset_id"], row["serial_number"], service.log_type, text, user, now)
    refresh_due_dates(conn, asset_id=row["asset_id"])


def record_external_service(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    service: Service,
    from_date: datetime,
    to_date: datetime,
    comment: str | None,
    user: str,
    now: datetime,
) -> None:
    """``POST .../External``: done on ``from_date``, valid until ``to_date`` (the due date)."""
    if to_date <= from_date:
        raise ApiError(
            400,
            f"toDate ({to_date.isoformat()}) must be after fromDate ({from_date.isoformat()})",
        )
    _move_last_date(conn, row, service, from_date)
    conn.execute(
        f"UPDATE assets SET {service.value}_due_external = ? WHERE asset_id = ?",  # noqa: S608
        (to_key(to_date), row["asset_id"]),
    )
    valid = f"valid {from_date:%Y-%m-%d} to {to_date:%Y-%m-%d}"
    text = f"{comment} ({valid})" if comment else f"external {service.value}, {valid}"
    add_log(conn, row["asset_id"], row["serial_number"], service.log_type, text, user, now)
    refresh_due_dates(conn, asset_id=row["asset_id"])
