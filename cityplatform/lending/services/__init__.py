"""Lending's writes, one module per part of the business (see each module's docstring)."""
