"""Measurement objects of a step (wats-api.md §3.4).

A step carries its measurements in arrays, always, even for single-measurement steps. Single
measurements have no ``name`` (``null`` in exports); multi measurements have unique names.

Limits: single-limit operators (``EQ``, ``NE``, ``GT``, ``GE``, ``LT``, ``LE``, ``EQT``) compare
against ``lowLimit`` (§3.6), two-limit operators use ``lowLimit`` and ``highLimit``.
"""

from __future__ import annotations

from pydantic import Field

from .base import CompOpValue, WatsModel, WatsNumber
from .enums import StepStatus

__all__ = ["BooleanMeasurement", "NumericMeasurement", "StringMeasurement"]


class NumericMeasurement(WatsModel):
    """One ``numericMeas`` entry: a value, its limits and comparison operator."""

    comp_op: CompOpValue | None = Field(default=None, alias="compOp")
    name: str | None = None
    status: StepStatus | None = None
    unit: str | None = None
    value: WatsNumber | None = None
    low_limit: WatsNumber | None = Field(default=None, alias="lowLimit")
    high_limit: WatsNumber | None = Field(default=None, alias="highLimit")
    value_format: str | None = Field(default=None, alias="valueFormat")
    low_limit_format: str | None = Field(default=None, alias="lowLimitFormat")
    high_limit_format: str | None = Field(default=None, alias="highLimitFormat")


class BooleanMeasurement(WatsModel):
    """One ``booleanMeas`` entry (pass/fail); ``value`` is only sent by some clients."""

    name: str | None = None
    status: StepStatus | None = None
    value: bool | None = None


class StringMeasurement(WatsModel):
    """One ``stringMeas`` entry: a string value compared with ``limit``."""

    comp_op: CompOpValue | None = Field(default=None, alias="compOp")
    name: str | None = None
    status: StepStatus | None = None
    value: str | None = None
    limit: str | None = None
