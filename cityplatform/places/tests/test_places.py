import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityplatform.places import demo
from cityplatform.places.models import Place, level_of, parent_code_of
from cityplatform.places.selectors import LILING, places_within
from conftest import MAFANGTANG, SHITING

pytestmark = pytest.mark.django_db


def test_bundled_divisions_of_zhuzhou(places: None) -> None:
    zhuzhou = Place.objects.get(code="430200000000")
    counties = set(zhuzhou.children.values_list("name", flat=True))
    assert counties == {
        "荷塘区",
        "芦淞区",
        "石峰区",
        "天元区",
        "渌口区",
        "攸县",
        "茶陵县",
        "炎陵县",
        "醴陵市",
    }


def test_liling_has_24_towns_and_270_villages(places: None) -> None:
    liling = Place.objects.get(code=LILING)
    assert places_within(liling, level=Place.Level.TOWN).count() == 24
    assert places_within(liling, level=Place.Level.VILLAGE).count() == 270
    assert Place.objects.get(code=MAFANGTANG).name == "马放塘社区"
    assert Place.objects.filter(parent_id=SHITING, name="姑仙村").exists()
    assert Place.objects.filter(parent__name="李畋镇", name="华埠村").exists()


def test_demo_places_load_idempotently(places: None) -> None:
    before = Place.objects.count()
    demo.load(io.StringIO())
    assert Place.objects.count() == before


def test_prefix_and_containment(places: None) -> None:
    liling = Place.objects.get(code=LILING)
    shiting = Place.objects.get(code=SHITING)
    assert liling.prefix == "430281"
    assert shiting.prefix == "430281108"
    assert liling.contains(shiting.code)
    assert not shiting.contains(MAFANGTANG)
    assert Place.objects.get(code=MAFANGTANG).full_name == "株洲市醴陵市来龙门街道马放塘社区"


def _division_code(city: int, county: int, town: int, village: int) -> str:
    # A division code is hierarchical: a zero segment ends it (no village without a town).
    if county == 0:
        town = 0
    if town == 0:
        village = 0
    return f"43{city:02d}{county:02d}{town:03d}{village:03d}"


codes = st.builds(
    _division_code,
    st.integers(1, 13),
    st.integers(0, 99),
    st.integers(0, 999),
    st.integers(0, 999),
)


@given(codes)
def test_parent_of_a_code_is_one_level_up_and_a_prefix(code: str) -> None:
    parent = parent_code_of(code)
    assert parent is not None or level_of(code) == 1
    if parent is not None:
        assert level_of(parent) == level_of(code) - 1
        significant = parent.rstrip("0")
        assert code.startswith(significant)
