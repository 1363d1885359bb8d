"""Server metadata models of the App endpoints (wats-api.md §2.2): processes, levels, groups.

Analytics rows live beside them (``yield_models``, ``step_models``, ``repair_models``). All
share the WSJF base model: aliases are the server's exact JSON keys, Python names are
snake_case, unknown keys are kept so a newer server never breaks an older client, and every
field is optional because WATS omits or nulls keys freely.
"""

from __future__ import annotations

from pydantic import Field

from pywats.domains.report.models.base import WatsModel

__all__ = ["AppModel", "Level", "ProcessInfo", "ProductGroup"]

AppModel = WatsModel
"""The shared base model under the name other domains import (one base class, not a copy)."""


class ProcessInfo(WatsModel):
    """A process (operation type) from ``GET /api/App/Processes``."""

    code: int | None = Field(default=None, alias="code")
    name: str | None = Field(default=None, alias="name")
    description: str | None = Field(default=None, alias="description")
    is_test_operation: bool | None = Field(default=None, alias="isTestOperation")
    is_repair_operation: bool | None = Field(default=None, alias="isRepairOperation")
    is_wip_operation: bool | None = Field(default=None, alias="isWipOperation")
    process_index: int | None = Field(default=None, alias="processIndex")
    state: int | str | None = Field(default=None, alias="state")


class Level(WatsModel):
    """A production level from ``GET /api/App/Levels``."""

    level_id: int | None = Field(default=None, alias="levelId")
    level_name: str | None = Field(default=None, alias="levelName")


class ProductGroup(WatsModel):
    """A product group from ``GET /api/App/ProductGroups``."""

    product_group_id: int | None = Field(default=None, alias="productGroupId")
    product_group_name: str | None = Field(default=None, alias="productGroupName")
