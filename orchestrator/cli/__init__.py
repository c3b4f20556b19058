"""The `orchestrate` and `agent` commands: thin Typer commands over the library."""
