"""All API routes; `app.main` mounts `api_router` under `/api/v1`."""

from fastapi import APIRouter

from app.routers import auth, users

api_router = APIRouter()
api_router.include_router(auth.router)
api_router.include_router(users.router)

__all__ = ["api_router"]
