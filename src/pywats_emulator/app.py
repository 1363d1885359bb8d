"""``create_app``: the FastAPI application of one emulator instance.

Middleware order (outside in): statistics, case-insensitive routing, fault injection, token
auth, then FastAPI's routers. Endpoints are plain ``def`` functions that FastAPI runs in its
thread pool; storage serialises them on one SQLite connection.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pywats_emulator.auth import AuthMiddleware
from pywats_emulator.config import EmulatorConfig
from pywats_emulator.demo import seed_demo_reports
from pywats_emulator.errors import install_error_handlers
from pywats_emulator.middleware import FaultMiddleware, StatsMiddleware
from pywats_emulator.routes import ROUTERS
from pywats_emulator.routing import CaseInsensitiveRoutingMiddleware, RouteTable
from pywats_emulator.state import EmulatorState

__all__ = ["create_app"]


def create_app(config: EmulatorConfig) -> FastAPI:
    """Build an emulator app with its own storage, faults and statistics.

    The storage is opened here (so ``app.state.emulator`` is usable at once, even without a
    server) and closed when the app's lifespan ends.

    Example:
        >>> app = create_app(EmulatorConfig(token="secret"))
        >>> app.state.emulator.config.version
        '24.1.0'
    """
    state = EmulatorState.create(config)
    if config.demo_data:
        seed_demo_reports(state)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="pyWATS emulator",
        version=config.version,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.emulator = state
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    table = RouteTable.from_routers(ROUTERS)
    # add_middleware prepends: the last added is the outermost.
    app.add_middleware(AuthMiddleware, token=config.token)
    app.add_middleware(FaultMiddleware, faults=state.faults)
    app.add_middleware(CaseInsensitiveRoutingMiddleware, table=table)
    app.add_middleware(StatsMiddleware, stats=state.stats, table=table)
    return app
