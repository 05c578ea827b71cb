"""Pages of daily reporting; thin: they call the selectors and services."""
