"""The bulk of the demo registry: children of every village of 醴陵, their guardians, care,
visits and assistance, and the hotline's calls. Deterministic (one seed)."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from cityplatform.children.identity import id_number_index, id_number_make, id_number_mask
from cityplatform.children.models import (
    CATEGORY_FIELDS,
    LACKING,
    RESPONSE_TIME,
    Assistance,
    AssistanceItem,
    CareArrangement,
    Category,
    Child,
    ChildEvent,
    CounsellingSession,
    Guardian,
    Guardianship,
    HotlineCall,
    HotlineCallEvent,
    LackingCareFinding,
    Urgency,
    Visit,
)
from cityplatform.children.services import hotline_calls_escalate_overdue
from cityplatform.places.models import Place
from cityplatform.places.selectors import LILING

from .names import adult_name, child_name, mobile

SEED = 2020
CHILDREN = 4000
# The registration drive: from the day after 大年初一 to the article's 3月18日.
FIRST_DAY = datetime.date(2020, 1, 26)
LAST_DAY = datetime.date(2020, 3, 18)
# Villages whose directors are demo logins: each shows an alarm and an overdue follow-up.
SHOWCASE_VILLAGES = ("430281002001", "430281109200")
# Lacking children left without any arrangement: the open alarms of the demo.
UNPLACED = 6
OVERDUE_FOLLOW_UPS = 12

CARERS = {
    CareArrangement.Kind.RELATIVE: ("祖母", "外婆", "伯父", "姑妈", "舅舅"),
    CareArrangement.Kind.NEIGHBOUR: ("邻居",),
    CareArrangement.Kind.VILLAGE: ("村(居)委会",),
    CareArrangement.Kind.INSTITUTION: ("醴陵市儿童福利院",),
}


def _day(rng: random.Random) -> datetime.date:
    # Most children were found in the first two weeks of the drive.
    span = (LAST_DAY - FIRST_DAY).days
    offset = int(min(span, rng.expovariate(1 / 9)))
    return FIRST_DAY + datetime.timedelta(days=offset)


def _categories(rng: random.Random) -> list[str]:
    chosen = {
        code
        for code, share in (
            (Category.LEFT_BEHIND, 0.62),
            (Category.IN_DIFFICULTY, 0.24),
            (Category.SCATTERED_ORPHAN, 0.07),
            (Category.UNSUPPORTED, 0.09),
        )
        if rng.random() < share
    }
    return sorted(chosen or {Category.LEFT_BEHIND})


def _guardianship(rng: random.Random, categories: list[str]) -> str:
    roll = rng.random()
    if Category.UNSUPPORTED in categories and roll < 0.3:
        return Guardianship.LACKING_OTHER
    if roll < 0.06:
        return Guardianship.LACKING_EPIDEMIC
    if roll < 0.075:
        return Guardianship.LACKING_OTHER
    return Guardianship.ADEQUATE


def _guardians(rng: random.Random, child: Child, categories: list[str]) -> list[Guardian]:
    surname = child.name[0]
    lacking = child.guardianship in LACKING
    if Category.SCATTERED_ORPHAN in categories:
        situations = [Guardian.Situation.DECEASED, Guardian.Situation.DECEASED]
    elif lacking and child.guardianship == Guardianship.LACKING_EPIDEMIC:
        situations = [
            rng.choice([Guardian.Situation.QUARANTINED, Guardian.Situation.HOSPITALISED]),
            rng.choice([Guardian.Situation.QUARANTINED, Guardian.Situation.WORKING_AWAY]),
        ]
    elif Category.LEFT_BEHIND in categories:
        situations = [
            Guardian.Situation.WORKING_AWAY,
            rng.choice([Guardian.Situation.WORKING_AWAY, Guardian.Situation.AT_HOME]),
        ]
    else:
        situations = [
            rng.choice([Guardian.Situation.UNABLE, Guardian.Situation.AT_HOME]),
            Guardian.Situation.AT_HOME,
        ]
    people = [
        Guardian(
            child=child,
            name=adult_name(rng, surname),
            relation=Guardian.Relation.FATHER,
            situation=situations[0],
        ),
        Guardian(
            child=child,
            name=adult_name(rng),
            relation=Guardian.Relation.MOTHER,
            situation=situations[1],
        ),
    ]
    for guardian in people:
        if guardian.situation != Guardian.Situation.DECEASED:
            guardian.phone = mobile(rng)
    if lacking or Category.SCATTERED_ORPHAN in categories:
        people.append(
            Guardian(
                child=child,
                name=adult_name(rng, surname),
                relation=Guardian.Relation.GRANDPARENT,
                situation=Guardian.Situation.AT_HOME,
                phone=mobile(rng),
            )
        )
    return people


def load_children() -> int:
    rng = random.Random(SEED)
    villages = list(
        Place.objects.filter(code__startswith=LILING[:6], level=Place.Level.VILLAGE).order_by(
            "code"
        )
    )
    per_birth_date: dict[datetime.date, int] = defaultdict(int)
    children: list[Child] = []
    chosen_categories: list[list[str]] = []
    for index in range(CHILDREN):
        village = (
            villages[index % len(villages)] if index < len(villages) * 3 else rng.choice(villages)
        )
        registered_on = _day(rng)
        birth = registered_on - datetime.timedelta(days=rng.randrange(365, 17 * 365))
        sex = rng.choice("MF")
        per_birth_date[birth] += 1
        sequence = 2 * per_birth_date[birth] + (1 if sex == "M" else 0)
        number = id_number_make("430281", birth, sequence)
        categories = _categories(rng)
        child = Child(
            name=child_name(rng),
            sex=sex,
            birth_date=birth,
            id_number=number,
            id_number_index=id_number_index(number),
            id_number_masked=id_number_mask(number),
            village=village,
            school=f"{village.name.removesuffix('社区').removesuffix('村')}小学"
            if rng.random() < 0.7
            else "",
            registered_on=registered_on,
            **{column: code in categories for code, column in CATEGORY_FIELDS.items()},
        )
        child.guardianship = _guardianship(rng, categories)
        children.append(child)
        chosen_categories.append(categories)
    # The showcase villages each get one child lacking guardianship, left unplaced.
    for code in SHOWCASE_VILLAGES:
        child = next(c for c in children if c.village_id == code)
        child.guardianship = Guardianship.LACKING_EPIDEMIC
    Child.objects.bulk_create(children, batch_size=500)

    guardians = [
        g
        for child, cats in zip(children, chosen_categories, strict=True)
        for g in _guardians(rng, child, cats)
    ]
    Guardian.objects.bulk_create(guardians, batch_size=1000)
    ChildEvent.objects.bulk_create(
        (
            ChildEvent(
                child=c,
                kind=ChildEvent.Kind.REGISTERED,
                changes={"categories": {"to": c.categories}},
            )
            for c in children
        ),
        batch_size=1000,
    )
    lacking = [c for c in children if c.lacks_guardianship]
    LackingCareFinding.objects.bulk_create(
        LackingCareFinding(child=c, village_id=c.village_id, found_on=c.registered_on)
        for c in lacking
    )
    _care(rng, lacking)
    _visits(rng, children)
    return len(children)


def _care(rng: random.Random, lacking: list[Child]) -> None:
    unplaced = {next(c.pk for c in lacking if c.village_id == code) for code in SHOWCASE_VILLAGES}
    others = [c for c in lacking if c.pk not in unplaced]
    unplaced.update(c.pk for c in rng.sample(others, max(0, UNPLACED - len(unplaced))))
    arrangements = []
    for child in lacking:
        if child.pk in unplaced:
            continue
        starts = child.registered_on + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2)))
        if child.is_unsupported and rng.random() < 0.5:
            arrangements.append(
                CareArrangement(
                    child=child,
                    kind=CareArrangement.Kind.FALLBACK,
                    carer="醴陵市未成年人救助保护中心",
                    responsible_person=adult_name(rng),
                    responsible_phone=mobile(rng),
                    starts_on=starts,
                )
            )
            continue
        kind = rng.choice(list(CARERS))
        arrangements.append(
            CareArrangement(
                child=child,
                kind=kind,
                carer=rng.choice(CARERS[kind]),
                responsible_person=adult_name(rng),
                responsible_phone=mobile(rng),
                starts_on=starts,
            )
        )
    CareArrangement.objects.bulk_create(arrangements)
    ChildEvent.objects.bulk_create(
        ChildEvent(
            child=a.child,
            kind=ChildEvent.Kind.ARRANGEMENT_STARTED,
            changes={"kind": {"to": a.kind}, "starts_on": {"to": a.starts_on.isoformat()}},
            record_id=a.pk,
        )
        for a in arrangements
    )


def _visits(rng: random.Random, children: list[Child]) -> None:
    visited = [c for c in children if c.lacks_guardianship or rng.random() < 0.25]
    visits = []
    overdue_left = OVERDUE_FOLLOW_UPS
    showcase_done: set[str] = set()
    for child in visited:
        day = min(LAST_DAY, child.registered_on + datetime.timedelta(days=rng.randrange(0, 6)))
        needs_follow_up = child.lacks_guardianship or rng.random() < 0.2
        visit = Visit(
            child=child,
            visited_on=day,
            visitor_name=adult_name(rng),
            visitor_kind=rng.choice(list(Visit.VisitorKind.values)),
            findings=rng.choice(
                (
                    "孩子身体健康，情绪稳定，已宣传防疫知识。",
                    "家中口罩不足，已登记需求。",
                    "孩子网课设备不足，需联系学校。",
                    "监护人在外务工，由祖辈照看，生活正常。",
                    "孩子有恐慌情绪，建议安排心理疏导。",
                )
            ),
        )
        if needs_follow_up:
            visit.follow_up = rng.choice(
                ("落实网课设备", "再次上门核实照料情况", "联系心理协会疏导", "发放防护物资")
            )
            visit.follow_up_by = day + datetime.timedelta(days=3)
            showcase = (
                child.village_id in SHOWCASE_VILLAGES and child.village_id not in showcase_done
            )
            if showcase or (overdue_left > 0 and rng.random() < 0.05):
                showcase_done.add(child.village_id)
                overdue_left -= 1
            else:
                visit.follow_up_done_on = visit.follow_up_by - datetime.timedelta(
                    days=rng.randrange(0, 3)
                )
        visits.append(visit)
    Visit.objects.bulk_create(visits, batch_size=1000)
    ChildEvent.objects.bulk_create(
        (
            ChildEvent(
                child=v.child,
                kind=ChildEvent.Kind.VISIT,
                changes={"visited_on": {"to": v.visited_on.isoformat()}},
                record_id=v.pk,
            )
            for v in visits
        ),
        batch_size=1000,
    )
    counselled = [v.child for v in visits if "恐慌" in v.findings]
    CounsellingSession.objects.bulk_create(
        CounsellingSession(
            child=child,
            held_on=min(LAST_DAY, child.registered_on + datetime.timedelta(days=3)),
            counsellor="醴陵市心理协会心理援助志愿服务团队",
            mode=CounsellingSession.Mode.ONLINE,
        )
        for child in counselled
    )
    helped = [c for c in children if c.lacks_guardianship or c.is_unsupported]
    given = [
        Assistance(
            child=child,
            given_on=min(LAST_DAY, child.registered_on + datetime.timedelta(days=5)),
            given_by="醴陵市义工联合会",
            cash_amount=Decimal("0.00"),
        )
        for child in helped
    ]
    Assistance.objects.bulk_create(given)
    AssistanceItem.objects.bulk_create(
        AssistanceItem(assistance=a, item="口罩", quantity=rng.choice((10, 20, 30)), unit="只")
        for a in given
    )


def load_hotline() -> int:
    """About 40 answered calls during the drive, and three waiting now (two escalated)."""
    rng = random.Random(SEED + 1)
    tz = timezone.get_current_timezone()
    villages = list(Place.objects.filter(code__startswith=LILING[:6], level=Place.Level.VILLAGE))
    lacking = list(Child.objects.filter(guardianship__in=LACKING).defer("id_number")[:20])
    calls = []
    for _ in range(40):
        day = _day(rng)
        received = datetime.datetime.combine(
            day, datetime.time(rng.randrange(0, 24), rng.randrange(60)), tz
        )
        urgency = rng.choice(list(Urgency.values))
        child = rng.choice(lacking) if lacking and rng.random() < 0.4 else None
        calls.append(
            HotlineCall(
                received_at=received,
                caller_name=rng.choice(("", "邻居", "老师", "亲属")),
                caller_phone=mobile(rng),
                concern=rng.choice(
                    (
                        "反映孩子父母均被隔离，家中无人照看。",
                        "咨询留守儿童网课设备申请。",
                        "孩子情绪低落，家长请求心理援助。",
                        "邻居反映孩子独自在家多日。",
                    )
                ),
                urgency=urgency,
                child=child,
                place=child.village if child else rng.choice(villages),
                due_at=received + RESPONSE_TIME[Urgency(urgency)],
                first_response_at=received + datetime.timedelta(minutes=rng.randrange(5, 240)),
                response_note="已联系村(社区)儿童主任上门核实。",
            )
        )
    now = timezone.now()
    showcase = Place.objects.get(code=SHOWCASE_VILLAGES[0])
    for hours, urgency in ((0.5, Urgency.URGENT), (6, Urgency.HIGH), (50, Urgency.NORMAL)):
        received = now - datetime.timedelta(hours=hours)
        calls.append(
            HotlineCall(
                received_at=received,
                caller_phone=mobile(rng),
                concern="来电反映孩子无人照看，请尽快核实。",
                urgency=urgency,
                place=showcase if urgency != Urgency.NORMAL else rng.choice(villages),
                due_at=received + RESPONSE_TIME[urgency],
            )
        )
    HotlineCall.objects.bulk_create(calls)
    HotlineCallEvent.objects.bulk_create(
        HotlineCallEvent(call=c, kind=HotlineCallEvent.Kind.LOGGED) for c in calls
    )
    hotline_calls_escalate_overdue()
    return len(calls)
