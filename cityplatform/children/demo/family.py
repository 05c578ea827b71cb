"""欢欢(化名)兄妹4人 of 李畋镇华埠村风塘组, as the seed page tells it (all names invented).

事实无人抚养儿童: the father cannot care for them and the mother has left; the village
arranged temporary care by their grandmother when the epidemic began, and the protection
centre took on fallback guardianship. On 3月17日 the bureau's 关爱"一老一小" group visited
and brought masks, schoolbags, stationery and exercise books, and 慰问金1000元.
"""

import datetime

from cityplatform.children.identity import id_number_make
from cityplatform.children.models import Child, Visit
from cityplatform.children.services import (
    GuardianInput,
    ItemInput,
    arrangement_start,
    assistance_record,
    child_register,
    counselling_record,
    visit_record,
)
from cityplatform.places.models import Place

HUABU = "430281109200"
FOUND_ON = datetime.date(2020, 2, 3)
VISIT_DAY = datetime.date(2020, 3, 17)

# Pseudonyms only: the registry's demo names for the four, eldest first.
SIBLINGS = [
    ("李欢欢", "F", datetime.date(2008, 9, 12)),
    ("李乐乐", "M", datetime.date(2010, 4, 3)),
    ("李笑笑", "F", datetime.date(2012, 11, 20)),
    ("李甜甜", "F", datetime.date(2015, 6, 8)),
]


def load_huanhuan_family() -> list[Child]:
    huabu = Place.objects.get(code=HUABU)
    family = []
    for order, (name, sex, born) in enumerate(SIBLINGS):
        child = child_register(
            actor=None,
            village=huabu,
            name=name,
            sex=sex,
            birth_date=born,
            id_number=id_number_make("430281", born, 71 + order * 2 + (0 if sex == "M" else 1)),
            categories=["unsupported", "left_behind"],
            guardianship="lacking_other",
            address="风塘组",
            school="华埠小学" if born.year >= 2010 else "李畋中学",
            registered_on=FOUND_ON,
            guardians=[
                GuardianInput(
                    name="李建军",
                    relation="father",
                    situation="unable",
                    phone="13973300017",
                    note="重病，无力履行监护职责",
                ),
                GuardianInput(name="张丽", relation="mother", situation="unable", note="离家失联"),
                GuardianInput(
                    name="罗秀兰", relation="grandparent", situation="at_home", phone="13973300018"
                ),
            ],
        )
        arrangement_start(
            actor=None,
            child=child,
            kind="relative",
            carer="祖母罗秀兰",
            responsible_person="华埠村儿童主任",
            starts_on=FOUND_ON,
        )
        arrangement_start(
            actor=None,
            child=child,
            kind="fallback",
            responsible_person="救助保护中心值班员",
            starts_on=FOUND_ON + datetime.timedelta(days=1),
        )
        visit_record(
            actor=None,
            child=child,
            visited_on=VISIT_DAY,
            visitor_name="关爱“一老一小”工作组",
            visitor_kind=Visit.VisitorKind.BUREAU,
            findings="兄妹4人由祖母照看，身体健康，学习用品短缺。",
        )
        counselling_record(
            actor=None,
            child=child,
            held_on=datetime.date(2020, 2, 20),
            counsellor="醴陵市心理协会心理援助志愿服务团队",
            mode="online",
        )
        assistance_record(
            actor=None,
            child=child,
            given_on=VISIT_DAY,
            given_by="醴陵市民政局关爱“一老一小”工作组",
            items=[
                ItemInput("口罩", 10, "只"),
                ItemInput("书包", 1, "个"),
                ItemInput("文具", 1, "套"),
                ItemInput("作业本", 10, "本"),
            ],
            # The family's 慰问金 1000元 is recorded once, with the eldest.
            cash_amount="1000" if order == 0 else "0",
            cash_purpose="慰问金" if order == 0 else "",
            note="兄妹4人共同慰问金" if order == 0 else "",
        )
        family.append(child)
    return family
