"""Images keep their aspect ratio and are downscaled; de-identified exports hold no identifiers."""

from __future__ import annotations

import io

from helpers import deck_all_parts, deck_slides, pdf_reader, pdf_text, slide_title
from PIL import Image

from boardtool.export import geometry, images, pictures


def _png(w, h, color=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", (w, h), color).save(out, "PNG")
    return out.getvalue()


def _photo(w, h):
    out = io.BytesIO()
    Image.effect_noise((w, h), 60).convert("RGB").save(out, "PNG")
    return out.getvalue()


def test_picture_aspect_kept_and_downscaled(board, export):
    wide = board.add_image(_photo(3000, 1000), "png")
    tall = board.add_image(_png(600, 2400), "png")
    case = board.cases[0]
    case.images = [case.images[0].model_copy(update={"file": wide}), case.images[1].model_copy(update={"file": tall})]
    deck, _, _ = export(board, case_id=case.id)
    slide = next(s for s in deck_slides(deck) if slide_title(s) == "Key images")
    pictures = [sh for sh in slide.shapes if sh.shape_type == 13]
    assert len(pictures) == 2
    ratios = sorted(sh.width / sh.height for sh in pictures)
    assert abs(ratios[0] - 0.25) < 0.01 and abs(ratios[1] - 3.0) < 0.01
    for shape in pictures:
        pixels = Image.open(io.BytesIO(shape.image.blob)).size
        assert pixels[0] <= shape.width / 914400 * images.TARGET_PPI + 2
    formats = sorted(sh.image.content_type for sh in pictures)
    assert formats == ["image/jpeg", "image/png"]  # noise photo as JPEG, flat line art as PNG


def test_exif_rotation_applied():
    img = Image.new("RGB", (400, 200), (0, 0, 0))
    exif = img.getexif()
    exif[0x0112] = 6  # rotate 90°
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert images.natural_aspect(data) == 0.5
    prepared = pictures.prepare("rot", data, 2, 4)
    assert (prepared.width, prepared.height) == (200, 400)


def test_fit_inside_never_stretches():
    box = geometry.Area(0, 0, 100, 100)
    placed = geometry.fit_inside(2.0, box)
    assert (placed.width, placed.height, placed.top) == (100, 50, 25)


def test_broken_image_is_left_out_and_reported(board, catalog):
    from boardtool.export.deck import DeckOptions, write_deck
    from boardtool.outline import build_outline

    broken = board.add_image(b"\x89PNG\r\n\x1a\nbroken", "png")
    board.cases[0].images[0] = board.cases[0].images[0].model_copy(update={"file": broken})
    _, report = write_deck(build_outline(board, catalog, case_id="c-adult-pfb"), DeckOptions())
    assert any("MRI T1 post-contrast, axial" in line for line in report.left_out)


def test_deidentified_exports_hold_no_identifiers(board, export):
    case = board.cases[0]
    case.clinical_summary += " Ms Holt (MRN SYN-004417, born 14.05.1992) agreed."
    deck, pdf, outline = export(board, deidentify=True)
    deck_parts, text = deck_all_parts(deck), pdf_text(pdf)
    meta = str(pdf_reader(pdf).metadata)
    for patient in board.cases:
        p = patient.patient
        needles = [p.name, *p.name.split(), p.mrn]
        if p.birth_date:
            needles += [p.birth_date.isoformat(), p.birth_date.strftime("%d.%m.%Y"), f"{p.birth_date.day} {p.birth_date:%b %Y}"]
        for needle in needles:
            assert needle not in deck_parts, needle
            assert needle not in text, needle
            assert needle not in meta, needle
    assert "TB-2026-1" in text and "34 years" in text
    assert "De-identified" in text
    assert "key images withheld" in text.lower()


def test_identified_exports_say_confidential(board, export):
    _, pdf, _ = export(board)
    assert "Confidential – patient information" in pdf_text(pdf)
    assert "Maren Holt" in pdf_text(pdf)


def test_same_picture_is_stored_once_in_the_deck(board, export):
    import zipfile

    board.cases[1].images = [img.model_copy() for img in board.cases[0].images]
    deck, _, _ = export(board)
    media = [n for n in zipfile.ZipFile(io.BytesIO(deck)).namelist() if n.startswith("ppt/media/")]
    assert len(media) == 2  # two distinct pictures shown in two cases
    names = zipfile.ZipFile(io.BytesIO(deck)).namelist()
    slides = [n for n in names if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
    assert len(slides) == len(set(slides)) == len(deck_slides(deck))
