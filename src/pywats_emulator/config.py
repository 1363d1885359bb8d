"""The emulator's one configuration object, built once (CLI, test fixture, code) and passed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pywats_emulator.faults import FaultSettings

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "WATS_VERSION", "EmulatorConfig"]

# The WATS server version the emulator claims on GET /api/App/Version (see docs/emulator.md).
WATS_VERSION = "24.1.0"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class EmulatorConfig:
    """How one emulator instance behaves.

    Attributes:
        token: the API token clients must send as ``Authorization: Basic <token>``.
        db_path: SQLite file to keep data in; ``None`` keeps everything in memory.
        host: interface to bind (loopback by default; never all interfaces unless asked).
        port: TCP port; 0 picks a free one.
        demo_data: seed a handful of realistic reports from the last days at start.
        faults: faults injected from the start (changeable while running).
        origin: the ``origin`` GUID reports are exported with; ``None`` = one per database.
        check_fail_codes: reject UUR failures whose category/code is not configured for the
            repair operation (off by default: clients commonly send ``Unknown``).
        max_body_bytes: larger request bodies are refused with 413.
        version: the string ``GET /api/App/Version`` answers.

    Example:
        >>> EmulatorConfig(token="secret", port=0).host
        '127.0.0.1'
    """

    token: str
    db_path: Path | None = None
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    demo_data: bool = False
    faults: FaultSettings = field(default_factory=FaultSettings)
    origin: str | None = None
    check_fail_codes: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    version: str = WATS_VERSION

    def __post_init__(self) -> None:
        if not self.token or any(c.isspace() for c in self.token):
            raise ValueError("token must be a non-empty string without whitespace")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, got {self.port}")
        if self.max_body_bytes <= 0:
            raise ValueError("max_body_bytes must be positive")
