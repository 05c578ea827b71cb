"""Demo daily reports: 醴陵's 270 villages from 2020-01-25 (大年初一) to 2020-03-18,
mostly zeros with some figures, a few late and missing (more over the Spring Festival
week), the towns' approvals for all but the last day and the county's for all but the
last two; the reminders the task would have sent; one correction with its reason.

Logins: a village director (马放塘社区), a town supervisor (来龙门街道) and a bureau
officer (醴陵市). Every other town's approvals are signed by a supervisor without a
login (unusable password).
"""

import random
from datetime import date, timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.services import user_ensure
from cityplatform.places.models import Place
from cityplatform.places.selectors import LILING
from cityplatform.reports.kinds import due_at, get_kind
from cityplatform.reports.models import DailyReport
from cityplatform.reports.roles import OFFICER, REPORTER, REVIEWER
from cityplatform.reports.seeding import Rates, seed_reminders, seed_reports
from cityplatform.reports.services import county_day_approve, report_file, town_day_approve

KIND = "children_care"
FIRST_DAY = date(2020, 1, 25)
LAST_DAY = date(2020, 3, 18)
SPRING_FESTIVAL_END = date(2020, 1, 31)
MAFANGTANG = "430281002001"
LAILONGMEN = "430281002000"

LOGINS = [
    ("daily_mafangtang", "马放塘社区 儿童主任 (/reports/: 每日零报告, 一键零报告)"),
    ("daily_lailongmen", "来龙门街道 儿童督导员 (/reports/: 本街道完成情况, 审核)"),
    ("daily_liling", "醴陵市民政局 (/reports/?month=2020-02: 全市完成情况, 审核镇街, 导出)"),
]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _town_reviewers(towns: list[Place], lailongmen_user: Any) -> dict[str, Any]:
    """A supervisor per town; 来龙门街道's is the demo login, the others cannot log in."""
    user_model = get_user_model()
    group = Group.objects.get_or_create(name=REVIEWER)[0]
    reviewers = {LAILONGMEN: lailongmen_user}
    for town in towns:
        if town.code == LAILONGMEN:
            continue
        user, created = user_model.objects.get_or_create(
            username=f"daily_{town.code[:9]}",
            defaults={"display_name": f"{town.name}儿童督导员", "jurisdiction": town},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
        reviewers[town.code] = user
    return reviewers


def load(out: TextIO) -> None:
    kind = get_kind(KIND)
    if kind is None:  # the kind moved or was renamed: nothing to show
        return
    director = user_ensure(
        username="daily_mafangtang",
        password=DEMO_PASSWORD,
        display_name="马放塘社区儿童主任",
        jurisdiction=Place.objects.get(code=MAFANGTANG),
        roles=[REPORTER],
    )
    supervisor = user_ensure(
        username="daily_lailongmen",
        password=DEMO_PASSWORD,
        display_name="来龙门街道儿童督导员",
        jurisdiction=Place.objects.get(code=LAILONGMEN),
        roles=[REVIEWER],
    )
    officer = user_ensure(
        username="daily_liling",
        password=DEMO_PASSWORD,
        display_name="醴陵市民政局",
        jurisdiction=Place.objects.get(code=LILING),
        roles=[OFFICER],
    )
    if DailyReport.objects.filter(kind=KIND, day__gte=FIRST_DAY, day__lte=LAST_DAY).exists():
        return
    prefix = LILING[:6]
    towns = list(Place.objects.filter(level=Place.Level.TOWN, code__startswith=prefix))
    villages = list(
        Place.objects.filter(level=Place.Level.VILLAGE, code__startswith=prefix).order_by("code")
    )
    reviewers = _town_reviewers(towns, supervisor)
    reporters = {MAFANGTANG: director}
    rng = random.Random(20200125)
    # Over the Spring Festival week more villages were late or silent.
    created = seed_reports(
        kind=kind,
        villages=villages,
        days=_days(FIRST_DAY, SPRING_FESTIVAL_END),
        reporters=reporters,
        reviewers=reviewers,
        officer=officer,
        rates=Rates(
            missing=0.02, late=0.10, nonzero=0.06, unapproved_days=0, county_pending_days=0
        ),
        rng=rng,
    )
    created += seed_reports(
        kind=kind,
        villages=villages,
        days=_days(SPRING_FESTIVAL_END + timedelta(days=1), LAST_DAY),
        reporters=reporters,
        reviewers=reviewers,
        officer=officer,
        rates=Rates(missing=0.004, late=0.015, nonzero=0.02),
        rng=rng,
    )
    days = _days(FIRST_DAY, LAST_DAY)
    reminders = seed_reminders(kind=kind, villages=villages, days=days)
    _a_correction(kind, supervisor, officer)
    out.write(f"  reports: {created} daily reports, {reminders} reminders")


def _a_correction(kind: Any, supervisor: Any, officer: Any) -> None:
    """马放塘社区 reported zero on 02-12; a visit the next day found a child
    left without care since the 12th: the town corrected the report on the community's behalf, which reopened the approved day; the town
    and then the county approved it again."""
    village = Place.objects.get(code=MAFANGTANG)
    day = date(2020, 2, 12)
    report = DailyReport.objects.filter(kind=KIND, village=village, day=day).first()
    if report is None or not report.is_zero:
        return
    report_file(
        actor=supervisor,
        kind=kind,
        village=village,
        day=day,
        values={"new_lacking_care": 1, "placed": 1},
        reason="入户走访发现1名父母均被隔离的儿童，已由社区临时照料，更正当日报告。",
        now=due_at(kind, day) + timedelta(days=1, hours=1),
    )
    town = Place.objects.get(code=LAILONGMEN)
    at = due_at(kind, day) + timedelta(days=1, hours=2)
    town_day_approve(actor=supervisor, kind=kind, town=town, day=day, now=at)
    county_day_approve(actor=officer, kind=kind, town=town, day=day, now=at + timedelta(hours=2))
