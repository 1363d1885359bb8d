"""Manual inspection domain (wats-api.md §2.10, internal API)."""

from __future__ import annotations

from pywats.domains.manual_inspection.models import (
    MiDefinition,
    MiDefinitionDetails,
    MiDetails,
    MiInstance,
    MiRelation,
    MiRelationConflict,
    MiscInfoValidation,
    MiSequence,
    MiWorkflowContent,
)
from pywats.domains.manual_inspection.repository import AsyncManualInspectionRepository
from pywats.domains.manual_inspection.service import AsyncManualInspectionService

__all__ = [
    "AsyncManualInspectionRepository",
    "AsyncManualInspectionService",
    "MiDefinition",
    "MiDefinitionDetails",
    "MiDetails",
    "MiInstance",
    "MiRelation",
    "MiRelationConflict",
    "MiSequence",
    "MiWorkflowContent",
    "MiscInfoValidation",
]
