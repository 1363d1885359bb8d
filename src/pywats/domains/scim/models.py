"""Pydantic models of the SCIM domain (wats-api.md §2.9, SCIM 2.0 as WATS speaks it).

Aliases are the server's exact JSON keys (note the capitalised ``Resources`` and
``Operations`` of SCIM messages); Python names are snake_case; unknown keys are kept.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from pydantic import Field

from pywats.domains.report.models import WatsModel

__all__ = [
    "LIST_RESPONSE_SCHEMA",
    "PATCH_OP_SCHEMA",
    "USER_SCHEMA",
    "PatchOperation",
    "ScimEmail",
    "ScimListResponse",
    "ScimMeta",
    "ScimName",
    "ScimPatchOp",
    "ScimPatchRequest",
    "ScimToken",
    "ScimUser",
]

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class ScimPatchOp(str, enum.Enum):
    """The operations of a SCIM PATCH (RFC 7644). WATS supports only ``replace``."""

    ADD = "add"
    REMOVE = "remove"
    REPLACE = "replace"


class ScimToken(WatsModel):
    """A SCIM provisioning token from ``GET /api/SCIM/v2/Token``."""

    token: str | None = None
    expires_utc: datetime | None = Field(default=None, alias="expiresUtc")
    duration_days: int | None = Field(default=None, alias="durationDays")


class ScimName(WatsModel):
    """The person's name parts."""

    formatted: str | None = None
    given_name: str | None = Field(default=None, alias="givenName")
    family_name: str | None = Field(default=None, alias="familyName")


class ScimEmail(WatsModel):
    """One e-mail address of a user."""

    value: str | None = None
    type: str | None = None
    primary: bool | None = None


class ScimMeta(WatsModel):
    """Resource metadata (SCIM's ``meta``: keys per RFC 7643 §3.1)."""

    resource_type: str | None = Field(default=None, alias="resourceType")
    created: datetime | None = None
    last_modified: datetime | None = Field(default=None, alias="lastModified")
    location: str | None = None
    version: str | None = None


class ScimUser(WatsModel):
    """A WATS user as SCIM shows it.

    ``id`` is assigned by the server; leave it out when creating a user.
    """

    id: str | None = None
    user_name: str | None = Field(default=None, alias="userName")
    display_name: str | None = Field(default=None, alias="displayName")
    active: bool | None = None
    external_id: str | None = Field(default=None, alias="externalId")
    name: ScimName | None = None
    emails: list[ScimEmail] | None = None
    schemas: list[str] | None = None
    meta: ScimMeta | None = None


class ScimListResponse(WatsModel):
    """One page of users (``startIndex`` is 1-based)."""

    total_results: int | None = Field(default=None, alias="totalResults")
    items_per_page: int | None = Field(default=None, alias="itemsPerPage")
    start_index: int | None = Field(default=None, alias="startIndex")
    resources: list[ScimUser] = Field(default_factory=list, alias="Resources")
    schemas: list[str] | None = None


class PatchOperation(WatsModel):
    """One operation of a PATCH: ``op``, the attribute ``path`` and its new ``value``."""

    op: str = ScimPatchOp.REPLACE.value
    path: str | None = None
    value: Any = None


class ScimPatchRequest(WatsModel):
    """The body of ``PATCH /api/SCIM/v2/Users/{id}``."""

    schemas: list[str] = Field(default_factory=lambda: [PATCH_OP_SCHEMA])
    operations: list[PatchOperation] = Field(default_factory=list, alias="Operations")
