"""The public housing pages: search with filters (and htmx), one listing."""

import io

import pytest
from django.core.management import call_command

from cityplatform.housing.models import Listing, ListingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(places: None) -> None:
    call_command("load_demo", "portal", "housing", stdout=io.StringIO())


def test_search_page_lists_the_seed_homes(client, demo) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/housing/").content.decode()
    assert "39" in page  # the demo's 41 but the sold one and the one under offer
    assert page.count('class="listing-link"') == 20  # the first page of 39
    assert "28200686" in page  # the platform's home-buying hotline


def test_keywords_and_filters_narrow_the_results(client, demo) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/housing/", {"q": "二中"}).content.decode()
    assert "春藤小镇" in page
    assert "恒大名都" not in page
    page = client.get("/housing/", {"min_price": "100", "sort": "-price"}).content.decode()
    assert page.index("湘水湾") < page.index("湘银星城")  # 132万 before 101万


def test_htmx_gets_only_the_results(client, demo) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/housing/", {"q": "复式"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "玫瑰名城" in body


def test_bad_filters_are_a_400_with_the_form_errors(client, demo) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/housing/", {"bedrooms": "99"})
    assert response.status_code == 400


def test_listing_page_shows_the_hotline_never_the_owner(client, demo) -> None:  # type: ignore[no-untyped-def]
    listing = Listing.objects.filter(status=ListingStatus.PUBLISHED).first()
    assert listing is not None
    Listing.objects.filter(pk=listing.pk).update(owner_phone="13900001111", owner_name="张业主")
    page = client.get(f"/housing/{listing.pk}/").content.decode()
    assert listing.community.name in page
    assert "28200686" in page
    assert "13900001111" not in page
    assert "张业主" not in page


def test_unpublished_listings_are_absent(client, demo) -> None:  # type: ignore[no-untyped-def]
    listing = Listing.objects.filter(status=ListingStatus.PUBLISHED).first()
    assert listing is not None
    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.WITHDRAWN)
    assert client.get(f"/housing/{listing.pk}/").status_code == 404
