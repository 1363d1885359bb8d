"""Asset service: equipment used in production, its types, usage counts, calibration,
maintenance, state, log and files (wats-api.md §2.4).

Policy lives here, HTTP in the repository:

- most operations name the asset by ``asset_id`` (GUID) *or* ``serial_number``: exactly one
  must be given (``ValueError`` otherwise, before anything is sent);
- bodies are the models' JSON with aliases and without ``None`` values, so a save never
  blanks a field the caller did not set;
- datetimes must be timezone-aware (a naive one would be read as UTC by the server and shift
  a calibration date by hours); they are sent as ISO-8601 with their offset;
- the alarm state (OK / warning / alarm) is computed by the server from the asset type's
  limits, intervals and thresholds: :meth:`get_status` reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from pywats.domains.asset.arguments import asset_ref
from pywats.domains.asset.filters import AssetLogFields
from pywats.domains.asset.models import Asset, AssetLogEntry, AssetState, AssetStatus, AssetType
from pywats.domains.asset.repository import AsyncAssetRepository
from pywats.domains.asset.service_counts import AsyncAssetCountsMixin
from pywats.domains.report.filters import Filter, all_of

__all__ = ["AsyncAssetService"]

SavedT = TypeVar("SavedT", Asset, AssetType)


def _body(model: Asset | AssetType | Mapping[str, Any], kind: type[Asset | AssetType]) -> Any:
    if isinstance(model, Mapping):
        model = kind.model_validate(model)
    if not isinstance(model, kind):
        raise TypeError(f"expected a {kind.__name__} or a dict, not {type(model).__name__}")
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _saved(result: SavedT | None, what: str) -> SavedT:
    # Only None when a LENIENT client got an empty 2xx body.
    if result is None:
        raise RuntimeError(f"the server answered the {what} save without the saved object")
    return result


class AsyncAssetService(AsyncAssetCountsMixin):
    """Assets and asset types: counts, calibration, maintenance, state, log, files (§2.4).

    Args:
        repository: The Asset API calls.
    """

    def __init__(self, repository: AsyncAssetRepository) -> None:
        self._repository = repository

    # -- assets -------------------------------------------------------------------------------

    async def get_assets(
        self,
        filter: str | Filter | None = None,
        *,
        orderby: str | None = None,
        top: int | None = None,
        skip: int | None = None,
    ) -> list[Asset]:
        """List assets, optionally filtered, sorted and paged (OData).

        Args:
            filter: ``$filter`` text or a filter built with
                :class:`~pywats.domains.asset.filters.AssetFields`.
            orderby: ``$orderby``, e.g. ``"runningCount desc"`` (server default: serial number).
            top: At most this many assets.
            skip: Skip this many first (for paging).

        Returns:
            The matching assets (``asset_children`` is not filled in lists).
        """
        return await self._repository.get_all(
            filter=None if filter is None else str(filter), orderby=orderby, top=top, skip=skip
        )

    get_all = get_assets

    async def get_by_id(self, asset_id: str | UUID) -> Asset | None:
        """Read one asset by its id (GUID), with its direct sub-assets in ``asset_children``.

        Raises:
            NotFoundError: No such asset (``None`` instead in LENIENT mode).
        """
        return await self._repository.get_by_key(str(asset_ref(asset_id, None)["id"]), "get_by_id")

    async def get_by_serial_number(self, serial_number: str) -> Asset | None:
        """Read one asset by its serial number, with its direct sub-assets.

        Raises:
            NotFoundError: No such asset (``None`` instead in LENIENT mode).
        """
        key = asset_ref(None, serial_number)["serialNumber"]
        return await self._repository.get_by_key(key, "get_by_serial_number")

    async def save(self, asset: Asset | Mapping[str, Any]) -> Asset:
        """Create or update an asset (the server upserts on ``assetId``, else ``serialNumber``).

        Fields left ``None`` are not sent, so they keep their stored value.

        Args:
            asset: An :class:`Asset` or the same data as a dict (JSON keys or Python names).

        Returns:
            The asset as stored, with the server's fields (id, dates, type) filled.

        Raises:
            ValidationError: A bad value (the message names the field).
            NotFoundError: The ``type_id`` or parent asset does not exist.
            ConflictError: The serial number belongs to another asset, or a scrapped asset
                would change state.
        """
        return _saved(await self._repository.save(_body(asset, Asset)), "asset")

    async def create_asset(
        self,
        serial_number: str,
        type_id: str | UUID | None = None,
        *,
        asset_name: str | None = None,
        part_number: str | None = None,
        revision: str | None = None,
        description: str | None = None,
        location: str | None = None,
        parent_asset_id: str | UUID | None = None,
        parent_serial_number: str | None = None,
        state: AssetState | int | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> Asset:
        """Register an asset (an existing one with this serial number is updated instead).

        Args:
            serial_number: The asset's serial number (unique).
            type_id: Its :class:`AssetType`'s id (see :meth:`get_types` / :meth:`save_type`).
            asset_name: Display name.
            part_number: Part number of the asset.
            revision: Revision of the asset.
            description: Free text.
            location: Where it is.
            parent_asset_id: Make it a sub-asset of this asset...
            parent_serial_number: ...or of the asset with this serial number.
            state: Initial state (server default: in operation).
            tags: Tags as ``{key: value}``.

        Returns:
            The stored asset.

        Raises:
            NotFoundError: Unknown type or parent.
        """
        if not serial_number or not serial_number.strip():
            raise ValueError("serial_number must not be empty")
        asset = Asset(
            serial_number=serial_number,
            type_id=None if type_id is None else str(type_id),
            asset_name=asset_name,
            part_number=part_number,
            revision=revision,
            description=description,
            location=location,
            parent_asset_id=None if parent_asset_id is None else str(parent_asset_id),
            parent_serial_number=parent_serial_number,
            state=None if state is None else AssetState(state),
            tags=None if tags is None else [{"key": k, "value": v} for k, v in tags.items()],
        )
        return await self.save(asset)

    async def update_asset(self, asset: Asset | Mapping[str, Any]) -> Asset:
        """Save changes to an asset, typically one read with :meth:`get_by_serial_number`.

        Args:
            asset: The asset with its changes (fields left ``None`` keep their value).

        Returns:
            The stored asset.

        Raises:
            ValidationError / NotFoundError / ConflictError: as :meth:`save`.
        """
        return await self.save(asset)

    async def delete(
        self, asset_id: str | UUID | None = None, *, serial_number: str | None = None
    ) -> None:
        """Delete an asset with its log and files.

        Raises:
            NotFoundError: No such asset.
            ConflictError: It still has sub-assets (delete or move them first).
        """
        await self._repository.delete(asset_ref(asset_id, serial_number))

    async def get_status(
        self,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
        translate: bool = False,
        culture_code: str | None = None,
    ) -> AssetStatus | None:
        """The asset's counts, due dates and alarm state (:class:`AlarmState`).

        Args:
            asset_id: The asset's id, or
            serial_number: its serial number.
            translate: Ask the server to translate messages.
            culture_code: Language for translated messages, e.g. ``"en-US"``.

        Returns:
            The status; ``alarm_state`` is the worst of the checks listed in ``alarms``.

        Raises:
            NotFoundError: No such asset (``None`` instead in LENIENT mode).
        """
        ref = asset_ref(asset_id, serial_number)
        return await self._repository.get_status(
            ref, translate=translate, culture_code=culture_code
        )

    async def set_state(
        self,
        state: AssetState | int,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
    ) -> None:
        """Change the asset's state (logged as a state change).

        Args:
            state: The new :class:`AssetState` (0..6).
            asset_id: The asset's id, or
            serial_number: its serial number.

        Raises:
            ValueError: ``state`` is not an :class:`AssetState` value.
            ConflictError: The asset is scrapped (scrapped is final).
        """
        try:
            value = AssetState(state)
        except ValueError:
            known = ", ".join(f"{s.value} {s.name}" for s in AssetState)
            raise ValueError(f"state must be one of {known}; got {state!r}") from None
        await self._repository.set_state(asset_ref(asset_id, serial_number), int(value))

    # -- log ----------------------------------------------------------------------------------

    async def get_log(
        self,
        filter: str | Filter | None = None,
        *,
        asset_id: str | UUID | None = None,
        serial_number: str | None = None,
        since: datetime | None = None,
        orderby: str | None = None,
        top: int | None = None,
        skip: int | None = None,
    ) -> list[AssetLogEntry]:
        """Read asset log entries (newest first unless ``orderby`` says otherwise).

        ``asset_id``, ``serial_number`` and ``since`` narrow ``filter`` (joined with ``and``).

        Args:
            filter: ``$filter`` text or a filter built with
                :class:`~pywats.domains.asset.filters.AssetLogFields`.
            asset_id: Only this asset's entries.
            serial_number: Only entries of this serial number.
            since: Only entries from this moment on (timezone-aware).
            orderby: ``$orderby``, e.g. ``"date asc"``.
            top: At most this many entries.
            skip: Skip this many first.

        Returns:
            The entries; ``type`` is an :class:`AssetLogType`.
        """
        narrow = all_of(
            None if asset_id is None else AssetLogFields.asset_id.eq(str(asset_id)),
            None if serial_number is None else AssetLogFields.serial_number.eq(serial_number),
            None if since is None else AssetLogFields.date.ge(since),
        )
        return await self._repository.get_log(
            filter=_and(filter, narrow), orderby=orderby, top=top, skip=skip
        )

    async def add_log_message(
        self, asset_id: str | UUID, comment: str, *, user: str | None = None
    ) -> None:
        """Write a message into an asset's log.

        Args:
            asset_id: The asset's id.
            comment: The message.
            user: Who writes it (server default: the token's user).

        Raises:
            NotFoundError: No such asset.
        """
        if not comment or not comment.strip():
            raise ValueError("comment must not be empty")
        message = {"assetId": asset_ref(asset_id, None)["id"], "comment": comment}
        if user is not None:
            message["user"] = user
        await self._repository.post_message(message)

    post_message = add_log_message

    # -- types and sub-assets -----------------------------------------------------------------

    async def get_types(
        self, filter: str | Filter | None = None, *, top: int | None = None
    ) -> list[AssetType]:
        """List asset types, optionally filtered
        (:class:`~pywats.domains.asset.filters.AssetTypeFields`)."""
        return await self._repository.get_types(
            filter=None if filter is None else str(filter), top=top
        )

    async def save_type(self, asset_type: AssetType | Mapping[str, Any]) -> AssetType:
        """Create or update an asset type (upsert on ``typeId``, else ``typeName``).

        Changing an interval moves the due dates of every asset of the type.

        Returns:
            The stored type.

        Raises:
            ValidationError: A bad value, e.g. an interval of -3 (days > 0, -1 unlimited or
                -2 external).
            ConflictError: The name belongs to another type, or the type is read-only.
        """
        return _saved(await self._repository.save_type(_body(asset_type, AssetType)), "asset type")

    async def get_sub_assets(
        self,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
        level: int | None = None,
    ) -> list[Asset]:
        """The asset's sub-assets, nearest generation first.

        Args:
            asset_id: The asset's id, or
            serial_number: its serial number.
            level: How many generations down (1 = direct children); all when ``None``.
        """
        if level is not None and level < 1:
            raise ValueError(f"level must be >= 1 (1 = direct children), got {level}")
        ref = asset_ref(asset_id, serial_number)
        return await self._repository.get_sub_assets(ref, level=level)

    # -- files --------------------------------------------------------------------------------

    async def upload_file(self, asset_id: str | UUID, filename: str, content: bytes) -> None:
        """Attach a file to an asset (replacing one with the same name).

        Raises:
            ValidationError: ``filename`` is not a plain file name.
            NotFoundError: No such asset.
        """
        if not isinstance(content, (bytes, bytearray)):
            raise TypeError(f"content must be bytes, not {type(content).__name__}")
        await self._repository.upload_file(_asset_id(asset_id), filename, bytes(content))

    async def download_file(self, asset_id: str | UUID, filename: str) -> bytes | None:
        """A file of the asset, as bytes.

        Raises:
            NotFoundError: No such asset or file (``None`` instead in LENIENT mode).
        """
        return await self._repository.download_file(_asset_id(asset_id), filename)

    async def list_files(self, asset_id: str | UUID) -> list[str]:
        """The names of the asset's files."""
        return await self._repository.list_files(_asset_id(asset_id))

    async def delete_files(self, asset_id: str | UUID, filenames: Sequence[str]) -> None:
        """Delete files of the asset (none is deleted unless all exist).

        Raises:
            NotFoundError: No such asset, or one of the files does not exist.
        """
        if isinstance(filenames, str) or not filenames:
            raise ValueError("filenames must be a non-empty list of file names")
        await self._repository.delete_files(_asset_id(asset_id), list(filenames))


def _and(filter: str | Filter | None, narrow: Filter | None) -> str | None:
    """``filter and narrow`` as ``$filter`` text (text filters are parenthesised)."""
    if filter is None or narrow is None:
        given = filter if filter is not None else narrow
        return None if given is None else str(given)
    if isinstance(filter, Filter):
        return str(filter & narrow)
    return f"({filter}) and {narrow}"


def _asset_id(asset_id: str | UUID) -> str:
    return asset_ref(asset_id, None)["id"]
