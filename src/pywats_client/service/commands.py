"""IPC command handlers of the running service, and the ``enqueue_report`` helper.

Each handler is ``async def handler(args) -> JSON``; queue and file work runs in a worker
thread. Commands that stop or restart the service only schedule it and answer at once.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

import anyio

from pywats_client.config import ConfigError, ServerConfig
from pywats_client.ipc import Handler
from pywats_client.queue import QueueState, QueueStore
from pywats_client.service.gui_commands import build_gui_handlers

if TYPE_CHECKING:
    from pywats_client.service.service import StationService

__all__ = ["build_handlers", "enqueue_report"]

_DEFAULT_LIST_LIMIT = 100


def enqueue_report(
    queue: QueueStore, report: str | bytes | dict[str, Any], *, source: str | None = None
) -> str:
    """Queue one WSJF report for delivery and return its id.

    The payload must be a JSON object; an ``id`` (uuid4) is added when missing, so a re-queue
    of the same report cannot create a duplicate on the server.

    Raises:
        ValueError: the payload is not a JSON object.

    Example:
        >>> enqueue_report(queue, {"type": "T", "sn": "SN-1", ...})  # doctest: +SKIP
        '3f0c...'
    """
    data = json.loads(report) if isinstance(report, (str, bytes)) else dict(report)
    if not isinstance(data, dict):
        raise ValueError("a report must be a JSON object")
    report_id = str(data.get("id") or uuid.uuid4())
    data["id"] = report_id
    queue.enqueue(report_id, json.dumps(data).encode("utf-8"), source=source)
    return report_id


def build_handlers(service: StationService) -> dict[str, Handler]:
    """The service's IPC command table (``ping`` is built into the server)."""

    def queue() -> QueueStore:
        if service.queue is None:
            raise RuntimeError("the queue is not open (service starting or stopping)")
        return service.queue

    async def get_queue_stats(args: dict[str, Any]) -> Any:
        stats = await anyio.to_thread.run_sync(queue().stats)
        return stats.to_json()

    async def get_status(args: dict[str, Any]) -> Any:
        uploader, supervisor, conversion = service.uploader, service.supervisor, service.conversion
        counters = uploader.counters if uploader else None
        config = service.config
        stats = await anyio.to_thread.run_sync(service.queue_stats)
        return {
            "state": service.state.value,
            "error": service.error,
            "instance_id": service.paths.instance_id,
            "server_url": config.server.url if config else None,
            "server_online": service.server_online,
            "started_at": service.started_at,
            "uploads_ok": counters.uploads_ok if counters else 0,
            "uploads_failed": counters.uploads_failed if counters else 0,
            "last_success_at": counters.last_success_at if counters else None,
            "uploader": counters.to_json() if counters else None,
            "server": uploader.monitor.to_json() if uploader else None,
            "tasks": supervisor.health() if supervisor else {},
            "reference_data": service.reference.summary(),
            "health_url": service.health_url,
            "queue": stats.to_json() if stats else None,
            "conversions": conversion.counters.to_json() if conversion else None,
            "converters": [state.to_json() for state in conversion.states()] if conversion else [],
        }

    async def get_reference_data(args: dict[str, Any]) -> Any:
        return service.reference.to_json()

    async def get_config(args: dict[str, Any]) -> Any:
        return service.config.redacted_dict() if service.config else None

    async def set_config(args: dict[str, Any]) -> Any:
        key, value = args.get("key"), args.get("value")
        if not isinstance(key, str) or not isinstance(value, str):
            raise ConfigError("set_config needs string arguments 'key' and 'value'")
        await anyio.to_thread.run_sync(service.store.set_text, key, value)
        service.reload_config()
        return {"key": key}

    async def list_queue(args: dict[str, Any]) -> Any:
        state = QueueState(args["state"]) if args.get("state") else None
        limit = int(args.get("limit", _DEFAULT_LIST_LIMIT))
        offset = int(args.get("offset", 0))
        items = await anyio.to_thread.run_sync(
            lambda: queue().list(state=state, limit=limit, offset=offset)
        )
        return [item.to_json() for item in items]

    async def retry_failed(args: dict[str, Any]) -> Any:
        ids = args.get("ids")
        count = await anyio.to_thread.run_sync(queue().retry_failed, ids)
        if service.uploader is not None:
            service.uploader.wake()
        return {"retried": count}

    async def start(args: dict[str, Any]) -> Any:
        service.resume()
        return {"state": service.state.value}

    async def stop(args: dict[str, Any]) -> Any:
        service.pause()
        return {"state": service.state.value}

    async def restart(args: dict[str, Any]) -> Any:
        service.request_stop(restart=True)
        return {"restarting": True}

    async def reload_config(args: dict[str, Any]) -> Any:
        service.reload_config()
        return {"reloaded": True}

    async def get_credentials(args: dict[str, Any]) -> Any:
        # Only reachable over the owner-only socket (or TCP with the per-start secret).
        config = service.config
        if config is None:
            return None
        from pywats_client.security import TokenVault

        token = config.server.token(TokenVault(service.paths.home.salt_file))
        return {"base_url": config.server.url, "token": token}

    handlers: dict[str, Handler] = {
        "get_status": get_status,
        "get_config": get_config,
        "set_config": set_config,
        "get_queue_stats": get_queue_stats,
        "list_queue": list_queue,
        "retry_failed": retry_failed,
        "start": start,
        "stop": stop,
        "restart": restart,
        "reload_config": reload_config,
        "get_credentials": get_credentials,
        "get_reference_data": get_reference_data,
    }

    # -- GUI (helper A): queue item details and purge, connection test, login --------------
    # Imports are local so this block stays self-contained beside other additions.

    def report_summary(payload: bytes | None) -> dict[str, Any]:
        """The fields the GUI shows for a queued report (never the whole payload)."""
        from pywats_client.service.outcomes import decode_payload

        try:
            data = decode_payload(payload)
        except ValueError:
            return {}
        keys = ("type", "pn", "sn", "rev", "processCode", "result", "start", "machineName")
        return {key: data[key] for key in keys if key in data}

    async def get_queue_item(args: dict[str, Any]) -> Any:
        from pywats_client.queue import QueueItemNotFound

        report_id = args.get("report_id")
        if not isinstance(report_id, str) or not report_id:
            raise ValueError("get_queue_item needs a string argument 'report_id'")
        item = await anyio.to_thread.run_sync(queue().get, report_id)
        if item is None:
            raise QueueItemNotFound(
                f"report {report_id!r} is not in the queue (delivered and pruned, or purged)"
            )
        return {**item.to_json(), "summary": report_summary(item.payload)}

    async def purge_queue(args: dict[str, Any]) -> Any:
        state = QueueState(args.get("state") or QueueState.FAILED.value)
        if state not in (QueueState.FAILED, QueueState.COMPLETED):
            raise ValueError(
                f"purge_queue removes failed or completed reports only, not {state.value} "
                "ones: those are still on their way to the server"
            )
        ids = args.get("ids")
        if ids is not None and (
            not isinstance(ids, list) or not all(isinstance(i, str) for i in ids)
        ):
            raise ValueError("purge_queue: 'ids' must be a list of report ids")

        def purge() -> int:
            store = queue()
            if ids is None:
                return store.purge(state=state)
            # Only rows still in that state: a report retried meanwhile is not deleted.
            chosen = [i for i in ids if (item := store.get(i)) is not None and item.state is state]
            return store.purge(ids=chosen) if chosen else 0

        return {"purged": await anyio.to_thread.run_sync(purge)}

    def server_defaults() -> dict[str, Any]:
        """TLS and timeout settings for a connection test: the service's, answered in time."""
        config = service.config
        if config is None:
            return {}
        return {"base": config.server, "max_timeout_s": config.ipc.timeout_s * 0.8}

    async def test_connection(args: dict[str, Any]) -> Any:
        """``server_url``/``token`` when given, else the stored ones (is the token refused?)."""
        from pywats_client.security import TokenVault

        config = service.config
        url, token = args.get("server_url"), args.get("token")
        if url is not None and not isinstance(url, str):
            raise ValueError("test_connection: 'server_url' must be a string")
        if token is not None and not isinstance(token, str):
            raise ValueError("test_connection: 'token' must be a string")
        if config is not None and not token:
            if url and url.rstrip("/") != config.server.url:
                # The stored token is only ever sent to the stored server.
                return {
                    "ok": False,
                    "server_url": url,
                    "status": None,
                    "message": "give the token to test a server other than the stored one",
                }
            vault = TokenVault(service.paths.home.salt_file)
            url = config.server.url
            token = await anyio.to_thread.run_sync(config.server.token, vault)
        return await check_server(url or "", token or "", **server_defaults())

    async def login(args: dict[str, Any]) -> Any:
        """Test ``server_url`` + ``token``; only when the server accepts them, store them (the
        token encrypted, as ``pywats-client login`` does) and restart to use them."""
        import os

        from pywats.core.settings import SERVER_URL_ENV_VAR, TOKEN_ENV_VAR
        from pywats_client.security import TokenVault

        url, token, username = args.get("server_url"), args.get("token"), args.get("username")
        if not isinstance(url, str) or not isinstance(token, str):
            raise ValueError("login needs string arguments 'server_url' and 'token'")
        token = token.strip()
        if any(char.isspace() for char in token):
            return {"ok": False, "saved": False, "message": "the token contains spaces"}
        result = await check_server(url, token, **server_defaults())
        if not result["ok"]:
            return {**result, "saved": False}

        def save() -> None:
            base = service.store.load_file()
            server = base.server.model_copy()
            server.url = result["server_url"]
            if isinstance(username, str):
                server.username = username
            server = server.with_token(token, TokenVault(service.paths.home.salt_file))
            service.store.save(base.model_copy(update={"server": server}))

        await anyio.to_thread.run_sync(save)
        service.request_stop(restart=True)  # a reload keeps the open client: restart
        overridden = [name for name in (SERVER_URL_ENV_VAR, TOKEN_ENV_VAR) if os.environ.get(name)]
        return {**result, "saved": True, "restarting": True, "overridden_by_env": overridden}

    handlers.update(
        {
            "get_queue_item": get_queue_item,
            "purge_queue": purge_queue,
            "test_connection": test_connection,
            "login": login,
        }
    )
    handlers.update(build_gui_handlers(service))  # log, converters, serial numbers, software
    return handlers


async def check_server(
    url: str, token: str, *, base: ServerConfig | None = None, max_timeout_s: float = 10.0
) -> dict[str, Any]:
    """Ask ``GET /api/App/Version`` with this URL and token; the outcome in words for a user.

    Used by the ``test_connection`` and ``login`` IPC commands, and by the GUI's first login
    (when no service can run yet). Never raises for a bad URL, token or network: the result's
    ``ok`` is False and ``message`` says what to check.

    Args:
        url: Server URL as typed (normalised: ``https://`` added, ``/api`` removed).
        token: API token.
        base: TLS settings (``verify_tls``, ``ca_bundle``) and ``timeout_s`` to use.
        max_timeout_s: Upper limit of the request timeout (answer before an IPC timeout).

    Returns:
        ``{"ok", "server_url", "status", "message"}`` plus ``server_version`` when ok.
    """
    import ssl

    from pydantic import ValidationError

    from pywats import (
        AsyncWATS,
        AuthenticationError,
        AuthorizationError,
        NotFoundError,
        PyWATSError,
        RetryConfig,
    )

    server = (base or ServerConfig()).model_copy()
    result: dict[str, Any] = {"ok": False, "server_url": url, "status": None}
    try:
        server.url = url  # validated and normalised
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        return {**result, "message": f"server URL {url!r}: {reason}"}
    url = result["server_url"] = server.url
    if not url or not token:
        return {**result, "message": "a server URL and an API token are both needed"}
    timeout_s = max(1.0, min(server.timeout_s, max_timeout_s))
    try:
        async with AsyncWATS(
            url, token, timeout_s=timeout_s, verify=server.tls_verify, retry=RetryConfig.disabled()
        ) as wats:
            version = await wats.analytics.get_version()
    except (AuthenticationError, AuthorizationError) as exc:
        message = (
            f"the server at {url} refused the token ({exc.status_code}): check that it is "
            "current and allowed to use the API (WATS Control Panel → Tokens)"
        )
        return {**result, "status": exc.status_code, "message": message}
    except NotFoundError:
        message = f"{url} answered 404 for /api/App/Version: is it the WATS server's root URL?"
        return {**result, "status": 404, "message": message}
    except PyWATSError as exc:
        status = getattr(exc, "status_code", None)
        return {
            **result,
            "status": status,
            "message": f"cannot reach a WATS server at {url}: {exc}",
        }
    except (OSError, ssl.SSLError) as exc:
        return {**result, "message": f"cannot use the CA bundle {server.ca_bundle}: {exc}"}
    return {
        **result,
        "ok": True,
        "status": 200,
        "server_version": version,
        "message": f"connected to {url} (WATS {version or 'version unknown'})",
    }
