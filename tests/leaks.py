"""Everything an export carries, as searchable text: every deck part (XML, media bytes and
their metadata, properties) and every PDF object (strings, decompressed streams, metadata,
outlines, page text)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from boardtool.privacy.fold import fold


@dataclass
class Carried:
    """What a file carries: text (searched with and without accents) and raw bytes (as Latin-1)."""

    text: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)

    def __contains__(self, word: str) -> bool:
        return any(word in part for part in self.text)


def image_metadata(data: bytes) -> str:
    """Return the text an image file carries beside its pixels (comments, text chunks, EXIF, XMP)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return "\n".join([repr(image.info), repr(getattr(image, "text", {})), repr(dict(image.getexif()))])
    except Exception:  # not an image Pillow reads: its bytes are searched anyway
        return ""


def deck_everything(data: bytes) -> Carried:
    """Return every part of a deck, media included."""
    out = Carried()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            blob = archive.read(name)
            out.text.append(name)
            if name.endswith((".xml", ".rels")):
                out.text.append(blob.decode("utf-8", "replace"))
            else:
                out.raw.append(blob.decode("latin-1"))
                out.text.append(image_metadata(blob))
    return out


def _walk_pdf(value, seen: set, out: Carried) -> None:
    if isinstance(value, IndirectObject):
        key = (value.idnum, value.generation)
        if key in seen:
            return
        seen.add(key)
        value = value.get_object()
    if isinstance(value, StreamObject):
        try:
            out.raw.append(value.get_data().decode("latin-1"))
        except Exception:  # a filter pypdf does not decode (DCT): the bytes as stored
            out.raw.append(value._data.decode("latin-1"))
    if isinstance(value, DictionaryObject):
        for key, item in value.items():
            out.text.append(str(key))
            _walk_pdf(item, seen, out)
    elif isinstance(value, ArrayObject):
        for item in value:
            _walk_pdf(item, seen, out)
    elif isinstance(value, str):
        out.text.append(str(value))


def pdf_everything(data: bytes) -> Carried:
    """Return every string, stream and metadata value of a PDF, and its page text and outline."""
    reader = PdfReader(io.BytesIO(data))
    out = Carried([repr(reader.metadata), repr(reader.xmp_metadata)])
    seen: set = set()
    _walk_pdf(reader.trailer, seen, out)
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            _walk_pdf(reader.get_object(number), seen, out)
        except Exception:  # a free entry in the cross-reference table
            continue
    out.text += [page.extract_text() or "" for page in reader.pages]
    out.text.append(_outline_titles(reader.outline))
    return out


def _outline_titles(items) -> str:
    return "\n".join(_outline_titles(item) if isinstance(item, list) else item.title for item in items)


def _whole_word(haystack: str, needle: str) -> bool:
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = haystack[start - 1] if start else " "
        after = haystack[end] if end < len(haystack) else " "
        if not (before.isalnum() or after.isalnum()):
            return True
        start = haystack.find(needle, start + 1)
    return False


def found(needles: list[str], carried: Carried) -> list[str]:
    """Return the needles that occur as whole words: in text ignoring case and accents, in raw
    bytes ignoring case."""
    folded, raw = fold("\n".join(carried.text)), "\n".join(carried.raw).lower()
    return [n for n in needles if _whole_word(folded, fold(n)) or _whole_word(raw, n.lower())]
