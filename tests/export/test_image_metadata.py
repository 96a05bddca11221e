"""Exports carry an image's pixels only: no comment, text chunk, EXIF, XMP or ICC profile."""

from __future__ import annotations

import io
import zipfile

import pytest
from leaks import deck_everything, found, image_metadata, pdf_everything
from PIL import Image, ImageCms, PngImagePlugin

from boardtool.export import pictures

NAME = "Maren Holt"


def _noise(size=(300, 200)) -> Image.Image:
    return Image.effect_noise(size, 60).convert("RGB")


def _jpeg_with_everything() -> bytes:
    image = _noise()
    exif = image.getexif()
    exif[0x010E] = NAME  # ImageDescription
    exif[0x013B] = NAME  # Artist
    out = io.BytesIO()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{NAME}</dc:creator></x:xmpmeta>'.encode()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(out, "JPEG", comment=NAME.encode(), exif=exif, xmp=xmp, icc_profile=icc)
    return out.getvalue()


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", NAME)
    info.add_text("Author", NAME, zip=True)
    info.add_itxt("Description", NAME, zip=True)
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(out, "PNG", pnginfo=info,
                                                     icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    return out.getvalue()


@pytest.mark.parametrize("make", [_jpeg_with_everything, _png_with_text])
def test_prepared_image_is_pixels_only(make):
    data = make()
    assert NAME in image_metadata(data)  # the source really carries it
    prepared = pictures.prepare(f"meta-{make.__name__}", data, 1.0, 1.0)
    with Image.open(io.BytesIO(prepared.data)) as image:
        assert not set(image.info) - {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive",
                                      "progression"}, image.info
        assert not image.getexif()
    assert NAME.encode() not in prepared.data


def test_cmyk_with_profile_becomes_srgb_pixels():
    out = io.BytesIO()
    Image.new("CMYK", (50, 50), (0, 255, 255, 0)).save(out, "JPEG", icc_profile=b"not a real profile")
    prepared = pictures.prepare("cmyk-bad-profile", out.getvalue(), 1, 1)
    with Image.open(io.BytesIO(prepared.data)) as image:
        assert image.mode == "RGB" and "icc_profile" not in image.info


@pytest.mark.parametrize("deidentify", [False, True])
def test_exports_carry_no_image_metadata(board, export, deidentify):
    case = board.cases[0]
    photo, drawing = board.add_image(_jpeg_with_everything(), "jpg"), board.add_image(_png_with_text(), "png")
    case.images = [case.images[0].model_copy(update={"file": photo, "no_identifiers_confirmed": True}),
                   case.images[1].model_copy(update={"file": drawing, "no_identifiers_confirmed": True})]
    board.cases[0].patient.name = "Someone Else"
    deck, pdf, _ = export(board, deidentify=deidentify, case_id=case.id)
    media = [n for n in zipfile.ZipFile(io.BytesIO(deck)).namelist() if n.startswith("ppt/media/")]
    assert len(media) >= 2
    assert found(["Maren", "Holt"], deck_everything(deck)) == []
    assert found(["Maren", "Holt"], pdf_everything(pdf)) == []
