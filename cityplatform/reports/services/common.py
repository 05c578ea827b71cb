"""Helpers the filing and approval services share."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cityplatform.core.errors import DomainError
from cityplatform.places.models import PREFIX_LENGTH, Place
from cityplatform.reports.days import FIRST_DAY, LAST_DAY, in_range
from cityplatform.reports.kinds import ReportKind, get_kind
from cityplatform.reports.models import TownDay


def town_code_of(village_code: str) -> str:
    return village_code[: PREFIX_LENGTH[Place.Level.TOWN]].ljust(12, "0")


def kind_get(code: str) -> ReportKind:
    """The registered kind, or a 404 DomainError naming the unknown code."""
    kind = get_kind(code)
    if kind is None:
        raise DomainError(
            "unknown_kind", _("There is no report kind “%(code)s”.") % {"code": code}, status=404
        )
    return kind


def refuse_future_day(day: date, today: date) -> None:
    if not in_range(day):
        raise DomainError(
            "day_out_of_range",
            _("Choose a day from %(first)s to %(last)s.")
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
            status=422,
        )
    if day > today:
        raise DomainError(
            "future_day",
            _("%(day)s has not come yet: a day can be reported from that day on.")
            % {"day": day.isoformat()},
            status=422,
        )


def town_day_lock(kind: ReportKind, town_code: str, day: date) -> TownDay:
    """The town's day, created if needed and locked for this transaction.

    Every write to a town's day (a filing, a correction, an approval) takes this lock
    first and only then locks report rows, so two writers never wait on each other in
    opposite orders, and an approval never sees a report half-corrected.
    """
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    TownDay.objects.get_or_create(kind=kind.code, town_id=town_code, day=day)
    return TownDay.objects.select_for_update().get(kind=kind.code, town_id=town_code, day=day)
