"""IPC commands behind the GUI's log, converters, serial numbers and software pages.

=====================  =====================================================================
get_log                ``after_seq?``, ``level?``, ``limit?``: recent log records (scrubbed of
                       secrets) with sequence numbers, so the log page tails the live log
list_converter_types   the built-in converters (for "Add converter")
save_converter         ``entry``, ``original_name?``: add or replace one converter entry
                       (validated, written atomically, hot reloaded)
delete_converter       ``name``: remove one converter entry
test_converter         ``path``, ``converter``, ``arguments?``: the ``converter test`` dry run,
                       in a worker process; nothing is queued, uploaded or moved
get_serial_number_types  the server's serial number types
take_serial_numbers    ``serial_number_type?``, ``quantity?``, ``ref_sn?``, ``ref_pn?``: new
                       numbers from the server (type defaults to ``serial_numbers.type_name``)
list_software_packages the server's software packages (name, version, status...)
=====================  =====================================================================

Like :mod:`.commands`, each handler reads the service's current parts on every call. Work on
files and the config runs in a worker thread; a converter runs in a worker process of its own,
so one that hangs or crashes fails the test and nothing else.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio

from pywats import AsyncWATS
from pywats_client.config import ConfigError
from pywats_client.conversion.attachments import AttachmentPolicy
from pywats_client.conversion.dry_run import (
    ConverterNotFound,
    DryRunTarget,
    choose_converter,
    finish_dry_run,
)
from pywats_client.conversion.pipeline import PipelineSettings
from pywats_client.conversion.pool import WorkerPool
from pywats_client.converters.loader import builtin_converters
from pywats_client.ipc import Handler
from pywats_client.service.log_buffer import DEFAULT_PAGE_LIMIT, parse_level

if TYPE_CHECKING:
    from pywats_client.config import ClientConfig
    from pywats_client.service.service import StationService

__all__ = ["MAX_TAKE_QUANTITY", "build_gui_handlers", "package_row"]

MAX_TAKE_QUANTITY = 1000
_MAX_LOG_PAGE = 2000
# A dry run must answer before the IPC command times out; this much is kept in hand.
_IPC_MARGIN_S = 2.0
_MIN_TEST_TIMEOUT_S = 1.0
_REDACTED = "***"  # what get_config shows in place of a secret


def _text(args: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = args.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"argument {key!r} is required")
        return None
    if not isinstance(value, str):
        raise ValueError(f"argument {key!r} must be a string")
    return value.strip()


def _int(args: dict[str, Any], key: str, default: int, *, low: int, high: int) -> int:
    value = args.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"argument {key!r} must be a whole number")
    if not low <= value <= high:
        raise ValueError(f"argument {key!r} must be between {low} and {high} (got {value})")
    return value


def _json(value: Any) -> Any:
    """A pydantic model (or a list of them) as JSON, server field names, unknown fields kept."""
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return dump(mode="json", by_alias=True)
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    return value


def package_row(package: Any) -> dict[str, Any]:
    """One software package as the software page lists it (``wats-api.md`` §2.6 fields)."""
    data = _json(package)
    if not isinstance(data, dict):
        return {"name": str(data)}
    status = data.get("status")
    return {
        "package_id": data.get("packageId"),
        "name": data.get("name"),
        "version": data.get("version"),
        "status": status if status is None else str(status),
        "description": data.get("description"),
        "priority": data.get("priority"),
        "tags": data.get("tags") or [],
        "modified_utc": data.get("modifiedUtc"),
    }


def _keep_masked_arguments(entry: dict[str, Any], previous: dict[str, Any] | None) -> None:
    """``get_config`` shows secret-looking converter arguments as ``***``; an edited entry sent
    back keeps the stored value for those instead of saving the mask."""
    arguments = entry.get("arguments")
    old = (previous or {}).get("arguments") or {}
    if isinstance(arguments, dict):
        for key, value in list(arguments.items()):
            if value == _REDACTED and key in old:
                arguments[key] = old[key]


def build_gui_handlers(service: StationService) -> dict[str, Handler]:
    """The GUI pages' command table, merged into :func:`~.commands.build_handlers`'."""

    def config() -> ClientConfig:
        if service.config is None:
            raise RuntimeError("the configuration is not loaded (service starting)")
        return service.config

    def wats() -> AsyncWATS:
        if service.wats is None:
            raise RuntimeError("the service has no server connection (starting or stopping)")
        return service.wats

    # -- log ---------------------------------------------------------------------------------

    async def get_log(args: dict[str, Any]) -> Any:
        after = args.get("after_seq")
        if after is not None and (isinstance(after, bool) or not isinstance(after, int)):
            raise ValueError("argument 'after_seq' must be a whole number or null")
        limit = _int(args, "limit", DEFAULT_PAGE_LIMIT, low=1, high=_MAX_LOG_PAGE)
        level = parse_level(args.get("level"))
        return service.log_buffer.page(after, min_level=level, limit=limit).to_json()

    # -- converters --------------------------------------------------------------------------

    async def list_converter_types(args: dict[str, Any]) -> Any:
        found = await anyio.to_thread.run_sync(builtin_converters)
        return [{"class_path": path, **info.to_json()} for path, info in found]

    def _save_converter(entry: dict[str, Any], original: str | None) -> dict[str, Any]:
        store = service.store
        converters = [c.model_dump(mode="json") for c in store.load_file().converters]
        names = [c["name"] for c in converters]
        if original is not None and original not in names:
            raise ConfigError(f"no converter named {original!r} to change")
        target = original if original is not None else entry.get("name")
        if original is None and target in names:
            raise ConfigError(f"a converter named {target!r} exists already: choose another name")
        if original is not None:
            index = names.index(original)
            _keep_masked_arguments(entry, converters[index])
            converters[index] = entry
        else:
            index = len(converters)
            converters.append(entry)
        store.set("converters", converters)
        return {"name": entry.get("name"), "index": index}

    async def save_converter(args: dict[str, Any]) -> Any:
        entry = args.get("entry")
        if not isinstance(entry, dict):
            raise ValueError("argument 'entry' must be a converter object")
        original = _text(args, "original_name")
        result = await anyio.to_thread.run_sync(_save_converter, dict(entry), original)
        service.reload_config()
        return result

    def _delete_converter(name: str) -> None:
        store = service.store
        converters = [c.model_dump(mode="json") for c in store.load_file().converters]
        kept = [c for c in converters if c["name"] != name]
        if len(kept) == len(converters):
            raise ConfigError(f"no converter named {name!r} to delete")
        store.set("converters", kept)

    async def delete_converter(args: dict[str, Any]) -> Any:
        name = _text(args, "name", required=True)
        assert name is not None
        await anyio.to_thread.run_sync(_delete_converter, name)
        service.reload_config()
        return {"deleted": name}

    async def test_converter(args: dict[str, Any]) -> Any:
        text = _text(args, "path", required=True)
        assert text is not None
        name = _text(args, "converter", required=True)
        extra = args.get("arguments") or {}
        if not isinstance(extra, dict):
            raise ValueError("argument 'arguments' must be an object")
        settings = config()

        def choose() -> tuple[Path, DryRunTarget]:
            path = Path(text).expanduser()
            if not path.is_absolute():
                raise ValueError(f"argument 'path' must be an absolute path (got {text!r})")
            if not path.exists():
                raise FileNotFoundError(f"{path}: no such file or folder")
            return path, choose_converter(path, settings, name=name)

        try:
            path, target = await anyio.to_thread.run_sync(choose)
        except (FileNotFoundError, ConverterNotFound) as exc:
            return {"ok": False, "error": str(exc), "file": text}
        if extra:
            target = DryRunTarget(
                target.name, target.class_path, {**target.arguments, **extra}, target.entry
            )
        station = settings.station.identity()
        processes = {code: str(value) for code, value in service.processes.items()}
        limit_s = max(settings.ipc.timeout_s - _IPC_MARGIN_S, _MIN_TEST_TIMEOUT_S)
        timeout_s = min(target.entry.timeout_s if target.entry else limit_s, limit_s)
        request = target.request(path, station=station, processes=processes)
        async with WorkerPool(idle_timeout_s=0) as pool:
            reply = await pool.convert(request, timeout_s)
        pipeline = PipelineSettings(
            station=station,
            processes=service.processes,
            attachments=AttachmentPolicy(settings.watch.max_attachment_bytes),
            future_tolerance_s=settings.watch.future_tolerance_s,
        )
        result = await anyio.to_thread.run_sync(finish_dry_run, target, path, reply, pipeline)
        answer = result.to_json(full_reports=False)
        answer["error"] = reply.reason if result.prepared is None else None
        answer["logs"] = [f"{level}: {line}" for level, line in reply.logs]
        return answer

    # -- serial numbers ----------------------------------------------------------------------

    async def get_serial_number_types(args: dict[str, Any]) -> Any:
        return _json(await wats().production.get_serial_number_types())

    async def take_serial_numbers(args: dict[str, Any]) -> Any:
        settings = config()
        kind = _text(args, "serial_number_type") or settings.serial_numbers.type_name.strip()
        if not kind:
            raise ValueError(
                "no serial number type given and serial_numbers.type_name is not set: "
                "choose a type on the serial numbers page"
            )
        quantity = _int(args, "quantity", 1, low=1, high=MAX_TAKE_QUANTITY)
        numbers = await wats().production.take_serial_numbers(
            kind,
            quantity,
            reference_serial_number=_text(args, "ref_sn"),
            reference_part_number=_text(args, "ref_pn"),
            station_name=settings.station.identity().name,
        )
        return {
            "serial_number_type": kind,
            "serial_numbers": list(numbers),
            "taken_at": time.time(),
        }

    # -- software ----------------------------------------------------------------------------

    async def list_software_packages(args: dict[str, Any]) -> Any:
        packages = await wats().software.get_packages()
        return [package_row(package) for package in packages]

    return {
        "get_log": get_log,
        "list_converter_types": list_converter_types,
        "save_converter": save_converter,
        "delete_converter": delete_converter,
        "test_converter": test_converter,
        "get_serial_number_types": get_serial_number_types,
        "take_serial_numbers": take_serial_numbers,
        "list_software_packages": list_software_packages,
    }
