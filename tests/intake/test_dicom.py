"""DICOM key images on pydicom's bundled test files: frames, colour, LUTs, windows,
inversion, aspect, PNG from pixels only, burned-in rules, refusals."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from boardtool.cli import main
from boardtool.intake.dicom import AUTO, open_dicom
from boardtool.intake.dicom_import import header_facts, import_dicom_into_board
from boardtool.intake.dicom_render import _window, render
from boardtool.intake.fhir import IntakeError
from boardtool.model.board import Case, Patient
from boardtool.samples import write_sample
from boardtool.store import load_board


def bundled(name: str) -> Path:
    return Path(get_testdata_file(name))


def saved_copy(tmp_path, name: str, change) -> Path:
    """Write a changed copy of a bundled test file."""
    ds = pydicom.dcmread(bundled(name))
    change(ds)
    path = tmp_path / name
    ds.save_as(path)
    return path


def test_ct_rescale_to_hounsfield_and_window():
    image = open_dicom(bundled("CT_small.dcm"))
    assert [p.name for p in image.presets] == ["brain", "soft tissue", "bone", "lung", AUTO.name]
    ds = image.dataset
    hu = ds.pixel_array.astype(float) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    picture = render(image, preset=image.preset("soft tissue")).pixels
    expected = (np.clip((hu - 39.5) / 399 + 0.5, 0, 1) * 255 + 0.5).astype(np.uint8)
    assert picture.shape == (128, 128) and picture.dtype == np.uint8
    assert np.array_equal(picture, expected)


def test_explicit_window_and_percentile_fallback(tmp_path):
    image = open_dicom(bundled("MR_small.dcm"))
    assert image.presets[0].name == "file window 1" and image.presets[0].center == 600
    assert render(image, window=(600, 1600)).pixels.tolist() == render(image).pixels.tolist()
    bare = open_dicom(saved_copy(tmp_path, "MR_small.dcm", lambda ds: (ds.pop("WindowCenter"), ds.pop("WindowWidth"))))
    assert bare.presets == [AUTO]
    picture = render(bare).pixels
    assert picture.min() == 0 and picture.max() == 255  # the 1st–99th percentile spans the grey range


def test_named_file_presets_and_unknown_name():
    image = open_dicom(bundled("examples_overlay.dcm"))
    assert [p.label for p in image.presets[:2]] == ["WINDOW1 (450/790)", "WINDOW2 (200/443)"]
    assert image.preset("window2").center == 200
    with pytest.raises(IntakeError, match="no window preset 'liver'"):
        image.preset("liver")


def test_voi_lut_sequence_is_offered_and_used(tmp_path):
    def add_lut(ds):
        item = Dataset()
        item.LUTDescriptor = [256, 0, 16]
        item.LUTExplanation = "STEEP"
        item.LUTData = np.array([min(65535, i * 1024) for i in range(256)], dtype="<u2").tobytes()
        ds.VOILUTSequence = Sequence([item])
    image = open_dicom(saved_copy(tmp_path, "CT_small.dcm", add_lut))
    assert image.presets[0].name == "STEEP" and image.presets[0].lut_index == 0
    assert render(image).window == "STEEP"


def test_multiframe_middle_frame_by_default_and_frame_choice():
    image = open_dicom(bundled("examples_ybr_color.dcm"))
    assert image.frames == 30 and image.middle_frame() == 14
    middle, first = render(image), render(image, frame=0)
    assert middle.frame == 14 and middle.pixels.shape == (240, 320, 3)
    assert not np.array_equal(middle.pixels, first.pixels)
    with pytest.raises(IntakeError, match="frame 31 does not exist"):
        render(image, frame=30)


def test_ybr_becomes_rgb():
    ybr = render(open_dicom(bundled("SC_rgb_dcmtk_+eb+cy+n1.dcm"))).pixels
    rgb = render(open_dicom(bundled("SC_rgb_dcmtk_+eb+cr.dcm"))).pixels
    assert ybr.shape == rgb.shape == (100, 100, 3)
    assert np.abs(ybr.astype(int) - rgb.astype(int)).mean() < 3  # same picture, stored two ways


def test_palette_becomes_rgb():
    picture = render(open_dicom(bundled("examples_palette.dcm"))).pixels
    assert picture.shape == (350, 800, 3) and picture.dtype == np.uint8


def test_16_bit_colour_is_scaled_to_8_bit():
    picture = render(open_dicom(bundled("SC_rgb_rle_16bit.dcm"))).pixels
    assert picture.dtype == np.uint8 and picture.max() == 255


def test_monochrome1_and_inverse_presentation_are_inverted(tmp_path):
    name = "MR_small.dcm"
    plain = render(open_dicom(bundled(name))).pixels.astype(int)
    mono1 = render(open_dicom(saved_copy(tmp_path, name, lambda ds: setattr(ds, "PhotometricInterpretation",
                                                                              "MONOCHROME1")))).pixels.astype(int)
    assert np.abs((255 - plain) - mono1).max() <= 1
    (tmp_path / name).unlink()
    inverse = render(open_dicom(saved_copy(tmp_path, name, lambda ds: setattr(ds, "PresentationLUTShape",
                                                                                "INVERSE")))).pixels.astype(int)
    assert np.abs((255 - plain) - inverse).max() <= 1


def test_cr_monochrome1_renders():
    path = next(Path(get_testdata_file("CT_small.dcm")).parent.glob("dicomdirtests/77654033/CR1/*"))
    image = open_dicom(path)
    assert image.photometric == "MONOCHROME1"
    assert render(image).pixels.dtype == np.uint8


def test_pixel_spacing_gives_square_pixels(tmp_path):
    image = open_dicom(saved_copy(tmp_path, "MR_small.dcm", lambda ds: setattr(ds, "PixelSpacing", [1.0, 0.5])))
    assert render(image).pixels.shape == (128, 64)  # rows twice as far apart as columns


def test_png_holds_pixels_only():
    rendering = render(open_dicom(bundled("CT_small.dcm")))
    data = rendering.png()
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "PNG" and not picture.info.get("dpi") and not getattr(picture, "text", {})
    assert np.array_equal(np.asarray(picture), rendering.pixels)
    assert b"DICM" not in data and b"CompressedSamples" not in data


def test_overlays_are_ignored(tmp_path):
    with_overlay = render(open_dicom(bundled("examples_overlay.dcm"))).pixels
    without = render(open_dicom(saved_copy(tmp_path, "examples_overlay.dcm",
                                           lambda ds: ds.pop(0x60003000)))).pixels
    assert np.array_equal(with_overlay, without)


@pytest.mark.parametrize(("name", "message"), [
    ("MR_truncated.dcm", "cannot be decoded"),
    ("rtdose.dcm", "not an image but an RT dose grid"),
    ("reportsi.dcm", "not an image but a structured report"),
    ("liver_1frame.dcm", "not an image but a segmentation"),
    ("rtplan.dcm", "not an image but an RT plan"),
    ("no_meta.dcm", "not a DICOM file"),
    ("SC_rgb_jpeg_gdcm.dcm", "unsupported compression (JPEG Lossless"),
])
def test_broken_and_non_image_files_are_refused(name, message):
    with pytest.raises(IntakeError, match=message.replace("(", r"\(")):
        render(open_dicom(bundled(name)))


def test_jpeg_ls_needs_the_optional_decoder():
    path = bundled("JPEGLSNearLossless_08.dcm")
    if importlib.util.find_spec("jpeg_ls") is None:
        with pytest.raises(IntakeError, match="unsupported compression"):
            open_dicom(path)
    else:
        assert render(open_dicom(path)).pixels.shape == (45, 10)


def test_jpeg_baseline_and_jpeg_2000_decode_with_pillow():
    for name in ("SC_rgb_jpeg.dcm", "J2K_pixelrep_mismatch.dcm"):
        image = open_dicom(bundled(name))
        assert image.plugin == "pillow"
        assert render(image).pixels.dtype == np.uint8


def test_burned_in_rules(tmp_path):
    assert open_dicom(bundled("CT_small.dcm")).warning == ""
    assert "US image" in open_dicom(bundled("examples_ybr_color.dcm")).warning
    assert "secondary capture" in open_dicom(bundled("SC_rgb_jpeg.dcm")).warning
    yes = open_dicom(saved_copy(tmp_path, "CT_small.dcm", lambda ds: setattr(ds, "BurnedInAnnotation", "YES")))
    assert yes.refused and "Burned In Annotation: YES" in yes.warning
    no = open_dicom(saved_copy(tmp_path, "examples_rgb_color.dcm", lambda ds: setattr(ds, "BurnedInAnnotation", "NO")))
    assert no.warning == ""


def test_caption_is_scrubbed_of_both_patients(tmp_path):
    def name_it(ds):
        ds.PatientName = "Fictive^Mila"
        ds.PatientID = "FX-204-118"
        ds.SeriesDescription = "Mila Fictive FX-204-118 axial T2"
    image = open_dicom(saved_copy(tmp_path, "MR_small.dcm", name_it))
    facts = header_facts(image, Case(patient=Patient(name="Other Person")))
    assert facts.caption == "MR — [patient] [patient] [MRN] axial T2"
    assert facts.date is not None


def test_command_adds_the_png_and_never_the_dicom(tmp_path, capsys):
    board_path = tmp_path / "b.tboard"
    write_sample(board_path)
    assert main(["import", "dicom", str(board_path), str(bundled("CT_small.dcm")), "--case", "2",
                 "--preset", "soft-tissue", "--label", "Axial CT"]) == 0
    assert "window soft tissue (40/400)" in capsys.readouterr().out
    board = load_board(board_path)
    added = board.cases[1].images[-1]
    data = board.image_data[added.file]
    assert data.startswith(b"\x89PNG") and added.label == "Axial CT" and added.caption.startswith("CT")
    assert not added.no_identifiers_confirmed
    dicom_bytes = bundled("CT_small.dcm").read_bytes()
    assert all(dicom_bytes[:1024] not in blob for blob in board.image_data.values())


def test_command_refusals_exit_2(tmp_path, capsys):
    board_path = tmp_path / "b.tboard"
    write_sample(board_path)
    before = board_path.read_bytes()
    cases = [
        ([str(bundled("examples_ybr_color.dcm")), "--case", "1"], "--confirm-no-identifiers"),
        ([str(bundled("rtdose.dcm")), "--case", "1"], "RT dose"),
        ([str(bundled("MR_truncated.dcm")), "--case", "1"], "cannot be decoded"),
        ([str(bundled("CT_small.dcm")), "--case", "1", "--window", "wide"], "centre/width"),
        ([str(bundled("CT_small.dcm")), "--case", "7"], "no case 7"),
    ]
    for args, message in cases:
        assert main(["import", "dicom", str(board_path), *args]) == 2
        assert message in capsys.readouterr().err
    assert board_path.read_bytes() == before


def test_confirmed_ultrasound_frame_is_added(tmp_path, board):
    lines = import_dicom_into_board(board, bundled("examples_ybr_color.dcm"), case="1", frame=3, confirmed=True)
    assert "added frame 3 of 30" in lines[0]
    assert board.cases[0].images[-1].no_identifiers_confirmed


def test_series_folder_picks_a_slice(board):
    folder = Path(get_testdata_file("CT_small.dcm")).parent / "dicomdirtests" / "77654033" / "CT2"
    lines = import_dicom_into_board(board, folder, case="1", frame=1, preset="bone")
    assert "window bone (400/1800)" in lines[0]
    with pytest.raises(IntakeError, match="slice 9 does not exist"):
        import_dicom_into_board(board, folder, case="1", frame=9)


def test_window_formula_edges():
    values = np.array([-1000.0, 0.0, 39.5, 40.0, 1000.0], dtype=np.float32)
    mapped = _window(values, 40, 80)
    assert mapped[0] == 0 and mapped[-1] == 1 and 0.49 < mapped[2] < 0.51


def test_icon_images_are_ignored(tmp_path):
    plain = render(open_dicom(bundled("MR_small.dcm"))).pixels

    def add_icon(ds):
        icon = Dataset()
        icon.Rows, icon.Columns, icon.SamplesPerPixel = 8, 8, 1
        icon.PhotometricInterpretation = "MONOCHROME2"
        icon.BitsAllocated, icon.BitsStored, icon.HighBit, icon.PixelRepresentation = 8, 8, 7, 0
        icon.PixelData = bytes(range(64))
        ds.IconImageSequence = Sequence([icon])
    with_icon = render(open_dicom(saved_copy(tmp_path, "MR_small.dcm", add_icon))).pixels
    assert np.array_equal(plain, with_icon)


def test_damaged_files_give_a_message_never_a_crash(tmp_path):
    import random

    original = bundled("CT_small.dcm").read_bytes()
    damaged = [original[:n] for n in (132, 200, 400, 800, 1500, 3000, len(original) - 10)]
    chance = random.Random(14)
    for _ in range(25):
        data = bytearray(original)
        for _flip in range(12):
            data[chance.randrange(132, len(data))] = chance.randrange(256)
        damaged.append(bytes(data))
    case = Case()
    for number, data in enumerate(damaged):
        path = tmp_path / f"damaged-{number}.dcm"
        path.write_bytes(data)
        try:
            image = open_dicom(path)
            header_facts(image, case)
            render(image).png()
        except IntakeError:
            pass
