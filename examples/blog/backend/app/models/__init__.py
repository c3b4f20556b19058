"""SQLAlchemy models. Import every model here so `Base.metadata` (used by Alembic
autogenerate and by the test fixtures) knows all tables."""

from app.models.base import Base, TimestampMixin
from app.models.user import User

__all__ = ["Base", "TimestampMixin", "User"]
