"""Reading Python source, one module at a time, into `ModuleFacts` (never importing it)."""
