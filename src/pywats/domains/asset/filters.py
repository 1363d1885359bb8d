"""OData ``$filter`` fields for asset, asset log and asset type queries (wats-api.md §2.4).

Built on the report filter builder (:mod:`pywats.domains.report.filters`): each attribute is a
:class:`~pywats.domains.report.filters.Field` with ``eq``/``ne``/``gt``/``ge``/``lt``/``le``/
``between``/``one_of``; combine with ``&`` and ``|``. Enum values are written as numbers and
datetimes as UTC (timezone-aware datetimes only).

Example:
    >>> str(AssetFields.state.eq(1) & AssetFields.running_count.ge(900))
    'state eq 1 and runningCount ge 900'
"""

from __future__ import annotations

from pywats.domains.report.filters import Field

__all__ = ["AssetFields", "AssetLogFields", "AssetTypeFields"]


class AssetFields:
    """Filterable Asset fields (``get_assets``)."""

    asset_id = Field("assetId")
    serial_number = Field("serialNumber")
    type_id = Field("typeId")
    type_name = Field("assetType/typeName")
    """The asset type's name."""
    parent_asset_id = Field("parentAssetId")
    parent_serial_number = Field("parentSerialNumber")
    asset_name = Field("assetName")
    part_number = Field("partNumber")
    revision = Field("revision")
    client_id = Field("ClientId")
    state = Field("state")
    description = Field("description")
    location = Field("location")
    first_seen_date = Field("firstSeenDate")
    last_seen_date = Field("lastSeenDate")
    last_calibration_date = Field("lastCalibrationDate")
    next_calibration_date = Field("nextCalibrationDate")
    last_maintenance_date = Field("lastMaintenanceDate")
    next_maintenance_date = Field("nextMaintenanceDate")
    total_count = Field("totalCount")
    running_count = Field("runningCount")


class AssetLogFields:
    """Filterable asset log fields (``get_log``)."""

    log_id = Field("logId")
    asset_id = Field("assetId")
    serial_number = Field("serialNumber")
    date = Field("date")
    user = Field("user")
    type = Field("type")
    comment = Field("comment")


class AssetTypeFields:
    """Filterable asset type fields (``get_types``)."""

    type_id = Field("typeId")
    type_name = Field("typeName")
    running_count_limit = Field("runningCountLimit")
    total_count_limit = Field("totalCountLimit")
    calibration_interval = Field("calibrationInterval")
    maintenance_interval = Field("maintenanceInterval")
    warning_threshold = Field("warningThreshold")
    alarm_threshold = Field("alarmThreshold")
    is_readonly = Field("isReadonly")
