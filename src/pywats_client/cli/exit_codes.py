"""Exit codes of ``pywats-client`` — the one place that defines them.

=====  ======================  ==========================================================
code   name                    meaning
=====  ======================  ==========================================================
0      OK                      success
1      ERROR                   any other failure (the message says what and where)
2      USAGE                   bad command line: unknown option, bad instance id, missing
                               confirmation (``--yes``) when not interactive
3      CONFIG                  configuration invalid or unreadable; stored token unusable
4      NOT_FOUND               no such report, config key, file or instance
5      SERVICE_NOT_RUNNING     the command needs the running service and it is not running
6      SERVER_UNREACHABLE      the WATS server cannot be reached (network, TLS, timeout)
7      AUTH_FAILED             the server refused the credentials (401/403)
8      ALREADY_RUNNING         another process already runs this instance
9      DATA_INTEGRITY          a bundle or database failed verification (checksum, format)
130    INTERRUPTED             stopped with Ctrl+C
=====  ======================  ==========================================================

:func:`exit_code_for` maps exception types to codes; commands added later register theirs in
:data:`EXCEPTION_EXIT_CODES` (most specific types first).
"""

from __future__ import annotations

from enum import IntEnum

from pywats_client.config import ConfigError, UnknownConfigKey
from pywats_client.errors import ClientError
from pywats_client.instance import InstanceAlreadyRunning
from pywats_client.paths import InvalidInstanceId
from pywats_client.queue import BundleError, QueueItemNotFound
from pywats_client.security import VaultError

__all__ = ["EXCEPTION_EXIT_CODES", "CliError", "ExitCode", "exit_code_for"]


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    CONFIG = 3
    NOT_FOUND = 4
    SERVICE_NOT_RUNNING = 5
    SERVER_UNREACHABLE = 6
    AUTH_FAILED = 7
    ALREADY_RUNNING = 8
    DATA_INTEGRITY = 9
    INTERRUPTED = 130


class CliError(ClientError):
    """A command-level failure with an explicit exit code."""

    def __init__(self, message: str, exit_code: ExitCode = ExitCode.ERROR) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# Checked in order: put subclasses before their bases.
EXCEPTION_EXIT_CODES: list[tuple[type[BaseException], ExitCode]] = [
    (UnknownConfigKey, ExitCode.NOT_FOUND),
    (ConfigError, ExitCode.CONFIG),
    (VaultError, ExitCode.CONFIG),
    (InvalidInstanceId, ExitCode.USAGE),
    (QueueItemNotFound, ExitCode.NOT_FOUND),
    (BundleError, ExitCode.DATA_INTEGRITY),
    (InstanceAlreadyRunning, ExitCode.ALREADY_RUNNING),
    (FileNotFoundError, ExitCode.NOT_FOUND),
]


def exit_code_for(exc: BaseException) -> ExitCode:
    """The exit code for an error raised by a command."""
    if isinstance(exc, CliError):
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    for kind, code in EXCEPTION_EXIT_CODES:
        if isinstance(exc, kind):
            return code
    return ExitCode.ERROR
