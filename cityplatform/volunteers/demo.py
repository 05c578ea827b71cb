"""Demo volunteer services: the 醴陵 epidemic scenario, built from records.

42 organisations, 10,042 volunteers (480 of them in two organisations, counted once),
2,052 activities and 210,408 service records, plus the outputs the seed article names
(see demo_data). The organisations are registered through the services; the bulk of
people, activities and records is inserted with bulk_create in large batches, every ID
number validated (cn.ric) and encrypted like any other. Deterministic: the same seed
gives the same people and records on every run. About ten seconds on SQLite.
"""

import random
import time
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TextIO

from stdnum.cn import ric, uscc

from cityplatform.accounts.demo import DEMO_PASSWORD
from cityplatform.accounts.services import user_ensure
from cityplatform.places.models import Place
from cityplatform.places.selectors import LILING
from cityplatform.volunteers import demo_data as plan
from cityplatform.volunteers.identity import id_number_index, mask_id_number
from cityplatform.volunteers.models import (
    OUTPUT_UNITS,
    Activity,
    ActivityKind,
    ActivityOutput,
    Membership,
    Organization,
    ServiceRecord,
    Skill,
    Volunteer,
)
from cityplatform.volunteers.services import (
    certificate_issue,
    organization_create,
    organization_staff_add,
)

LOGINS = [
    ("zhiyuan", "醴陵市民政局 志愿服务管理员 (三社联动, 醴陵市; 后台与服务记录导入)"),
    ("yigong", "醴陵市义工联合会 工作人员 (只管本组织的志愿者、活动和服务记录)"),
]

BATCH = 5_000
HOURS = [Decimal(h) for h in ("1.00", "1.50", "2.00", "2.00", "2.50", "3.00", "4.00", "6.00")]
SKILLS = ["医疗护理", "心理咨询", "驾驶", "宣传", "摄影", "应急救援", "农业技术", "法律咨询"]


def load(out: TextIO) -> None:
    if not Organization.objects.filter(name=plan.NAMED[0].name).exists():
        started = time.monotonic()
        _build(random.Random(20200318))
        out.write(f"    volunteers: epidemic scenario built in {time.monotonic() - started:.1f}s\n")
    _ensure_logins()


def _ensure_logins() -> None:
    liling = Place.objects.get(code=LILING)
    user_ensure(
        username="zhiyuan",
        password=DEMO_PASSWORD,
        display_name="醴陵市民政局志愿服务管理员",
        jurisdiction=liling,
        roles=["volunteer_admin"],
        is_staff=True,
    )
    staff = user_ensure(
        username="yigong",
        password=DEMO_PASSWORD,
        display_name="醴陵市义工联合会工作人员",
        jurisdiction=liling,
        roles=["volunteer_org_staff"],
        is_staff=True,
    )
    organization_staff_add(
        organization=Organization.objects.get(name=plan.NAMED[0].name), user=staff
    )


def spread(total: int, parts: int) -> list[int]:
    """`total` in `parts` whole numbers differing by at most one."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _plans(towns: Sequence[Place]) -> list[plan.OrganizationPlan]:
    named = plan.NAMED
    others = len(plan.OTHER_COUNTY_WIDE) + len(towns)
    assert len(named) + others == plan.ORGANIZATIONS_TOTAL
    members = spread(plan.VOLUNTEERS_TOTAL - sum(p.members for p in named), others)
    activities = spread(plan.ACTIVITIES_TOTAL - sum(p.activities for p in named), others)
    specs = [(name, kind, "") for name, kind in plan.OTHER_COUNTY_WIDE] + [
        (f"{town.name}志愿服务队", Organization.Kind.VOLUNTEER_TEAM, town.name) for town in towns
    ]
    return [
        *named,
        *(
            plan.OrganizationPlan(
                name,
                kind,
                members=members[i],
                activities=activities[i],
                activity_kinds=plan.GENERAL_KINDS,
                town=town,
            )
            for i, (name, kind, town) in enumerate(specs)
        ),
    ]


def _credit_code(number: int) -> str:
    # 5 (civil affairs) 1 (social group), 醴陵's region code, an organisation code.
    body = f"51430281MJ{5_000_000 + number * 7_919:07d}"
    return body + uscc.calc_check_digit(body)


def _person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(plan.GIVEN_CHARACTERS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(plan.SURNAMES) + given


def _id_number(rng: random.Random, taken: set[str]) -> str:
    while True:
        born = date(1955, 1, 1) + timedelta(days=rng.randrange(47 * 365))
        # 醴陵市 has had its code since 1989; older people carry 株洲县's.
        region = "430281" if born.year >= 1989 else "430221"
        body = f"{region}{born:%Y%m%d}{rng.randrange(1, 1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in taken:
            taken.add(number)
            return str(ric.validate(number))


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice((38, 39, 58, 59, 87, 73, 35, 36, 37, 89))}{rng.randrange(10**8):08d}"


def _build(rng: random.Random) -> None:
    liling = Place.objects.get(code=LILING)
    towns = list(
        Place.objects.filter(code__startswith=liling.prefix, level=Place.Level.TOWN).order_by(
            "code"
        )
    )
    villages: dict[str, list[Place]] = {town.code: [] for town in towns}
    for village in Place.objects.filter(
        code__startswith=liling.prefix, level=Place.Level.VILLAGE
    ).order_by("code"):
        villages[village.parent_id or ""].append(village)
    town_by_name = {town.name: town for town in towns}

    plans = _plans(towns)
    organizations = [
        organization_create(
            name=p.name,
            kind=p.kind,
            credit_code=_credit_code(i),
            contact_person=p.contact_person or _person_name(rng),
            contact_phone=_phone(rng),
            place=town_by_name[p.town] if p.town else liling,
        )
        for i, p in enumerate(plans)
    ]
    members = _volunteers(rng, plans, organizations, towns, town_by_name)
    activities = _activities(rng, plans, organizations, towns, villages, town_by_name)
    _records(rng, plans, organizations, members, activities)

    number = plan.DEMO_VOLUNTEER[1]
    demo_volunteer = Volunteer.objects.get(id_number_index=id_number_index(number))
    certificate_issue(volunteer=demo_volunteer, organization=organizations[0])


def _volunteers(
    rng: random.Random,
    plans: list[plan.OrganizationPlan],
    organizations: list[Organization],
    towns: list[Place],
    town_by_name: dict[str, Place],
) -> dict[int, list[int]]:
    """Create every person and membership; return each organisation's member ids."""
    taken = {plan.DEMO_VOLUNTEER[1]}
    people: list[Volunteer] = []
    primary: list[int] = []  # index into `organizations` of each person's first one
    for org_index, p in enumerate(plans):
        for _ in range(p.members):
            place = town_by_name[p.town] if p.town else rng.choice(towns)
            if not people:
                name, number, phone = plan.DEMO_VOLUNTEER
                place = town_by_name["来龙门街道"]
            else:
                name, number, phone = _person_name(rng), _id_number(rng, taken), _phone(rng)
            people.append(
                Volunteer(
                    name=name,
                    phone=phone,
                    id_number=number,
                    id_number_index=id_number_index(number),
                    id_number_masked=mask_id_number(number),
                    place=place,
                )
            )
            primary.append(org_index)
    assert len(people) == plan.VOLUNTEERS_TOTAL
    Volunteer.objects.bulk_create(people, batch_size=BATCH)

    memberships: list[Membership] = []
    members: dict[int, list[int]] = {org.pk: [] for org in organizations}
    first_joined = date(2015, 1, 1)
    for person, org_index in zip(people, primary, strict=True):
        organization = organizations[org_index]
        joined = first_joined + timedelta(days=rng.randrange((plan.FIRST_DAY - first_joined).days))
        memberships.append(
            Membership(volunteer=person, organization=organization, joined_on=joined)
        )
        members[organization.pk].append(person.pk)
    # Some volunteers answered a second organisation's call on the first day.
    for person_index in rng.sample(range(len(people)), plan.SECOND_MEMBERSHIPS):
        person = people[person_index]
        choices = [i for i in range(len(organizations)) if i != primary[person_index]]
        organization = organizations[rng.choice(choices)]
        memberships.append(
            Membership(volunteer=person, organization=organization, joined_on=plan.FIRST_DAY)
        )
        members[organization.pk].append(person.pk)
    Membership.objects.bulk_create(memberships, batch_size=BATCH)

    skills = [Skill.objects.get_or_create(name=name)[0] for name in SKILLS]
    Through = Volunteer.skills.through
    Through.objects.bulk_create(
        (
            Through(volunteer_id=person.pk, skill_id=rng.choice(skills).pk)
            for person in people
            if rng.random() < 0.3
        ),
        batch_size=BATCH,
    )
    return members


def _activity_date(rng: random.Random, kind: str) -> date:
    if kind == ActivityKind.SPRING_FARMING:
        start = date(2020, 3, 1)
        return start + timedelta(days=rng.randrange((plan.LAST_DAY - start).days + 1))
    span = (plan.LAST_DAY - plan.FIRST_DAY).days
    # Most activity in February, when the epidemic peaked.
    return plan.FIRST_DAY + timedelta(days=round(rng.triangular(0, span, span * 0.35)))


def _activities(
    rng: random.Random,
    plans: list[plan.OrganizationPlan],
    organizations: list[Organization],
    towns: list[Place],
    villages: dict[str, list[Place]],
    town_by_name: dict[str, Place],
) -> dict[int, list[Activity]]:
    by_org: dict[int, list[Activity]] = {}
    for p, organization in zip(plans, organizations, strict=True):
        kinds = [kind for kind, _weight in p.activity_kinds]
        weights = [weight for _kind, weight in p.activity_kinds]
        rows = []
        for _ in range(p.activities):
            kind = rng.choices(kinds, weights)[0]
            town = town_by_name[p.town] if p.town else rng.choice(towns)
            place = (
                rng.choice(villages[town.code])
                if villages[town.code] and rng.random() < 0.5
                else town
            )
            rows.append(
                Activity(
                    organization=organization,
                    kind=kind,
                    title=plan.TITLES[ActivityKind(kind)].format(place=place.name),
                    place=place,
                    date=_activity_date(rng, kind),
                )
            )
        if not by_org:
            # The scenario spans the article's period: 大年初一 to the day it reports.
            rows[0].date, rows[-1].date = plan.FIRST_DAY, plan.LAST_DAY
        rows.sort(key=lambda activity: activity.date)
        _plan_outputs(rng, p, rows)
        by_org[organization.pk] = rows
    Activity.objects.bulk_create([a for rows in by_org.values() for a in rows], batch_size=BATCH)
    outputs = []
    for rows in by_org.values():
        for activity in rows:
            for kind, quantity in getattr(activity, "_planned_outputs", []):
                outputs.append(
                    ActivityOutput(
                        activity=activity, kind=kind, quantity=quantity, unit=OUTPUT_UNITS[kind]
                    )
                )
    ActivityOutput.objects.bulk_create(outputs, batch_size=BATCH)
    assert sum(len(rows) for rows in by_org.values()) == plan.ACTIVITIES_TOTAL
    return by_org


def _plan_outputs(rng: random.Random, p: plan.OrganizationPlan, rows: list[Activity]) -> None:
    main_kind = p.activity_kinds[0][0]
    for output in p.outputs:
        candidates = [a for a in rows if a.kind == main_kind]
        if len(candidates) < output.activities:
            candidates = rows
        chosen = sorted(rng.sample(candidates, output.activities), key=lambda a: a.date)
        for activity, quantity in zip(chosen, spread(output.total, output.activities), strict=True):
            planned = activity.__dict__.setdefault("_planned_outputs", [])
            planned.append((output.kind, quantity))
            if output.title and len(planned) == 1:
                activity.title = f"{output.title}（{activity.place.name}）"


def _records(
    rng: random.Random,
    plans: list[plan.OrganizationPlan],
    organizations: list[Organization],
    members: dict[int, list[int]],
    activities: dict[int, list[Activity]],
) -> None:
    """Each organisation's person-times over its activities; every member serves at
    least once (members are taken in turn around a shuffled circle), nobody twice in
    one activity (no activity takes more people than the organisation has)."""
    targets = {}
    for p, organization in zip(plans, organizations, strict=True):
        people = len(members[organization.pk])
        fair = round(plan.PERSON_TIMES_TOTAL * p.members / plan.VOLUNTEERS_TOTAL)
        capacity = int(0.8 * p.activities * people)
        targets[organization.pk] = max(people, min(fair, capacity))
    # What the small organisations could not take goes to the largest.
    largest = organizations[0].pk
    targets[largest] += plan.PERSON_TIMES_TOTAL - sum(targets.values())

    records: list[ServiceRecord] = []
    for organization in organizations:
        circle = list(members[organization.pk])
        rng.shuffle(circle)
        rows = activities[organization.pk]
        sizes = _sizes(rng, targets[organization.pk], len(rows), len(circle))
        position = 0
        for activity, size in zip(rows, sizes, strict=True):
            for step in range(size):
                records.append(
                    ServiceRecord(
                        volunteer_id=circle[(position + step) % len(circle)],
                        activity_id=activity.pk,
                        activity_date=activity.date,
                        activity_place_id=activity.place_id,
                        hours=rng.choice(HOURS),
                    )
                )
            position += size
        assert position >= len(circle), organization.name
    assert len(records) == plan.PERSON_TIMES_TOTAL
    ServiceRecord.objects.bulk_create(records, batch_size=BATCH)


def _sizes(rng: random.Random, total: int, parts: int, ceiling: int) -> list[int]:
    """`total` split over `parts` activities of uneven size, none above `ceiling`."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [min(ceiling, max(1, int(w * scale))) for w in weights]
    i = 0
    while sum(sizes) != total:
        step = 1 if sum(sizes) < total else -1
        if 1 <= sizes[i % parts] + step <= ceiling:
            sizes[i % parts] += step
        i += 1
    return sizes
