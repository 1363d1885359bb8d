"""Pydantic models of the Production domain (wats-api.md).

Aliases are the server's exact JSON keys; Python names are snake_case; unknown keys are kept.
"""

from __future__ import annotations

__all__: list[str] = []
