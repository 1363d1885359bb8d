"""Pydantic models of the manual inspection domain (wats-api.md §2.10)."""

from __future__ import annotations

__all__: list[str] = []
