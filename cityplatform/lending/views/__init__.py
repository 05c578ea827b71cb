"""Lending's pages: the customer's mobile pages (`customer`, the credit-balance refund
in `refunds`) and the officer console (`console`). Thin: they parse input, call services and selectors, and render."""
