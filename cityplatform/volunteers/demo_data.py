"""The 醴陵 epidemic scenario (2020-01-25 to 2020-03-18) as the demo builds it.

The seed article (醴陵市民政局, 3月18日) reports: 42 social organisations, 10,042
volunteers, 2,052 activities, 210,408 person-times; 醴陵市义工联合会 published
500余条 messages, handed out 2000余只 masks and sent the 小喇叭进社区 publicity
vehicle 90余台次; 蓝天救援队 and the other rescue organisations ran 40余场次 of
emergency response, disinfection, temperature checks and order keeping; 醴陵市心理协会
gave 500余次 counselling. The organisations it names are here with those outputs
(exact figures just above the article's rounded ones); the others are plausible
organisations of the county and its 24 towns.
"""

from dataclasses import dataclass, field
from datetime import date

from cityplatform.volunteers.models import ActivityKind, Organization, OutputKind

FIRST_DAY = date(2020, 1, 25)
LAST_DAY = date(2020, 3, 18)

ORGANIZATIONS_TOTAL = 42
VOLUNTEERS_TOTAL = 10_042
ACTIVITIES_TOTAL = 2_052
PERSON_TIMES_TOTAL = 210_408

# Volunteers who also joined a second organisation: they count once.
SECOND_MEMBERSHIPS = 480

K = ActivityKind
Kind = Organization.Kind


@dataclass(frozen=True)
class OutputPlan:
    """`total` of one output, spread over `activities` of the organisation's activities."""

    kind: OutputKind
    total: int
    activities: int
    title: str = ""


@dataclass(frozen=True)
class OrganizationPlan:
    name: str
    kind: str
    members: int
    activities: int
    # (activity kind, weight): the mix of the organisation's activities.
    activity_kinds: tuple[tuple[ActivityKind, int], ...]
    town: str = ""  # a town's name, or "" for a county-wide organisation
    contact_person: str = ""
    outputs: tuple[OutputPlan, ...] = field(default_factory=tuple)


RESCUE_KINDS = (
    (K.EMERGENCY_RESCUE, 3),
    (K.DISINFECTION, 4),
    (K.TEMPERATURE_CHECKS, 3),
    (K.KEEPING_ORDER, 2),
)
GENERAL_KINDS = (
    (K.EPIDEMIC_PUBLICITY, 4),
    (K.TEMPERATURE_CHECKS, 4),
    (K.DISINFECTION, 2),
    (K.KEEPING_ORDER, 2),
    (K.CARE_FOR_VULNERABLE, 2),
)

NAMED = [
    OrganizationPlan(
        "醴陵市义工联合会",
        Kind.VOLUNTEER_FEDERATION,
        members=2_600,
        activities=420,
        activity_kinds=(
            (K.EPIDEMIC_PUBLICITY, 6),
            (K.TEMPERATURE_CHECKS, 3),
            (K.KEEPING_ORDER, 1),
        ),
        contact_person="刘建华",
        outputs=(
            OutputPlan(OutputKind.MESSAGES, 512, 128, "防疫信息发布"),
            OutputPlan(OutputKind.MASKS, 2_036, 40, "发放防护口罩"),
            OutputPlan(OutputKind.PUBLICITY_VEHICLE_TRIPS, 93, 31, "“小喇叭进社区”宣传车"),
        ),
    ),
    OrganizationPlan(
        "醴陵市蓝天救援队",
        Kind.RESCUE_TEAM,
        members=86,
        activities=25,
        activity_kinds=RESCUE_KINDS,
        contact_person="易志勇",
    ),
    OrganizationPlan(
        "醴陵市应急救援协会",
        Kind.RESCUE_TEAM,
        members=54,
        activities=18,
        activity_kinds=RESCUE_KINDS,
        contact_person="丁卫东",
    ),
    OrganizationPlan(
        "醴陵市益爱志愿者协会",
        Kind.ASSOCIATION,
        members=900,
        activities=200,
        activity_kinds=((K.CARE_FOR_VULNERABLE, 5), (K.EPIDEMIC_PUBLICITY, 1)),
        contact_person="陈丽娟",
        outputs=(OutputPlan(OutputKind.HOME_VISITS, 1_260, 120, "上门探访"),),
    ),
    OrganizationPlan(
        "醴陵市九八公益协会",
        Kind.ASSOCIATION,
        members=700,
        activities=150,
        activity_kinds=((K.CARE_FOR_VULNERABLE, 5), (K.TEMPERATURE_CHECKS, 1)),
        contact_person="黄志强",
    ),
    OrganizationPlan(
        "醴陵市心理协会",
        Kind.ASSOCIATION,
        members=120,
        activities=60,
        activity_kinds=((K.PSYCHOLOGICAL_AID, 1),),
        contact_person="周晓敏",
        outputs=(OutputPlan(OutputKind.COUNSELLING_SESSIONS, 517, 60),),
    ),
    OrganizationPlan(
        "醴陵市生态农业协会",
        Kind.ASSOCIATION,
        members=150,
        activities=40,
        activity_kinds=((K.SPRING_FARMING, 1),),
        contact_person="李国平",
        outputs=(OutputPlan(OutputKind.TALKS, 46, 40, "支农惠农政策宣讲"),),
    ),
    OrganizationPlan(
        "醴陵市防水协会",
        Kind.ASSOCIATION,
        members=60,
        activities=22,
        activity_kinds=((K.DISINFECTION, 1), (K.KEEPING_ORDER, 1)),
        contact_person="谭永红",
    ),
]

# County-wide organisations the article does not name, and one volunteer service team
# in each of the 24 towns: their members and activities share what the named ones
# leave of the seed's totals.
OTHER_COUNTY_WIDE = [
    ("醴陵市阳光社会工作服务中心", Kind.SOCIAL_WORK),
    ("醴陵市瓷城社会工作服务中心", Kind.SOCIAL_WORK),
    ("醴陵市青年志愿者协会", Kind.ASSOCIATION),
    ("醴陵市巾帼志愿者协会", Kind.ASSOCIATION),
    ("醴陵市老年志愿者协会", Kind.ASSOCIATION),
    ("醴陵市退役军人志愿服务队", Kind.VOLUNTEER_TEAM),
    ("醴陵市爱心车队志愿者协会", Kind.ASSOCIATION),
    ("醴陵市渌江志愿服务队", Kind.VOLUNTEER_TEAM),
    ("醴陵市新时代文明实践志愿服务队", Kind.VOLUNTEER_TEAM),
    ("醴陵市摄影家协会", Kind.ASSOCIATION),
]

TITLES = {
    K.EPIDEMIC_PUBLICITY: "{place}疫情防控知识宣传",
    K.TEMPERATURE_CHECKS: "{place}防控卡点测温引流",
    K.DISINFECTION: "{place}公共场所消杀防疫",
    K.KEEPING_ORDER: "{place}集市超市秩序维持",
    K.PSYCHOLOGICAL_AID: "线上心理咨询和心理援助（{place}）",
    K.CARE_FOR_VULNERABLE: "{place}助老助小助残助困志愿服务",
    K.EMERGENCY_RESCUE: "{place}应急处置",
    K.SPRING_FARMING: "{place}春耕生产技术指导",
}

# Single characters, and one double surname (欧阳).
SURNAMES = [
    *"刘李王张陈杨黄周吴赵易丁谭彭罗文胡袁朱何钟汤邓肖许曾唐蒋郭贺左廖龙谢田徐卢潘宋颜孙姚傅付江邹",
    "欧阳",
]
GIVEN_CHARACTERS = (
    "建华国平志强丽娟晓敏红梅卫东永红勇军海燕春秋芳霞伟明亮俊杰雨欣子涵浩然思琪佳怡嘉文博宇婷静"
)

# A volunteer the README names, so the self-service certificate page can be tried:
# name, ID number (valid, check digit included), phone.
DEMO_VOLUNTEER = ("李红梅", "430281199203150042", "13807331234")
