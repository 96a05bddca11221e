"""Reading a DICOM file for a key image: checks that it is an image boardtool can decode with
permissively licensed decoders, its frames, window presets and burned-in annotation rules.

Only pixels ever leave the file: the header is read for how to draw the pixels and for a
caption and date, which the caller scrubs. Overlays and icon images are never read.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from boardtool.intake.fhir import IntakeError

NATIVE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
          "1.2.840.10008.1.2.5"}  # implicit/explicit VR, big endian, deflated, RLE: pydicom decodes these itself
PILLOW = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"}
OPTIONAL = {"1.2.840.10008.1.2.4.80": "pyjpegls", "1.2.840.10008.1.2.4.81": "pyjpegls"}  # JPEG-LS (BSD CharLS)
NOT_IMAGES = {"SR": "a structured report", "RTDOSE": "an RT dose grid", "RTSTRUCT": "an RT structure set",
              "RTPLAN": "an RT plan", "SEG": "a segmentation", "KO": "a key object selection",
              "PR": "a presentation state", "ECG": "a waveform", "REG": "a registration", "DOC": "a document",
              "RWV": "real-world value mapping", "PLAN": "a plan"}
NEEDS_LOOK = {"US", "SC", "OT", "XA", "ES", "XC", "GM", "SM", "DOC"}
CT_PRESETS = (("brain", 40.0, 80.0), ("soft tissue", 40.0, 400.0), ("bone", 400.0, 1800.0), ("lung", -600.0, 1500.0))
MAX_DICOM_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Preset:
    """A way to window a grey-scale image: a centre and width, or one of the file's VOI LUTs."""

    name: str
    center: float | None = None
    width: float | None = None
    lut_index: int | None = None
    from_file: bool = False

    @property
    def label(self) -> str:
        """Return 'brain (40/80)' for a menu."""
        if self.center is None:
            return self.name
        return f"{self.name} ({self.center:g}/{self.width:g})"


AUTO = Preset("auto (1st–99th percentile)")


@dataclass
class DicomImage:
    """A readable DICOM image: its dataset, frames, presets and what must be confirmed before use."""

    path: Path
    dataset: object = field(repr=False)
    frames: int
    modality: str
    photometric: str
    plugin: str
    presets: list[Preset]
    burned_in: str  # 'YES', 'NO' or '' when the file does not say
    warning: str = ""  # why the user must look at the picture before adding it (empty: no need)

    @property
    def grey(self) -> bool:
        """Return True for a monochrome image (windowing applies)."""
        return self.photometric.startswith("MONOCHROME")

    @property
    def refused(self) -> bool:
        """Return True when the file says identifiers are burned into the pixels."""
        return self.burned_in == "YES"

    def middle_frame(self) -> int:
        """Return the index (from 0) of the middle frame."""
        return (self.frames - 1) // 2

    def preset(self, name: str | None) -> Preset:
        """Return the preset with this name (file presets first); the first one when no name is given."""
        if not name:
            return self.presets[0]
        wanted = name.strip().casefold().replace("-", " ").replace("_", " ")
        for preset in self.presets + [Preset(n, c, w) for n, c, w in CT_PRESETS]:
            if preset.name.casefold() == wanted or preset.name.casefold().startswith(wanted):
                return preset
        names = ", ".join(p.name for p in self.presets)
        raise IntakeError(f"no window preset '{name}' (this image offers: {names})", file=str(self.path),
                          field="--preset")


def open_dicom(path: Path | str) -> DicomImage:
    """Read a DICOM file's header and check it can become a key image (raises IntakeError)."""
    import pydicom
    from pydicom.errors import InvalidDicomError

    path = Path(path)
    _check_file(path)
    try:
        with warnings.catch_warnings():  # quirks pydicom works around (wrong VR, odd values) are not the user's concern
            warnings.simplefilter("ignore", UserWarning)
            ds = pydicom.dcmread(path)
    except InvalidDicomError as exc:
        raise IntakeError("not a DICOM file", file=str(path)) from exc
    except Exception as exc:  # a damaged file can fail the reader in many ways; all mean the same here
        raise IntakeError(f"a damaged DICOM file ({type(exc).__name__}: {exc})", file=str(path)) from exc
    try:
        return _checked(path, ds)
    except IntakeError:
        raise
    except Exception as exc:  # a header element that cannot be read as its type
        raise IntakeError(f"a damaged DICOM header ({type(exc).__name__}: {exc})", file=str(path)) from exc


def _checked(path: Path, ds) -> DicomImage:
    modality = str(ds.get("Modality", "") or "").upper()
    if modality in NOT_IMAGES:
        raise IntakeError(f"not an image but {NOT_IMAGES[modality]} ({modality}); boardtool adds pictures only",
                          file=str(path))
    if "PixelData" not in ds or not ds.get("Rows") or not ds.get("Columns"):
        raise IntakeError("holds no picture (no pixel data)", file=str(path))
    photometric = str(ds.get("PhotometricInterpretation", "") or "").upper()
    frames = _frames(ds, path)
    image = DicomImage(path, ds, frames, modality, photometric, _plugin(ds, path), [], _burned_in(ds))
    image.presets = presets_for(image)
    image.warning = _warning(image)
    return image


def _check_file(path: Path) -> None:
    if not path.exists():
        raise IntakeError("no such file", file=str(path))
    if path.is_dir():
        raise IntakeError("is a folder; choose one file of the series", file=str(path))
    if path.stat().st_size > MAX_DICOM_BYTES:
        raise IntakeError("larger than boardtool reads (512 MB)", file=str(path))


def _frames(ds, path: Path) -> int:
    try:
        frames = int(ds.get("NumberOfFrames", 1) or 1)
    except (TypeError, ValueError) as exc:
        raise IntakeError(f"an unreadable number of frames ({ds.get('NumberOfFrames')!r})", file=str(path)) from exc
    if frames < 1:
        raise IntakeError("declares no frames", file=str(path))
    return frames


def _plugin(ds, path: Path) -> str:
    """Return the decoder to use: pydicom's own, Pillow, or an installed permissive extra."""
    syntax = str(getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", "") or "1.2.840.10008.1.2")
    if syntax in NATIVE:
        return "pydicom"
    if syntax in PILLOW:
        return "pillow"
    extra = OPTIONAL.get(syntax)
    if extra and _installed(extra):
        return extra
    from pydicom.uid import UID

    name = UID(syntax).name if syntax else "unknown"
    raise IntakeError(f"unsupported compression ({name}); boardtool decodes uncompressed, RLE, JPEG baseline "
                      "and extended, and JPEG 2000 images (JPEG-LS with the optional 'dicom-jpegls' extra)",
                      file=str(path))


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module.replace("pyjpegls", "jpeg_ls")) is not None


def _burned_in(ds) -> str:
    value = str(ds.get("BurnedInAnnotation", "") or "").strip().upper()
    return value if value in ("YES", "NO") else ""


def _warning(image: DicomImage) -> str:
    ds = image.dataset
    if image.refused:
        return ("The file says identifiers are burned into the picture (Burned In Annotation: YES). Add it only "
                "after looking at it and making sure it shows no name, number or date of the patient.")
    image_type = [str(v).upper() for v in (ds.get("ImageType") or [])]
    secondary = "SECONDARY" in image_type or str(ds.get("SOPClassUID", "")).startswith("1.2.840.10008.5.1.4.1.1.7")
    if not image.burned_in and (image.modality in NEEDS_LOOK or secondary):
        kind = "a secondary capture" if secondary else f"a {image.modality} image"
        return (f"This is {kind} and the file does not say whether identifiers are burned into it. Look at the "
                "picture and make sure it shows no name, number or date of the patient.")
    return ""


def presets_for(image: DicomImage) -> list[Preset]:
    """Return the window presets: the file's own, else the CT ones; the percentile fallback last."""
    if not image.grey:
        return [Preset("as stored")]
    ds = image.dataset
    found: list[Preset] = []
    for index, item in enumerate(ds.get("VOILUTSequence") or []):
        found.append(Preset(str(item.get("LUTExplanation", "") or f"file LUT {index + 1}"), lut_index=index,
                            from_file=True))
    centers, widths = _values(ds.get("WindowCenter")), _values(ds.get("WindowWidth"))
    names = [str(n) for n in _values(ds.get("WindowCenterWidthExplanation"), as_text=True)]
    for index, (center, width) in enumerate(zip(centers, widths, strict=False)):
        if width and width >= 1:
            name = names[index] if index < len(names) and names[index] else f"file window {index + 1}"
            found.append(Preset(name, float(center), float(width), from_file=True))
    if not found and image.modality == "CT":
        found = [Preset(n, c, w) for n, c, w in CT_PRESETS]
    return [*found, AUTO]


def _values(element, as_text: bool = False) -> list:
    if element is None:
        return []
    items = list(element) if isinstance(element, list | tuple) or type(element).__name__ == "MultiValue" else [element]
    if as_text:
        return items
    numbers = []
    for item in items:
        try:
            numbers.append(float(item))
        except (TypeError, ValueError):
            numbers.append(None)
    return numbers


def series_files(folder: Path) -> list[Path]:
    """Return the DICOM files of a folder in slice order (instance number, then name)."""
    import pydicom

    found = []
    for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                ds = pydicom.dcmread(path, stop_before_pixels=True)
        except Exception:  # anything unreadable is simply not part of the series
            continue
        if "Rows" in ds:
            found.append((int(ds.get("InstanceNumber", 0) or 0), path.name, path))
    if not found:
        raise IntakeError("holds no DICOM image", file=str(folder))
    return [path for *_, path in sorted(found)]
