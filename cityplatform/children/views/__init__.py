"""Pages of the registry (staff only; nothing here is public)."""
