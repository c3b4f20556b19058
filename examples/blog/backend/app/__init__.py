"""Blog API: a small FastAPI + SQLAlchemy 2 (async) + Alembic service."""
