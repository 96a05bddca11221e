"""DICOM pixels → an 8-bit picture: frame, colour to RGB, modality LUT, VOI LUT or window,
inversion for MONOCHROME1 / INVERSE, square pixels from the pixel spacing, PNG bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass

from boardtool.intake.dicom import DicomImage, Preset
from boardtool.intake.fhir import IntakeError

PERCENTILES = (1.0, 99.0)
MAX_SIDE = 4096  # a key image needs no more; larger ones are scaled down


@dataclass(frozen=True)
class Rendering:
    """The 8-bit picture (numpy array, H×W grey or H×W×3 RGB) and how it was drawn."""

    pixels: object
    frame: int
    window: str

    def png(self) -> bytes:
        """Return the picture as PNG bytes made from pixels only (no text chunks, no metadata)."""
        from PIL import Image

        buffer = io.BytesIO()
        Image.fromarray(self.pixels).save(buffer, "PNG", optimize=False)
        return buffer.getvalue()


def render(image: DicomImage, frame: int | None = None, preset: Preset | None = None,
           window: tuple[float, float] | None = None) -> Rendering:
    """Return one frame as 8-bit pixels (raises IntakeError for a frame out of range or damaged data)."""
    import numpy as np

    index = image.middle_frame() if frame is None else frame
    if not 0 <= index < image.frames:
        raise IntakeError(f"frame {index + 1} does not exist (the image has {image.frames})", file=str(image.path),
                          field="--frame")
    raw = _decode(image, index)
    try:
        if image.photometric == "PALETTE COLOR":
            pixels, used = _palette(image, raw), "palette"
        elif raw.ndim == 3:
            pixels, used = _to_8bit(raw, image), "as stored"
        else:
            chosen = preset or (Preset("window", *window) if window else image.presets[0])
            pixels, used = _grey(image, raw, index, chosen), chosen.label
        pixels = _square_pixels(np.ascontiguousarray(pixels), image)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, ZeroDivisionError) as exc:
        raise IntakeError(f"the picture cannot be drawn: its lookup tables or spacing are damaged ({exc})",
                          file=str(image.path)) from exc
    return Rendering(pixels, index, used)


def _decode(image: DicomImage, index: int):
    import warnings

    from pydicom.pixels import pixel_array

    try:
        with warnings.catch_warnings():  # quirks pydicom works around are not the user's concern
            warnings.simplefilter("ignore", UserWarning)
            array = pixel_array(image.dataset, index=index if image.frames > 1 else None, decoding_plugin=image.plugin)
    except Exception as exc:  # decoders raise many kinds; all mean the same to the user
        raise IntakeError(f"the pixel data cannot be decoded: damaged, truncated or not what the header says ({exc})",
                          file=str(image.path)) from exc
    if array.ndim == 4 or (array.ndim == 3 and array.shape[-1] not in (3, 4)):
        array = array[0]
    return array


def _palette(image: DicomImage, raw):
    from pydicom.pixels import apply_color_lut

    return _to_8bit(apply_color_lut(raw, image.dataset), image, bits=None)


def _to_8bit(array, image: DicomImage, bits: int | None = 0):
    """Scale stored colour values to 0–255 (by bits stored, or by the array's type)."""
    import numpy as np

    if array.dtype == np.uint8:
        return array[..., :3] if array.ndim == 3 else array
    stored = int(image.dataset.get("BitsStored", 8) or 8) if bits == 0 else None
    top = float(2 ** stored - 1) if stored else float(np.iinfo(array.dtype).max if array.dtype.kind in "ui" else array.max() or 1)
    scaled = np.clip(array.astype(np.float32) * (255.0 / top), 0, 255)
    return scaled.astype(np.uint8)[..., :3] if array.ndim == 3 else scaled.astype(np.uint8)


def _grey(image: DicomImage, raw, index: int, preset: Preset):
    import numpy as np
    from pydicom.pixels import apply_modality_lut, apply_voi

    ds = image.dataset
    values = apply_modality_lut(raw, ds).astype(np.float32)
    if preset.lut_index is not None:
        mapped = apply_voi(np.rint(values).astype(np.int32), ds, index=preset.lut_index).astype(np.float32)
        low, high = float(mapped.min()), float(mapped.max())
        scaled = (mapped - low) / (high - low) if high > low else np.zeros_like(mapped)
    elif preset.center is not None and preset.width is not None:
        scaled = _window(values, preset.center, preset.width)
    else:
        low, high = np.percentile(values, PERCENTILES)
        scaled = _window(values, (low + high) / 2, max(high - low, 1.0))
    if image.photometric == "MONOCHROME1" or str(ds.get("PresentationLUTShape", "")).upper() == "INVERSE":
        scaled = 1.0 - scaled
    return (np.clip(scaled, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def _window(values, center: float, width: float):
    """Return values mapped to 0–1 by the DICOM linear window (PS3.3 C.11.2.1.2.1)."""
    import numpy as np

    width = max(float(width), 1.0)
    if width == 1.0:
        return (values >= center - 0.5).astype(np.float32)
    return np.clip((values - (center - 0.5)) / (width - 1.0) + 0.5, 0.0, 1.0)


def _square_pixels(pixels, image: DicomImage):
    """Return the picture stretched so that one pixel is as tall as it is wide; no side over MAX_SIDE."""
    import numpy as np
    from PIL import Image

    ds = image.dataset
    spacing = ds.get("PixelSpacing") or ds.get("ImagerPixelSpacing") or [1, 1]
    try:
        row, column = float(spacing[0]), float(spacing[1])
    except (TypeError, ValueError, IndexError):
        row = column = 1.0
    height, width = pixels.shape[:2]
    if row > 0 and column > 0 and abs(row / column - 1.0) > 0.01:
        height = max(1, round(height * row / column))
    scale = min(1.0, MAX_SIDE / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if size == (pixels.shape[1], pixels.shape[0]):
        return pixels
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.LANCZOS))
