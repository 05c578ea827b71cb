"""A process for tests to kill -9 in the middle of its work (see test_kills.py).

    python -m cityplatform.lending.tests.killable close
        closes the business day one draw per chunk, slowly (a pause after each chunk);
    python -m cityplatform.lending.tests.killable draw LINE_ID
        draws 5,000 on the line through a rail that takes a minute to answer.

DJANGO_SETTINGS_MODULE and DATABASE_URL come from the test that starts it.
"""

import sys
import time


def _close() -> None:
    from cityplatform.lending.services import cob_steps
    from cityplatform.lending.services.close_of_business import close_business_day

    real = cob_steps.accrue_chunk

    def slowly(day, lo, hi):  # type: ignore[no-untyped-def]
        result = real(day, lo, hi)
        time.sleep(0.5)
        return result

    cob_steps.accrue_chunk = slowly  # type: ignore[assignment]
    close_business_day(chunk=1)


def _draw(line_id: int) -> None:
    from cityplatform.lending.models import Line
    from cityplatform.lending.rail import SimulatedRail, use
    from cityplatform.lending.tests.conftest import take

    with use(SimulatedRail(delay=60)):
        take(Line.objects.get(pk=line_id), "5000.00")


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "close":
        _close()
    else:
        _draw(int(sys.argv[2]))
