"""Business logic. Services take an AsyncSession, return models, raise AppError."""
