"""Checking and re-encoding what people upload: product photos and label evidence.

Nothing a browser sends is trusted. A file is accepted only when Pillow recognizes it
as JPEG, PNG or WebP, its extension names that same format, it is below the size limit
and its pixel count is sane (no decompression bomb). The stored files are re-encoded by
us (which also drops EXIF metadata such as a phone's GPS position) under generated
names, so an uploaded name or payload never reaches the disk as such.

Everything here works in memory and raises `ValidationError` before anything is
written: services store the results only once every check has passed.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Detected Pillow format -> (stored extension, extensions an upload may carry).
FORMATS: dict[str, tuple[str, frozenset[str]]] = {
    "JPEG": ("jpg", frozenset({".jpg", ".jpeg"})),
    "PNG": ("png", frozenset({".png"})),
    "WEBP": ("webp", frozenset({".webp"})),
}
IMAGE_EXTENSIONS = frozenset().union(*(exts for _ext, exts in FORMATS.values()))
PDF_MAGIC = b"%PDF-"

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# 40 megapixels is more than any phone takes; above that a small file that decodes to a
# huge bitmap (a "decompression bomb") would exhaust the server's memory.
DEFAULT_MAX_PIXELS = 40_000_000
PHOTO_MAX_SIDE = 1600
THUMBNAIL_SIDE = 480


def max_upload_bytes() -> int:
    return int(getattr(settings, "TIWIZI_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_pixels() -> int:
    return int(getattr(settings, "TIWIZI_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS))


@dataclass(frozen=True)
class EncodedImage:
    content: bytes
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class CheckedPhoto:
    image: EncodedImage
    thumbnail: EncodedImage
    base_name: str  # generated, never the uploaded name

    @property
    def image_name(self) -> str:
        return f"{self.base_name}.{self.image.extension}"

    @property
    def thumbnail_name(self) -> str:
        return f"{self.base_name}-thumb.{self.thumbnail.extension}"


def _error(field: str, message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params)})


def _extension(upload: Any) -> str:
    return PurePath(getattr(upload, "name", "") or "").suffix.lower()


def _check_size(upload: Any, field: str) -> None:
    limit = max_upload_bytes()
    if upload.size > limit:
        raise _error(
            field,
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            "too_large",
            size=filesizeformat(upload.size),
            limit=filesizeformat(limit),
        )
    if upload.size == 0:
        raise _error(field, _("The file is empty."), "empty")


def _read(upload: Any) -> bytes:
    upload.seek(0)
    data: bytes = upload.read()
    upload.seek(0)
    return data


def _not_an_image(field: str) -> ValidationError:
    return _error(
        field,
        _("This file is not a picture that can be read: send a JPEG, PNG or WebP photo."),
        "not_an_image",
    )


def _open_checked(data: bytes, extension: str, field: str) -> Image.Image:
    """Identify and verify the image, then open it again for real use.

    `verify()` checks the file's structure without decoding it, and leaves the image
    unusable afterwards: hence the second open.
    """
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it: make the warning an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                detected = probe.format or ""
                probe.verify()
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _error(
                field, _("This picture has far too many pixels to be processed."), "too_many_pixels"
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _not_an_image(field) from None
    if detected not in FORMATS:
        raise _error(
            field,
            _("Only JPEG, PNG and WebP pictures are accepted (this one is %(format)s)."),
            "format_not_allowed",
            format=detected,
        )
    if extension not in FORMATS[detected][1]:
        raise _error(
            field,
            _(
                "The file's name ends in “%(extension)s” but it holds a %(format)s picture: "
                "rename it or export it again."
            ),
            "lying_extension",
            extension=extension or "—",
            format=detected,
        )
    width, height = image.size
    if width * height > max_pixels():
        raise _error(
            field, _("This picture has far too many pixels to be processed."), "too_many_pixels"
        )
    return image


def _encode(image: Image.Image, detected: str, max_side: int) -> EncodedImage:
    copy = image.copy()
    copy.thumbnail((max_side, max_side))
    output = io.BytesIO()
    if detected == "JPEG":
        copy.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
    elif detected == "PNG":
        copy.save(output, "PNG", optimize=True)
    else:
        copy.save(output, "WEBP", quality=85)
    return EncodedImage(output.getvalue(), FORMATS[detected][0], copy.width, copy.height)


def check_image_upload(upload: Any, field: str = "image") -> CheckedPhoto:
    """Validate an uploaded picture; return it re-encoded with a thumbnail, in memory.

    Raises ValidationError naming `field` for a non-image, a format other than JPEG,
    PNG or WebP, an extension that lies about the content, a file over the size limit
    or a decompression bomb.
    """
    extension = _extension(upload)
    _check_size(upload, field)
    if extension not in IMAGE_EXTENSIONS:
        raise _error(
            field,
            _("Only JPEG, PNG and WebP pictures are accepted (.jpg, .jpeg, .png, .webp)."),
            "extension_not_allowed",
        )
    image = _open_checked(_read(upload), extension, field)
    detected = image.format or ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
            # Phones store the orientation in EXIF; apply it, since EXIF is dropped.
            upright = ImageOps.exif_transpose(image) or image
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning):
        raise _not_an_image(field) from None
    finally:
        image.close()
    if detected == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    return CheckedPhoto(
        image=_encode(upright, detected, PHOTO_MAX_SIDE),
        thumbnail=_encode(upright, detected, THUMBNAIL_SIDE),
        base_name=uuid.uuid4().hex,
    )


@dataclass(frozen=True)
class CheckedDocument:
    content: bytes
    name: str


def check_evidence_upload(upload: Any, field: str = "evidence") -> CheckedDocument:
    """A label's evidence: a PDF (checked by its signature) or a picture (as photos).

    Pictures are re-encoded; a PDF is kept as sent, under a generated name.
    """
    extension = _extension(upload)
    _check_size(upload, field)
    if extension == ".pdf":
        data = _read(upload)
        if not data.startswith(PDF_MAGIC):
            raise _error(
                field,
                _("The file's name ends in “.pdf” but it is not a PDF document."),
                "lying_extension",
            )
        return CheckedDocument(data, f"{uuid.uuid4().hex}.pdf")
    if extension not in IMAGE_EXTENSIONS:
        raise _error(
            field,
            _("Send the certificate as a PDF document or a JPEG, PNG or WebP picture."),
            "extension_not_allowed",
        )
    photo = check_image_upload(upload, field)
    return CheckedDocument(photo.image.content, photo.image_name)
