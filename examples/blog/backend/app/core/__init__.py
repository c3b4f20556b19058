"""Cross-cutting pieces: settings, database engine, security, error types."""
