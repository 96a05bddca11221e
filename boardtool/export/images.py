"""Key images for the exports: read the shape from the header, decode once, orient,
downscale to each placed size, and encode the pixels alone."""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from boardtool.model.errors import BoardError
from boardtool.model.images import HeldImage, ImageSource

TARGET_PPI = 220
MAX_PIXELS = 90_000_000
JPEG_QUALITY = 85
LINE_ART_COLOURS = 64
TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageRejected(Exception):
    """An image that cannot be placed; the message says why, for the export report."""


@dataclass(frozen=True)
class Prepared:
    """Image bytes ready to embed, with their pixel size and format."""

    data: bytes
    format: str  # "png" or "jpeg"
    width: int
    height: int

    @property
    def aspect(self) -> float:
        """Return width / height."""
        return self.width / self.height


def left_out(picture, reason: object) -> str:
    """Return the export report's line for a key image that could not be placed."""
    return f"{picture.label or picture.caption or picture.name}: {reason}"


def pixels(width_in: float, height_in: float) -> tuple[int, int]:
    """Return the pixel box for a placed size in inches."""
    return max(1, round(width_in * TARGET_PPI)), max(1, round(height_in * TARGET_PPI))


def as_source(image: ImageSource | bytes) -> ImageSource:
    """Return image bytes as a source; a source as it is."""
    return HeldImage(image) if isinstance(image, (bytes, bytearray)) else image


def natural_aspect(image: ImageSource | bytes) -> float:
    """Return the width / height of the image as it will be shown, reading only its header
    (and, for a PNG, the chunk names after its pixels, where its EXIF may stand)."""
    try:
        with as_source(image).open() as stream, warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as picture:
                width, height = picture.size
                orientation = _orientation(picture, stream)
    except Image.DecompressionBombError as exc:
        raise ImageRejected(f"too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels)") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error) as exc:
        raise ImageRejected("not an image format boardtool can read") from exc
    except BoardError as exc:
        raise ImageRejected(exc.detail) from exc
    if not width or not height:
        raise ImageRejected("the image has no pixels")
    return height / width if orientation in TURNED else width / height


def _orientation(picture: Image.Image, stream: BinaryIO) -> int:
    if picture.format != "PNG" or "exif" in picture.info:
        return picture.getexif().get(0x0112, 1)
    late = _png_late_exif(stream)  # Pillow would decode every pixel to look for it
    if late is None:
        return 1
    exif = Image.Exif()
    exif.load(late)
    return exif.get(0x0112, 1)


def _png_late_exif(stream: BinaryIO) -> bytes | None:
    """Return the eXIf chunk that follows a PNG's pixel data, skipping over the pixels."""
    stream.seek(8)
    while header := stream.read(8):
        if len(header) < 8:
            return None
        length, kind = struct.unpack(">I4s", header)
        if kind == b"eXIf":
            return stream.read(length)
        if kind == b"IEND":
            return None
        stream.seek(length + 4, io.SEEK_CUR)  # the chunk's data and its CRC
    return None


def prepare_sizes(image: ImageSource | bytes, boxes: list[tuple[int, int]]) -> dict[tuple[int, int], Prepared]:
    """Return the picture prepared for each pixel box: decoded once, at the smallest JPEG
    scale that covers the largest box; each smaller one is derived from the largest."""
    boxes = sorted(set(boxes), key=lambda box: box[0] * box[1], reverse=True)
    try:
        data = as_source(image).read()
    except BoardError as exc:
        raise ImageRejected(exc.detail) from exc
    decoded = _normalise(_open(data, boxes[0]))
    del data
    out: dict[tuple[int, int], Prepared] = {}
    largest = None
    for box in boxes:
        scale = min(box[0] / decoded.width, box[1] / decoded.height, 1.0)
        size = (max(1, round(decoded.width * scale)), max(1, round(decoded.height * scale)))
        if largest is None:
            largest = decoded.resize(size, Image.Resampling.LANCZOS) if scale < 1.0 else decoded
            resized = largest
        else:
            resized = largest.resize(size, Image.Resampling.LANCZOS) if size != largest.size else largest
        out[box] = _encode(resized)
    return out


def _open(data: bytes, want: tuple[int, int] | None = None) -> Image.Image:
    """Decode image bytes; a JPEG is decoded straight at the smallest scale that still
    covers ``want`` (width, height as shown), which saves most of the work."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if want is not None and image.format == "JPEG":
                turned = image.getexif().get(0x0112, 1) in TURNED
                image.draft(image.mode, (want[1], want[0]) if turned else want)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(f"too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels)") from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected("not an image format boardtool can read") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageRejected(f"damaged or truncated image ({exc})") from exc
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Return colour pixels converted from their embedded ICC profile to sRGB, so that the
    profile need not travel with them."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (OSError, ValueError, TypeError, ImageCms.PyCMSError):
        return image  # a profile that cannot be read: the pixels are kept as they are


def _normalise(image: Image.Image) -> Image.Image:
    image = _to_srgb(ImageOps.exif_transpose(image))
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode == "CMYK" or image.mode not in ("L", "LA", "RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    return image


def _is_line_art(image: Image.Image) -> bool:
    """Flat drawings, diagrams and text screenshots have few distinct colours; scans and
    photographs (grey-scale MRI included) have many and compress far better as JPEG."""
    return "A" in image.mode or image.getcolors(maxcolors=LINE_ART_COLOURS) is not None


def _encode(image: Image.Image) -> Prepared:
    """Return the pixels alone, encoded: no comment, text chunk, EXIF, XMP or ICC profile."""
    info, image.info = image.info, {}  # Pillow would copy comments and profiles from it
    image.encoderinfo = {}
    out = io.BytesIO()
    try:
        if _is_line_art(image):
            image.save(out, "PNG", optimize=False, compress_level=6)
            fmt = "png"
        else:
            image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
            fmt = "jpeg"
    finally:
        image.info = info  # the same decoded picture may still serve a smaller size
    return Prepared(out.getvalue(), fmt, image.width, image.height)
