"""The index cache on disk (`store`) and the row format it and the parse workers use (`codec`)."""
