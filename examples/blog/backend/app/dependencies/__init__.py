"""FastAPI dependencies, each with an `Annotated` alias routers use directly."""
