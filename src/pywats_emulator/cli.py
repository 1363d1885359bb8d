"""``pywats-emulator`` / ``python -m pywats_emulator``: run the emulator in the foreground.

Thin on purpose: it builds one :class:`EmulatorConfig` from the flags, serves it with uvicorn,
prints the URL once connections are accepted, and owns the exit code (0 after Ctrl+C or
SIGTERM, 1 when it cannot start, 2 for bad arguments).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from pywats_emulator.app import create_app
from pywats_emulator.config import DEFAULT_HOST, DEFAULT_PORT, EmulatorConfig
from pywats_emulator.faults import FaultSettings
from pywats_emulator.server import bind_socket, uvicorn_server

__all__ = ["build_parser", "main"]

TOKEN_ENV = "PYWATS_EMULATOR_TOKEN"  # noqa: S105 - a variable name, not a secret
_HINT_CHARS = 4


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pywats-emulator",
        description="A local WATS-compatible server for demos, tests and offline development.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="interface (default: %(default)s)")
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="TCP port, 0 = any free (default: %(default)s)",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get(TOKEN_ENV),
        help=f"API token clients send as 'Basic <token>' (default: ${TOKEN_ENV}, else random)",
    )
    parser.add_argument("--db", type=Path, help="SQLite file to keep data in (default: memory)")
    parser.add_argument("--demo-data", action="store_true", help="seed realistic demo reports")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay added to answers")
    parser.add_argument(
        "--error-rate", type=float, default=0.0, help="share 0..1 of requests that fail"
    )
    parser.add_argument(
        "--error-status", type=int, default=503, help="status of injected errors (default 503)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the error-rate dice")
    parser.add_argument(
        "--log-level",
        default="warning",
        choices=("critical", "error", "warning", "info", "debug"),
        help="uvicorn log level (default: %(default)s)",
    )
    return parser


def _config(args: argparse.Namespace, token: str) -> EmulatorConfig:
    faults = FaultSettings(
        latency_s=args.latency_ms / 1000.0,
        error_rate=args.error_rate,
        error_status=args.error_status,
        seed=args.seed,
    )
    return EmulatorConfig(
        token=token,
        db_path=args.db,
        host=args.host,
        port=args.port,
        demo_data=args.demo_data,
        faults=faults,
    )


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run until interrupted; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    generated = not args.token
    token = secrets.token_urlsafe(24) if generated else str(args.token)
    try:
        config = _config(args, token)
    except ValueError as exc:
        parser.error(str(exc))
    try:
        app = create_app(config)
        sock = bind_socket(config.host, config.port)
    except (OSError, ValueError) as exc:
        print(f"pywats-emulator: cannot start: {exc}", file=sys.stderr)
        return 1
    host, port = config.host, int(sock.getsockname()[1])
    shown_host = f"[{host}]" if ":" in host else host

    def announce() -> None:
        print(f"pyWATS emulator (WATS {config.version}) listening on http://{shown_host}:{port}")
        if generated:
            print(f"Token (generated): {token}")
        else:
            print(f"Token: {token[:_HINT_CHARS]}... (send 'Authorization: Basic <token>')")
        print("Press Ctrl+C to stop.", flush=True)

    server = uvicorn_server(app, announce, log_level=args.log_level)
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then re-raises the signal with the
    # handler that was installed before it: make SIGTERM end like Ctrl+C, not kill us.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()
    print("pyWATS emulator stopped.", flush=True)
    return 0 if server.started else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
