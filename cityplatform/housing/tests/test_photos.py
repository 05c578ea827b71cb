"""Listing photos: type, size and pixels checked with Pillow, uploaded by staff in the
admin's inline, shown in order on the listing's page."""

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cityplatform.housing import services
from cityplatform.housing.models import Listing, ListingPhoto
from cityplatform.housing.models import photos as photo_model
from cityplatform.housing.tests.conftest import publish
from cityplatform.housing.tests.test_listing_admin import LISTINGS, _form

pytestmark = pytest.mark.django_db


def picture(
    kind: str = "PNG", size: tuple[int, int] = (4, 3), name: str = ""
) -> SimpleUploadedFile:
    """A tiny picture made here, in memory."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "BMP": "bmp"}[kind]
    return SimpleUploadedFile(name or f"客厅.{extension}", buffer.getvalue())


@pytest.fixture
def home(make_listing: Any) -> Listing:
    return publish(make_listing())


def add(listing: Listing, actor: Any, image: Any, **kwargs: Any) -> ListingPhoto:
    return services.listing_photo_add(listing=listing, actor=actor, image=image, **kwargs)


@pytest.mark.parametrize(("kind", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_pictures_are_stored_under_a_name_of_their_kind(home, people, kind, extension) -> None:  # type: ignore[no-untyped-def]
    # Whatever the uploader called it.
    photo = add(home, people.staff, picture(kind, name="IMG_2024 王先生家.png"), caption="客厅")
    assert photo.image.name.startswith(f"housing/listings/{home.pk}/")
    assert photo.image.name.endswith(f".{extension}")
    assert "王先生" not in photo.image.name
    with default_storage.open(photo.image.name) as stored, Image.open(stored) as image:
        assert image.format == kind


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("contract.jpg", b"%PDF-1.4 not a picture"), "invalid_image"),
        (picture("GIF"), "invalid_format"),
        (picture("BMP"), "invalid_format"),
    ],
)
def test_what_is_not_a_photo_is_refused(home, people, upload, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        add(home, people.staff, upload)
    assert [e.code for e in caught.value.error_dict["image"]] == [code]
    assert not ListingPhoto.objects.exists()


def test_a_truncated_picture_is_refused(home, people) -> None:  # type: ignore[no-untyped-def]
    whole = picture("PNG", size=(64, 64)).read()
    with pytest.raises(ValidationError):
        add(home, people.staff, SimpleUploadedFile("half.png", whole[: len(whole) // 2]))


def test_size_and_pixels_have_limits(home, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(photo_model, "MAX_PHOTO_BYTES", 50)
    with pytest.raises(ValidationError) as caught:
        add(home, people.staff, picture("PNG", size=(64, 64)))
    assert caught.value.error_dict["image"][0].code == "too_large"
    monkeypatch.setattr(photo_model, "MAX_PHOTO_BYTES", 5 * 1024 * 1024)
    monkeypatch.setattr(photo_model, "MAX_PHOTO_PIXELS", 100)
    with pytest.raises(ValidationError) as caught:
        add(home, people.staff, picture("PNG", size=(20, 20)))
    assert caught.value.error_dict["image"][0].code == "too_many_pixels"


def test_only_staff_of_the_district(home, people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        add(home, people.liling_staff, picture())
    with pytest.raises(PermissionDenied):
        add(home, people.stranger, picture())


def test_the_listing_page_shows_the_gallery_in_order(client, home, people) -> None:  # type: ignore[no-untyped-def]
    bedroom = add(home, people.staff, picture(), caption="主卧", order=2)
    living = add(home, people.staff, picture("JPEG"), caption="客厅", order=1)
    page = client.get(f"/housing/{home.pk}/").content.decode()
    assert 'class="gallery"' in page
    assert page.index(living.image.url) < page.index(bedroom.image.url)
    assert "主卧" in page


def test_removing_a_photo_deletes_its_file_after_commit(
    home, people, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    photo = add(home, people.staff, picture())
    name = photo.image.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_photo_remove(photo=photo, actor=people.staff)
    assert not ListingPhoto.objects.exists()
    assert not default_storage.exists(name)


def _with_photo(listing: Listing, upload: Any, **extra: str) -> dict[str, Any]:
    return {
        **_form(listing),
        "photos-TOTAL_FORMS": "1",
        "photos-0-image": upload,
        "photos-0-caption": "厨房",
        "photos-0-order": "3",
        **extra,
    }


def test_staff_upload_in_the_admin_inline(client, home, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    response = client.post(f"{LISTINGS}{home.pk}/change/", _with_photo(home, picture("JPEG")))
    assert response.status_code == 302, response.content.decode()[:3000]
    photo = ListingPhoto.objects.get()
    assert (photo.listing, photo.caption, photo.order) == (home, "厨房", 3)
    assert photo.image.name.endswith(".jpg")
    page = client.get(f"{LISTINGS}{home.pk}/change/").content.decode()
    assert photo.image.url in page  # the preview


def test_a_bad_file_in_the_admin_inline_is_a_form_error(client, home, people) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people.staff)
    upload = SimpleUploadedFile("fake.jpg", b"GIF89a not really")
    response = client.post(f"{LISTINGS}{home.pk}/change/", _with_photo(home, upload))
    assert response.status_code == 200  # the form again, with the error
    assert not ListingPhoto.objects.exists()
    gif = picture("GIF", name="moving.gif")
    response = client.post(f"{LISTINGS}{home.pk}/change/", _with_photo(home, gif))
    assert response.status_code == 200
    assert not ListingPhoto.objects.exists()


def test_a_listing_has_a_limited_number_of_photos(home, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cityplatform.housing.services import photos as photo_services

    monkeypatch.setattr(photo_services, "MAX_PHOTOS_PER_LISTING", 1)
    add(home, people.staff, picture())
    with pytest.raises(ValidationError) as caught:
        add(home, people.staff, picture())
    assert caught.value.error_dict["image"][0].code == "too_many"
    assert ListingPhoto.objects.count() == 1
