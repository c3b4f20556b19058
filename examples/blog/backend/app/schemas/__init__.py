"""Pydantic v2 request/response schemas: the API contract the frontend types mirror."""
