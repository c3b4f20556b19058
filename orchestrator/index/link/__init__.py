"""Per-file facts into one `ProjectIndex`: names resolved across modules, routes, models,
schemas, settings and TypeScript inheritance."""
