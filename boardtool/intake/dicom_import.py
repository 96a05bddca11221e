"""Adding a DICOM image to a case: the rendered pixels as PNG, a scrubbed caption and date
from the header, and the burned-in annotation rules. The DICOM file itself is never stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from boardtool.intake.dicom import DicomImage, Preset, open_dicom, series_files
from boardtool.intake.dicom_render import Rendering, render
from boardtool.intake.fhir import IntakeError
from boardtool.model.board import Board, Case, KeyImage, Patient
from boardtool.privacy import Scrubber


@dataclass(frozen=True)
class HeaderFacts:
    """What the header offers for the slide: a caption and the image's date, both scrubbed."""

    caption: str
    date: dt.date | None


def parse_window(text: str) -> tuple[float, float]:
    """Return (centre, width) from 'C/W' such as '40/80' (raises IntakeError)."""
    try:
        center, width = (float(part) for part in text.replace(",", "/").split("/"))
    except ValueError as exc:
        raise IntakeError(f"'{text}' is not a window: write centre/width, e.g. 40/80", field="--window") from exc
    if width < 1:
        raise IntakeError("the window width must be at least 1", field="--window")
    return center, width


def header_facts(image: DicomImage, case: Case) -> HeaderFacts:
    """Return a caption (modality and series) and date from the header, scrubbed of identifiers."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return _header_facts(image, case)
    except Exception:  # a damaged text element: no caption rather than no image
        return HeaderFacts(image.modality, None)


def _header_facts(image: DicomImage, case: Case) -> HeaderFacts:
    ds = image.dataset
    words = [str(ds.get(key, "") or "").strip() for key in ("SeriesDescription", "StudyDescription", "BodyPartExamined")]
    description = next((w for w in words if w), "")
    caption = " — ".join(p for p in (image.modality, description) if p)
    for scrub in (Scrubber.for_patient(case.patient), Scrubber.for_patient(_header_patient(ds))):
        caption = scrub(caption)
    day = next((d for d in (_date(ds.get(k)) for k in ("SeriesDate", "AcquisitionDate", "ContentDate", "StudyDate")) if d),
               None)
    return HeaderFacts(caption, day)


def _header_patient(ds) -> Patient:
    name = str(ds.get("PatientName", "") or "").replace("^", " ")
    return Patient(name=name, mrn=str(ds.get("PatientID", "") or ""), birth_date=_date(ds.get("PatientBirthDate")))


def _date(value) -> dt.date | None:
    text = str(value or "").strip()
    try:
        return dt.datetime.strptime(text[:8], "%Y%m%d").date() if len(text) >= 8 else None
    except ValueError:
        return None


def check_confirmation(image: DicomImage, confirmed: bool) -> None:
    """Refuse an image that must be looked at first, unless the user has confirmed it shows no identifiers."""
    if image.warning and not confirmed:
        how = ("Open it with File › Add DICOM image… to look at it, or, having looked at it, repeat with "
               "--confirm-no-identifiers.")
        raise IntakeError(f"refused: {image.warning} {how}", file=str(image.path))


def key_image(board: Board, case: Case, image: DicomImage, rendering: Rendering, label: str,
              confirmed: bool) -> KeyImage:
    """Store the rendered PNG in the board and return the key image record for the case."""
    facts = header_facts(image, case)
    name = board.add_image(rendering.png(), "png")
    scrub = Scrubber.for_patient(_header_patient(image.dataset))
    return KeyImage(file=name, caption=facts.caption, label=scrub(label), date=facts.date,
                    no_identifiers_confirmed=confirmed)


def choose(image: DicomImage, window: str | None, preset: str | None) -> tuple[Preset | None, tuple[float, float] | None]:
    """Return the preset or explicit window the command asked for."""
    if window:
        return None, parse_window(window)
    return (image.preset(preset) if preset else None), None


def import_dicom_into_board(board: Board, path: Path, *, case: str, frame: int | None = None, window: str | None = None,
                            preset: str | None = None, label: str = "", confirmed: bool = False) -> list[str]:
    """Add one frame (or one slice of a series folder) of a DICOM image to a case; return report lines."""
    from boardtool.intake.board_import import find_case

    index = find_case(board, case)
    path = Path(path)
    if path.is_dir():
        files = series_files(path)
        slice_no = (frame or (len(files) + 1) // 2)
        if not 1 <= slice_no <= len(files):
            raise IntakeError(f"slice {slice_no} does not exist (the series has {len(files)})", file=str(path),
                              field="--frame")
        path, frame = files[slice_no - 1], None
    image = open_dicom(path)
    chosen, explicit = choose(image, window, preset)
    rendering = render(image, None if frame is None else frame - 1, chosen, explicit)
    check_confirmation(image, confirmed)
    target = board.cases[index]
    record = key_image(board, target, image, rendering, label, confirmed)
    target.images = [*target.images, record]
    height, width = rendering.pixels.shape[:2]
    return [f"Case {index + 1}: added frame {rendering.frame + 1} of {image.frames} from {path.name} "
            f"({width}×{height} PNG, window {rendering.window})",
            f"  caption: {record.caption or '(none)'}; date: {record.date or '(none)'}",
            *(["  marked free of burned-in identifiers, as you confirmed"] if confirmed else [])]


def import_dicom_file(board_path: Path, path: Path, **choices) -> list[str]:
    """Add a DICOM frame to a case of the board file at ``board_path`` and save it; return the report lines
    (``choices``: those of :func:`import_dicom_into_board`)."""
    from boardtool.intake.board_import import change_board_file

    return change_board_file(board_path, lambda board: import_dicom_into_board(board, path, **choices))
