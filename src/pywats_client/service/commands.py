"""IPC command handlers of the running service, and the ``enqueue_report`` helper.

Each handler is ``async def handler(args) -> JSON``; queue and file work runs in a worker
thread. Commands that stop or restart the service only schedule it and answer at once.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

import anyio

from pywats_client.config import ConfigError
from pywats_client.ipc import Handler
from pywats_client.queue import QueueState, QueueStore

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

    return {
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
