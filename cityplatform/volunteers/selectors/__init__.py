"""Reads for volunteer services: statistics (`stats`), people and their service
(`people`), certificates (`certificates`)."""
