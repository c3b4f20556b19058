"""Which files the index reads, and what one file says: the parser that fits its kind."""
