"""Named people and children for the registry tests.

华埠村 (李畋镇) and 马放塘社区 (来龙门街道) each have a 儿童主任 and a child; each town a
儿童督导员; the county (醴陵) a bureau officer, a protection-centre officer and an
auditor; `stranger` is a logged-in user of 醴陵 with no registry role.
"""

import datetime
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from cityplatform.children.identity import id_number_make
from cityplatform.children.models import Child
from cityplatform.children.services import GuardianInput, child_register
from cityplatform.places.models import Place
from conftest import LAILONGMEN, LILING, LITIAN, MAFANGTANG

HUABU = "430281109200"
BIRTH = datetime.date(2010, 5, 17)
HUANHUAN_ID = id_number_make("430281", BIRTH, 13)
HUANHUAN_PHONE = "13807331234"


@pytest.fixture
def make_child(places: None) -> Callable[..., Child]:
    counter = iter(range(100, 999))

    def make(village: str = HUABU, name: str = "测试儿童", **kwargs: Any) -> Child:
        birth = kwargs.pop("birth_date", datetime.date(2012, 3, 4))
        values: dict[str, Any] = {
            "sex": "F",
            "categories": ["left_behind"],
            "guardianship": "adequate",
            "id_number": id_number_make("430281", birth, next(counter)),
        }
        values.update(kwargs)
        return child_register(
            actor=None,
            village=Place.objects.get(code=village),
            name=name,
            birth_date=birth,
            **values,
        )

    return make


@pytest.fixture
def world(make_user: Any, make_child: Callable[..., Child]) -> SimpleNamespace:
    huanhuan = make_child(
        HUABU,
        "李欢欢",
        sex="M",
        birth_date=BIRTH,
        id_number=HUANHUAN_ID,
        categories=["unsupported", "left_behind"],
        guardianship="lacking_epidemic",
        address="风塘组",
        school="华埠小学",
        guardians=[
            GuardianInput(
                name="李大明", relation="father", situation="quarantined", phone=HUANHUAN_PHONE
            ),
            GuardianInput(name="王秀英", relation="mother", situation="deceased"),
        ],
    )
    city_child = make_child(MAFANGTANG, "张城城", categories=["in_difficulty"])
    return SimpleNamespace(
        huanhuan=huanhuan,
        city_child=city_child,
        huabu_director=make_user("huabu-director", roles=["child_director"], place=HUABU),
        mft_director=make_user("mft-director", roles=["child_director"], place=MAFANGTANG),
        litian_supervisor=make_user("litian-sup", roles=["child_supervisor"], place=LITIAN),
        llm_supervisor=make_user("llm-sup", roles=["child_supervisor"], place=LAILONGMEN),
        bureau=make_user("bureau", roles=["child_bureau"], place=LILING),
        centre=make_user("centre", roles=["child_centre"], place=LILING),
        auditor=make_user("liling-auditor", roles=["auditor"], place=LILING),
        stranger=make_user("stranger", place=LILING),
    )
