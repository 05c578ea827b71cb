"""The days daily reports can be about: 2000-01-01 to 2099-12-31.

Dates outside are refused (a 422 in the API, a 404 for a page's date, today's month for
a month parameter) rather than reaching date arithmetic that overflows at year 1 or 9999.
"""

from datetime import date

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def in_range(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY
