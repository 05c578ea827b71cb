"""Reads for charity: the public disclosure (figures, lists, traces, charts), the
disclosure schedule, and what staff may see inside their jurisdiction."""
