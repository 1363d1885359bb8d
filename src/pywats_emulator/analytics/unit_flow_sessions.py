"""Server-side unit flow sessions: the last unit flow each caller computed.

The ``GET /api/internal/UnitFlow/Links|Nodes|Units`` endpoints take no parameters: they answer
parts of the last flow a ``POST /api/internal/UnitFlow[/SN|/SplitBy|/UnitOrder]`` computed for
the same caller. The caller is its token: the session key is the SHA-256 of the
``Authorization`` credentials, so the token itself is never stored. Sessions live in the
``unit_flow_sessions`` table (emptied by ``/_emulator/reset``); a newer POST replaces the
session's flow.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.storage import Storage

__all__ = ["SESSION_SQL", "SESSION_TABLE", "load_flow", "save_flow", "session_key"]

SESSION_TABLE = "unit_flow_sessions"
SESSION_SQL = f"""
CREATE TABLE IF NOT EXISTS {SESSION_TABLE} (
    session_key TEXT PRIMARY KEY,
    flow TEXT NOT NULL,
    saved_utc TEXT NOT NULL
);
"""


def session_key(authorization: str | None) -> str:
    """The session key of a caller: a digest of its credentials (never the token itself)."""
    credentials = (authorization or "").strip().partition(" ")[2].strip()
    return hashlib.sha256(credentials.encode("utf-8")).hexdigest()


def save_flow(storage: Storage, key: str, flow: dict[str, Any]) -> None:
    """Store ``flow`` as the caller's last unit flow."""
    saved = datetime.now(timezone.utc).isoformat()
    with storage.transaction() as conn:
        conn.execute(
            f"INSERT INTO {SESSION_TABLE} (session_key, flow, saved_utc) VALUES (?, ?, ?)"  # noqa: S608
            " ON CONFLICT (session_key) DO UPDATE SET flow = excluded.flow,"
            " saved_utc = excluded.saved_utc",
            (key, json.dumps(flow, separators=(",", ":")), saved),
        )


def load_flow(storage: Storage, key: str) -> dict[str, Any]:
    """The caller's last unit flow.

    Raises:
        ApiError: 404 when the caller has not computed one yet.
    """
    row = storage.fetch_one(
        f"SELECT flow FROM {SESSION_TABLE} WHERE session_key = ?",  # noqa: S608 - constant
        (key,),
    )
    if row is None:
        raise ApiError(
            404,
            "no unit flow yet for this token: compute one first with POST /api/internal/UnitFlow"
            " (query_unit_flow)",
        )
    flow: dict[str, Any] = json.loads(row["flow"])
    return flow
