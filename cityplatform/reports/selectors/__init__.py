"""Reads for daily reports: completeness and timeliness (aggregate queries), a day's
figures, reports and their history, all bounded by the user's jurisdiction."""
