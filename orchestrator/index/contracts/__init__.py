"""Pydantic schemas against the TypeScript types the frontend declares for them."""
