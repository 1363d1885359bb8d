"""Models for the App endpoints (server metadata and analytics), wats-api.md §2.2.

Aliases are the server's exact JSON keys; Python names are snake_case. Unknown keys are kept
(``extra="allow"``) so a newer server never breaks an older client, and every field is
optional because WATS omits or nulls keys freely.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AppModel", "Level", "ProcessInfo", "ProductGroup"]


class AppModel(BaseModel):
    """Base of the App models: alias or Python name on input, unknown keys kept."""

    model_config = ConfigDict(populate_by_name=True, extra="allow")


class ProcessInfo(AppModel):
    """A process (operation type) from ``GET /api/App/Processes``."""

    code: int | None = Field(default=None, alias="code")
    name: str | None = Field(default=None, alias="name")
    description: str | None = Field(default=None, alias="description")
    is_test_operation: bool | None = Field(default=None, alias="isTestOperation")
    is_repair_operation: bool | None = Field(default=None, alias="isRepairOperation")
    is_wip_operation: bool | None = Field(default=None, alias="isWipOperation")
    process_index: int | None = Field(default=None, alias="processIndex")
    state: int | str | None = Field(default=None, alias="state")


class Level(AppModel):
    """A production level from ``GET /api/App/Levels``."""

    level_id: int | None = Field(default=None, alias="levelId")
    level_name: str | None = Field(default=None, alias="levelName")


class ProductGroup(AppModel):
    """A product group from ``GET /api/App/ProductGroups``."""

    product_group_id: int | None = Field(default=None, alias="productGroupId")
    product_group_name: str | None = Field(default=None, alias="productGroupName")
