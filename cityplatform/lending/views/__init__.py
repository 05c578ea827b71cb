"""Lending's pages: the customer's mobile pages (`customer`) and the officer console
(`console`). Thin: they parse input, call services and selectors, and render."""
