"""Hostile text and hostile images go through model → board file → deck → PDF without a crash."""

from __future__ import annotations

import io
import unicodedata

import pytest
from helpers import deck_all_parts, deck_slides, deck_text, pdf_body_text, squash
from PIL import Image

from boardtool.export import ExportRequest, export_board, fonts
from boardtool.model.board import KeyImage
from boardtool.store import load_board, save_board

CORPUS = {
    "markup": "<b>bold?</b> <para> &amp; & < > \" ' <br/> <font name='x'>",
    "rtl": "שלום עולם · مرحبا بالعالم",
    "cjk": "山田太郎 김민준 すずき",
    "combining": "Zoe\u0308 Ångstro\u0308m n\u0303",
    "emoji": "plan agreed 👍🏽 🧬",
    "controls": "tab\there nul\x00 bell\x07 vt\x0b end",
    "whitespace": "   ",
    "greek_units": "≥ 54 Gy, 1.8 Gy/fr, 2 µg, α β γ",
}
LONG_WORD = "A" * 5000
HUGE = " ".join(f"n{i:06d}" for i in range(12_500))  # 100,000 characters


def _expected(text: str, pdf: bool) -> str:
    """Return the text as the output must carry it, per the documented fallbacks."""
    out = []
    for char in text:
        if char in "\x00\x07\x0b":
            out.append("\ufffd")
        elif pdf and not (fonts.covers(fonts.FAMILY, char) or fonts.covers(fonts.CJK, char)) and not char.isspace():
            out.append(f"[U+{ord(char):04X}]")
        else:
            out.append(char)
    return "".join(out)


def _fill(board):
    case = board.cases[0]
    for key, text in CORPUS.items():
        case.discussion["radiation"].notes += f"\n{key}: {text}"
    case.question = CORPUS["markup"] + " " + CORPUS["cjk"]
    case.symptoms = CORPUS["whitespace"]
    case.clinical_summary = ""
    case.discussion["targeted"].notes = LONG_WORD
    case.discussion["supportive"].notes = HUGE
    case.plan.recommendation = CORPUS["rtl"] + " " + CORPUS["emoji"]
    case.plan.actions[0].who = CORPUS["combining"]
    return case


@pytest.mark.parametrize("form", [".tboard", ".json"])
def test_hostile_text_survives_file_and_both_exports(board, tmp_path, form):
    case = _fill(board)
    path = tmp_path / f"hostile{form}"
    save_board(board, path)
    again = load_board(path)
    assert again == board
    report = export_board(again, ExportRequest(pptx=tmp_path / "d.pptx", pdf=tmp_path / "s.pdf", case_id=case.id))
    assert report.pages >= 20 and report.slides >= 40
    deck = deck_text((tmp_path / "d.pptx").read_bytes())
    pdf = squash(unicodedata.normalize("NFC", pdf_body_text((tmp_path / "s.pdf").read_bytes())))
    for key, text in CORPUS.items():
        if not text.strip():
            continue
        assert squash(_expected(text, pdf=False)) in squash(deck), key
        expected = squash(unicodedata.normalize("NFC", _expected(text, pdf=True)))
        if key == "rtl":  # PDF readers may give right-to-left words back in either direction
            assert all(word in pdf or word[::-1] in pdf for word in text.split() if word != "·"), key
        else:
            assert expected in pdf, key
    assert squash(deck).count("A") >= 5000 and pdf.count("A") >= 5000
    slides = deck_slides((tmp_path / "d.pptx").read_bytes())
    bodies = "".join(sh.text_frame.text for sl in slides for sh in sl.shapes
                     if sh.has_text_frame and "n0" in sh.text_frame.text)
    assert squash(HUGE) in squash(bodies)
    assert squash(HUGE) in pdf


def _encoded(image: Image.Image, fmt: str, **kwargs) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def _hostile_images() -> dict[str, bytes]:
    rgb = Image.new("RGB", (600, 300), (120, 160, 200))
    exif = rgb.getexif()
    exif[0x0112] = 6
    palette = Image.new("P", (200, 200), 1)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    frames = [Image.new("P", (120, 80), i) for i in (1, 2)]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    good_png = _encoded(rgb, "PNG")
    return {
        "truncated": good_png[: len(good_png) // 2],
        "bomb": _encoded(Image.new("L", (10_000, 9_500)), "PNG"),
        "cmyk": _encoded(Image.new("CMYK", (300, 200), (0, 100, 200, 0)), "JPEG"),
        "16-bit": _encoded(Image.new("I;16", (256, 128), 40000), "PNG"),
        "palette-alpha": _encoded(palette, "PNG", transparency=0),
        "exif-rotated": _encoded(rgb, "JPEG", exif=exif),
        "animated-gif": gif.getvalue(),
        "tiff": _encoded(rgb, "TIFF"),
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    }


def test_hostile_images_normalised_or_left_out_with_a_reason(board, tmp_path):
    case = board.cases[0]
    images = _hostile_images()
    case.images = [KeyImage(file=board.add_image(data, "svg" if key == "svg" else ""), label=key)
                   for key, data in images.items()]
    report = export_board(board, ExportRequest(pptx=tmp_path / "d.pptx", pdf=tmp_path / "s.pdf", case_id=case.id))
    left_out = {line.split(":")[0] for line in report.left_out}
    assert left_out == {"truncated", "bomb", "svg"}
    assert any("megapixels" in line for line in report.left_out)
    slides = deck_slides((tmp_path / "d.pptx").read_bytes())
    pictures = [sh for s in slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 6
    rotated = next(sh for sh in pictures if sh.name == "exif-rotated")
    assert rotated.height > rotated.width  # turned upright
    for shape in pictures:
        assert shape.image.content_type in ("image/png", "image/jpeg")


def test_deidentified_deck_properties_and_pdf_bytes_are_clean(board, tmp_path):
    for image in board.cases[0].images:
        image.no_identifiers_confirmed = True
    export_board(board, ExportRequest(pptx=tmp_path / "d.pptx", pdf=tmp_path / "s.pdf", deidentify=True))
    parts = deck_all_parts((tmp_path / "d.pptx").read_bytes())
    raw = (tmp_path / "s.pdf").read_bytes()
    assert "De-identified" in parts
    for needle in ("Maren", "Holt", "SYN-004417", "1992-05-14", "14 May 1992", "Marchetti", "Abernathy"):
        assert needle not in parts
        assert needle.encode() not in raw
    slides = deck_slides((tmp_path / "d.pptx").read_bytes())
    assert sum(sh.shape_type == 13 for s in slides for sh in s.shapes) == 2  # only the confirmed ones


@pytest.mark.parametrize("what", ["logo", "letter template"])
def test_a_missing_logo_or_template_is_named_once_with_the_reason(tmp_path, what):
    from boardtool.export.entry import _read_logo
    from boardtool.export.letter import read_template
    from boardtool.model.errors import ExportError

    missing = tmp_path / "gone" / "file"
    read = _read_logo if what == "logo" else read_template
    with pytest.raises(ExportError) as caught:
        read(missing)
    message = str(caught.value)
    assert message == f"{missing}: cannot read the {what} (No such file or directory)"
