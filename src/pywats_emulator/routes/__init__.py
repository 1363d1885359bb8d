"""HTTP routers, one module per WATS domain plus the emulator's own control endpoints.

A new domain (product, asset, production, analytics, software, rootcause, scim...) is a sibling
module exposing ``router``; add it to :data:`ROUTERS` and it is served, authenticated, routed
case-insensitively and counted in the statistics like the others.
"""

from __future__ import annotations

from fastapi import APIRouter

from pywats_emulator.routes import (
    analytics,
    analytics_internal,
    app,
    asset,
    control,
    manual_inspection,
    process,
    product,
    production,
    report,
    report_files,
    rootcause,
    scim,
    software,
)

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    app.router,
    report.router,
    report_files.router,
    process.router,
    analytics.router,
    analytics_internal.router,
    product.router,
    asset.router,
    production.router,
    software.router,
    rootcause.router,
    scim.router,
    manual_inspection.router,
    control.router,
)
