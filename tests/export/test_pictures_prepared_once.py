"""Each key image is decoded once per export, whatever the number of places it is shown at;
its shape comes from the header alone; a bad logo is reported once and the caller's options
stay as they were; slides built from copies are numbered as python-pptx numbers them."""

from __future__ import annotations

import io
import struct
import zlib

from helpers import deck_slides
from PIL import Image, PngImagePlugin

from boardtool.export import ExportRequest, export_board, images, pictures
from boardtool.export.deck import DeckOptions, write_deck
from boardtool.model.board import KeyImage
from boardtool.outline import build_outline


def _scan(seed: int, fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.effect_noise((900, 700), 40 + seed).convert("L" if fmt == "PNG" else "RGB").save(out, fmt)
    return out.getvalue()


def _png_with_late_exif(orientation: int) -> bytes:
    """Return a PNG whose eXIf chunk follows its pixel data (allowed, and what Pillow decodes everything for)."""
    out = io.BytesIO()
    Image.new("L", (400, 200), 90).save(out, "PNG")
    data = out.getvalue()
    exif = Image.Exif()
    exif[0x0112] = orientation
    payload = exif.tobytes()
    chunk = struct.pack(">I", len(payload)) + b"eXIf" + payload + struct.pack(">I", zlib.crc32(b"eXIf" + payload))
    end = data.rindex(b"IEND") - 4
    return data[:end] + chunk + data[end:]


def test_every_picture_is_decoded_once_for_deck_and_summary(board, tmp_path, monkeypatch):
    case = board.cases[0]
    case.images = [KeyImage(file=board.add_image(_scan(k, fmt), fmt.lower()), label=f"Series {k}")
                   for k, fmt in enumerate(("JPEG", "JPEG", "PNG"))]
    board.cases = [case]
    pictures.cache.clear()
    opened = []
    real_open = images._open
    monkeypatch.setattr(images, "_open", lambda data, want=None: opened.append(want) or real_open(data, want))
    report = export_board(board, ExportRequest(pptx=tmp_path / "w.pptx", pdf=tmp_path / "w.pdf"))
    assert not report.left_out
    assert len(opened) == 3  # three pictures, each shown on a slide and in the summary
    deck_pictures = [s for slide in deck_slides((tmp_path / "w.pptx").read_bytes()) for s in slide.shapes
                     if s.shape_type == 13]
    assert len(deck_pictures) == 3
    for shape, want in zip(deck_pictures, opened, strict=True):  # decoded at the deck's (largest) size
        assert Image.open(io.BytesIO(shape.image.blob)).size[0] <= want[0]


def test_png_orientation_is_read_without_decoding_the_pixels(monkeypatch):
    data = _png_with_late_exif(6)
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", lambda self: (_ for _ in ()).throw(AssertionError))
    assert images.natural_aspect(data) == 0.5  # 400 × 200 turned a quarter


def test_png_late_exif_turns_the_prepared_picture():
    prepared = pictures.prepare("late-exif", _png_with_late_exif(6), 4, 4)
    assert (prepared.width, prepared.height) == (200, 400)


def test_unreadable_logo_is_reported_once_and_options_left_alone(board, catalog):
    options = DeckOptions(logo=b"not a picture at all")
    deck, report = write_deck(build_outline(board, catalog), options)
    assert options.logo == b"not a picture at all"
    assert sum("logo" in line for line in report.left_out) == 1
    assert deck_slides(deck)


def test_another_logo_is_another_picture(board, catalog):
    """Prepared pictures are remembered by content: a new logo is not shown as the old one."""
    outline = build_outline(board, catalog)
    blobs = []
    for colour in ((200, 20, 20), (20, 20, 200)):
        out = io.BytesIO()
        Image.new("RGB", (300, 120), colour).save(out, "PNG")
        deck, _ = write_deck(outline, DeckOptions(logo=out.getvalue()))
        first = deck_slides(deck)[0]
        blobs.append(next(s.image.blob for s in first.shapes if s.shape_type == 13))
    assert blobs[0] != blobs[1]


def test_copied_slides_are_numbered_like_python_pptx(board, catalog):
    deck, _ = write_deck(build_outline(board, catalog), DeckOptions())
    slides = deck_slides(deck)
    assert len({slide.slide_id for slide in slides}) == len(slides)
    for slide in slides:
        ids = [int(e.get("id")) for e in slide.shapes._spTree.iter() if e.tag.endswith("}cNvPr")]
        assert len(ids) == len(set(ids)), f"shape numbers repeat on slide {slide.slide_id}"
        assert slide.shapes.title is not None
    with_notes = [slide for slide in slides if slide.has_notes_slide]
    assert with_notes and all(slide.notes_slide.notes_text_frame.text for slide in with_notes)
