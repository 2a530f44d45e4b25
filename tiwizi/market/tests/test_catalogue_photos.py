"""Photo uploads: real images only, within limits, re-encoded; errors store nothing."""

import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tiwizi.market.catalogue import services
from tiwizi.market.models import ProductPhoto

pytestmark = pytest.mark.django_db


def image_bytes(fmt="JPEG", size=(800, 600), color=(200, 120, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()]


def _post(client, product, file, alt_text=""):
    return client.post(
        reverse("market:photo_add", args=[product.pk]), {"image": file, "alt_text": alt_text}
    )


def test_a_jpeg_is_stored_reencoded_with_a_thumbnail(
    client_for, cooperative_manager, make_product, media_root
):
    product = make_product()
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # any EXIF: it must not survive re-encoding
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1800), (10, 20, 30)).save(buffer, "JPEG", exif=exif)

    response = _post(
        client_for(cooperative_manager), product, upload("IMG 0001 (1).JPG", buffer.getvalue()),
        "Filaments de safran",
    )  # fmt: skip

    assert response.status_code == 302
    photo = ProductPhoto.objects.get()
    assert photo.alt_text == "Filaments de safran"
    assert photo.image.name.startswith(f"products/{product.pk}/")
    assert photo.image.name.endswith(".jpg") and "IMG" not in photo.image.name
    with Image.open(photo.image.path) as stored:
        assert max(stored.size) == 1600
        assert not stored.getexif()
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) == 480
    assert (photo.width, photo.height) == (1600, 1200)
    assert len(stored_files(media_root)) == 2


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "pot.png"), ("WEBP", "tapis.webp")])
def test_png_and_webp_are_accepted(
    client_for, cooperative_manager, make_product, media_root, fmt, name
):
    product = make_product()
    _post(client_for(cooperative_manager), product, upload(name, image_bytes(fmt)))
    photo = ProductPhoto.objects.get()
    assert photo.image.name.endswith(name.rsplit(".", 1)[1])


def _assert_refused(response, message, media_root):
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "image" in errors, errors
    assert message in " ".join(errors["image"])
    assert not ProductPhoto.objects.exists()
    assert stored_files(media_root) == []


def test_a_non_image_is_refused_and_nothing_is_stored(
    client_for, cooperative_manager, make_product, media_root
):
    response = _post(
        client_for(cooperative_manager), make_product(),
        upload("photo.jpg", b"%PDF-1.4 this is not a photo at all"),
    )  # fmt: skip
    _assert_refused(response, "not a picture that can be read", media_root)


def test_an_oversized_file_is_refused(
    client_for, cooperative_manager, make_product, media_root, settings
):
    settings.TIWIZI_UPLOAD_MAX_BYTES = 10_000
    response = _post(
        client_for(cooperative_manager), make_product(),
        upload("big.jpg", image_bytes(size=(1200, 1200)) + b"\0" * 20_000),
    )  # fmt: skip
    _assert_refused(response, "The file is too large", media_root)


def test_a_lying_extension_is_refused(client_for, cooperative_manager, make_product, media_root):
    response = _post(
        client_for(cooperative_manager), make_product(), upload("photo.jpg", image_bytes("PNG"))
    )
    _assert_refused(response, "holds a PNG picture", media_root)


def test_a_disallowed_format_is_refused_even_with_a_matching_extension(
    client_for, cooperative_manager, make_product, media_root
):
    response = _post(
        client_for(cooperative_manager), make_product(), upload("photo.gif", image_bytes("GIF"))
    )
    _assert_refused(response, "Only JPEG, PNG and WebP", media_root)


def test_a_decompression_bomb_is_refused(
    client_for, cooperative_manager, make_product, media_root, settings
):
    settings.TIWIZI_UPLOAD_MAX_PIXELS = 1_000_000
    bomb = image_bytes("PNG", size=(4000, 4000), color=(0, 0, 0))  # tiny file, 16 Mpx
    response = _post(client_for(cooperative_manager), make_product(), upload("bomb.png", bomb))
    _assert_refused(response, "far too many pixels", media_root)


def test_a_database_failure_leaves_no_file(cooperative_manager, make_product, media_root):
    product = make_product()
    failing = mock.patch.object(ProductPhoto, "save", side_effect=RuntimeError("database down"))
    with failing, pytest.raises(RuntimeError):
        services.add_photo(cooperative_manager, product, upload("a.jpg", image_bytes()))
    assert stored_files(media_root) == []


def test_photos_are_reordered_and_deleted(
    client_for, cooperative_manager, make_product, media_root, django_capture_on_commit_callbacks
):
    product = make_product()
    first, second = (
        services.add_photo(cooperative_manager, product, upload(f"{n}.jpg", image_bytes()))
        for n in (1, 2)
    )
    client = client_for(cooperative_manager)

    client.post(reverse("market:photo_move", args=[second.pk]), {"direction": "earlier"})
    assert list(product.photos.values_list("pk", flat=True)) == [second.pk, first.pk]

    assert client.get(reverse("market:photo_delete", args=[second.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("market:photo_delete", args=[second.pk]))
    assert list(product.photos.values_list("pk", flat=True)) == [first.pk]
    assert len(stored_files(media_root)) == 2  # the first photo and its thumbnail


def test_another_organizations_manager_cannot_touch_photos(
    client_for, cooperative_manager, outsider, trainer, make_product, media_root
):
    photo = services.add_photo(cooperative_manager, make_product(), upload("a.jpg", image_bytes()))
    stranger = client_for(outsider)
    assert stranger.get(reverse("market:photo_delete", args=[photo.pk])).status_code == 404
    assert (
        stranger.post(
            reverse("market:photo_move", args=[photo.pk]), {"direction": "later"}
        ).status_code
        == 404
    )
    assert (
        client_for(trainer).post(reverse("market:photo_delete", args=[photo.pk])).status_code == 403
    )
    assert ProductPhoto.objects.exists()
