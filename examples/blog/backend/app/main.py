"""The FastAPI application: `uvicorn app.main:app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from app.core.config import get_settings
from app.core.database import get_engine
from app.core.exceptions import AppError
from app.routers import api_router


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    """Release pooled database connections on shutdown."""
    yield
    await get_engine().dispose()


async def handle_app_error(_request: Request, exc: AppError) -> JSONResponse:
    """Render an AppError as `{"detail": message}` with its status and headers."""
    return JSONResponse({"detail": exc.message}, status_code=exc.status_code, headers=exc.headers)


def create_app() -> FastAPI:
    """Build the application from the current settings."""
    settings = get_settings()
    app = FastAPI(
        title=settings.app_name,
        version="0.1.0",
        description="Users and authentication; the stackcrew example project.",
        lifespan=lifespan,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
    )
    app.add_exception_handler(AppError, handle_app_error)
    app.include_router(api_router, prefix=settings.api_prefix)
    return app


app = create_app()
