"""Key images for the exports: decode once, orient, downscale to the placed size, fit boxes."""

from __future__ import annotations

import io
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

TARGET_PPI = 220
MAX_PIXELS = 90_000_000
JPEG_QUALITY = 85
LINE_ART_COLOURS = 64
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


@dataclass(frozen=True)
class Box:
    """A rectangle in any unit."""

    left: float
    top: float
    width: float
    height: float


def fit_inside(aspect: float, box: Box) -> Box:
    """Return the largest box of this aspect ratio centred inside ``box`` (never stretched)."""
    if box.width / box.height > aspect:
        width, height = box.height * aspect, box.height
    else:
        width, height = box.width, box.width / aspect
    return Box(box.left + (box.width - width) / 2, box.top + (box.height - height) / 2, width, height)


CACHE_SIZE = 1024
_cache: OrderedDict[tuple[str, int, int], Prepared] = OrderedDict()
_lock = threading.Lock()


def prepare(name: str, data: bytes, width_in: float, height_in: float) -> Prepared:
    """Return the image oriented and downscaled for a box of this size in inches, cached
    by content name and target size so a re-export does not redo the work.

    Each placed size is decoded straight from the source at the smallest JPEG scale that
    covers it; measured on 2400-pixel scans, that is faster than decoding one full-size
    master and deriving every size from it."""
    key = (name, max(1, round(width_in * TARGET_PPI)), max(1, round(height_in * TARGET_PPI)))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    prepared = _prepare(data, key[1], key[2])
    with _lock:
        _cache[key] = prepared
        while len(_cache) > CACHE_SIZE:  # a long session keeps only the recent pictures
            _cache.popitem(last=False)
    return prepared


def natural_aspect(data: bytes) -> float:
    """Return the width / height of the image as it will be shown, reading only its header."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                orientation = image.getexif().get(0x0112, 1)
    except Image.DecompressionBombError as exc:
        raise ImageRejected(f"too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels)") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageRejected("not an image format boardtool can read") from exc
    if not width or not height:
        raise ImageRejected("the image has no pixels")
    return height / width if orientation in (5, 6, 7, 8) else width / height


def _open(data: bytes, want: tuple[int, int] | None = None) -> Image.Image:
    """Decode image bytes; a JPEG is decoded straight at the smallest scale that still
    covers ``want`` (width, height as shown), which saves most of the work."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if want is not None and image.format == "JPEG":
                turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
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


def _prepare(data: bytes, max_w: int, max_h: int) -> Prepared:
    image = _normalise(_open(data, (max_w, max_h)))
    scale = min(max_w / image.width, max_h / image.height, 1.0)
    if scale < 1.0:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return _encode(image)


def _is_line_art(image: Image.Image) -> bool:
    """Flat drawings, diagrams and text screenshots have few distinct colours; scans and
    photographs (grey-scale MRI included) have many and compress far better as JPEG."""
    return "A" in image.mode or image.getcolors(maxcolors=LINE_ART_COLOURS) is not None


def _encode(image: Image.Image) -> Prepared:
    """Return the pixels alone, encoded: no comment, text chunk, EXIF, XMP or ICC profile."""
    image.info.clear()
    image.encoderinfo = {}
    out = io.BytesIO()
    if _is_line_art(image):
        image.save(out, "PNG", optimize=False, compress_level=6)
        fmt = "png"
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        fmt = "jpeg"
    return Prepared(out.getvalue(), fmt, image.width, image.height)
