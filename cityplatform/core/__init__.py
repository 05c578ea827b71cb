"""Shared building blocks every domain app uses.

Owns no data. Provides: `AppendOnlyModel`, the base of history tables (`models`), validation of phone numbers and credit codes
(`validators`), the domain error type services raise (`errors`), safe Markdown
rendering (`markup`), Chinese word segmentation for search (`segmentation`), and
the `load_demo` command that asks every app for its demo data.
"""
