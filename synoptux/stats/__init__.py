"""Read-only statistics and history over the action log and archived stays."""
