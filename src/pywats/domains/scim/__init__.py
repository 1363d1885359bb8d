"""SCIM domain (wats-api.md §2.9): provisioning token and user accounts."""

from __future__ import annotations

from pywats.domains.scim.models import (
    PatchOperation,
    ScimEmail,
    ScimListResponse,
    ScimMeta,
    ScimName,
    ScimPatchOp,
    ScimPatchRequest,
    ScimToken,
    ScimUser,
)
from pywats.domains.scim.repository import AsyncScimRepository
from pywats.domains.scim.service import AsyncScimService

__all__ = [
    "AsyncScimRepository",
    "AsyncScimService",
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
